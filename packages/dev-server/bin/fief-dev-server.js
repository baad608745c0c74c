#!/usr/bin/env node
// The command's entry, committed (not built) so that installing the workspace can link it before `pnpm build`
// has made dist/: pnpm warned "Failed to create bin" for every package that depends on the dev server.
await import('../dist/cli.js');
