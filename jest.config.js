// Jest runs TypeScript as native ESM through @swc/jest; swc does not type-check (npm run typecheck does).
const aliases = {
  '^@app/config$': '<rootDir>/libs/config/src/index.ts',
  '^@app/event-store$': '<rootDir>/libs/event-store/src/index.ts',
  '^@app/domain$': '<rootDir>/libs/domain/src/index.ts',
  '^@app/ops$': '<rootDir>/libs/ops/src/index.ts',
  '^@app/sql$': '<rootDir>/libs/sql/src/index.ts',
  '^@app/projections$': '<rootDir>/libs/projections/src/index.ts',
  '^@app/read-models$': '<rootDir>/libs/read-models/src/index.ts',
  '^@app/reminders$': '<rootDir>/libs/reminders/src/index.ts',
  '^@app/tenancy$': '<rootDir>/libs/tenancy/src/index.ts',
};

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: { ...aliases, '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  testTimeout: 30000,
  maxWorkers: 2,
};
