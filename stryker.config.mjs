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
    'src/authorizations/imageIdShape.ts',
    'src/authorizations/idCollector.ts',
    'src/authorizations/textIds.ts',
    'src/authorizations/jsonIds.ts',
    'src/authorizations/jsonReader.ts',
    'src/authorizations/jsonInputError.ts',
    'src/authorizations/inputProblems.ts',
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
    // and it exercises none of the mutated modules. The fuzz tests run 10,000
    // inputs per test and time growth: minutes per mutant, and timings mean
    // nothing under instrumentation.
    // l10n.test.js and names.test.js read the .ts sources as text, which Stryker has
    // instrumented in its sandbox: they test the code's spelling, not its behaviour.
    ignore: ['out/test/unit/testRunner.test.js', 'out/test/unit/fuzz*.test.js', 'out/test/unit/l10n.test.js', 'out/test/unit/names.test.js'],
    'no-config': true,
    'no-package': true,
  },
  coverageAnalysis: 'perTest',
  // The machine has 2 cores.
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'test-artifacts/mutation/index.html' },
  // Every mutant with its status and location, for reviewing survivors by script.
  jsonReporter: { fileName: 'test-artifacts/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  // Not copied into the sandbox: unrelated to the unit tests (out/ is copied and rebuilt there).
  ignorePatterns: ['dist', 'test-artifacts', '.vscode-test', '*.vsix'],
  thresholds: { high: 90, low: 85, break: 85 },
};

// Score of the last full run (2026-11-30, after the second review below, commit 56f2505):
// 91.03 % over 3,160 mutants (2,711 killed, 151 timed out, 251 survived, 31 reached by no
// test); goal and break threshold: 85 %.
//
// Surviving mutants, reviewed on 2026-11-30 (issue 15), again after redact.ts was rewritten,
// envelope.ts gained describeValue() and the session model was split into sessionHolder.ts,
// sessionManager.ts, renewalClaim.ts and renewalSchedule.ts. Each is anchored by file, function
// and the code it changes; line numbers drift, the quoted code does not. Everything else in
// these areas is killed by a test (test/unit/sessionManagerEdges.test.ts, tokenPathEdges.test.ts,
// redactEdges.test.ts, envelopeEdges.test.ts and sessionModelEdges.test.ts hold the ones added for it).
//
// SENSITIVE AREAS: token handling, the https-or-loopback rule, the CoordinationId check,
// redaction. No survivor at all in: endpoint.ts (validateEndpoint, isLoopbackHost),
// attachment.ts checkAttachmentUrl (the download URL rule), envelope.ts readResponse's
// CoordinationId check and describeValue(), statusCodes.ts. The rest, all equivalent:
//
// src/connect/redact.ts (the Matcher: a faster path or a redundant bound, never another result)
//   holdSecrets `if (mine.length) changed();` -> true, on hold and on release (2): with no usable
//        value nothing was added or removed, and changed() only rebuilds the same matcher.
//   secretsKept `value !== undefined && all.has(value)` -> true: the set holds only strings of
//        4+ characters, so all.has(undefined) is false anyway.
//   Matcher.redact `if (this.byPrefix.size === 0) return text;` -> false: with no secret no
//        position matches and the text comes back unchanged (the shortcut only saves the pass).
//   Matcher.redact `i <= text.length - MIN_SECRET_LENGTH` -> `+`: positions past the end give
//        NaN (no first character matches) and those in the last 3 cannot start a 4+ character secret.
//   Matcher.redact `copied === 0 ? text : out + text.slice(copied)` -> false: with nothing
//        copied `out` is '' and `out + text.slice(0)` is the text.
//   Matcher.longestAt `if (i + k > text.length) continue;` -> false and `i - k` (2 mutants): a
//        prefix cut short by the end of the text matches only a key that is a whole secret of that
//        length, which startsWith then confirms, the same secret the shorter prefix length finds.
//
// src/session/sessionHolder.ts
//   syncFromStore `if (!mine) return;` -> false: unreachable; with nothing stored and no
//        session here, `stored?.token === mine?.token && stored?.expiresAt === mine?.expiresAt` returned.
//   syncFromStore's event `from: stored.endpoint ?? ''`, `to: this.deps.endpoint?.() ?? ''` (3
//        mutants): reached only when ownEndpoint() is false, which needs both endpoints defined,
//        so the fallbacks and the `?.` never act.
//   adopt `if (tokens.secureToken)`, `if (base.userName)`, `if (accountId)`, `if (endpoint)` ->
//        true (4 mutants): the field is set to undefined, which JSON.stringify drops and every
//        reader (summarize, ownEndpoint, `s.secureToken ?? s.token`) takes as absent.
//   replace `} else if (before) {` -> true: with no session before, nothing is registered as
//        the session's (sessionOpen is false since the last end), so endSessionSecrets forgets nothing.
//   replace `this.generation++` -> `--`: the counter only has to change on every replace();
//        a renewal compares it for inequality, and a decrement changes it as surely.
// src/session/sessionManager.ts
//   constructor `id: Math.random().toString(36).slice(2)`, slice dropped: window ids are only
//        compared with each other, and stay unique without it.
//   endpointChanged's event `from: s.endpoint ?? ''`, `to: this.deps.endpoint?.() ?? ''` (3
//        mutants): as in syncFromStore, reached only with both endpoints defined.
//   schedule's expiry timer `if (this.session === s) void this.end(s);` -> true: every change of
//        session reschedules (replace -> changed -> schedule -> cancelTimer), so an old session's timer never fires.
//   schedule `() => (this.autoRetries = 0)` -> no-op: every success passes through replace(),
//        whose sessionReplaced() resets the count.
//   cancelTimer `if (this.timer !== undefined)` -> true: clearTimeout(undefined) does nothing.
// src/session/renewalSchedule.ts
//   nextTimer `renewIn >= left` -> `>`: renewIn never equals left (`due` is left minus the
//        renewal window, a retry is at most half the time left, and the fallback is left / 2).
// src/session/keychain.ts
//   :45 clearIf `catch { stored = undefined; }` -> `{}`: stored is still undefined when JSON.parse throws.
//   :66 renewalOwner `catch { return undefined; }` -> `{}`: the function then returns undefined anyway.
// src/connect/errors.ts
//   :32 ConnectApiError `statusList[0] ?? { code: '', message: '' }` (3 mutants): an empty code,
//        a missing one and "Stryker was here!" are all unknown codes: same reason, not transient.
//   :149 DownloadError `readonly transient = false` -> true: nothing reads a DownloadError's
//        transient (downloads are never retried automatically; retry.ts decides by error type).
// src/connect/tls.ts
//   :46 describeTlsFailure and :61 ConnectTlsError `message = ''` default: only
//        /wrong version number/ is looked for in the message, and no default contains it.
// src/connect/client.ts (token-bearing requests go through call())
//   :159 call's `codes: string[] = []` default: both callers pass the codes.
//   :168 `if (err instanceof MappingError)` -> true: the map functions throw nothing else.
//   :189-190 outcomeOf `err instanceof ConnectProtocolError` -> true, `'failed'`: transport and
//        envelope throw only the Connect errors tested above it, so the fallback is never reached.
// src/connect/transport.ts
//   :36 parseRetryAfter `value.trim() === ''` (3 mutants): a blank value falls through to
//        Date.parse, which gives NaN, so undefined either way. :37 `Number(value.trim())` -> `Number(value)`:
//        Number() ignores surrounding spaces.
//   :51 `responseType: 'text'` -> '', :52 `transformResponse: [...]` -> [], :69
//        `typeof response.data === 'string'` -> true and its `''`, :70 `response.statusText ?? ''`:
//        axios in Node hands over the body as an untransformed string and statusText as a string either way.
//   :87 toConnectError `signal?.aborted || axios.isCancel(err)` -> &&: an abort through the
//        signal always yields axios' CanceledError with the signal aborted.
//   :90 `err instanceof AxiosError` -> true: axios rejects only with AxiosError (or CanceledError, above).
//   :91 `err.code === 'ETIMEDOUT' && /timeout/i.test(err.message)` (5 mutants): axios reports its
//        own timeouts as ECONNABORTED; an OS-level ETIMEDOUT cannot be produced on loopback.
//   :94 `err.code === 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED'` (2 mutants): that code comes from
//        follow-redirects, unused with maxRedirects 0; axios' own limit is caught by /maxContentLength/.
//   :97 `err.response && err.response.status >= 400` (3 mutants) and :100 `if (err.response)` (2):
//        validateStatus accepts every status, so no rejection carries a 4xx/5xx response, and a body
//        cut off mid-way ends in the last branch with the same ERR_BAD_RESPONSE message.
//   :105 `cause?.code ?? err.code` and its 'unknown', :106 `cause?.message ?? err.message` (5
//        mutants): every rejection left here has a cause, and AxiosError.from copies its code and message.
//   :112 `(err as NodeJS.ErrnoException)?.code` -> `.code`: only differs for a thrown null or undefined.
//
// ELSEWHERE (not in the sensitive areas): the survivors of attachment.ts (file names,
// streaming, the file-exists loop), retry.ts, mapping.ts, batches.ts and imageIds.ts are not
// reviewed one by one here; the review of an earlier run found those of mapping.ts, batches.ts
// and imageIds.ts equivalent or unreachable (`typeof n !== 'number'` implied by !Number.isFinite;
// sparse reads, a finish that runs once, listeners removed in finish; whitespace variants that
// trim() makes equal, locator bounds only reachable for errors V8 reports with a position).

export default config;
