import * as assert from 'assert';
import { ConnectClient } from '../../src/connect';
import { Keychain } from '../../src/session/keychain';
import { Clock, SessionManager, SessionStateError } from '../../src/session/sessionManager';
import { SecretStore } from '../../src/session/sessionTypes';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

const USER = { ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword };

class MemorySecrets implements SecretStore {
  readonly map = new Map<string, string>();
  async get(k: string) { return this.map.get(k); }
  async store(k: string, v: string) { this.map.set(k, v); }
  async delete(k: string) { this.map.delete(k); }
}

/** A clock the test moves by hand; timers fire when it passes them. */
class ManualClock implements Clock {
  t = Date.parse('2026-11-22T10:00:00Z');
  timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  now() { return this.t; }
  setTimeout(fn: () => void, ms: number) { const id = this.next++; this.timers.push({ at: this.t + ms, fn, id }); return id; }
  clearTimeout(h: unknown) { this.timers = this.timers.filter((x) => x.id !== h); }
  /** Moves time on, firing due timers in order. */
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
  get pending() { return this.timers.map((x) => x.at - this.t); }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

suite('SessionManager', () => {
  let server: FakeConnectServer;
  let secrets: MemorySecrets;
  let clock: ManualClock;
  let renewBefore: number;
  let autoErrors: unknown[];
  let manager: SessionManager;

  suiteSetup(async () => { server = await FakeConnectServer.start(); });
  suiteTeardown(async () => { await server.stop(); });
  setup(() => {
    server.reset();
    secrets = new MemorySecrets();
    clock = new ManualClock();
    renewBefore = 5;
    autoErrors = [];
    manager = make();
  });
  teardown(() => manager.dispose());

  function make(): SessionManager {
    const m = new SessionManager({
      keychain: new Keychain(secrets),
      client: () => new ConnectClient({ baseUrl: server.url, timeoutMs: 2000 }),
      renewBeforeMinutes: () => renewBefore,
      clock,
    });
    m.onEvent((e) => e.type === 'autoRenewFailed' && autoErrors.push(e.error));
    return m;
  }

  test('sign-in keeps the tokens and system password in SecretStorage, never the user password', async () => {
    const summary = await manager.signIn(USER);
    assert.deepStrictEqual(summary, { kind: 'user', accountId: DEMO_USER.accountId, userName: DEMO_USER.userName, expiresAt: new Date(clock.t + 30 * 60_000).toISOString(), minutesRemaining: 30 });
    const stored = [...secrets.map.values()].join('');
    assert.ok(stored.includes(manager.userSecureToken()));
    assert.ok(stored.includes(DEMO_SYSTEM.systemPassword));
    assert.ok(!stored.includes(DEMO_USER.userPassword));
    assert.strictEqual(manager.state, 'active');
  });

  test('five concurrent renewals share one RenewSession request', async () => {
    await manager.signIn(USER);
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => manager.renew()));
    assert.strictEqual(server.requestsFor('RenewSession').length, 1);
    assert.ok(results.every((r) => r.expiresAt === results[0].expiresAt));
  });

  test('schedules one automatic renewal renewBeforeExpiryMinutes before expiry, and none when set to 0', async () => {
    await manager.signIn(USER);
    assert.deepStrictEqual(clock.pending, [25 * 60_000]);
    renewBefore = 0;
    manager.reschedule();
    assert.deepStrictEqual(clock.pending, [30 * 60_000], 'only the expiry is left');
  });

  test('with automatic renewal off, the session ends at expiry: secrets removed, listeners told', async () => {
    renewBefore = 0;
    await manager.signIn(USER);
    let changes = 0;
    manager.onDidChange(() => changes++);
    clock.advance(30 * 60_000);
    await settle();
    assert.strictEqual(manager.state, 'expired');
    assert.strictEqual(secrets.map.size, 0);
    assert.ok(changes >= 1);
    assert.deepStrictEqual(clock.pending, []);
  });

  test('the automatic renewal fires, replaces the tokens and schedules the next one', async () => {
    await manager.signIn(USER);
    const before = manager.userSecureToken();
    clock.advance(25 * 60_000);
    await settle();
    assert.strictEqual(server.requestsFor('RenewSession').length, 1);
    assert.notStrictEqual(manager.userSecureToken(), before);
    assert.deepStrictEqual(clock.pending, [25 * 60_000]);
  });

  test('a token shorter-lived than the renewal window is renewed at half its life, not in a loop', async () => {
    server.tokenLifetimeMinutes = 2;
    await manager.signIn(USER);
    assert.deepStrictEqual(clock.pending, [60_000]);
  });

  test('a transient failure of an automatic renewal keeps the session and retries', async () => {
    await manager.signIn(USER);
    server.injectFault({ kind: 'http500' }, { times: 1 });
    clock.advance(25 * 60_000);
    await settle();
    assert.strictEqual(autoErrors.length, 1);
    assert.strictEqual(manager.state, 'active');
    assert.deepStrictEqual(clock.pending, [30_000]);
    clock.advance(30_000);
    await settle();
    assert.strictEqual(server.requestsFor('RenewSession').length, 2);
    assert.strictEqual(autoErrors.length, 1);
  });

  test('a renewal the service refuses ends the session and removes its secrets', async () => {
    await manager.signIn(USER);
    server.expireAllTokens();
    await assert.rejects(manager.renew(), /Sign in again/);
    assert.strictEqual(manager.state, 'expired');
    assert.strictEqual(secrets.map.size, 0);
    assert.strictEqual(manager.summary()?.userName, DEMO_USER.userName, 'the expired session is still named');
  });

  test('an expired session is not renewed at all: the API cannot renew expired tokens', async () => {
    renewBefore = 0;
    manager.reschedule();
    await manager.signIn(USER);
    clock.advance(31 * 60_000);
    assert.strictEqual(manager.state, 'expired');
    await assert.rejects(manager.renew(), (e: unknown) => e instanceof SessionStateError && e.state === 'expired');
    assert.strictEqual(server.requestsFor('RenewSession').length, 0);
    assert.throws(() => manager.userSecureToken(), /expired/);
  });

  test('restore brings back a valid session and shows an expired one as expired, without using it', async () => {
    await manager.signIn(USER);
    const token = manager.userSecureToken();
    const second = make();
    await second.restore();
    assert.strictEqual(second.state, 'active');
    assert.strictEqual(second.userSecureToken(), token);
    second.dispose();

    clock.advance(40 * 60_000);
    const third = make();
    await third.restore();
    assert.strictEqual(third.state, 'expired');
    assert.strictEqual(secrets.map.size, 0);
    third.dispose();
  });

  test('an application session renews with its Token and cannot give a secure token', async () => {
    await manager.signInApplication(DEMO_SYSTEM);
    assert.throws(() => manager.userSecureToken(), (e: unknown) => e instanceof SessionStateError && e.state === 'applicationSession');
    const before = server.requests.length;
    await manager.renew();
    assert.strictEqual(server.requests.length, before + 1);
  });

  test('wrong credentials leave the previous valid session untouched', async () => {
    await manager.signIn(USER);
    const token = manager.userSecureToken();
    await assert.rejects(manager.signIn({ ...USER, userPassword: 'nope-nope' }), /user name or user password is wrong/);
    assert.strictEqual(manager.userSecureToken(), token);
    assert.strictEqual(manager.state, 'active');
  });

  test('sign-out forgets everything and stops the timer', async () => {
    await manager.signIn(USER);
    await manager.signOut();
    assert.strictEqual(manager.state, 'signedOut');
    assert.strictEqual(manager.summary(), undefined);
    assert.strictEqual(secrets.map.size, 0);
    assert.deepStrictEqual(clock.pending, []);
  });
});
