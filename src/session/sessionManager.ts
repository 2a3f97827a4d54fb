// Owns this window's view of the Connect session: sign-in, renewal (shared by
// concurrent callers and scheduled before expiry), restore and sign-out. The
// store (SecretStorage, shared by every window) is the one truth: a session signed
// in, renewed or cleared elsewhere is adopted, a renewal another window made is
// not made twice, and no window clears a store that holds someone else's session.
// No `vscode` import: the clock and the timers are injected so it is tested in Node.
import { EventEmitter } from 'events';
import { ConnectClient, isAuthFailure, MAX_ATTEMPTS, SessionTokens, SystemCredentials, UserCredentials } from '../connect';
import { Clock, SystemClock } from './clock';
import { Keychain } from './keychain';
import { SessionState, SessionSummary, StoredSession, summarize } from './sessionTypes';

export type { Clock };

export interface SessionManagerDeps {
  keychain: Keychain;
  client: () => ConnectClient;
  /** `gettyConnect.renewBeforeExpiryMinutes`; 0 turns automatic renewal off. */
  renewBeforeMinutes: () => number;
  /** The endpoint requests go to now: a session belongs to the endpoint that issued it. */
  endpoint?: () => string;
  clock?: Clock;
  /** Subtracted from each automatic renewal's delay, so that windows do not renew together. */
  renewJitterMs?: () => number;
}

/** Thrown when an operation needs a session state the user is not in. */
export class SessionStateError extends Error {
  constructor(readonly state: SessionState | 'applicationSession', message: string) {
    super(message);
    this.name = 'SessionStateError';
  }
}

/** Retry delay for an automatic renewal that failed for a transient reason. */
const AUTO_RETRY_MS = 30_000;
/** How long windows take to agree on the one that renews, and how long the others wait for its result. */
const CLAIM_SETTLE_MS = 300;
const CLAIM_WAIT_MS = 15_000;

export type SessionEvent =
  | { type: 'autoRenewFailed'; error: unknown }
  /** The store could not keep the session (no keyring): it lives in this window's memory only. */
  | { type: 'notPersisted'; error: unknown }
  /** The endpoint setting changed: the session of the old endpoint ended. */
  | { type: 'endpointChanged'; from: string; to: string };

export class SessionManager {
  private session: StoredSession | undefined;
  /** What the user last had, kept (without secrets) to show "expired" and pre-fill sign-in. */
  private ended: Pick<StoredSession, 'kind' | 'userName' | 'accountId' | 'expiresAt'> | undefined;
  private renewing: Promise<SessionSummary> | undefined;
  private restoring: Promise<void> | undefined;
  /** Bumped whenever the session is replaced or ends: a renewal in flight checks it before adopting. */
  private generation = 0;
  private timer: unknown;
  private renewAt: number | undefined;
  private readonly events = new EventEmitter();
  private readonly clock: Clock;
  private readonly storeSubscription: { dispose(): void };
  /** This window's writes to the store in flight: a change event read meanwhile would be stale. */
  private writing = 0;
  /** Automatic renewals retried since the last success: bounded like every other retry. */
  private autoRetries = 0;
  /** This window, in renewal claims. */
  private readonly id = Math.random().toString(36).slice(2);

  constructor(private readonly deps: SessionManagerDeps) {
    this.clock = deps.clock ?? new SystemClock();
    this.storeSubscription = deps.keychain.onDidChange(() => void this.syncFromStore());
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.events.on('change', listener);
    return { dispose: () => this.events.off('change', listener) };
  }

  /** Events a person should hear of (the UI shows them). */
  onEvent(listener: (e: SessionEvent) => void): { dispose(): void } {
    this.events.on('event', listener);
    return { dispose: () => this.events.off('event', listener) };
  }

  get state(): SessionState {
    if (this.session) {
      return this.session.expiresAt > this.clock.now() ? 'active' : 'expired';
    }
    return this.ended ? 'expired' : 'signedOut';
  }

  get isRenewing(): boolean {
    return this.renewing !== undefined;
  }

  /** When the automatic renewal is due (clock time), if one is scheduled. */
  get nextRenewalAt(): number | undefined {
    return this.renewAt;
  }

  /** The session as callers may see it (no token), or undefined when signed out. */
  summary(): SessionSummary | undefined {
    const s = this.session ?? this.ended;
    return s ? summarize(s, this.clock.now()) : undefined;
  }

  /** The current session with its tokens, for the Accounts menu (never shown or logged). */
  current(): Readonly<StoredSession> | undefined {
    return this.session;
  }

  /** Resolves once the restore at start has finished, or after `maxWaitMs`: commands run before it would see a premature "signed out". */
  async ready(maxWaitMs = 3000): Promise<void> {
    if (!this.restoring) return;
    let timer: unknown;
    await Promise.race([this.restoring.catch(() => undefined), new Promise<void>((r) => (timer = this.clock.setTimeout(r, maxWaitMs)))]);
    this.clock.clearTimeout(timer);
  }

  /** Whether an operation that needs a user session's secure token can run now, and if not, why. */
  userState(): 'ready' | 'signedOut' | 'expired' | 'applicationSession' {
    const s = this.session;
    if (!s) return this.state === 'expired' ? 'expired' : 'signedOut';
    if (s.expiresAt <= this.clock.now()) return 'expired';
    return s.kind === 'user' && s.secureToken ? 'ready' : 'applicationSession';
  }

  /** Reads a session left by an earlier window. An expired one is shown as expired, never used. */
  restore(): Promise<void> {
    this.restoring ??= this.syncFromStore().finally(() => (this.restoring = undefined));
    return this.restoring;
  }

  /**
   * Adopts what the store holds when it differs from this window's session: signed in,
   * renewed or cleared elsewhere. Change events may repeat or carry nothing new: the
   * values are compared. A stored session of another endpoint, or an expired one, is not used.
   */
  async syncFromStore(): Promise<void> {
    if (this.writing > 0) return; // our own write announces itself when it lands
    const stored = await this.deps.keychain.load();
    if (this.writing > 0) return;
    const mine = this.session;
    if (stored?.token === mine?.token && stored?.expiresAt === mine?.expiresAt) return;
    if (!stored) {
      if (!mine) return;
      // Signed out elsewhere (or ended there): this window follows.
      this.replace(undefined, mine.expiresAt <= this.clock.now() ? mine : undefined);
      return;
    }
    if (!this.ownEndpoint(stored)) {
      // Issued by another endpoint: its tokens must not go to this one.
      this.emit({ type: 'endpointChanged', from: stored.endpoint ?? '', to: this.deps.endpoint?.() ?? '' });
      if (mine?.token === stored.token) this.replace(undefined, undefined);
      await this.deps.keychain.clearIf(stored.token).then(undefined, () => undefined);
      return;
    }
    if (stored.expiresAt <= this.clock.now()) {
      // Shown as expired, never used; gone from the store.
      if (!mine || mine.token === stored.token) this.replace(undefined, stored);
      await this.deps.keychain.clearIf(stored.token).then(undefined, () => undefined);
      return;
    }
    this.replace(stored);
  }

  async signIn(creds: UserCredentials): Promise<SessionSummary> {
    const res = await this.deps.client().createSession(creds);
    // The user password is sent once and never kept.
    return this.adopt(res.result, { kind: 'user', systemId: creds.systemId, systemPassword: creds.systemPassword, userName: creds.userName });
  }

  async signInApplication(creds: SystemCredentials): Promise<SessionSummary> {
    const res = await this.deps.client().createApplicationSession(creds);
    return this.adopt(res.result, { kind: 'application', systemId: creds.systemId, systemPassword: creds.systemPassword });
  }

  /** Renews the session; concurrent calls share one RenewSession request. */
  renew(): Promise<SessionSummary> {
    if (!this.renewing) {
      this.renewing = this.doRenew().finally(() => {
        this.renewing = undefined;
        this.changed();
      });
      this.changed();
    }
    return this.renewing;
  }

  async signOut(): Promise<void> {
    this.replace(undefined, undefined);
    await this.write(() => this.deps.keychain.clear());
  }

  /** The SecureToken for operations that need a user session; throws a SessionStateError naming what is missing. */
  userSecureToken(): string {
    const state = this.userState();
    if (state === 'ready') return this.session?.secureToken as string;
    if (state === 'applicationSession') {
      throw new SessionStateError('applicationSession', 'Download authorizations need a user sign-in: an anonymous application session has no secure token.');
    }
    throw new SessionStateError(state, state === 'expired' ? 'The Getty Connect session has expired.' : 'You are not signed in to Getty Connect.');
  }

  /**
   * Re-reads the store, where another window may have renewed or replaced the
   * session. Adopts a different, unexpired session found there; true when it did.
   */
  async adoptStored(): Promise<boolean> {
    const before = this.session?.token;
    await this.syncFromStore();
    return this.session !== undefined && this.session.token !== before;
  }

  /** Recomputes the state from the clock, which may have jumped (sleep): an expired session ends now. */
  async recheck(): Promise<void> {
    const s = this.session;
    if (s && s.expiresAt <= this.clock.now()) {
      await this.end(s);
    } else {
      this.changed();
    }
  }

  /** The endpoint setting changed: a session issued by another endpoint ends, and its tokens go nowhere. */
  async endpointChanged(): Promise<void> {
    const s = this.session;
    if (s && !this.ownEndpoint(s)) {
      this.emit({ type: 'endpointChanged', from: s.endpoint ?? '', to: this.deps.endpoint?.() ?? '' });
      await this.end(s);
    }
  }

  /** Ends a session whose token the service no longer accepts. */
  async invalidate(): Promise<void> {
    if (this.session) {
      await this.end(this.session);
    }
  }

  dispose(): void {
    this.cancelTimer();
    this.storeSubscription.dispose();
    this.events.removeAllListeners();
  }

  private ownEndpoint(s: StoredSession): boolean {
    const now = this.deps.endpoint?.();
    return now === undefined || s.endpoint === undefined || s.endpoint === now;
  }

  private async doRenew(): Promise<SessionSummary> {
    // Another window may have renewed already: then there is nothing to do but adopt it.
    if (await this.adoptStored()) {
      return summarize(this.session as StoredSession, this.clock.now());
    }
    const s = this.session;
    if (!s) {
      throw new SessionStateError(this.state, this.state === 'expired' ? 'The session has expired and cannot be renewed: sign in again.' : 'You are not signed in to Getty Connect.');
    }
    if (s.expiresAt <= this.clock.now()) {
      // The API cannot renew an expired token: don't even ask.
      await this.end(s);
      throw new SessionStateError('expired', 'The session has expired and cannot be renewed: sign in again.');
    }
    if (!this.ownEndpoint(s)) {
      await this.endpointChanged();
      throw new SessionStateError('signedOut', 'The session belonged to another endpoint and has ended: sign in again.');
    }
    if (this.deps.keychain.shared && !(await this.winRenewalClaim(s))) {
      // Another window renews this token: its result is adopted from the store.
      if (await this.waitForStoreChange(s.token)) {
        return summarize(this.session as StoredSession, this.clock.now());
      }
      if (this.session !== s) {
        throw new SessionStateError(this.state, 'The session ended in another window while it was being renewed.');
      }
      // The other window gave up: renew here.
    }
    const generation = this.generation;
    try {
      // An application session has no SecureToken: its Token is sent instead.
      const res = await this.deps.client().renewSession(s.secureToken ?? s.token, { systemId: s.systemId, systemPassword: s.systemPassword });
      if (this.generation !== generation) {
        // Signed out or replaced while the renewal was in flight: never bring the old session back.
        throw new SessionStateError(this.state, 'The session changed while it was being renewed; the renewal was dropped.');
      }
      return await this.adopt(res.result, s);
    } catch (err) {
      if (isAuthFailure(err) && this.session === s && !(await this.adoptStored())) {
        // Refused, and the store still holds the token that was tried: the session is over.
        await this.end(s);
      }
      throw err;
    }
  }

  /**
   * Windows that share the store agree on one renewer: each writes its claim, waits a
   * moment, and the one whose claim is read back renews. Without events (one window) there
   * is nobody to agree with.
   */
  private async winRenewalClaim(s: StoredSession): Promise<boolean> {
    try {
      await this.deps.keychain.claimRenewal(this.id, s.token);
      await this.sleep(CLAIM_SETTLE_MS);
      const owner = await this.deps.keychain.renewalOwner(s.token);
      return owner === undefined || owner === this.id;
    } catch {
      return true; // no store to agree through: renew
    }
  }

  /** Waits until the store holds another session than the one with `token`; true when it was adopted. */
  private async waitForStoreChange(token: string): Promise<boolean> {
    for (let waited = 0; waited < CLAIM_WAIT_MS; waited += CLAIM_SETTLE_MS) {
      await this.syncFromStore();
      if (this.session?.token !== token) return this.session !== undefined;
      await this.sleep(CLAIM_SETTLE_MS);
    }
    return false;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }

  private async adopt(tokens: SessionTokens, base: Omit<StoredSession, 'token' | 'secureToken' | 'expiresAt'>): Promise<SessionSummary> {
    const session: StoredSession = {
      kind: base.kind,
      systemId: base.systemId,
      systemPassword: base.systemPassword,
      token: tokens.token,
      expiresAt: this.clock.now() + tokens.tokenDurationMinutes * 60_000,
    };
    if (tokens.secureToken) session.secureToken = tokens.secureToken;
    if (base.userName) session.userName = base.userName;
    const accountId = tokens.accountId ?? base.accountId;
    if (accountId) session.accountId = accountId;
    const endpoint = this.deps.endpoint?.() ?? base.endpoint;
    if (endpoint) session.endpoint = endpoint;
    this.replace(session);
    // No keyring (Linux without one): the session still works here, in memory only.
    await this.write(() => this.deps.keychain.save(session), (error) => this.emit({ type: 'notPersisted', error }));
    return summarize(session, this.clock.now());
  }

  /** Ends `s`; the store is cleared only while it still holds `s`, never someone else's newer session. */
  private async end(s: StoredSession): Promise<void> {
    this.replace(undefined, s);
    await this.write(() => this.deps.keychain.clearIf(s.token));
  }

  /** A write of this window's to the store; change events that arrive meanwhile are ignored. */
  private async write(op: () => Thenable<void>, onError: (error: unknown) => void = () => undefined): Promise<void> {
    this.writing++;
    try {
      await op();
    } catch (error) {
      onError(error);
    } finally {
      this.writing--;
    }
  }

  /** Sets the session (undefined: none; `ended` kept to show "expired"), bumps the generation, tells listeners. */
  private replace(session: StoredSession | undefined, ended?: StoredSession): void {
    if (session?.token !== this.session?.token) this.autoRetries = 0;
    this.session = session;
    this.ended = ended ? { kind: ended.kind, userName: ended.userName, accountId: ended.accountId, expiresAt: Math.min(ended.expiresAt, this.clock.now()) } : undefined;
    this.generation++;
    this.changed();
  }

  private emit(e: SessionEvent): void {
    this.events.emit('event', e);
  }

  private changed(): void {
    this.schedule();
    this.events.emit('change');
  }

  /** One timer: the next automatic renewal of the current session, or its expiry when none comes first. */
  private schedule(retryInMs?: number): void {
    this.cancelTimer();
    const s = this.session;
    if (!s || this.renewing) {
      return;
    }
    const left = s.expiresAt - this.clock.now();
    if (left <= 0) {
      return;
    }
    const before = this.deps.renewBeforeMinutes();
    // A token shorter-lived than the renewal window is renewed at half its life, not in a loop.
    const due = left - before * 60_000;
    // The jitter moves a renewal earlier by at most half the time until it is due.
    let renewIn = before > 0 ? retryInMs ?? due - Math.min(this.deps.renewJitterMs?.() ?? 0, Math.max(0, due / 2)) : Infinity;
    if (renewIn <= 0) {
      renewIn = left / 2;
    }
    if (renewIn >= left) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        if (this.session === s) {
          void this.end(s);
        }
      }, left);
      return;
    }
    this.renewAt = this.clock.now() + renewIn;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.renewAt = undefined;
      this.renew().then(
        () => (this.autoRetries = 0),
        (err: unknown) => {
          this.emit({ type: 'autoRenewFailed', error: err });
          // A transient failure is retried, but no more often than any request is (MAX_ATTEMPTS in all).
          if (this.session === s && !isAuthFailure(err)) {
            // Given up: the session runs to its expiry, which still ends it.
            this.schedule(++this.autoRetries < MAX_ATTEMPTS ? Math.min(AUTO_RETRY_MS, (s.expiresAt - this.clock.now()) / 2) : Infinity);
          }
        },
      );
    }, renewIn);
  }

  private cancelTimer(): void {
    this.renewAt = undefined;
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** Re-reads the renewal setting. */
  reschedule(): void {
    this.schedule();
  }
}
