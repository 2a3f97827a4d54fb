// The test runner cannot go green with nothing run: each way a run can lose tests
// ends in a non-zero exit and a one-line reason. Runs the real `npm test` runner
// (out/test/runner/testCommand.js, unit suite only) on small suites written here.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { verdict } from '../runner/testCommand';

const RUNNER = path.resolve(__dirname, '..', 'runner', 'testCommand.js');

suite('test runner', function () {
  this.timeout(30_000);
  let dir: string;

  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-runner-test-'));
  });
  teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs the unit suite over `files` (name -> source) with `floors`; returns the exit code and the output's lines. */
  function run(files: Record<string, string>, args: string[] = [], floors: Record<string, number> = { unit: 1 }): { status: number | null; lines: string[]; last: string } {
    for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), source);
    const floorsFile = path.join(dir, 'floors.json');
    fs.writeFileSync(floorsFile, JSON.stringify(floors));
    const r = spawnSync(process.execPath, [RUNNER, '--only', 'unit', '--unit-dir', dir, '--floors', floorsFile, ...args], { encoding: 'utf8' });
    const lines = `${r.stdout}${r.stderr}`.split('\n').map((l) => l.trim());
    return { status: r.status, lines, last: r.stdout.trim().split('\n').at(-1) ?? '' };
  }

  const twoTests = "suite('s', () => { test('one', () => {}); test('two', () => {}); });\n";

  test('a passing suite at its floor exits 0 with the count', () => {
    const { status, lines, last } = run({ 'a.test.js': twoTests }, [], { unit: 2 });
    assert.strictEqual(status, 0, lines.join('\n'));
    assert.strictEqual(last, '2 passed, 0 failed');
  });

  test('a suite that runs no test fails, naming the suite', () => {
    const { status, lines, last } = run({ 'a.test.js': "suite('empty', () => {});\n" });
    assert.notStrictEqual(status, 0);
    assert.ok(lines.includes('FAIL unit: the suite ran no test'), lines.join('\n'));
    assert.strictEqual(last, '0 passed, 1 failed');
  });

  test('a .only left in a file fails the run', () => {
    const { status, lines, last } = run({ 'a.test.js': "suite('s', () => { test.only('one', () => {}); test('two', () => {}); });\n" });
    assert.notStrictEqual(status, 0);
    assert.ok(lines.some((l) => /\.only.*forbidden/i.test(l)), lines.join('\n'));
    assert.match(last, /^\d+ passed, [1-9]\d* failed$/);
  });

  test('a --grep that matches no test fails', () => {
    const { status, lines, last } = run({ 'a.test.js': twoTests }, ['--grep', 'no such test']);
    assert.notStrictEqual(status, 0);
    assert.ok(lines.includes('FAIL --grep matched no test (pattern: no such test)'), lines.join('\n'));
    assert.strictEqual(last, '0 passed, 1 failed');
  });

  test('a --grep that matches runs only those tests, and the floor does not apply', () => {
    const { status, lines, last } = run({ 'a.test.js': twoTests }, ['--grep', 'two'], { unit: 5 });
    assert.strictEqual(status, 0, lines.join('\n'));
    assert.strictEqual(last, '1 passed, 0 failed');
  });

  test('a suite under its floor fails with both numbers', () => {
    const { status, lines, last } = run({ 'a.test.js': twoTests }, [], { unit: 3 });
    assert.notStrictEqual(status, 0);
    assert.ok(lines.includes('FAIL unit: ran 2 tests, fewer than its floor of 3 in the floors file'), lines.join('\n'));
    assert.strictEqual(last, '2 passed, 1 failed');
  });

  test('a failing test fails the run', () => {
    const { status, lines, last } = run({ 'a.test.js': "suite('s', () => { test('bad', () => { throw new Error('boom'); }); });\n" });
    assert.notStrictEqual(status, 0, lines.join('\n'));
    assert.strictEqual(last, '0 passed, 1 failed');
  });

  test('a suite that did not run counts as failed with its reason', () => {
    const reasons = verdict([{ name: 'e2e', passed: 0, failed: 0, reason: 'did not run: no host' }], { e2e: 2 }, undefined);
    assert.deepStrictEqual(reasons, ['e2e: did not run: no host']);
  });

  test('floors are read from the committed file, one per suite', () => {
    const floors = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'test', 'suite-floors.json'), 'utf8')) as Record<string, number>;
    assert.deepStrictEqual(Object.keys(floors).sort(), ['e2e', 'integration', 'unit', 'vsix']);
    assert.ok(Object.values(floors).every((n) => Number.isInteger(n) && n > 0), JSON.stringify(floors));
  });
});
