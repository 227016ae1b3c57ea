#!/usr/bin/env node
// `pnpm build`: every package's build, then a record of the sources it was built from, which
// `pnpm start` reads to start without building again.
const path = require('node:path');
const { runBuild } = require('./build-state.cjs');

process.exitCode = runBuild(path.join(__dirname, '..'));
