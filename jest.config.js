/**
 * Three projects: unit tests (next to the code), and the same integration suites twice — against
 * a real Postgres server and against embedded PGlite.
 */
const transform = {
  '^.+\\.tsx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
    },
  ],
};
// ESM-only dependencies that Node 20's Jest cannot require(); compiled to CommonJS on the fly.
const ESM_DEPS = ['content-disposition', 'cookie'];
transform['^.+/node_modules/.+\\.js$'] = ['@swc/jest', { module: { type: 'commonjs' } }];
const transformIgnorePatterns = [`/node_modules/(?!\\.pnpm/(${ESM_DEPS.join('|')})@|(${ESM_DEPS.join('|')})/)`];
const moduleNameMapper = {
  '^@mcp-hub/domain/node$': '<rootDir>/libs/domain/src/node',
  '^@mcp-hub/([a-z-]+)$': '<rootDir>/libs/$1/src',
};
const appMapper = { '^@mcp-hub/(registry|gateway|hub|search|runtime)$': '<rootDir>/apps/$1/src' };
const common = {
  transform,
  moduleNameMapper: { ...appMapper, ...moduleNameMapper },
  transformIgnorePatterns,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};

module.exports = {
  testTimeout: 30000,
  // Each test file boots Hubs (PGlite is WebAssembly); what a file leaves behind adds up over ~180 files in one
  // worker. A worker past this much memory is replaced between files, so late suites run as fast as early ones.
  workerIdleMemoryLimit: '1GB',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'postgres',
      testMatch: ['<rootDir>/{apps,libs}/**/test/**/*.e2e.spec.ts'],
      // mcpm's and the web site's suites drive a Hub on the embedded default, as a user's laptop
      // runs it; the database engine behind the Hub's API is covered by the other suites.
      testPathIgnorePatterns: ['<rootDir>/apps/mcpm/', '<rootDir>/apps/web/'],
      setupFiles: ['<rootDir>/test/setup-postgres.js'],
    },
    {
      ...common,
      displayName: 'pglite',
      testMatch: ['<rootDir>/{apps,libs}/**/test/**/*.e2e.spec.ts'],
      setupFiles: ['<rootDir>/test/setup-pglite.js'],
    },
  ],
};
