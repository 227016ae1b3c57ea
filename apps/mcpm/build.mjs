// Bundles mcpm into dependency-free files, so `npm i -g` needs no network. ESM with code
// splitting: `mcpm --version` loads a small entry chunk; each command's code (and libraries such
// as the MCP SDK, zod or yaml) loads only when that command runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { mcpm: 'src/bin.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // ESM builds first: jsonc-parser's UMD build require()s its modules by computed paths.
  mainFields: ['module', 'main'],
  // Bundled CommonJS libraries call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __mcpmRequire } from 'node:module'; const require = __mcpmRequire(import.meta.url);",
  },
  define: { MCPM_VERSION: JSON.stringify(pkg.version) },
  // Workspace libs are bundled from source, so the build does not depend on their build order.
  alias: {
    '@mcp-hub/domain/node': fileURLToPath(new URL('../../libs/domain/src/node.ts', import.meta.url)),
    '@mcp-hub/domain': fileURLToPath(new URL('../../libs/domain/src/index.ts', import.meta.url)),
  },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
});
// The bin: a CommonJS-free launcher that npm can link on every platform.
writeFileSync(new URL('./dist/mcpm.js', import.meta.url), "#!/usr/bin/env node\nimport('./mcpm.mjs');\n", {
  mode: 0o755,
});

// The package as `npm pack` makes it, at pack/mcpm.tgz: the web site serves it, so
// `npm install -g <site>/downloads/mcpm.tgz` installs mcpm with no registry and no network.
const packDir = fileURLToPath(new URL('./pack', import.meta.url));
rmSync(packDir, { recursive: true, force: true });
mkdirSync(packDir);
const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }),
);
renameSync(`${packDir}/${packed.filename}`, `${packDir}/mcpm.tgz`);
