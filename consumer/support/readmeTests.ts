import { readFile } from 'node:fs/promises';
import { extractSnippets } from '../../scripts/readme-snippets/extractSnippets';

const readmeURL = new URL('../../packages/react/README.md', import.meta.url);
const SECTION = '### Testing your app';

/**
 * The files an app writes when it follows the React README's "Testing your app": its Vitest config and its test
 * blocks, taken from the README as it stands, so that the consumer test runs what users copy. Throws when the
 * section no longer holds a config and at least two tests, rather than test less without a word.
 */
export async function readmeTestFiles(): Promise<Record<string, string>> {
  const markdown = await readFile(readmeURL, 'utf8');
  const lines = markdown.split('\n');
  const start = lines.indexOf(SECTION);
  if (start < 0) throw new Error(`packages/react/README.md has no "${SECTION}" heading`);
  const next = lines.findIndex((line, index) => index > start && /^#{1,3} /.test(line));
  const end = next < 0 ? lines.length : next;
  const inSection = extractSnippets('README.md', markdown).modules.filter((module) => {
    const line = module.blocks[0]?.readmeLine ?? 0;
    return line > start && line <= end;
  });

  const files: Record<string, string> = {};
  const configs = inSection.filter((module) => module.code.includes("from 'vitest/config'"));
  const tests = inSection.filter(
    (module) => module.extension === 'tsx' && module.code.includes("from 'vitest'"),
  );
  if (configs.length !== 1 || tests.length < 2) {
    throw new Error(
      `expected "${SECTION}" to hold one Vitest config and at least two tests, found ${configs.length} and ${tests.length}`,
    );
  }
  files['vitest.config.ts'] = configs[0]!.code;
  for (const [index, test] of tests.entries()) files[`src/readme${index + 1}.test.tsx`] = test.code;
  return files;
}
