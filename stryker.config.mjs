// StrykerJS mutation testing of the pure modules (no `vscode` import), run by
// `npm run mutation`. One module at a time: npx stryker run --mutate src/connect/transport.ts
// @ts-check
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'mocha',
  mutate: [
    'src/connect/**/*.ts',
    'src/session/sessionManager.ts',
    'src/session/keychain.ts',
    'src/authorizations/batches.ts',
    'src/authorizations/imageIds.ts',
  ],
  // Stryker mutates the .ts sources in its sandbox and tsc compiles them (with the
  // mutant switches) into out/, which the tests load. The build runs before
  // node_modules is linked into the sandbox, so it calls `tsc` from PATH rather
  // than `node node_modules/...`.
  buildCommand: 'tsc -p . --outDir out',
  mochaOptions: {
    spec: ['out/test/unit/**/*.test.js'],
    ui: 'tdd',
    // testRunner.test.js spawns the whole test runner in child processes: slow,
    // and it exercises none of the mutated modules.
    ignore: ['out/test/unit/testRunner.test.js'],
    'no-config': true,
    'no-package': true,
  },
  coverageAnalysis: 'perTest',
  // The machine has 2 cores.
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'test-artifacts/mutation/index.html' },
  clearTextReporter: { allowColor: false, logTests: false },
  // Not copied into the sandbox: unrelated to the unit tests (out/ is copied and rebuilt there).
  ignorePatterns: ['dist', 'test-artifacts', '.vscode-test', '*.vsix'],
  thresholds: { high: 90, low: 85, break: 85 },
};

export default config;
