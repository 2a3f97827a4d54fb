// Several windows, one session: two SessionManagers over one SecretStorage that
// fires onDidChange as VS Code's does (asynchronously, sometimes twice), on one clock.
import * as assert from 'assert';
import { ConnectApiError, ConnectClient, SystemCredentials } from '../../src/connect';
import { Keychain } from '../../src/session/keychain';
import { SessionEvent, SessionManager, SessionStateError } from '../../src/session/sessionManager';
import { ManualClock } from './support/manualClock';
import { SecretStore } from '../../src/session/sessionTypes';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

const USER = { ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword };
const KEY = 'gettyConnect.session';

/** One store for all windows; every change is announced to every window, twice. */
class SharedSecrets {
  readonly map = new Map<string, string>();
  private readonly listeners = new Set<(e: { key: string }) => unknown>();
  failWrites = false;
  private announce(key: string): void {
    for (let i = 0; i < 2; i++) setImmediate(() => this.listeners.forEach((l) => l({ key })));
  }
  /** The view one window has of it. */
  window(): SecretStore {
    return {
      get: async (k) => this.map.get(k),
      store: async (k, v) => {
        if (this.failWrites) throw new Error('Cannot create an item in a locked collection');
        this.map.set(k, v);
        this.announce(k);
      },
      delete: async (k) => {
        this.map.delete(k);
        this.announce(k);
      },
      onDidChange: (listener) => {
        this.listeners.add(listener);
        return { dispose: () => this.listeners.delete(listener) };
      },
    };
  }
  token(): string | undefined {
    return (JSON.parse(this.map.get(KEY) ?? '{}') as { token?: string }).token;
  }
}


const settle = async (): Promise<void> => {
  for (let i = 0; i < 30; i++) await new Promise((r) => setImmediate(r));
};

suite('one session in every window', () => {
  let server: FakeConnectServer;
  let secrets: SharedSecrets;
  let clock: ManualClock;
  let endpoint: string;
  let windows: SessionManager[];
  let events: SessionEvent[];

  suiteSetup(async () => { server = await FakeConnectServer.start(); });
  suiteTeardown(async () => { await server.stop(); });
  setup(() => {
    server.reset();
    secrets = new SharedSecrets();
    clock = new ManualClock();
    endpoint = server.url;
    events = [];
    windows = [open(), open()];
  });
  teardown(() => windows.forEach((w) => w.dispose()));

  function open(client?: () => ConnectClient): SessionManager {
    const m = new SessionManager({
      keychain: new Keychain(secrets.window()),
      client: client ?? (() => new ConnectClient({ baseUrl: endpoint, timeoutMs: 5000 })),
      renewBeforeMinutes: () => 5,
      endpoint: () => endpoint,
      clock,
    });
    m.onEvent((e) => events.push(e));
    return m;
  }

  test('a sign-in in one window is adopted by the other; a sign-out too, and it stops renewing', async () => {
    const [a, b] = windows;
    await a.signIn(USER);
    await settle();
    assert.strictEqual(b.state, 'active');
    assert.strictEqual(b.userSecureToken(), a.userSecureToken());
    await a.signOut();
    await settle();
    assert.strictEqual(b.state, 'signedOut');
    assert.strictEqual(secrets.map.get(KEY), undefined);
    await clock.run(30 * 60_000);
    assert.strictEqual(server.requestsFor('RenewSession').length, 0, 'nobody renews a signed-out session');
    assert.strictEqual(secrets.map.get(KEY), undefined, 'and nothing is written back');
  });

  test('both timers fire together: exactly one RenewSession, and the other window adopts its result', async () => {
    const [a, b] = windows;
    await a.signIn(USER);
    await settle();
    await clock.run(25 * 60_000 + 2000);
    await settle();
    assert.strictEqual(server.requestsFor('RenewSession').length, 1);
    assert.strictEqual(a.state, 'active');
    assert.strictEqual(b.state, 'active');
    assert.strictEqual(a.userSecureToken(), b.userSecureToken());
    assert.strictEqual(secrets.token(), a.current()?.token);
    assert.strictEqual(server.isTokenValid(a.userSecureToken()), true);
    assert.deepStrictEqual(events.filter((e) => e.type === 'autoRenewFailed'), []);
  });

  test('a window whose renewal is refused re-reads the store: it adopts the newer session there and never clears it', async () => {
    let release: () => void = () => undefined;
    const refusing = class extends ConnectClient {
      override async renewSession(_t: string, _c: SystemCredentials): Promise<never> {
        await new Promise<void>((r) => (release = r));
        throw new ConnectApiError('RenewSession', [{ type: 'Error', code: 'FailedToRenewToken', message: 'The token is not valid.' }], 'c');
      }
    };
    const stale = open(() => new refusing({ baseUrl: endpoint, timeoutMs: 5000 }));
    windows.push(stale);
    const [a] = windows;
    await a.signIn(USER);
    await settle();
    const renewing = stale.renew().catch((e: unknown) => e);
    await clock.run(CLAIM_SETTLE); // its RenewSession is out, and held
    const other = a.renew(); // meanwhile another window renews and stores the new session
    await clock.run(CLAIM_SETTLE);
    await other;
    await settle();
    release();
    const err = await renewing;
    await settle();
    assert.ok(err instanceof ConnectApiError, String(err));
    assert.strictEqual(secrets.token(), a.current()?.token, 'the newer session is still in the store');
    assert.strictEqual(stale.current()?.token, a.current()?.token, 'and the refused window adopted it');
    assert.strictEqual(stale.state, 'active');
  });

  test('a sign-out while a renewal is in flight stays a sign-out', async () => {
    const [a] = windows;
    await a.signIn(USER);
    await settle();
    server.injectFault({ kind: 'delay', ms: 300 }, { operation: 'RenewSession', times: 1 });
    const renewing = a.renew().catch((e: unknown) => e);
    await clock.run(CLAIM_SETTLE);
    await a.signOut();
    const err = await renewing;
    await settle();
    assert.ok(err instanceof SessionStateError, String(err));
    assert.strictEqual(a.state, 'signedOut');
    assert.strictEqual(windows[1].state, 'signedOut');
    assert.strictEqual(secrets.map.get(KEY), undefined, 'the renewal wrote nothing back');
  });

  test('a new sign-in while a renewal is in flight is not replaced by the renewal', async () => {
    const [a] = windows;
    await a.signIn(USER);
    await settle();
    server.injectFault({ kind: 'delay', ms: 300 }, { operation: 'RenewSession', times: 1 });
    const renewing = a.renew().catch((e: unknown) => e);
    await clock.run(CLAIM_SETTLE);
    await a.signIn(USER);
    const fresh = a.current()?.token;
    await renewing;
    await settle();
    assert.strictEqual(a.current()?.token, fresh);
    assert.strictEqual(secrets.token(), fresh);
  });

  test('an endpoint change ends the session; its tokens never go to the new host', async () => {
    const [a, b] = windows;
    await a.signIn(USER);
    await settle();
    const other = await FakeConnectServer.start();
    try {
      endpoint = other.url;
      await a.endpointChanged();
      await b.endpointChanged();
      await settle();
      assert.deepStrictEqual(events.filter((e) => e.type === 'endpointChanged').length >= 1, true);
      assert.strictEqual(a.state, 'expired');
      assert.throws(() => a.userSecureToken(), SessionStateError);
      await assert.rejects(a.renew(), SessionStateError);
      assert.strictEqual(other.requests.length, 0, 'nothing was sent to the new endpoint');
      assert.strictEqual(secrets.map.get(KEY), undefined);
      const c = open();
      windows.push(c);
      await c.restore();
      assert.strictEqual(c.state, 'signedOut');
    } finally {
      await other.stop();
    }
  });

  test('a stored session of another endpoint is not restored', async () => {
    const [a] = windows;
    await a.signIn(USER);
    endpoint = 'https://connect.example.com/v1';
    const c = open();
    windows.push(c);
    await c.restore();
    assert.strictEqual(c.state, 'signedOut');
    assert.ok(events.some((e) => e.type === 'endpointChanged'));
  });

  test('a keyring failure still signs in, in this window only, and says so; nothing is written elsewhere', async () => {
    const [a, b] = windows;
    secrets.failWrites = true;
    const summary = await a.signIn(USER);
    await settle();
    assert.strictEqual(summary.kind, 'user');
    assert.strictEqual(a.state, 'active');
    assert.strictEqual(b.state, 'signedOut');
    assert.strictEqual(secrets.map.size, 0);
    const failure = events.find((e) => e.type === 'notPersisted');
    assert.ok(failure, 'a notPersisted event tells the UI to warn');
  });

  test('the wall clock jumps (sleep): the session shows as expired, and the store is cleared', async () => {
    const [a, b] = windows;
    await a.signIn(USER);
    await settle();
    clock.t += 31 * 60_000; // no timer fired during the sleep
    assert.strictEqual(a.state, 'expired');
    await a.recheck();
    await settle();
    assert.strictEqual(secrets.map.get(KEY), undefined);
    assert.strictEqual(b.state, 'expired');
    assert.strictEqual(server.requestsFor('RenewSession').length, 0);
  });

  test('repeated and empty change events change nothing', async () => {
    const [a, b] = windows;
    await a.signIn(USER);
    await settle();
    let changes = 0;
    b.onDidChange(() => changes++);
    for (let i = 0; i < 5; i++) await b.syncFromStore();
    assert.strictEqual(changes, 0);
  });
});

const CLAIM_SETTLE = 400;
