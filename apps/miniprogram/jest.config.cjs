// The mini-program's unit tests: components and services under jsdom, compiled by Babel (CommonJS).
// Run alone: npx jest -c apps/miniprogram/jest.config.cjs; or as the `miniprogram` project of the root config.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'miniprogram',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testEnvironment: 'jsdom',
  setupFiles: ['<rootDir>/test/setup.ts'],
  transform: {
    '^.+\\.[jt]sx?$': ['babel-jest', { configFile: path.join(__dirname, 'test/babel.config.cjs') }],
  },
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/test/mocks/taro.ts',
    '^@tarojs/components$': '<rootDir>/test/mocks/components.tsx',
    '^@jyg12345/shared$': '<rootDir>/../../shared/src/index.ts',
    '\\.(css|scss)$': '<rootDir>/test/mocks/style.ts',
    '\\.geojson$': '<rootDir>/test/mocks/geojson.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  clearMocks: true,
};
