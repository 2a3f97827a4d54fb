// The figures measured in the real VS Code extension host (code-server's, as the
// integration tests use): activation, median of 5 fresh starts, with the minified
// bundle; and, in the last start, requests, tree and idle (hostFigures.ts).
//
// The extension is started from a copy whose `main` is a small wrapper around the
// bundle: it times require() and activate() without a line of timing in the product.
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureInstalled, SHIM } from '../host/vscodeHost';
import type { ActivationReading, HostResults } from './host/index';
import { median } from './stats';
import { ms, Row } from './report';

const WRAPPER = `// Written by test/bench/hostBench.ts: times the bundle's require() and activate().
const { performance } = require('perf_hooks');
const t0 = performance.now();
const ext = require('./dist/extension.js');
const requireMs = performance.now() - t0;
exports.activate = (context) => {
  const t = performance.now();
  const api = ext.activate(context);
  const activateMs = performance.now() - t;
  globalThis.__gettyBenchActivation = { requireMs, activateMs, returnedPromise: !!api && typeof api.then === 'function' };
  return api;
};
exports.deactivate = () => ext.deactivate?.();
`;

/** A copy of the extension (package.json, the bundle, media) whose main is the timing wrapper. */
export function wrappedExtension(repoRoot: string, dir: string): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, main: './bench-main.js' }, null, 2));
  fs.writeFileSync(path.join(dir, 'bench-main.js'), WRAPPER);
  fs.copyFileSync(path.join(repoRoot, 'dist', 'extension.js'), path.join(dir, 'dist', 'extension.js'));
  fs.cpSync(path.join(repoRoot, 'media'), path.join(dir, 'media'), { recursive: true });
}

async function startHost(repoRoot: string, extensionDir: string, figures: string[], small: boolean): Promise<HostResults> {
  const resultsFile = path.join(extensionDir, `results-${Date.now()}.json`);
  const code = await runTests({
    vscodeExecutablePath: SHIM,
    extensionDevelopmentPath: extensionDir,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'bench', 'host', 'index.js'),
    launchArgs: [path.join(repoRoot, 'test', 'fixtures', 'workspace'), '--disable-extensions'],
    extensionTestsEnv: { GETTY_BENCH_RESULTS: resultsFile, GETTY_BENCH_FIGURES: figures.join(','), ...(small ? { GETTY_BENCH_SMALL: '1' } : {}) },
  }).catch((e: unknown) => (e instanceof TestRunFailedError ? (e.code ?? 1) : Promise.reject(e)));
  if (!fs.existsSync(resultsFile)) throw new Error(`the VS Code host exited with ${code} and wrote no results`);
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as HostResults;
  if (results.error) throw new Error(`in the VS Code host: ${results.error}`);
  return results;
}

export async function hostRows(repoRoot: string, options: { starts?: number; small?: boolean; figures?: string[] } = {}): Promise<Row[]> {
  const starts = options.starts ?? 5;
  ensureInstalled();
  // Activation is measured on what users run: the minified bundle.
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: repoRoot, stdio: 'inherit' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-bench-host-'));
  try {
    wrappedExtension(repoRoot, dir);
    const readings: ActivationReading[] = [];
    const rows: Row[] = [];
    for (let i = 0; i < starts; i++) {
      const last = i === starts - 1;
      const results = await startHost(repoRoot, dir, last ? (options.figures ?? ['requests', 'tree', 'idle']) : [], !!options.small);
      if (!results.activation) throw new Error('the wrapper recorded no activation');
      readings.push(results.activation);
      if (last) rows.push(...results.rows);
    }
    const activate = median(readings.map((r) => r.activateMs));
    const load = median(readings.map((r) => r.requireMs));
    const awaited = readings.some((r) => r.returnedPromise);
    return [
      {
        figure: `activation: inside activate(), median of ${starts} fresh starts`,
        baseline: `loading the bundle: ${ms(load)} (not counted)`,
        value: `${ms(activate)}${awaited ? ', returned a promise' : ''}`,
        target: '< 5 ms, nothing awaited',
        pass: activate < 5 && !awaited,
        data: { activateMs: activate, requireMs: load, returnedPromise: awaited, ...Object.fromEntries(readings.map((r, i) => [`start ${i + 1} ms`, r.activateMs])) },
      },
      ...rows,
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
