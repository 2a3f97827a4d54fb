// The benchmark's host figures with tiny sizes, no timing assertions: the request
// counts, the tree refresh and the idle wake-ups are behaviour and are asserted; the rest must run.
import * as assert from 'assert';
import { idleRows, requestRows, signIn, treeRows } from '../bench/hostFigures';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { extensionApi, fakeServer, resetState } from './support';

suite('benchmark smoke in the host (tiny sizes, no timing)', () => {
  teardown(async () => resetState(await extensionApi()));

  test('a check of n IDs sends ceil(n / batchSize) authorization and ceil(n / 90) details requests', async function () {
    this.timeout(60_000);
    const api = await extensionApi();
    const server = await fakeServer();
    await signIn(api, server);
    const rows = await requestRows(api, server, [20, 181]);
    assert.deepStrictEqual(rows.map((r) => [r.data?.authorizationRequests, r.data?.detailsRequests]), [[1, 1], [4, 3]]);
  });

  test('after one image changes, the view asks again for that image only', async function () {
    this.timeout(60_000);
    const rows = await treeRows(await extensionApi(), 30);
    assert.strictEqual(rows.length, 3);
    assert.strictEqual(rows[2].data?.rebuiltUnchanged, 0, JSON.stringify(rows[2]));
  });

  test('signed in and idle through renewals, the extension wakes at most once a minute; the real clock comes back', async function () {
    this.timeout(120_000);
    const api = await extensionApi();
    // Tokens of 10 minutes, renewed 5 before: a renewal every 5 minutes, each of which used to
    // add a wake-up of its own to the status bar's minute tick (about 1.05 a minute).
    const server = await FakeConnectServer.start({ tokenLifetimeMinutes: 10 });
    try {
      const [row] = await idleRows(api, server, 60);
      assert.ok((row.data?.renewals as number) >= 10, JSON.stringify(row));
      assert.ok((row.data?.perMinute as number) <= 1, JSON.stringify(row));
      assert.ok((row.data?.wakeUps as number) >= 40, `the status bar still counts down: ${JSON.stringify(row)}`);
    } finally {
      await server.stop();
    }
    assert.ok(Math.abs(api.clock.now() - Date.now()) < 1000, 'the clock is real again');
  });
});
