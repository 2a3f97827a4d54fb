// Making sure there is a user session before an operation that needs its secure
// token, and getting one back when the service refuses it mid-way. Used by the
// check and the download alike; each call says what happened.
import * as vscode from 'vscode';
import { classifyFailure, ConnectApiError, SessionStateError } from '../connect';
import { Log } from '../log';
import { SHOW_LOG } from '../ui/notify';
import { SessionManager } from './sessionManager';
import { SessionSummary } from './sessionTypes';

/** Before an operation: there is a user session, one was signed in, or the person declined. */
export type Readiness = 'ready' | 'signedIn' | 'declined';

/**
 * After the session's token was refused mid-way: a renewed session was found (another
 * window renewed or replaced it), the person signed in again, declined to, or recovery
 * is impossible (the failure is not one a new session mends).
 */
export type Recovery = 'renewed' | 'signedIn' | 'declined' | 'impossible';

/** True when the operation can go on with the session it has now. */
export function recovered(outcome: Recovery): boolean {
  return outcome === 'renewed' || outcome === 'signedIn';
}

export class SessionRecovery {
  constructor(
    private readonly sessions: SessionManager,
    private readonly log: Log,
    private readonly signIn: () => Promise<SessionSummary | undefined>,
  ) {}

  /**
   * 'ready' when there is a user session, else after offering a sign-in: 'signedIn' or
   * 'declined'. `subject` names what needs it ("Download authorizations"), `purpose`
   * what the person wants to do ("check download authorizations").
   */
  async ensure(subject: string, purpose: string): Promise<Readiness> {
    await this.sessions.ready();
    const state = this.sessions.userState();
    if (state === 'ready') return 'ready';
    const message =
      state === 'applicationSession'
        ? vscode.l10n.t('{0} need a user sign-in: the current session is an anonymous application session, which has no secure token.', subject)
        : state === 'expired'
          ? vscode.l10n.t('The Getty Connect session has expired. Sign in again to {0}.', purpose)
          : vscode.l10n.t('{0} need a Getty Connect user sign-in.', subject);
    const signIn = state === 'applicationSession' ? vscode.l10n.t('Sign In as User') : vscode.l10n.t('Sign In');
    const choice = await vscode.window.showWarningMessage(message, signIn, SHOW_LOG());
    if (choice === SHOW_LOG()) this.log.show();
    if (choice !== signIn) return 'declined';
    return (await this.signIn())?.kind === 'user' ? 'signedIn' : 'declined';
  }

  /**
   * Recovers the session after `err` failed a request during `during` ("the check"):
   * 'impossible' unless `err` says the session's token no longer works. Another window
   * may have renewed or replaced the session: adopted, that is 'renewed'. Otherwise the
   * session has ended; the person is offered to sign in again, naming what the service said.
   */
  async recover(err: unknown, during: string): Promise<Recovery> {
    if (!classifyFailure(err).tokenRefused) return 'impossible';
    if (await this.sessions.adoptStored()) {
      this.log.info(`The service refused the token during ${during}; adopted the session found in the store and went on.`);
      return 'renewed';
    }
    const expired = err instanceof SessionStateError || this.sessions.state === 'expired';
    const said = err instanceof ConnectApiError ? ` (${err.statusList.map((s) => `${s.code || 'no code'}: ${s.message || 'no message'}`).join('; ') || 'no details'})` : '';
    // A code no document names (or none at all) may have nothing to do with the token: ask
    // the service whether it still takes it before ending a session that may be fine.
    if (!expired && err instanceof ConnectApiError && err.reason === 'unknown' && (await this.sessions.tokenAccepted())) {
      this.log.warn(`The service failed ${during}${said} but still accepts the session's token: the session is kept.`);
      return 'impossible'; // a new session would not mend it: the caller reports the failure
    }
    this.log.warn(`The session ended during ${during}${said}.`);
    await this.sessions.invalidate();
    const again = vscode.l10n.t('Sign In Again');
    const message = expired
      ? vscode.l10n.t('The Getty Connect session expired during {0}. Sign in again to go on?', during)
      : vscode.l10n.t("The Connect service refused the session's token during {0}{1}. It may have been replaced by a sign-in or renewal elsewhere, or have expired on the server. Sign in again to go on?", during, said);
    if ((await vscode.window.showWarningMessage(message, again)) !== again) return 'declined';
    return (await this.signIn())?.kind === 'user' ? 'signedIn' : 'declined';
  }

  /** One recovery shared by every request of an operation: the first refusal recovers, the others wait for it. */
  sharedBy(during: string): (err: unknown) => Promise<Recovery> {
    let shared: Promise<Recovery> | undefined;
    return (err) => (classifyFailure(err).tokenRefused ? (shared ??= this.recover(err, during)) : Promise.resolve('impossible'));
  }
}
