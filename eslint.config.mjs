// ESLint for the whole workspace: `pnpm lint` (with `prettier --check .`), run by `pnpm test`.
// The plugins come from tools/lint, which pins typescript-eslint's TypeScript 5 (see there).
// Formatting is Prettier's alone (.prettierrc.json); eslint-config-prettier, last, keeps it so.
import {
  defineConfig,
  globalIgnores,
  globals,
  js,
  nextPlugin,
  prettierConfig,
  reactHooks,
  tseslint,
} from './tools/lint/index.mjs';

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/.next/',
    'coverage/',
    '.hub-data/',
    'apps/mcpm/pack/',
    'apps/web/next-env.d.ts',
    'bench/results/',
    // generated from the Hub's OpenAPI document by libs/api-client/generate.mjs
    'libs/api-client/src/schema.ts',
    'libs/db/migrations/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Input guards, terminal output and the TOML/YAML editors match control characters on purpose.
      'no-control-regex': 'off',
      // `catch {}` is the house way to say "best effort" (a probe, a cleanup); other empty blocks still fail.
      'no-empty': ['error', { allowEmptyCatch: true }],
      // A leading underscore marks a value kept for its position or dropped on purpose; `{ a, ...rest }`
      // is how the code omits a key.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Type-aware rules, only these few: each catches a real bug (a promise nobody awaits or catches,
    // an async callback where a void one is expected, `await` on a non-promise). The whole
    // recommendedTypeChecked set would mostly flag `any` from JSON in tests. Costs ~15 s per run.
    files: ['**/*.{ts,tsx,mts,cts}'],
    // declarations hold no code to check
    ignores: ['**/*.d.{ts,mts,cts}'],
    languageOptions: {
      parserOptions: {
        projectService: {
          // TypeScript files that no tsconfig.json includes (a new one fails lint until listed here)
          allowDefaultProject: ['libs/db/drizzle.config.ts', 'scripts/*.spec.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // JSX attributes (`onClick={async () => …}`) are React's ordinary event handlers.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Plain Node scripts in CommonJS (build/start scripts, fakes, the web server, the embed worker).
    files: ['**/*.{cjs,cts}', 'jest.config.js', 'test/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read JSON response bodies as `any` on purpose: the assertion is the type check.
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The site: Next.js's own rules (what `next lint` ran) and the two classic React hook rules. The
    // React Compiler rules of the hooks plugin's `recommended` are left out: the site does not use it.
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { '@next/next': nextPlugin, 'react-hooks': reactHooks },
    settings: { next: { rootDir: 'apps/web/' } },
    rules: {
      ...nextPlugin.configs['core-web-vitals'].rules,
      // Server icons and README images come from any third-party host; next/image would need each
      // host allow-listed (remotePatterns) and would proxy them through the site.
      '@next/next/no-img-element': 'off',
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  prettierConfig,
);
