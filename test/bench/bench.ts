// `npm run bench`: every speed figure side by side with its baseline, measured in one
// run on this machine; a table (figure, baseline, ratio or value, target, pass) on
// stdout and the same rows in test-artifacts/bench.json. Exits 1 when a target is
// missed. The ratio rows are what carry across machines.
//
// usage: npm run bench -- [--only NAME,NAME] [--skip-host] [--starts N] [--host-figures NAME,NAME]
//   names: extraction, client, download, redaction, bundle, host (activation, requests, tree, idle)
//   --starts: fresh VS Code starts for activation (5); --host-figures: those measured in the last one
import * as path from 'path';
import { parseArgs } from 'util';
import { bundleRows } from './bundleBench';
import { clientOverheadRows } from './clientBench';
import { downloadRows } from './downloadBench';
import { extractionRows } from './extractionBench';
import { hostRows } from './hostBench';
import { redactionRows } from './redactionBench';
import { machine, Row, table, writeJson } from './report';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, 'skip-host': { type: 'boolean', default: false }, starts: { type: 'string' }, 'host-figures': { type: 'string' } } });
  const only = values.only?.split(',');
  const want = (name: string): boolean => (!only || only.includes(name)) && !(name === 'host' && values['skip-host']);
  const rows: Row[] = [];
  const figures: [string, () => Promise<Row[]> | Row[]][] = [
    ['bundle', () => bundleRows(REPO_ROOT, { vsix: true })],
    ['host', () => hostRows(REPO_ROOT, { starts: values.starts ? Number(values.starts) : undefined, figures: values['host-figures']?.split(',') })],
    ['client', () => clientOverheadRows()],
    ['extraction', () => extractionRows()],
    ['download', () => downloadRows()],
    ['redaction', () => redactionRows()],
  ];
  for (const [name, run] of figures) {
    if (!want(name)) continue;
    console.error(`[bench] ${name}…`);
    rows.push(...(await run()));
  }
  const m = machine();
  console.log(table(rows, m));
  const out = path.join(REPO_ROOT, 'test-artifacts', 'bench.json');
  writeJson(out, rows, m);
  console.log(`\nWritten to ${path.relative(REPO_ROOT, out)}.`);
  const missed = rows.filter((r) => !r.pass);
  if (missed.length) console.error(`${missed.length} target(s) missed: ${missed.map((r) => r.figure).join('; ')}`);
  return missed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
