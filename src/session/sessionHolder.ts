// This window's session and its sync with the store. The store (SecretStorage, shared
// by every window) is the one truth: a session signed in, renewed or cleared elsewhere
// is adopted, and no window clears a store that holds someone else's session.
// SessionManager (sign-in, renewal, expiry) builds on it.
// No `vscode` import: the clock is injected so it is tested in Node.
import { EventEmitter } from 'events';
import { endSessionSecrets, sessionSecrets, SessionTokens } from '../connect';
import { Clock, SystemClock } from './clock';
import { SessionEvent, SessionManagerDeps } from './sessionEvents';
import { SessionState, SessionSummary, StoredSession, summarize } from './sessionTypes';

export abstract class SessionHolder {
  protected session: StoredSession | undefined;
  /** What the user last had, kept (without secrets) to show "expired" and pre-fill sign-in. */
  private ended: Pick<StoredSession, 'kind' | 'userName' | 'accountId' | 'expiresAt'> | undefined;
  /** Bumped whenever the session is replaced or ends: a renewal in flight checks it before adopting. */
  protected generation = 0;
  private readonly events = new EventEmitter();
  protected readonly clock: Clock;
  private readonly storeSubscription: { dispose(): void };
  /** This window's writes to the store in flight: a change event read meanwhile would be stale. */
  private writing = 0;

  constructor(protected readonly deps: SessionManagerDeps) {
    this.clock = deps.clock ?? new SystemClock();
    this.storeSubscription = deps.keychain.onDidChange(() => void this.syncFromStore());
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.events.on('change', listener);
    return { dispose: () => this.events.off('change', listener) };
  }

  /** Events a person should hear of (the UI subscribes and shows them). */
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

  /** The session as callers may see it (no token), or undefined when signed out. */
  summary(): SessionSummary | undefined {
    const s = this.session ?? this.ended;
    return s ? summarize(s, this.clock.now()) : undefined;
  }

  /** The current session with its tokens, for the Accounts menu (never shown or logged). */
  current(): Readonly<StoredSession> | undefined {
    return this.session;
  }

  /** Whether an operation that needs a user session's secure token can run now, and if not, why. */
  userState(): 'ready' | 'signedOut' | 'expired' | 'applicationSession' {
    const s = this.session;
    if (!s) return this.state === 'expired' ? 'expired' : 'signedOut';
    if (s.expiresAt <= this.clock.now()) return 'expired';
    return s.kind === 'user' && s.secureToken ? 'ready' : 'applicationSession';
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

  /**
   * Re-reads the store, where another window may have renewed or replaced the
   * session. Adopts a different, unexpired session found there; true when it did.
   */
  async adoptStored(): Promise<boolean> {
    const before = this.session?.token;
    await this.syncFromStore();
    return this.session !== undefined && this.session.token !== before;
  }

  dispose(): void {
    this.storeSubscription.dispose();
    this.events.removeAllListeners();
  }

  protected ownEndpoint(s: StoredSession): boolean {
    const now = this.deps.endpoint?.();
    return now === undefined || s.endpoint === undefined || s.endpoint === now;
  }

  /** Makes `tokens` this window's session (on top of `base`), and stores it. */
  protected async adopt(tokens: SessionTokens, base: Omit<StoredSession, 'token' | 'secureToken' | 'expiresAt'>): Promise<SessionSummary> {
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
  protected async end(s: StoredSession): Promise<void> {
    this.replace(undefined, s);
    await this.write(() => this.deps.keychain.clearIf(s.token));
  }

  /** A write of this window's to the store; change events that arrive meanwhile are ignored. */
  protected async write(op: () => Thenable<void>, onError: (error: unknown) => void = () => undefined): Promise<void> {
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
  protected replace(session: StoredSession | undefined, ended?: StoredSession): void {
    // A new session, a renewal (even one that kept the Token, here or elsewhere) or the end.
    this.sessionReplaced();
    const before = this.session;
    // Its secrets are masked in every log line while it lasts (also one adopted from another
    // window), and forgotten when it ends; a renewal of the same account's session keeps them.
    if (session) {
      const continued = !!before && before.systemId === session.systemId && before.kind === session.kind && before.userName === session.userName;
      sessionSecrets([session.token, session.secureToken, session.systemPassword], continued);
    } else if (before) {
      endSessionSecrets();
    }
    this.session = session;
    this.ended = ended ? { kind: ended.kind, userName: ended.userName, accountId: ended.accountId, expiresAt: Math.min(ended.expiresAt, this.clock.now()) } : undefined;
    this.generation++;
    this.changed();
  }

  protected emit(e: SessionEvent): void {
    this.events.emit('event', e);
  }

  protected changed(): void {
    this.schedule();
    this.events.emit('change');
  }

  /** A new token (or none) took the place of the old one. */
  protected abstract sessionReplaced(): void;

  /** Sets the one timer of the current session (renewal or expiry). */
  protected abstract schedule(): void;
}
