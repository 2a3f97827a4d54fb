// The session model's edges that only show with a store that is slow, shared or
// failing: the renewal claim between windows, the wait for another window's
// renewal, this window's own writes racing change events, the bound on automatic
// retries, and what is kept of a session. A stub client answers at once, so each
// test controls exactly when the store and the service answer.
import * as assert from 'assert';
import { ApiResponse, ConnectApiError, ConnectClient, ConnectHttpError, SessionTokens, SystemCredentials, UserCredentials } from '../../src/connect';
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

  test('a change event read while this window saves its sign-in does not sign it out', async () => {
    const a = open();
    store.holdStore = new Gate();
    const signingIn = a.signIn(USER);
    await settle(); // the save is under way; the store still holds nothing
    store.announce(SESSION_KEY); // e.g. another window's earlier change, heard now
    await settle();
    assert.strictEqual(a.state, 'active', 'while the save is under way');
    store.holdStore.release();
    await signingIn;
    await settle();
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
});
