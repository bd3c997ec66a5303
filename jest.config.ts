import fs from 'node:fs';
import type { Config } from 'jest';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      experimental: { keepImportAttributes: true },
      target: 'es2022',
    },
  },
] as const;

const ESM_ONLY = ['cookie', 'content-disposition'];

/** ESM projects (Nest 12 is ESM-only): swc for TypeScript, `.js` import suffixes mapped back to sources. */
const esm = (displayName: string, roots: string[], testMatch: string[], extra: Partial<Config> = {}) => ({
  displayName,
  roots: roots.map((r) => `<rootDir>/${r}`),
  testMatch,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc, [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: swc },
  // ESM-only packages that CommonJS dependencies require(): Node 20.19 loads them natively, Jest's runtime does not.
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: {
    '^@jyg12345/shared$': '<rootDir>/shared/src/index.ts',
    '^@jyg12345/seeds$': '<rootDir>/seeds/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  ...extra,
});

const config: Config = {
  // Global, not per project: Jest takes the hook and test timeout from here. A cold first run transforms
  // every module before the first API boots.
  testTimeout: 60_000,
  projects: [
    esm('shared', ['shared/src'], ['**/*.test.ts']),
    esm('seeds', ['seeds/src'], ['**/*.test.ts']),
    esm('api', ['apps/api/src'], ['**/*.test.ts']),
    // Through HTTP against a real database: MariaDB/MySQL when TEST_DATABASE_URL is set, else embedded SQLite.
    esm('medium', ['apps/api/test'], ['**/*.test.ts']),
    ...(fs.existsSync('apps/miniprogram/jest.config.cjs') ? ['<rootDir>/apps/miniprogram'] : []),
  ],
};

export default config;
