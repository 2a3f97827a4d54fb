// Owns this window's view of the Connect session: sign-in, renewal (shared by
// concurrent callers and scheduled before expiry), restore and sign-out. What the
// window holds and how it follows the store shared by every window is in
// sessionHolder.ts; how windows agree on one renewer, in renewalClaim.ts; when the
// timer fires, in renewalSchedule.ts.
// No `vscode` import: the clock and the timers are injected so it is tested in Node.
import { classifyFailure, ConnectApiError, errorMessage, MAX_ATTEMPTS, SessionStateError, SystemCredentials, UserCredentials } from '../connect';
import { Clock } from './clock';
import { ClaimContext, waitForStoreChange, winRenewalClaim } from './renewalClaim';
import { autoRetryDelay, nextTimer } from './renewalSchedule';
import { SessionEvent, SessionManagerDeps } from './sessionEvents';
import { SessionHolder } from './sessionHolder';
import { SessionSummary, StoredSession, summarize } from './sessionTypes';
import { l10n } from '../l10n';

export type { Clock, SessionEvent, SessionManagerDeps };
export { SessionStateError };

export class SessionManager extends SessionHolder {
  private renewing: Promise<SessionSummary> | undefined;
  private restoring: Promise<void> | undefined;
  private timer: unknown;
  /** When the scheduled automatic renewal is due (clock time); the status bar skips its tick before it. */
  private renewAt: number | undefined;
  /** Automatic renewals retried since the last success: bounded like every other retry. */
  private autoRetries = 0;
  private readonly claims: ClaimContext;

  constructor(deps: SessionManagerDeps) {
    super(deps);
    this.claims = { keychain: deps.keychain, id: Math.random().toString(36).slice(2), sleep: (ms) => this.sleep(ms) };
  }

  get isRenewing(): boolean {
    return this.renewing !== undefined;
  }

  /** When the automatic renewal is due (clock time), if one is scheduled. */
  get nextRenewalAt(): number | undefined {
    return this.renewAt;
  }

  /** Resolves once the restore at start has finished, or after `maxWaitMs`: commands run before it would see a premature "signed out". */
  async ready(maxWaitMs = 3000): Promise<void> {
    if (!this.restoring) return;
    let timer: unknown;
    await Promise.race([this.restoring.catch(() => undefined), new Promise<void>((r) => (timer = this.clock.setTimeout(r, maxWaitMs)))]);
    this.clock.clearTimeout(timer);
  }

  /** Reads a session left by an earlier window. An expired one is shown as expired, never used. */
  restore(): Promise<void> {
    this.restoring ??= this.syncFromStore().finally(() => (this.restoring = undefined));
    return this.restoring;
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

  /** The SecureToken when the user state is 'ready', else the SessionStateError that names what is missing. */
  userAccess(): { secureToken: string } | { problem: SessionStateError } {
    const state = this.userState();
    if (state === 'ready') return { secureToken: this.session?.secureToken as string };
    if (state === 'applicationSession') {
      return { problem: new SessionStateError('applicationSession', l10n.t('Download authorizations need a user sign-in: an anonymous application session has no secure token.')) };
    }
    return { problem: new SessionStateError(state, state === 'expired' ? l10n.t('The Getty Connect session has expired.') : l10n.t('You are not signed in to Getty Connect.')) };
  }

  /** The SecureToken for operations that need a user session; throws a SessionStateError naming what is missing. */
  userSecureToken(): string {
    const access = this.userAccess();
    if ('problem' in access) throw access.problem;
    return access.secureToken;
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

  /**
   * Whether the service still takes the session's secure token: asks for the details of an
   * image ID no image has (free, uses up nothing). Only a Connect error says no; a network
   * failure cannot tell, and a session is not ended on a guess.
   */
  async tokenAccepted(): Promise<boolean> {
    const s = this.session;
    if (!s?.secureToken || s.expiresAt <= this.clock.now()) return false;
    try {
      await this.deps.client().getImageDetails(s.secureToken, ['0']);
      return true;
    } catch (err) {
      return !(err instanceof ConnectApiError);
    }
  }

  /** Ends a session whose token the service no longer accepts. */
  async invalidate(): Promise<void> {
    if (this.session) {
      await this.end(this.session);
    }
  }

  override dispose(): void {
    this.cancelTimer();
    super.dispose();
  }

  /** Re-reads the renewal setting. */
  reschedule(): void {
    this.schedule();
  }

  private async doRenew(): Promise<SessionSummary> {
    // Another window may have renewed already: then there is nothing to do but adopt it.
    if (await this.adoptStored()) {
      return summarize(this.session as StoredSession, this.clock.now());
    }
    const s = this.session;
    if (!s) {
      throw new SessionStateError(this.state, this.state === 'expired' ? l10n.t('The session has expired and cannot be renewed: sign in again.') : l10n.t('You are not signed in to Getty Connect.'));
    }
    if (s.expiresAt <= this.clock.now()) {
      // The API cannot renew an expired token: don't even ask.
      await this.end(s);
      throw new SessionStateError('expired', l10n.t('The session has expired and cannot be renewed: sign in again.'));
    }
    if (!this.ownEndpoint(s)) {
      await this.endpointChanged();
      throw new SessionStateError('signedOut', l10n.t('The session belonged to another endpoint and has ended: sign in again.'));
    }
    if (this.deps.keychain.shared && !(await winRenewalClaim(this.claims, s.token))) {
      // Another window renews this token: its result is adopted from the store.
      if (await waitForStoreChange(this.claims, s.token, async () => (await this.syncFromStore(), this.session))) {
        return summarize(this.session as StoredSession, this.clock.now());
      }
      if (this.session !== s) {
        throw new SessionStateError(this.state, l10n.t('The session ended in another window while it was being renewed.'));
      }
      // The other window gave up: renew here.
    }
    const generation = this.generation;
    try {
      // An application session has no SecureToken: its Token is sent instead.
      const res = await this.deps.client().renewSession(s.secureToken ?? s.token, { systemId: s.systemId, systemPassword: s.systemPassword });
      if (this.generation !== generation) {
        // Signed out or replaced while the renewal was in flight: never bring the old session back.
        throw new SessionStateError(this.state, l10n.t('The session changed while it was being renewed; the renewal was dropped.'));
      }
      return await this.adopt(res.result, s);
    } catch (err) {
      if (classifyFailure(err).sessionOver && this.session === s && !(await this.adoptStored())) {
        // Refused, and the store still holds the token that was tried: the session is over.
        await this.end(s);
      } else if (!(err instanceof ConnectApiError) && this.session === s && s.secureToken && !(await this.tokenAccepted())) {
        // The answer was lost (cut off, garbled) after the service had renewed: the old token
        // is refused now, and the new one never arrived. Say so now, not at the next request.
        await this.end(s);
        throw new SessionStateError('expired', l10n.t("The renewal's answer was lost ({0}) and the service no longer accepts the old token: sign in again.", errorMessage(err)));
      }
      throw err;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }

  /** A new session, a renewal (even one that kept the Token) or the end: the automatic retries count anew. */
  protected sessionReplaced(): void {
    this.autoRetries = 0;
  }

  /** One timer: the next automatic renewal of the current session, or its expiry when none comes first. */
  protected schedule(retryInMs?: number): void {
    this.cancelTimer();
    const s = this.session;
    if (!s || this.renewing) {
      return;
    }
    const left = s.expiresAt - this.clock.now();
    if (left <= 0) {
      return;
    }
    const next = nextTimer({ left, renewBeforeMinutes: this.deps.renewBeforeMinutes(), jitterMs: this.deps.renewJitterMs?.() ?? 0, retryInMs });
    if (next.action === 'renew') this.renewAt = this.clock.now() + next.inMs;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.renewAt = undefined;
      if (next.action === 'expire') {
        if (this.session === s) void this.end(s);
        return;
      }
      this.renew().then(
        () => (this.autoRetries = 0),
        (err: unknown) => {
          this.emit({ type: 'autoRenewFailed', error: err });
          // A failure that leaves the session is retried, but no more often than any request is (MAX_ATTEMPTS in all).
          if (this.session === s && !classifyFailure(err).sessionOver) {
            // Given up: the session runs to its expiry, which still ends it.
            this.schedule(autoRetryDelay(++this.autoRetries, MAX_ATTEMPTS, s.expiresAt - this.clock.now()));
          }
        },
      );
    }, next.inMs);
  }

  private cancelTimer(): void {
    this.renewAt = undefined;
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
