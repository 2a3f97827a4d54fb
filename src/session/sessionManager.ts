// Owns the current Connect session: sign-in, renewal (shared by concurrent
// callers and scheduled before expiry), restore and sign-out. No `vscode`
// import: the clock and the timers are injected so it is tested in Node.
import { EventEmitter } from 'events';
import { ConnectClient, isAuthFailure, SessionTokens, SystemCredentials, UserCredentials } from '../connect';
import { Clock, SystemClock } from './clock';
import { Keychain } from './keychain';
import { SessionState, SessionSummary, StoredSession, summarize } from './sessionTypes';

export type { Clock };

export interface SessionManagerDeps {
  keychain: Keychain;
  client: () => ConnectClient;
  /** `gettyConnect.renewBeforeExpiryMinutes`; 0 turns automatic renewal off. */
  renewBeforeMinutes: () => number;
  clock?: Clock;
  /** Told about automatic renewals that failed (manual ones throw to their caller). */
  onAutoRenewError?: (err: unknown) => void;
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

export class SessionManager {
  private session: StoredSession | undefined;
  /** What the user last had, kept (without secrets) to show "expired" and pre-fill sign-in. */
  private ended: Pick<StoredSession, 'kind' | 'userName' | 'accountId' | 'expiresAt'> | undefined;
  private renewing: Promise<SessionSummary> | undefined;
  private timer: unknown;
  private readonly events = new EventEmitter();
  private readonly clock: Clock;

  constructor(private readonly deps: SessionManagerDeps) {
    this.clock = deps.clock ?? new SystemClock();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.events.on('change', listener);
    return { dispose: () => this.events.off('change', listener) };
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

  /** The session as callers may see it (no token), or undefined when signed out. */
  summary(): SessionSummary | undefined {
    const s = this.session ?? this.ended;
    return s ? summarize(s, this.clock.now()) : undefined;
  }

  private restoring: Promise<void> | undefined;

  /**
   * Resolves once the restore at start has finished, or after `maxWaitMs`: commands run
   * before it would otherwise see a premature "signed out".
   */
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
    this.restoring ??= this.doRestore().finally(() => (this.restoring = undefined));
    return this.restoring;
  }

  private async doRestore(): Promise<void> {
    const stored = await this.deps.keychain.load();
    if (!stored || this.session) {
      return;
    }
    if (stored.expiresAt <= this.clock.now()) {
      await this.end(stored);
      return;
    }
    this.session = stored;
    this.changed();
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
    this.session = undefined;
    this.ended = undefined;
    await this.deps.keychain.clear();
    this.changed();
  }

  /** The SecureToken for operations that need a user session; throws a SessionStateError naming what is missing. */
  userSecureToken(): string {
    const s = this.session;
    if (!s) {
      throw new SessionStateError(this.state, this.state === 'expired' ? 'The Getty Connect session has expired.' : 'You are not signed in to Getty Connect.');
    }
    if (s.kind !== 'user' || !s.secureToken) {
      throw new SessionStateError('applicationSession', 'Download authorizations need a user sign-in: an anonymous application session has no secure token.');
    }
    if (s.expiresAt <= this.clock.now()) {
      throw new SessionStateError('expired', 'The Getty Connect session has expired.');
    }
    return s.secureToken;
  }

  /**
   * Re-reads the store, where another window may have renewed or replaced the
   * session. Adopts a different, unexpired session found there; true when it did.
   */
  async adoptStored(): Promise<boolean> {
    const stored = await this.deps.keychain.load();
    if (!stored || stored.expiresAt <= this.clock.now() || stored.token === this.session?.token) {
      return false;
    }
    this.session = stored;
    this.ended = undefined;
    this.changed();
    return true;
  }

  /**
   * Recomputes the state from the clock, which may have jumped (the machine slept):
   * a session whose expiry has passed ends now, and the timers are set anew.
   */
  async recheck(): Promise<void> {
    const s = this.session;
    if (s && s.expiresAt <= this.clock.now()) {
      await this.end(s);
    } else {
      this.changed();
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
    this.events.removeAllListeners();
  }

  private async doRenew(): Promise<SessionSummary> {
    const s = this.session;
    if (!s) {
      throw new SessionStateError(this.state, this.state === 'expired' ? 'The session has expired and cannot be renewed: sign in again.' : 'You are not signed in to Getty Connect.');
    }
    if (s.expiresAt <= this.clock.now()) {
      // The API cannot renew an expired token: don't even ask.
      await this.end(s);
      throw new SessionStateError('expired', 'The session has expired and cannot be renewed: sign in again.');
    }
    try {
      // An application session has no SecureToken: its Token is sent instead.
      const res = await this.deps.client().renewSession(s.secureToken ?? s.token, { systemId: s.systemId, systemPassword: s.systemPassword });
      return await this.adopt(res.result, s);
    } catch (err) {
      if (isAuthFailure(err) && this.session === s) {
        await this.end(s);
      }
      throw err;
    }
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
    await this.deps.keychain.save(session);
    this.session = session;
    this.ended = undefined;
    this.changed();
    return summarize(session, this.clock.now());
  }

  private async end(s: StoredSession): Promise<void> {
    this.session = undefined;
    this.ended = { kind: s.kind, userName: s.userName, accountId: s.accountId, expiresAt: Math.min(s.expiresAt, this.clock.now()) };
    await this.deps.keychain.clear();
    this.changed();
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
    let renewIn = before > 0 ? retryInMs ?? left - before * 60_000 : Infinity;
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
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.renew().catch((err: unknown) => {
        this.deps.onAutoRenewError?.(err);
        if (this.session === s && !isAuthFailure(err)) {
          this.schedule(Math.min(AUTO_RETRY_MS, (s.expiresAt - this.clock.now()) / 2));
        }
      });
    }, renewIn);
  }

  private cancelTimer(): void {
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
