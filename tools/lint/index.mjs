// The lint toolchain, re-exported for the root eslint.config.mjs (which holds the rules).
//
// Why a package of its own: typescript-eslint parses with the TypeScript compiler API and needs a
// `typescript` below 6.1 (peer dependency), while the workspace builds and type-checks with
// TypeScript 7 (native tsc, which has no JavaScript API). Installed here, next to `typescript` from
// the `ts5` catalog, typescript-eslint resolves that one; nothing else in the workspace sees it.
export { defineConfig, globalIgnores } from 'eslint/config';
export { default as js } from '@eslint/js';
export { default as tseslint } from 'typescript-eslint';
export { default as globals } from 'globals';
export { default as prettierConfig } from 'eslint-config-prettier/flat';
export { default as reactHooks } from 'eslint-plugin-react-hooks';
export { default as nextPlugin } from '@next/eslint-plugin-next';
