// Many checks and renewals started at the same moment: one RenewSession at a time (the
// renewals share it), and every check comes back with every image it asked for, although
// the renewal ends the token the checks started with (the fake's default reading).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ImageNode } from '../../src/authorizations/authorizationsTree';
import type { ImageAuthorization } from '../../src/connect';
import type { TestApi } from '../../src/extension';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { signedInSuite, tick, Ui } from './support';

const CHECK = 'gettyConnect.checkDownloadAuthorization';
const CHECKS = 8;
const RENEWALS = 5;

suite('Concurrency: checks and renewals started together (in the extension host)', () => {
  let api: TestApi;
  let server: FakeConnectServer;
  let ui: Ui;
  signedInSuite((a, s, u) => ([api, server, ui] = [a, s, u]));

  /** Check `i` asks for three images of its own: two at their largest size, one at Small (both operations). */
  const idsOf = (wave: number, i: number): string[] => [0, 1, 2].map((k) => String(51_000_000 + wave * 1000 + i * 10 + k));

  async function wave(n: number): Promise<{ checks: (ImageAuthorization[] | undefined)[]; renewals: unknown[] }> {
    // The renewal is slow, so that the checks run while it is in flight. In the second wave the
    // checks are slower still: the service reads their token after the renewal has ended it.
    server.injectFault({ kind: 'delay', ms: 300 }, { operation: 'RenewSession' });
    if (n === 2) {
      server.injectFault({ kind: 'delay', ms: 1500 }, { operation: 'GetLargestImageDownloadAuthorizations' });
      server.injectFault({ kind: 'delay', ms: 1500 }, { operation: 'GetImageDownloadAuthorizations' });
    }
    const checks: Thenable<ImageAuthorization[] | undefined>[] = [];
    const renewals: Promise<unknown>[] = [];
    for (let i = 0; i < Math.max(CHECKS, RENEWALS); i++) {
      if (i < CHECKS) {
        const [a, b, c] = idsOf(n, i);
        checks.push(vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageSizes: [{ ImageId: a, SizeKey: '' }, { ImageId: b, SizeKey: '' }, { ImageId: c, SizeKey: 'Small' }] }));
      }
      if (i < RENEWALS) {
        // The command, and the session manager's own renewal (what the timer calls), alike.
        renewals.push(i % 2 ? api.sessions.renew() : Promise.resolve(vscode.commands.executeCommand('gettyConnect.renewSession')));
      }
    }
    const result = { checks: await Promise.all(checks), renewals: await Promise.all(renewals) };
    server.clearFaults();
    return result;
  }

  test(`${CHECKS} checks and ${RENEWALS} renewals at once, twice: one renewal at a time, no result lost, no error`, async function () {
    this.timeout(60_000);
    const tokens = [api.sessions.current()?.token];
    for (const n of [1, 2]) {
      const { checks, renewals } = await wave(n);
      tokens.push(api.sessions.current()?.token);
      assert.ok(renewals.every((r) => r && typeof (r as { minutesRemaining?: number }).minutesRemaining === 'number'), `wave ${n}: every renewal resolved with the session: ${JSON.stringify(renewals)}`);
      checks.forEach((results, i) => {
        assert.deepStrictEqual(
          results?.map((r) => [r.imageId, r.status]),
          idsOf(n, i).map((id) => [id, 'Available']),
          `wave ${n}, check ${i}: every image came back`,
        );
      });
    }
    await tick(50);
    assert.strictEqual(server.peakInFlight('RenewSession'), 1, 'never two RenewSession requests at once');
    const renewRequests = server.requestsFor('RenewSession');
    assert.strictEqual(renewRequests.length, 2, `the renewals of a wave share one request: ${renewRequests.length}`);
    assert.strictEqual(new Set(tokens).size, 3, 'renewed once per wave');
    assert.strictEqual(api.sessions.state, 'active');
    assert.deepStrictEqual(ui.shown.filter((m) => m.kind !== 'info'), [], 'no error or warning');
    const inTree = new Set((api.authorizations.tree.roots() as ImageNode[]).map((r) => r.result.imageId));
    const asked = [1, 2].flatMap((n) => Array.from({ length: CHECKS }, (_, i) => idsOf(n, i)).flat());
    assert.deepStrictEqual(asked.filter((id) => !inTree.has(id)), [], 'every image is in the tree');
    console.log(`[figure] concurrency: ${2 * CHECKS} checks (${asked.length} images) and ${2 * RENEWALS} renewals started in 2 waves; ${renewRequests.length} RenewSession requests, at most ${server.peakInFlight('RenewSession')} at once; ${asked.length - asked.filter((id) => !inTree.has(id)).length} of ${asked.length} results kept`);
  });
});
