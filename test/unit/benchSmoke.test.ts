// The benchmark with tiny sizes and no timing assertions, so that it keeps running
// as the code changes (`npm run bench` itself is not part of the test run). Each
// figure checks its own work (IDs found, results received, bytes saved) and throws
// when it is wrong.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleRows } from '../bench/bundleBench';
import { clientOverheadRows } from '../bench/clientBench';
import { downloadRows } from '../bench/downloadBench';
import { extractionRows, searchResponseJson } from '../bench/extractionBench';
import { machine, Row, table, writeJson } from '../bench/report';
import { REPO_ROOT } from '../host/vscodeHost';

function assertRows(rows: Row[], figures: RegExp[]): void {
  assert.deepStrictEqual(rows.map((r) => figures.some((f) => f.test(r.figure))), rows.map(() => true), JSON.stringify(rows.map((r) => r.figure)));
  assert.strictEqual(rows.length, figures.length);
  for (const row of rows) {
    assert.ok(row.value && row.target && row.baseline, JSON.stringify(row));
    assert.strictEqual(typeof row.pass, 'boolean');
    for (const [key, value] of Object.entries(row.data ?? {})) {
      if (typeof value === 'number') assert.ok(Number.isFinite(value) && value >= 0, `${row.figure}: ${key} = ${value}`);
    }
  }
}

suite('benchmark smoke (tiny sizes, no timing)', () => {
  test('ID extraction finds every ID in text and in a search response, at both sizes', () => {
    assertRows(extractionRows(1000, 1), [/1,000 IDs.*plain text/, /plain text, 10x/, /1,000 IDs.*search-response JSON/, /JSON, 10x/]);
    assert.ok(searchResponseJson(10).includes('"ImageId":"10000009"'));
  });

  test('client overhead: the extension and the bare loop get every result, with the same number of requests', async function () {
    this.timeout(30_000);
    const [row] = await clientOverheadRows(120, 1);
    assertRows([row], [/client overhead: 120 IDs/]);
  });

  test('download: the extension saves the whole file, the bare loop too', async function () {
    this.timeout(30_000);
    assertRows(await downloadRows(256 * 1024, 1), [/download: 0.25 MB file/, /resident memory growth/]);
  });

  test('bundle: a production build with its metafile names the heaviest inputs', function () {
    this.timeout(60_000);
    const [row] = bundleRows(REPO_ROOT, { vsix: false });
    assertRows([row], [/minified dist\/extension.js/]);
    assert.match(row.baseline, /axios/);
    assert.ok((row.data?.bytes as number) > 10_000);
  });

  test('the table and the JSON carry the same rows and the machine', () => {
    const rows: Row[] = [{ figure: 'a | b', baseline: 'x', value: '1.00x', target: '<= 1.10x', pass: false }];
    const m = machine();
    const text = table(rows, m);
    assert.match(text, /\| a \\\| b \| x \| 1\.00x \| <= 1\.10x \| \*\*NO\*\* \|/);
    assert.ok(text.includes(`${m.cores} cores, Node ${process.version}`));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-bench-smoke-'));
    try {
      writeJson(path.join(dir, 'out', 'bench.json'), rows, m);
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'bench.json'), 'utf8')) as { machine: unknown; rows: Row[] };
      assert.deepStrictEqual(json.rows, rows);
      assert.deepStrictEqual(json.machine, m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
