// The benchmark's `extensionTestsPath`: runs inside the VS Code extension host the
// benchmark starts (hostBench.ts), reads how long activate() took (recorded by the
// wrapper the benchmark installs as the extension's main) and, when asked, measures
// the host figures. Writes { activation, rows } to GETTY_BENCH_RESULTS.
//
// env: GETTY_BENCH_RESULTS  the file to write
//      GETTY_BENCH_FIGURES  comma-separated: requests, tree, idle (none: activation only)
//      GETTY_BENCH_SMALL    set: tiny sizes
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import { FakeConnectServer } from '../../fake-server/fakeConnectServer';
import { EXTENSION_ID, idleRows, requestRows, signIn, treeRows } from '../hostFigures';
import { Row } from '../report';

export interface ActivationReading {
  /** Loading dist/extension.js (require). */
  requireMs: number;
  /** Inside activate(). */
  activateMs: number;
  /** activate returned a promise: something was awaited before activation finished. */
  returnedPromise: boolean;
}

export interface HostResults {
  activation?: ActivationReading;
  rows: Row[];
  error?: string;
}

export async function run(): Promise<void> {
  const out: HostResults = { rows: [] };
  const figures = (process.env.GETTY_BENCH_FIGURES ?? '').split(',').filter(Boolean);
  const small = !!process.env.GETTY_BENCH_SMALL;
  let server: FakeConnectServer | undefined;
  try {
    const api = await vscode.extensions.getExtension<TestApi>(EXTENSION_ID)?.activate();
    out.activation = (globalThis as { __gettyBenchActivation?: ActivationReading }).__gettyBenchActivation;
    if (!api) throw new Error('the extension returned no test API');
    if (figures.length) {
      server = await FakeConnectServer.start();
      await signIn(api, server);
      // The tree first: the view still working through a large check's results would blur what one change costs.
      if (figures.includes('tree')) out.rows.push(...(await treeRows(api, small ? 50 : Number(process.env.GETTY_BENCH_TREE_IMAGES ?? 10_000))));
      if (figures.includes('requests')) out.rows.push(...(await requestRows(api, server, small ? [20, 200] : [1000, 10_000])));
      if (figures.includes('idle')) out.rows.push(...(await idleRows(api, server, small ? 10 : 120)));
    }
  } catch (err) {
    out.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  } finally {
    await server?.stop();
    if (process.env.GETTY_BENCH_RESULTS) fs.writeFileSync(process.env.GETTY_BENCH_RESULTS, JSON.stringify(out));
  }
}
