/**
 * How long `findBy*` and `waitFor` wait: 3 s instead of Testing Library's 1 s. Many of these tests run a real login
 * against the dev server, and on a loaded 2-core machine a sign-in took longer than 1 s, failing a different test
 * each run. Still under Vitest's 5 s test timeout, so a wait that fails names what it waited for.
 */
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 3_000 });
