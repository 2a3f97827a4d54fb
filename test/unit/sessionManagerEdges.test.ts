// The session model's edges that only show with a store that is slow, shared or
// failing: the renewal claim between windows, the wait for another window's
// renewal, this window's own writes racing change events, the bound on automatic
// retries, and what is kept of a session. A stub client answers at once, so each
// test controls exactly when the store and the service answer.
import * as assert from 'assert';
import { ApiResponse, ConnectApiError, ConnectClient, ConnectHttpError, ImageDetails, SessionTokens, SystemCredentials, UserCredentials } from '../../src/connect';
import { Keychain } from '../../src/session/keychain';
import { SessionEvent, SessionManager, SessionStateError } from '../../src/session/sessionManager';
import { SecretStore } from '../../src/session/sessionTypes';
import { ManualClock } from './support/manualClock';

const MINUTE = 60_000;
const SESSION_KEY = 'gettyConnect.session';
const CLAIM_KEY = 'gettyConnect.renewalClaim';
const ENDPOINT = 'https://connect.example.com/v1';
const USER: UserCredentials = { systemId: 'sys', systemPassword: 'sys-secret', userName: 'ann', userPassword: 'ann-secret' };

const settle = async (): Promise<void> => {
  for (let i = 0; i < 30; i++) await new Promise((r) => setImmediate(r));
};

/** Resolves with 'pending' when `p` has not settled after the event loop has run a while. */
async function stateOf(p: Promise<unknown>): Promise<'resolved' | 'rejected' | 'pending'> {
  let state: 'resolved' | 'rejected' | 'pending' = 'pending';
  p.then(() => (state = 'resolved'), () => (state = 'rejected'));
  await settle();
  return state;
}

/** A gate a test opens by hand: the store's answers wait on it. */
class Gate {
  private open: () => void = () => undefined;
  readonly opened = new Promise<void>((r) => (this.open = r));
  release(): void {
    this.open();
  }
}

/**
 * SecretStorage as every window sees it: change events go to every window (after the
 * write, asynchronously). Reads and writes can be held, or made to fail, per key.
 */
class Store {
  readonly map = new Map<string, string>();
  private readonly listeners = new Set<(e: { key: string }) => unknown>();
  holdGet: Gate | undefined;
  holdStore: Gate | undefined;
  failKey: string | undefined;
  /** Stands for another window whose renewal claim always lands last. */
  claimsWonBy: string | undefined;

  announce(key: string): void {
    setImmediate(() => this.listeners.forEach((l) => l({ key })));
  }
  /** One window's view; without `shared`, it hears of no change (one window, no renewal claims). */
  window(shared = true): SecretStore {
    const view: SecretStore = {
      get: async (k) => {
        const value = this.map.get(k); // read now, answered when the gate opens
        if (k === SESSION_KEY && this.holdGet) await this.holdGet.opened;
        return value;
      },
      store: async (k, v) => {
        if (k === this.failKey) throw new Error('Cannot create an item in a locked collection');
        if (k === SESSION_KEY && this.holdStore) await this.holdStore.opened;
        if (k === CLAIM_KEY && this.claimsWonBy) v = JSON.stringify({ ...JSON.parse(v), owner: this.claimsWonBy });
        this.map.set(k, v);
        this.announce(k);
      },
      delete: async (k) => {
        this.map.delete(k);
        this.announce(k);
      },
    };
    if (shared) {
      view.onDidChange = (l) => {
        this.listeners.add(l);
        return { dispose: () => this.listeners.delete(l) };
      };
    }
    return view;
  }
  stored(): { token?: string; accountId?: string; endpoint?: string } | undefined {
    const raw = this.map.get(SESSION_KEY);
    return raw === undefined ? undefined : (JSON.parse(raw) as { token?: string });
  }
}

/** A Connect service that answers at once; each RenewSession answer can be set. */
class StubClient extends ConnectClient {
  sessions = 0;
  renewals: string[] = [];
  /** What the next RenewSession answers: tokens, or an error to throw. */
  renewWith: ((token: string) => SessionTokens) | Error | undefined;
  constructor() {
    super({ baseUrl: ENDPOINT, timeoutMs: 1000 });
  }
  private answer(result: SessionTokens): ApiResponse<SessionTokens> {
    return { result, notices: [], status: 'Success', coordinationId: 'c' };
  }
  override async createSession(_creds: UserCredentials): Promise<ApiResponse<SessionTokens>> {
    this.sessions++;
    return this.answer({ token: `tok_${this.sessions}`, secureToken: `sec_${this.sessions}`, tokenDurationMinutes: 30, accountId: 'acc-1' });
  }
  /** The service still takes the token (asked after a renewal failed without a Connect error). */
  override async getImageDetails(): Promise<ApiResponse<ImageDetails[]>> {
    return { result: [], notices: [], status: 'Success', coordinationId: 'c' };
  }
  override async renewSession(token: string, _creds: SystemCredentials): Promise<ApiResponse<SessionTokens>> {
    this.renewals.push(token);
    const w = this.renewWith;
    if (w instanceof Error) throw w;
    return this.answer(w ? w(token) : { token: `tok_r${this.renewals.length}`, secureToken: `sec_r${this.renewals.length}`, tokenDurationMinutes: 30 });
  }
}

const transient = (): Error => new ConnectHttpError('RenewSession', 503, 'Service Unavailable', 'c');
const refused = (): Error => new ConnectApiError('RenewSession', [{ type: 'Error', code: 'FailedToRenewToken', message: 'The token is not valid.' }], 'c');

suite('session model: a slow, shared or failing store', () => {
  let store: Store;
  let clock: ManualClock;
  let client: StubClient;
  let windows: SessionManager[];
  let events: SessionEvent[];

  setup(() => {
    store = new Store();
    clock = new ManualClock();
    client = new StubClient();
    windows = [];
    events = [];
  });
  teardown(() => windows.forEach((w) => w.dispose()));

  function open(secrets: SecretStore = store.window()): SessionManager {
    const m = new SessionManager({ keychain: new Keychain(secrets), client: () => client, renewBeforeMinutes: () => 5, endpoint: () => ENDPOINT, clock });
    m.onEvent((e) => events.push(e));
    windows.push(m);
    return m;
  }

  test('a store that cannot hold the renewal claim: this window renews at once, without waiting for anyone', async () => {
    const a = open();
    await a.signIn(USER);
    store.failKey = CLAIM_KEY;
    const renewing = a.renew();
    assert.strictEqual(await stateOf(renewing), 'resolved', 'no timer had to fire');
    assert.deepStrictEqual(client.renewals, ['sec_1']);
    assert.strictEqual(a.current()?.token, 'tok_r1');
    assert.strictEqual(store.stored()?.token, 'tok_r1');
  });

  test('another window claims the renewal and never renews: this one waits 15 s for it, then renews itself', async () => {
    const a = open();
    await a.signIn(USER);
    store.claimsWonBy = 'another-window';
    const renewing = a.renew();
    await clock.run(15_000); // the claim settles (0.3 s), then 14.7 s of waiting
    assert.deepStrictEqual(client.renewals, [], 'still waiting for the other window');
    await clock.run(300);
    assert.strictEqual(await stateOf(renewing), 'resolved');
    const summary = await renewing;
    assert.deepStrictEqual(client.renewals, ['sec_1'], 'renewed here, once');
    assert.strictEqual(a.current()?.token, 'tok_r1');
    assert.strictEqual(summary.minutesRemaining, 30);
  });

  test('another window claims the renewal and renews: this one adopts its session and sends nothing', async () => {
    const a = open();
    await a.signIn(USER);
    store.claimsWonBy = 'another-window';
    const renewing = a.renew();
    await clock.run(900);
    store.map.set(SESSION_KEY, JSON.stringify({ ...JSON.parse(store.map.get(SESSION_KEY) as string), token: 'tok_other', secureToken: 'sec_other', expiresAt: clock.t + 30 * MINUTE }));
    await clock.run(300);
    const summary = await renewing;
    assert.deepStrictEqual(client.renewals, []);
    assert.strictEqual(a.current()?.token, 'tok_other');
    assert.strictEqual(summary.minutesRemaining, 30);
  });

  test('another window signs out while this one waits for its renewal: signed out, told so, nothing sent', async () => {
    const a = open();
    await a.signIn(USER);
    store.claimsWonBy = 'another-window';
    const renewing = a.renew().catch((e: unknown) => e);
    await clock.run(900);
    store.map.delete(SESSION_KEY);
    await clock.run(300);
    const err = await renewing;
    assert.ok(err instanceof SessionStateError && /ended in another window/.test(err.message), String(err));
    assert.strictEqual(a.state, 'signedOut');
    assert.deepStrictEqual(client.renewals, []);
    assert.strictEqual(store.stored(), undefined, 'nothing was written back');
  });

  test('a change event heard while this window saves its sign-in never signs it out, even if the read ends after the save', async () => {
    const a = open();
    const seen: string[] = [];
    a.onDidChange(() => seen.push(a.state));
    store.holdStore = new Gate();
    store.holdGet = new Gate();
    const signingIn = a.signIn(USER);
    await settle(); // the save is under way; the store still holds nothing
    store.announce(SESSION_KEY); // e.g. another window's earlier change, heard now
    await settle();
    assert.strictEqual(a.state, 'active', 'while the save is under way');
    store.holdStore.release(); // the save lands ...
    await signingIn;
    await settle();
    store.holdGet.release(); // ... before any read begun meanwhile could answer "nothing"
    store.holdGet = undefined;
    await settle();
    assert.deepStrictEqual(seen.filter((x) => x !== 'active'), [], 'never shown signed out');
    assert.strictEqual(a.state, 'active');
    assert.strictEqual(store.stored()?.token, 'tok_1');
  });

  test('a read of the store that ends while this window saves a sign-in is not adopted', async () => {
    const a = open();
    store.holdGet = new Gate();
    const reading = a.syncFromStore(); // reads "nothing stored", answered late
    await settle();
    store.holdStore = new Gate();
    const signingIn = a.signIn(USER);
    await settle();
    store.holdGet.release(); // the stale "nothing" arrives while the save is under way
    await reading;
    assert.strictEqual(a.state, 'active');
    store.holdGet = undefined;
    store.holdStore.release();
    await signingIn;
    await settle();
    assert.strictEqual(a.state, 'active');
    assert.strictEqual(a.current()?.token, 'tok_1');
  });

  test('after its own sign-in, a window still follows a sign-out made in another window', async () => {
    const a = open();
    const b = open();
    await a.signIn(USER);
    await settle();
    assert.strictEqual(b.state, 'active');
    await b.signOut();
    await settle();
    assert.strictEqual(a.state, 'signedOut');
    assert.strictEqual(a.current(), undefined);
  });

  test('a successful automatic renewal starts the retry count anew, even when the service keeps the token', async () => {
    const a = open(store.window(false));
    await a.signIn(USER);
    // Two transient failures, then a success that returns the same Token (the documents do not say it changes).
    client.renewWith = transient();
    clock.fire();
    await settle();
    clock.fire();
    await settle();
    client.renewWith = () => ({ token: 'tok_1', secureToken: 'sec_1', tokenDurationMinutes: 30 });
    clock.fire();
    await settle();
    assert.strictEqual(client.renewals.length, 3);
    assert.strictEqual(a.current()?.token, 'tok_1');
    // From here, four failures in a row are allowed again before giving up.
    client.renewWith = transient();
    for (let i = 0; i < 4; i++) {
      clock.fire();
      await settle();
    }
    assert.strictEqual(client.renewals.length, 7);
    assert.strictEqual(events.filter((e) => e.type === 'autoRenewFailed').length, 6);
    assert.strictEqual(clock.pending.length, 1, 'only the expiry is left');
    assert.ok(clock.pending[0] > 60_000);
  });

  test('a renewal by hand that keeps the Token also starts the automatic retry count anew', async () => {
    // RenewSession "extends the duration of a token": the answer may carry the same Token.
    const a = open(store.window(false));
    await a.signIn(USER);
    client.renewWith = transient();
    clock.fire();
    await settle();
    clock.fire();
    await settle();
    client.renewWith = () => ({ token: 'tok_1', secureToken: 'sec_1', tokenDurationMinutes: 30 });
    await a.renew(); // e.g. the Renew command
    client.renewWith = transient();
    for (let i = 0; i < 3; i++) {
      clock.fire();
      await settle();
    }
    assert.strictEqual(client.renewals.length, 6);
    assert.deepStrictEqual(clock.pending, [30_000], 'three failures since the success: still retried');
  });

  test('a new sign-in after automatic renewals gave up gets its own retries', async () => {
    const a = open(store.window(false));
    await a.signIn(USER);
    client.renewWith = transient();
    for (let i = 0; i < 4; i++) {
      clock.fire();
      await settle();
    }
    assert.strictEqual(client.renewals.length, 4);
    assert.ok(clock.pending.length === 1 && clock.pending[0] > 60_000, 'given up: only the expiry is left');
    await a.signIn(USER);
    clock.fire(); // the new session's automatic renewal, which fails
    await settle();
    assert.strictEqual(client.renewals.length, 5);
    assert.deepStrictEqual(clock.pending, [30_000], 'and is retried');
  });

  test('a renewal keeps the account, user name and endpoint when the answer leaves the account out', async () => {
    const a = open(store.window(false));
    await a.signIn(USER);
    await a.renew();
    assert.deepStrictEqual({ ...a.summary(), expiresAt: undefined }, { kind: 'user', accountId: 'acc-1', userName: 'ann', expiresAt: undefined, minutesRemaining: 30 });
    assert.strictEqual(store.stored()?.accountId, 'acc-1');
    assert.strictEqual(store.stored()?.endpoint, ENDPOINT);
  });

  test('a session refused by the service still shows whose it was: kind, user and account', async () => {
    const a = open(store.window(false));
    await a.signIn(USER);
    client.renewWith = refused();
    await assert.rejects(a.renew(), ConnectApiError);
    assert.strictEqual(a.state, 'expired');
    assert.deepStrictEqual(a.summary(), { kind: 'user', accountId: 'acc-1', userName: 'ann', expiresAt: new Date(clock.t).toISOString(), minutesRemaining: 0 });
    assert.strictEqual(store.stored(), undefined);
  });

  test('a session already shown as expired stays expired, and named, when it is invalidated again', async () => {
    const a = open(store.window(false));
    await a.signIn(USER);
    client.renewWith = refused();
    await assert.rejects(a.renew(), ConnectApiError);
    await a.invalidate(); // e.g. a second request refused with the old token
    assert.strictEqual(a.state, 'expired');
    assert.strictEqual(a.summary()?.userName, 'ann');
  });

  test('waiting for the restore leaves no timer behind once it is done', async () => {
    const a = open();
    store.holdGet = new Gate();
    void a.restore();
    const waiting = a.ready(3000);
    await settle();
    assert.deepStrictEqual(clock.pending, [3000], 'the bound of the wait');
    store.holdGet.release();
    await waiting;
    assert.deepStrictEqual(clock.pending, [], 'signed out: no timer runs');
  });
  test('two windows renewing at the same moment send one RenewSession; the other adopts its result', async () => {
    const a = open();
    const b = open();
    await a.signIn(USER);
    await settle();
    const both = Promise.all([a.renew(), b.renew()]);
    await clock.run(1200);
    await both;
    assert.strictEqual(client.renewals.length, 1);
    assert.strictEqual(a.current()?.token, 'tok_r1');
    assert.strictEqual(b.current()?.token, 'tok_r1');
  });

  test('a claim that cannot be read back (the store kept no claim) does not make this window wait', async () => {
    const a = open();
    await a.signIn(USER);
    const view = store.window();
    // The claim is written, and never read back.
    const dropping: SecretStore = { ...view, get: async (k) => (k === CLAIM_KEY ? undefined : view.get(k)) };
    const c = open(dropping);
    await c.restore();
    const renewing = c.renew();
    await clock.run(300);
    assert.strictEqual(await stateOf(renewing), 'resolved');
    assert.deepStrictEqual(client.renewals, ['sec_1']);
  });

  test('without change events, a renewal first re-reads the store and adopts what another window renewed', async () => {
    const a = open(store.window(false));
    const b = open(store.window(false));
    await a.signIn(USER);
    await b.restore();
    await a.renew();
    assert.strictEqual(b.current()?.token, 'tok_1', 'b has heard nothing yet');
    const summary = await b.renew();
    assert.deepStrictEqual(client.renewals, ['sec_1'], 'one RenewSession, from a');
    assert.strictEqual(b.current()?.token, 'tok_r1');
    assert.strictEqual(summary.minutesRemaining, 30);
  });

  test('a sign-out during the renewal request drops its answer, and says why', async () => {
    const a = open(store.window(false));
    await a.signIn(USER);
    let answer: (t: SessionTokens) => void = () => undefined;
    const held = class extends StubClient {
      override async renewSession(): Promise<ApiResponse<SessionTokens>> {
        return { result: await new Promise<SessionTokens>((r) => (answer = r)), notices: [], status: 'Success', coordinationId: 'c' };
      }
    };
    client = new held();
    const renewing = a.renew().catch((e: unknown) => e);
    await settle();
    await a.signOut();
    answer({ token: 'tok_late', secureToken: 'sec_late', tokenDurationMinutes: 30 });
    const err = await renewing;
    assert.ok(err instanceof SessionStateError && /changed while it was being renewed/.test(err.message), String(err));
    assert.strictEqual(a.state, 'signedOut');
    assert.strictEqual(store.stored(), undefined);
  });

  test('restore reads the store again each time it is asked', async () => {
    const a = open(store.window(false));
    await a.restore();
    assert.strictEqual(a.state, 'signedOut');
    const b = open(store.window(false));
    await b.signIn(USER);
    await a.restore();
    assert.strictEqual(a.current()?.token, 'tok_1');
  });

  test('another window renewed and the service kept the Token: the new expiry is adopted here', async () => {
    const a = open(store.window(false));
    await a.signIn(USER);
    clock.t += 10 * MINUTE;
    store.map.set(SESSION_KEY, JSON.stringify({ ...JSON.parse(store.map.get(SESSION_KEY) as string), expiresAt: clock.t + 30 * MINUTE }));
    await a.syncFromStore();
    assert.strictEqual(a.summary()?.minutesRemaining, 30);
  });

  test('signed out elsewhere at the very moment this session expires: shown as expired, not signed out', async () => {
    const a = open(store.window(false));
    await a.signIn(USER);
    clock.t += 30 * MINUTE; // no timer fired: the moment of expiry
    store.map.delete(SESSION_KEY);
    await a.syncFromStore();
    assert.strictEqual(a.state, 'expired');
    assert.strictEqual(a.summary()?.userName, 'ann');
  });

  test('recheck at the very moment of expiry ends the session and clears the store', async () => {
    const a = open(store.window(false));
    await a.signIn(USER);
    clock.t += 30 * MINUTE;
    await a.recheck();
    assert.strictEqual(a.current(), undefined);
    assert.strictEqual(a.state, 'expired');
    assert.strictEqual(store.stored(), undefined);
  });

  test('an endpoint "change" to the same endpoint keeps the session; signed out or invalidated while signed out, nothing happens', async () => {
    const a = open(store.window(false));
    await a.endpointChanged();
    await a.invalidate();
    assert.strictEqual(a.state, 'signedOut');
    await a.signIn(USER);
    await a.endpointChanged();
    assert.strictEqual(a.state, 'active');
    assert.strictEqual(store.stored()?.token, 'tok_1');
    assert.deepStrictEqual(events, []);
  });

  test('a renewal refused because the endpoint changed says the user is signed out', async () => {
    let endpoint = ENDPOINT;
    const a = new SessionManager({ keychain: new Keychain(store.window(false)), client: () => client, renewBeforeMinutes: () => 5, endpoint: () => endpoint, clock });
    windows.push(a);
    await a.signIn(USER);
    endpoint = 'https://other.example.com/v1';
    const err = await a.renew().catch((e: unknown) => e);
    assert.ok(err instanceof SessionStateError && err.state === 'signedOut', String(err));
  });

  test('a stored session is restored when either side does not know its endpoint (earlier versions did not record it)', async () => {
    const a = open(store.window(false));
    await a.signIn(USER);
    const noEndpointDep = new SessionManager({ keychain: new Keychain(store.window(false)), client: () => client, renewBeforeMinutes: () => 5, clock });
    windows.push(noEndpointDep);
    await noEndpointDep.restore();
    assert.strictEqual(noEndpointDep.current()?.token, 'tok_1');
    const older = JSON.parse(store.map.get(SESSION_KEY) as string) as Record<string, unknown>;
    delete older.endpoint;
    store.map.set(SESSION_KEY, JSON.stringify({ ...older, token: 'tok_older' }));
    const c = open(store.window(false));
    await c.restore();
    assert.strictEqual(c.current()?.token, 'tok_older');
    assert.deepStrictEqual(events, []);
  });

  test('a session of another endpoint heard from the store: named from where to where, and this window\'s own other session is kept', async () => {
    const a = open(store.window(false));
    await a.signIn(USER);
    store.map.set(SESSION_KEY, JSON.stringify({ kind: 'user', token: 'tok_there', systemId: 'sys', systemPassword: 'p', expiresAt: clock.t + 30 * MINUTE, endpoint: 'https://old.example.com/v1' }));
    await a.syncFromStore();
    assert.deepStrictEqual(events, [{ type: 'endpointChanged', from: 'https://old.example.com/v1', to: ENDPOINT }]);
    assert.strictEqual(a.current()?.token, 'tok_1', 'its own session stays');
    assert.strictEqual(store.stored(), undefined, 'the other endpoint\'s tokens are gone from the store');
  });

  test('this window\'s own session, seen in the store under another endpoint, ends here too', async () => {
    const a = open(store.window(false));
    await a.signIn(USER);
    const mine = JSON.parse(store.map.get(SESSION_KEY) as string) as Record<string, unknown>;
    store.map.set(SESSION_KEY, JSON.stringify({ ...mine, expiresAt: clock.t + 20 * MINUTE, endpoint: 'https://old.example.com/v1' }));
    await a.syncFromStore();
    assert.strictEqual(a.current(), undefined);
    assert.strictEqual(a.state, 'signedOut');
  });

  test('an expired session of someone else in the store does not end this window\'s valid one; the same session expired there does', async () => {
    const a = open(store.window(false));
    await a.signIn(USER);
    const mine = JSON.parse(store.map.get(SESSION_KEY) as string) as Record<string, unknown>;
    store.map.set(SESSION_KEY, JSON.stringify({ ...mine, token: 'tok_theirs', userName: 'bob', expiresAt: clock.t - MINUTE }));
    await a.syncFromStore();
    assert.strictEqual(a.state, 'active');
    assert.strictEqual(a.current()?.token, 'tok_1');
    store.map.set(SESSION_KEY, JSON.stringify({ ...mine, expiresAt: clock.t }));
    await a.syncFromStore();
    assert.strictEqual(a.state, 'expired');
    assert.strictEqual(a.summary()?.userName, 'ann');
    assert.strictEqual(store.stored(), undefined);
  });
});
