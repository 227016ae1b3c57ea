#!/usr/bin/env node
// `pnpm start`: builds the workspace only when it has never been built or a source changed since
// the last build (see build-state.cjs), then starts the Hub in this process.
const path = require('node:path');
const { check, runBuild } = require('./build-state.cjs');

const root = path.join(__dirname, '..');
const state = check(root);
if (state.build) {
  process.stderr.write(`start: building the workspace (${state.reason})…\n`);
  const code = runBuild(root);
  if (code !== 0) {
    process.stderr.write(`start: the build failed (exit ${code}); not starting.\n`);
    process.exit(code);
  }
} else {
  process.stderr.write(`start: ${state.reason}; starting the Hub (pnpm build rebuilds it).\n`);
}
require(path.join(root, 'apps', 'hub', 'dist', 'main.js'));
