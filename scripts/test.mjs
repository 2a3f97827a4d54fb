// The project's single test command (`npm test`): builds the extension, compiles
// src/ and test/ to out/, runs every suite and ends with one line
// `N passed, N failed` (all suites summed). Exit code 0 only when nothing failed
// and every suite ran.
//
// usage: node scripts/test.mjs [--grep PATTERN] [--unit-only | --integration-only | --vsix-only | --e2e-only]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';
import codeServer from '../test/host/codeServer.js';
import { runIntegrationTests } from './vscode-host.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repoRoot, 'out');

function parseArgs(argv) {
  const opts = { grep: undefined, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--grep') opts.grep = argv[++i];
    else if (arg.startsWith('--grep=')) opts.grep = arg.slice('--grep='.length);
    else if (arg === '--unit-only') opts.only = 'unit';
    else if (arg === '--integration-only') opts.only = 'integration';
    else if (arg === '--vsix-only') opts.only = 'vsix';
    else if (arg === '--e2e-only') opts.only = 'e2e';
    else throw new Error(`unknown argument: ${arg}\nusage: node scripts/test.mjs [--grep PATTERN] [--unit-only | --integration-only | --vsix-only | --e2e-only]`);
  }
  if (opts.grep === '') throw new Error('--grep needs a pattern');
  return opts;
}

/** Runs a build step with inherited output; throws when it fails. */
function step(title, cmd, args) {
  console.log(`\n> ${title}`);
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${title} failed (exit ${r.status ?? r.signal})`);
}

function findFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

// ---------------------------------------------------------------------------
// Suites. Each `run({ grep })` resolves to { passed, failed }; a suite that throws
// counts as not run (1 failed). To add one (e.g. the Playwright e2e suite), append
// { name, group, run } to SUITES; `group` is what --unit-only / --integration-only select.

/** Runs mocha (tdd UI) in this Node process over `files`; resolves the counts. */
async function runMocha(files, { grep, timeout }) {
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', timeout });
  if (grep) mocha.grep(grep);
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
  });
}

/** Unit tests: mocha in this Node process on out/test/unit/**\/*.test.js. */
async function runUnitSuite({ grep }) {
  const files = findFiles(path.join(outDir, 'test', 'unit'), '.test.js');
  if (files.length === 0) {
    console.log('(no unit test files)');
    return { passed: 0, failed: 0 };
  }
  return runMocha(files, { grep, timeout: 10000 });
}

/** Integration tests: mocha inside a real VS Code extension host (scripts/vscode-host.mjs). */
async function runIntegrationSuite({ grep }) {
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-test-results-'));
  const resultsFile = path.join(resultsDir, 'integration.json');
  const removeResults = () => fs.rmSync(resultsDir, { recursive: true, force: true });
  process.on('exit', removeResults); // also on SIGTERM / a second Ctrl-C
  try {
    const { exitCode } = await runIntegrationTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(outDir, 'test', 'integration', 'index.js'),
      workspace: path.join(repoRoot, 'test', 'fixtures', 'workspace'),
      extensionTestsEnv: { GETTY_TEST_RESULTS: resultsFile, ...(grep ? { GETTY_TEST_GREP: grep } : {}) },
    });
    if (!fs.existsSync(resultsFile)) {
      console.error(`integration: no results file was written (VS Code exit code ${exitCode}); counting the suite as failed`);
      return { passed: 0, failed: 1 };
    }
    const { passed, failed } = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    if (exitCode !== 0 && failed === 0) {
      console.error(`integration: VS Code exited with ${exitCode} although no test failed; counting as a failure`);
      return { passed, failed: 1 };
    }
    return { passed, failed };
  } finally {
    removeResults();
    process.off('exit', removeResults);
  }
}

/**
 * The .vsix test (test/vsix, mocha in this Node process): scripts/package.mjs builds the
 * production .vsix, which is checked, installed into the local VS Code host without the
 * development path and driven in the workbench with Playwright.
 */
async function runVsixSuite({ grep }) {
  const files = findFiles(path.join(outDir, 'test', 'vsix'), '.test.js');
  if (files.length === 0) throw new Error('no compiled test in out/test/vsix');
  return runMocha(files, { grep, timeout: 120000 });
}

/**
 * Playwright e2e tests (test/e2e, mocha in this Node process): they drive the real web
 * workbench of the local VS Code host (code-server + Chromium) with the extension under
 * development. That host is needed even where the integration tests use a downloaded
 * desktop VS Code (GETTY_VSCODE_HOST=download), since Playwright drives a browser.
 */
async function runE2eSuite({ grep }) {
  const files = findFiles(path.join(outDir, 'test', 'e2e'), '.test.js');
  if (files.length === 0) throw new Error('no compiled test in out/test/e2e');
  if (!codeServer.isInstalled()) {
    console.error('[e2e] the local VS Code host (code-server + Chromium) is not installed; installing it (test/host/install.sh)');
    try {
      codeServer.ensureInstalled();
    } catch (e) {
      throw new Error(`the e2e tests need the local VS Code host (code-server + Chromium), which could not be installed: ${e instanceof Error ? e.message : e}\nInstall it with \`npm run host:install\` (Chromium is looked for at ${codeServer.paths().chromium}; set CHROMIUM_PATH to use another).`, { cause: e });
    }
  }
  return runMocha(files, { grep, timeout: 120000 });
}

const SUITES = [
  { name: 'unit', group: 'unit', run: runUnitSuite },
  { name: 'integration', group: 'integration', run: runIntegrationSuite },
  { name: 'vsix', group: 'vsix', run: runVsixSuite },
  { name: 'e2e', group: 'e2e', run: runE2eSuite },
];

// Ctrl-C: the running suite is stopped by its own handlers (runTests passes SIGINT on to
// VS Code); the remaining suites are skipped. A second Ctrl-C, SIGTERM or SIGHUP exits at
// once (the VS Code runner notices its parent is gone and cleans up by itself).
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.error('\ninterrupted: stopping after the current suite (Ctrl-C again to exit now)');
});
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(128 + os.constants.signals[signal]));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const results = [];
  let allRan = true;

  try {
    step('build (esbuild -> dist/extension.js)', 'npm', ['run', '--silent', 'build']);
    fs.rmSync(outDir, { recursive: true, force: true }); // no stale compiled tests
    step('compile (tsc -> out/)', process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--outDir', 'out']);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    console.log('0 passed, 1 failed');
    return 1;
  }

  for (const suite of SUITES) {
    if (opts.only && suite.group !== opts.only) continue;
    if (interrupted) {
      allRan = false;
      results.push({ name: suite.name, passed: 0, failed: 0, ran: false, ms: 0 });
      continue;
    }
    console.log(`\n=== ${suite.name} tests`);
    const t0 = Date.now();
    try {
      const { passed, failed } = await suite.run({ grep: opts.grep });
      results.push({ name: suite.name, passed, failed, ran: true, ms: Date.now() - t0 });
    } catch (e) {
      allRan = false;
      console.error(`${suite.name} suite did not run: ${e instanceof Error ? e.stack || e.message : e}`);
      results.push({ name: suite.name, passed: 0, failed: 1, ran: false, ms: Date.now() - t0 });
    }
  }

  console.log('\n=== summary');
  for (const r of results) {
    const status = r.ran ? `${r.passed} passed, ${r.failed} failed` : 'did not run';
    console.log(`  ${r.name.padEnd(12)} ${status} (${(r.ms / 1000).toFixed(1)} s)`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  if (interrupted) return 130;
  return failed === 0 && allRan ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
