// The session model when an answer is ambiguous: a renewal whose answer is lost, and a
// service that says something no document names. The session is ended only when the
// service really no longer takes its token.
import * as assert from 'assert';
import { ConnectClient, ConnectNetworkError, ConnectProtocolError } from '../../src/connect';
import { Keychain } from '../../src/session/keychain';
import { SessionManager, SessionStateError } from '../../src/session/sessionManager';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { ManualClock } from './support/manualClock';
import { MemorySecrets } from './support/memorySecrets';

const USER = { ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword };


suite('session recovery on ambiguous answers', () => {
  let server: FakeConnectServer;
  let manager: SessionManager;
  let store: MemorySecrets;

  suiteSetup(async () => {
    server = await FakeConnectServer.start();
  });
  suiteTeardown(async () => {
    await server.stop();
  });
  setup(async () => {
    server.reset();
    store = new MemorySecrets();
    manager = new SessionManager({
      keychain: new Keychain(store),
      client: () => new ConnectClient({ baseUrl: server.url, timeoutMs: 2000 }),
      renewBeforeMinutes: () => 5,
      clock: new ManualClock(),
    });
    await manager.signIn(USER);
  });
  teardown(() => manager.dispose());

  test('tokenAccepted: true while the service takes the secure token (asking for no real image), false once it does not', async () => {
    server.clearLog();
    assert.strictEqual(await manager.tokenAccepted(), true);
    const [probe] = server.requestsFor('GetImageDetails');
    assert.deepStrictEqual(probe.body, { ImageIds: ['0'] }, 'an ID no image has: nothing is used up');
    server.expireAllTokens();
    assert.strictEqual(await manager.tokenAccepted(), false);
  });

  test('tokenAccepted: a network failure cannot tell, so the token is not given up on a guess; no session, no token', async () => {
    server.injectFault({ kind: 'reset' }, { operation: 'GetImageDetails' });
    assert.strictEqual(await manager.tokenAccepted(), true);
    await manager.signOut();
    assert.strictEqual(await manager.tokenAccepted(), false);
  });

  for (const kind of ['truncate', 'wrongCoordinationId'] as const) {
    test(`a renewal answer lost (${kind}) after the service renewed and ended the old token: the session ends at once, saying why`, async () => {
      server.injectFault({ kind }, { operation: 'RenewSession' });
      const err = await manager.renew().then(
        () => assert.fail('renewed'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof SessionStateError, String(err));
      assert.strictEqual(err.state, 'expired');
      assert.match(err.message, /^The renewal's answer was lost \(RenewSession failed: .*\) and the service no longer accepts the old token: sign in again\.$/);
      assert.strictEqual(manager.current(), undefined);
      assert.strictEqual(store.map.get('gettyConnect.session'), undefined, 'gone from the store');
    });

    test(`a renewal answer lost (${kind}) when the service keeps the old token: the error as it is, the session kept`, async () => {
      server.quirks.renewalKeepsOldToken = true;
      const before = manager.current()?.token;
      server.injectFault({ kind }, { operation: 'RenewSession' });
      const err = await manager.renew().then(
        () => assert.fail('renewed'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ConnectNetworkError || err instanceof ConnectProtocolError, String(err));
      assert.strictEqual(manager.current()?.token, before);
      server.clearFaults();
      await manager.renew();
      assert.notStrictEqual(manager.current()?.token, before, 'the next renewal works');
    });
  }

  test('a renewal that failed before the service renewed (HTTP 500) keeps the session without a second thought', async () => {
    const before = manager.current()?.token;
    server.injectFault({ kind: 'http500' }, { operation: 'RenewSession' });
    await assert.rejects(manager.renew(), /HTTP 500/);
    assert.strictEqual(manager.current()?.token, before);
  });
});
