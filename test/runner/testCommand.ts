// `npm test`, after the build: runs every suite and ends with one line
// `N passed, N failed` summing them. It exits 0 only when every suite ran, none
// failed, and each ran at least as many tests as its floor in test/suite-floors.json
// (a full run); a suite that runs no test, a `.only` left in a file and a --grep
// that matches nothing each fail with a one-line reason.
//
// usage: npm test -- [--grep PATTERN] [--only unit|integration|vsix|e2e]
//   (--unit-dir DIR and --floors FILE point the runner at other files: its own test uses them)
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';
import { parseArgs } from 'util';
import { writeTestCertificates } from '../fake-server/certificates';
import { chooseHost, downloadVSCode, ensureInstalled, onStopSignal, REPO_ROOT, SHIM, tempDir } from '../host/vscodeHost';

const OUT = path.join(REPO_ROOT, 'out');
const SUITE_NAMES = ['unit', 'integration', 'vsix', 'e2e'] as const;
type SuiteName = (typeof SUITE_NAMES)[number];
interface Counts {
  passed: number;
  failed: number;
}

/**
 * The compiled *.test.js files under `dir`. Under out/, only those whose .ts source
 * still exists: a test deleted from test/ must not go on running from a stale out/.
 */
export function compiledTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const inOut = !path.relative(OUT, dir).startsWith('..');
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .filter((f) => !inOut || fs.existsSync(path.join(REPO_ROOT, path.relative(OUT, f)).replace(/\.js$/, '.ts')))
    .sort();
}

/** Mocha (TDD UI) in this process over `files`; a `.only` fails the run. */
async function runMocha(files: string[], grep: string | undefined, timeout: number): Promise<Counts> {
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', timeout, forbidOnly: true });
  if (grep) mocha.grep(grep);
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
  });
}

/** The integration tests: mocha inside a real VS Code extension host (test/integration/index.ts). */
async function runIntegration(grep: string | undefined): Promise<Counts> {
  const choice = chooseHost();
  let vscodeExecutablePath: string | undefined;
  if (choice.host === 'download') {
    vscodeExecutablePath = await downloadVSCode().catch((e: unknown) => {
      if (choice.forced) throw e;
      console.error(`[vscode-host] the VS Code download failed (${e instanceof Error ? e.message : e}); using the local host`);
      return undefined;
    });
  }
  if (!vscodeExecutablePath) {
    ensureInstalled();
    vscodeExecutablePath = SHIM;
  }
  const results = tempDir('getty-test-results-');
  const resultsFile = path.join(results.dir, 'integration.json');
  const certificates = tempDir('getty-test-tls-');
  try {
    // The HTTPS fake's CA, trusted by the extension host alone through NODE_EXTRA_CA_CERTS:
    // extensionTestsEnv reaches code-server (or VS Code) and the extension host it starts,
    // not this process nor the system. VS Code's proxy agent (@vscode/proxy-agent 0.45 in
    // VS Code 1.139) adds the OS certificates on top of Node's default store, which holds
    // NODE_EXTRA_CA_CERTS: by default (http.systemCertificates) through its patched
    // tls.createSecureContext, with http.experimental.systemCertificatesV2 through a patched
    // tls.connect, and with http.systemCertificates off it leaves certificates alone. Tried
    // in the host: all three trust the fake, and without the variable the host refuses it
    // (UNABLE_TO_VERIFY_LEAF_SIGNATURE). Those settings cannot add one CA: they load the OS
    // store, which would mean installing the test CA system-wide. Node reads the variable
    // once, at start, so it must be in the host's environment (a client passing its own
    // `ca` would bypass it; ours does not).
    const tlsEnv = await writeTestCertificates(certificates.dir);
    const exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(OUT, 'test', 'integration', 'index.js'),
      launchArgs: [path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), '--disable-extensions'],
      extensionTestsEnv: { GETTY_TEST_RESULTS: resultsFile, ...tlsEnv, ...(grep ? { GETTY_TEST_GREP: grep } : {}) },
    }).catch((e: unknown) => (e instanceof TestRunFailedError ? (e.code ?? 1) : Promise.reject(e)));
    if (!fs.existsSync(resultsFile)) throw new Error(`VS Code exited with ${exitCode} and wrote no results`);
    const counts = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Counts;
    // VS Code failing after the tests passed still fails the suite
    return exitCode !== 0 && counts.failed === 0 ? { passed: counts.passed, failed: 1 } : counts;
  } finally {
    results.remove();
    certificates.remove();
  }
}

const SUITES: Record<SuiteName, (opts: { grep?: string; unitDir: string }) => Promise<Counts>> = {
  unit: ({ grep, unitDir }) => runMocha(compiledTests(unitDir), grep, 10_000),
  integration: ({ grep }) => runIntegration(grep),
  // The .vsix as a user installs it, and the workbench driven by Playwright: both need the local host.
  vsix: ({ grep }) => runMocha(compiledTests(path.join(OUT, 'test', 'vsix')), grep, 120_000),
  e2e: async ({ grep }) => {
    ensureInstalled();
    return runMocha(compiledTests(path.join(OUT, 'test', 'e2e')), grep, 120_000);
  },
};

export interface SuiteOutcome extends Counts {
  name: string;
  /** Why the suite fails although its tests may have passed: did not run, ran none, under its floor. */
  reason?: string;
}

/** The reasons a run fails beyond its failed tests, one line each. */
export function verdict(outcomes: SuiteOutcome[], floors: Record<string, number>, grep: string | undefined): string[] {
  const reasons = outcomes.filter((o) => o.reason).map((o) => `${o.name}: ${o.reason}`);
  const total = (o: Counts): number => o.passed + o.failed;
  if (grep !== undefined) {
    if (outcomes.every((o) => !o.reason && total(o) === 0)) reasons.push(`--grep matched no test (pattern: ${grep})`);
    return reasons;
  }
  for (const o of outcomes) {
    if (o.reason) continue;
    if (total(o) === 0) reasons.push(`${o.name}: the suite ran no test`);
    else if (total(o) < (floors[o.name] ?? 0)) reasons.push(`${o.name}: ran ${total(o)} tests, fewer than its floor of ${floors[o.name]} in the floors file`);
  }
  return reasons;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      grep: { type: 'string' },
      only: { type: 'string' },
      'unit-dir': { type: 'string', default: path.join(OUT, 'test', 'unit') },
      floors: { type: 'string', default: path.join(REPO_ROOT, 'test', 'suite-floors.json') },
    },
  });
  const only = values.only;
  if (only !== undefined && !(SUITE_NAMES as readonly string[]).includes(only)) throw new Error(`--only takes one of ${SUITE_NAMES.join(', ')}, not "${only}"`);
  if (values.grep === '') throw new Error('--grep needs a pattern');
  const floors = JSON.parse(fs.readFileSync(values.floors, 'utf8')) as Record<string, number>;
  onStopSignal((signal) => console.error(`\n${signal}: stopping the tests`));

  const outcomes: SuiteOutcome[] = [];
  for (const name of SUITE_NAMES.filter((n) => !only || n === only)) {
    console.log(`\n=== ${name} tests`);
    try {
      outcomes.push({ name, ...(await SUITES[name]({ grep: values.grep, unitDir: values['unit-dir'] })) });
    } catch (e) {
      console.error(e instanceof Error ? e.stack : e);
      outcomes.push({ name, passed: 0, failed: 0, reason: `did not run: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}` });
    }
  }

  const reasons = verdict(outcomes, floors, values.grep);
  console.log('\n=== summary');
  for (const o of outcomes) console.log(`  ${o.name.padEnd(12)} ${o.passed} passed, ${o.failed} failed`);
  for (const reason of reasons) console.log(`FAIL ${reason}`);
  const passed = outcomes.reduce((n, o) => n + o.passed, 0);
  const failed = outcomes.reduce((n, o) => n + o.failed, 0);
  // each reason counts as a failure, so that the line never says 0 failed on a red run
  console.log(`${passed} passed, ${failed + reasons.length} failed`);
  return failed === 0 && reasons.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      console.log('0 passed, 1 failed');
      process.exit(1);
    },
  );
}
