import * as assert from 'assert';
import { ConnectApiError, ConnectClient } from '../../src/connect';
import { Keychain } from '../../src/session/keychain';
import { SystemClock } from '../../src/session/clock';
import { SessionManager, SessionManagerDeps, SessionStateError } from '../../src/session/sessionManager';
import { ManualClock } from './support/manualClock';
import { StoredSession } from '../../src/session/sessionTypes';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { MemorySecrets } from './support/memorySecrets';

const USER = { ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword };



async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

/** Waits (in real time) until `done()` holds, for requests the fake server answers late. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 3000) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  await settle();
}

const MINUTE = 60_000;

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

  function make(overrides: Partial<SessionManagerDeps> = {}): SessionManager {
    const m = new SessionManager({
      keychain: new Keychain(secrets),
      client: () => new ConnectClient({ baseUrl: server.url, timeoutMs: 2000 }),
      renewBeforeMinutes: () => renewBefore,
      clock,
      ...overrides,
    });
    m.onEvent((e) => e.type === 'autoRenewFailed' && autoErrors.push(e.error));
    return m;
  }

  /** Puts a session straight into SecretStorage, as an earlier window (or version) left it. */
  async function store(session: Partial<StoredSession>): Promise<void> {
    await secrets.store('gettyConnect.session', JSON.stringify({ systemId: DEMO_SYSTEM.systemId, systemPassword: DEMO_SYSTEM.systemPassword, expiresAt: clock.t + 30 * MINUTE, ...session }));
  }

  function stateError(fn: () => unknown): SessionStateError {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof SessionStateError, String(err));
      return err;
    }
    return assert.fail('expected a SessionStateError');
  }

  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    );
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

  test('an application sign-in is summarised without user or account, and not renewing', async () => {
    const summary = await manager.signInApplication(DEMO_SYSTEM);
    assert.deepStrictEqual(summary, { kind: 'application', expiresAt: new Date(clock.t + 30 * MINUTE).toISOString(), minutesRemaining: 30 });
    assert.strictEqual(manager.isRenewing, false);
  });

  test('isRenewing holds while the renewal is in flight; listeners hear it start and end', async () => {
    await manager.signIn(USER);
    const seen: boolean[] = [];
    manager.onDidChange(() => seen.push(manager.isRenewing));
    const renewal = manager.renew();
    assert.strictEqual(manager.isRenewing, true);
    await renewal;
    assert.strictEqual(manager.isRenewing, false);
    assert.strictEqual(seen[0], true);
    assert.strictEqual(seen.at(-1), false);
  });

  test('a disposed change listener is not called again', async () => {
    let calls = 0;
    manager.onDidChange(() => calls++).dispose();
    await manager.signIn(USER);
    assert.strictEqual(calls, 0);
  });

  test('signed out: the secure token and a renewal both say to sign in', async () => {
    const err = stateError(() => manager.userSecureToken());
    assert.strictEqual(err.state, 'signedOut');
    assert.strictEqual(err.message, 'You are not signed in to Getty Connect.');
    assert.strictEqual(err.name, 'SessionStateError');
    const renewal = await rejection(manager.renew());
    assert.ok(renewal instanceof SessionStateError);
    assert.strictEqual(renewal.state, 'signedOut');
    assert.strictEqual(renewal.message, 'You are not signed in to Getty Connect.');
  });

  test('at the very moment of expiry the session is expired: no timer, no token, no renewal request', async () => {
    await manager.signIn(USER);
    clock.t += 30 * MINUTE; // exactly expiresAt, without firing the timers
    assert.strictEqual(manager.state, 'expired');
    manager.reschedule();
    assert.deepStrictEqual(clock.pending, [], 'nothing is scheduled for an expired session');
    const err = stateError(() => manager.userSecureToken());
    assert.strictEqual(err.state, 'expired');
    assert.strictEqual(err.message, 'The Getty Connect session has expired.');
    const renewal = await rejection(manager.renew());
    assert.ok(renewal instanceof SessionStateError);
    assert.strictEqual(renewal.state, 'expired');
    assert.strictEqual(renewal.message, 'The session has expired and cannot be renewed: sign in again.');
    assert.strictEqual(server.requestsFor('RenewSession').length, 0);
    assert.strictEqual(secrets.map.size, 0);
  });

  test('a session the service no longer accepts ends now: expired, named, no secrets, nothing left to renew', async () => {
    await manager.signIn(USER);
    clock.advance(10 * MINUTE);
    await manager.invalidate();
    assert.strictEqual(manager.state, 'expired');
    assert.strictEqual(secrets.map.size, 0);
    assert.deepStrictEqual(manager.summary(), { kind: 'user', accountId: DEMO_USER.accountId, userName: DEMO_USER.userName, expiresAt: new Date(clock.t).toISOString(), minutesRemaining: 0 });
    assert.strictEqual(stateError(() => manager.userSecureToken()).message, 'The Getty Connect session has expired.');
    const renewal = await rejection(manager.renew());
    assert.ok(renewal instanceof SessionStateError);
    assert.strictEqual(renewal.message, 'The session has expired and cannot be renewed: sign in again.');
    await manager.signOut();
    await manager.invalidate();
    assert.strictEqual(manager.state, 'signedOut', 'invalidating nothing does nothing');
  });

  test('a stored session without what downloads need is never used for them', async () => {
    await store({ kind: 'user', token: 'tok_old' });
    await manager.restore();
    assert.strictEqual(manager.state, 'active');
    const err = stateError(() => manager.userSecureToken());
    assert.strictEqual(err.state, 'applicationSession');
    assert.strictEqual(err.message, 'Download authorizations need a user sign-in: an anonymous application session has no secure token.');

    const other = make();
    await store({ kind: 'application', token: 'tok_app', secureToken: 'sec_odd' });
    await other.restore();
    assert.strictEqual(stateError(() => other.userSecureToken()).state, 'applicationSession');
    other.dispose();
  });

  test('restore with nothing stored leaves the user signed out', async () => {
    await manager.restore();
    assert.strictEqual(manager.state, 'signedOut');
    assert.strictEqual(manager.summary(), undefined);
  });

  test('the store is the one truth: a session another window signed in is adopted on the next read', async () => {
    await manager.signIn(USER);
    const other = make();
    await other.signIn(USER); // another window signs in: SecretStorage now holds its session
    await manager.restore();
    assert.strictEqual(manager.userSecureToken(), other.userSecureToken());
    other.dispose();
  });

  test('a stored session expiring at this very moment is shown as expired and removed', async () => {
    await store({ kind: 'user', token: 'tok_old', secureToken: 'sec_old', userName: 'ann', expiresAt: clock.t });
    await manager.restore();
    assert.strictEqual(manager.state, 'expired');
    assert.strictEqual(manager.summary()?.userName, 'ann');
    assert.strictEqual(secrets.map.size, 0);
  });

  test('a renewal that fails after the user signed in again keeps the new session', async () => {
    await manager.signIn(USER);
    server.expireAllTokens();
    server.injectFault({ kind: 'delay', ms: 150 }, { operation: 'RenewSession', times: 1 });
    const renewal = rejection(manager.renew());
    await until(() => server.requestsFor('RenewSession').length === 1, 'the renewal is sent');
    await manager.signIn(USER);
    const fresh = manager.userSecureToken();
    const err = await renewal;
    assert.ok(err instanceof ConnectApiError && err.reason === 'tokenExpired', String(err));
    assert.strictEqual(manager.state, 'active');
    assert.strictEqual(manager.userSecureToken(), fresh);
    assert.ok([...secrets.map.values()].join('').includes(fresh), 'the new session stays in SecretStorage');
  });

  test('dispose stops the timer and the listeners', async () => {
    await manager.signIn(USER);
    let calls = 0;
    manager.onDidChange(() => calls++);
    manager.dispose();
    assert.deepStrictEqual(clock.pending, []);
    await manager.signOut();
    assert.strictEqual(calls, 0);
  });

  test('turning automatic renewal off while a renewal is failing stops the retries', async () => {
    await manager.signIn(USER);
    server.injectFault({ kind: 'delay', ms: 100, then: { kind: 'http500' } }, { operation: 'RenewSession', times: 1 });
    clock.advance(25 * MINUTE);
    renewBefore = 0;
    await until(() => autoErrors.length === 1, 'the automatic renewal fails');
    assert.strictEqual(manager.state, 'active');
    assert.deepStrictEqual(clock.pending, [5 * MINUTE], 'only the expiry is left');
  });

  test('an automatic renewal that fails after the user signed in again does not retry for the new session', async () => {
    await manager.signIn(USER);
    server.injectFault({ kind: 'delay', ms: 150, then: { kind: 'http500' } }, { operation: 'RenewSession', times: 1 });
    clock.advance(25 * MINUTE);
    await until(() => server.requestsFor('RenewSession').length === 1, 'the renewal is sent');
    await manager.signIn(USER);
    await until(() => autoErrors.length === 1, 'the automatic renewal fails');
    assert.deepStrictEqual(clock.pending, [25 * MINUTE], 'the new session is renewed on its own schedule');
  });

  test('a failed automatic renewal of a short-lived token retries at half the time left', async () => {
    server.tokenLifetimeMinutes = 1;
    await manager.signIn(USER);
    assert.deepStrictEqual(clock.pending, [30_000]);
    server.injectFault({ kind: 'http500' }, { operation: 'RenewSession', times: 1 });
    clock.advance(30_000);
    await until(() => autoErrors.length === 1, 'the automatic renewal fails');
    assert.deepStrictEqual(clock.pending, [15_000]);
  });

  test('a token whose life equals the renewal window is renewed at half its life, not at once', async () => {
    server.tokenLifetimeMinutes = 5;
    await manager.signIn(USER);
    assert.deepStrictEqual(clock.pending, [2.5 * MINUTE]);
  });

  test('without an event listener, a failed automatic renewal still retries', async () => {
    manager.dispose();
    manager = new SessionManager({ keychain: new Keychain(secrets), client: () => new ConnectClient({ baseUrl: server.url, timeoutMs: 2000 }), renewBeforeMinutes: () => renewBefore, clock });
    await manager.signIn(USER);
    server.injectFault({ kind: 'http500' }, { operation: 'RenewSession', times: 1 });
    clock.advance(25 * MINUTE);
    await until(() => server.requestsFor('RenewSession').length === 1, 'the renewal is sent');
    assert.deepStrictEqual(clock.pending, [30_000]);
    assert.strictEqual(manager.state, 'active');
  });
});

suite('the system clock', () => {
  test('tells the time and runs and cancels timers; advance moves it and tells listeners', async () => {
    const systemClock = new SystemClock();
    const before = Date.now();
    const now = systemClock.now();
    assert.ok(now >= before && now <= Date.now());
    const fired: string[] = [];
    systemClock.setTimeout(() => fired.push('kept'), 5);
    systemClock.clearTimeout(systemClock.setTimeout(() => fired.push('cancelled'), 5));
    await new Promise((r) => setTimeout(r, 30));
    assert.deepStrictEqual(fired, ['kept']);
    assert.strictEqual(systemClock.pendingTimers, 0);
    let jumps = 0;
    systemClock.onDidJump(() => jumps++);
    systemClock.advance(60_000);
    assert.ok(systemClock.now() - Date.now() >= 59_000);
    systemClock.reset();
    assert.ok(Math.abs(systemClock.now() - Date.now()) < 1000);
    assert.strictEqual(jumps, 2);
  });
});
