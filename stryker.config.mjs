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
    'src/session/sessionHolder.ts',
    'src/session/renewalClaim.ts',
    'src/session/renewalSchedule.ts',
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

// Score on 2026-11-30: 89.45 % over 2,578 mutants (goal and break threshold: 85 %).
// The review below was made before the multi-window session work, the three more
// operations and the retry module: its line numbers are stale, and the survivors of
// sessionManager.ts (the store-as-truth and renewal-claim code), attachment.ts, retry.ts,
// tls.ts and transport.ts found since are not reviewed one by one yet (issue 15's note).
//
// Surviving mutants, reviewed (line numbers as of that review; the tests kill the rest).
//
// Sensitive areas (token handling, https-or-loopback rule, CoordinationId check,
// redaction): src/connect/endpoint.ts, the CoordinationId check of envelope.ts and
// src/connect/redact.ts have no survivor. In token handling:
//   statusCodes.ts:33-35 ObjectLiteral/StringLiteral (InvalidToken entry) and :71 LogicalOperator,
//     :71 Regex, :80 StringLiteral (the "looks expired" heuristic): deliberately not pinned by a
//     test; InvalidToken is not a documented code and both are about to be removed.
//   errors.ts:32 ObjectLiteral, StringLiteral x2 (default first entry of an empty StatusList):
//     equivalent, an empty code/message and any replacement classify alike ('other').
//   sessionManager.ts:178 ConditionalExpression (secureToken copied when undefined): equivalent,
//     an undefined key is dropped by JSON.stringify and every reader tests the value.
//
// Elsewhere, equivalent or unreachable:
//   client.ts:119 ArrayDeclaration (default `codes` is never used: both callers pass codes);
//     :128 ConditionalExpression and :148-149 (map functions throw only MappingError; every
//     error reaching outcomeOf is a Connect error).
//   envelope.ts:66 StringLiteral (a missing Status and the replacement are both "not Success,
//     Warning or Error", and the message quotes the field, not the default).
//   mapping.ts:30, :41 ConditionalExpression (`typeof n !== 'number'` is implied by !Number.isFinite).
//   transport.ts:40 StringLiteral, :41 ArrayDeclaration, :58, :59 (axios in Node returns the body
//     as a string either way, and statusText is always a string); :74 LogicalOperator (an abort
//     always yields a CanceledError); :77 ConditionalExpression (a non-axios error takes the same
//     path); :78 (axios reports its timeouts as ECONNABORTED; an OS-level ETIMEDOUT cannot be
//     produced on loopback); :81 (ERR_FR_MAX_BODY_LENGTH_EXCEEDED comes from follow-redirects,
//     unused with maxRedirects 0); :84 (reached only by a response cut off mid-body, which is a
//     known bug: see the report of this change); :87, :88 (AxiosError.from copies the cause's
//     code); :90 OptionalChaining (only for a thrown null/undefined).
//   sessionManager.ts:179, :181 (as :178); :218 EqualityOperator (renewIn never equals left);
//     :221, :239 ConditionalExpression (every change of session reschedules, so the timer's
//     guard and clearTimeout(undefined) change nothing).
//   batches.ts:74, :89, :107, :131, :153, :162 (sparse array read the same; finish runs once;
//     onAbort needs a signal; a throwing onProgress is caught; inFlight 0 after launch implies
//     stopped or done; the listener is removed in finish anyway).
//   imageIds.ts:56 Regex (empty words between separators are ignored); :77 (the '' stand-in never
//     collides: size keys are never empty); :138 MethodExpression (/[{}]/ already covers '{');
//     :143, :156 (cycle guard on parsed JSON only costs time); :234, :271 (extra undefined
//     entries are ignored); :247 (length check is an optimisation); :262, :265 (obj[undefined]);
//     :274 (scalar children are never IDs); :295-298 (whitespace variants that trim() or the
//     real message formats make equal); :325-329, :345, :361, :403, :415, :426, :430
//     (locator bounds and branches only reachable for errors V8 reports with a position, or
//     that end at the same clamped offset); :454 (past the end, the slice is the same).

export default config;
