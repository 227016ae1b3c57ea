#!/usr/bin/env node
// `pnpm hub …`: the admin CLI. Builds the workspace first when it has never been built, so the
// command works straight after `pnpm install` on a fresh clone.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'apps', 'hub', 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('hub: first run, building the workspace…\n');
  execSync('pnpm build', { cwd: path.join(__dirname, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
}
require(cli).main(process.argv.slice(2));
