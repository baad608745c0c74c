import { defaultClientConditions } from 'vite';
import type { TestProjectConfiguration } from 'vitest/config';

/**
 * One test project per package. The root `vitest.config.ts` imports this list, so it is what `pnpm test` runs.
 * `source` first in the resolve conditions: workspace packages are tested from `src/`, no build needed.
 */
const conditions = ['source', ...defaultClientConditions];

const projects: TestProjectConfiguration[] = [
  {
    resolve: { conditions },
    test: {
      name: 'dev-server',
      root: 'packages/dev-server',
      environment: 'node',
      include: ['src/**/__tests__/**/*.test.ts'],
    },
  },
];

export default projects;
