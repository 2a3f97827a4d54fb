// Making sure there is a user session before an operation that needs its secure
// token, and getting one back when the service refuses it mid-way. Used by the
// check and the download alike; each call says what happened.
import * as vscode from 'vscode';
import { ConnectApiError } from '../connect';
import { Log } from '../log';
import { SHOW_LOG } from '../ui/notify';
import { SessionManager, SessionStateError } from './sessionManager';
import { SessionSummary } from './sessionTypes';

export type Recovery = 'ready' | 'adopted' | 'signedIn' | 'declined';

export class UserSessionGate {
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
  async ensure(subject: string, purpose: string): Promise<Recovery> {
    await this.sessions.ready();
    const state = this.sessions.userState();
    if (state === 'ready') return 'ready';
    const message =
      state === 'applicationSession'
        ? `${subject} need a user sign-in: the current session is an anonymous application session, which has no secure token.`
        : state === 'expired'
          ? `The Getty Connect session has expired. Sign in again to ${purpose}.`
          : `${subject} need a Getty Connect user sign-in.`;
    const signIn = state === 'applicationSession' ? 'Sign In as User' : 'Sign In';
    const choice = await vscode.window.showWarningMessage(message, signIn, SHOW_LOG);
    if (choice === SHOW_LOG) this.log.show();
    if (choice !== signIn) return 'declined';
    return (await this.signIn())?.kind === 'user' ? 'signedIn' : 'declined';
  }

  /**
   * True when `err` says the session's token no longer works: the session's own clock
   * says it expired, or the service refused it with a code no document names (the
   * documents name none for an expired or replaced token), or asked for a secure token
   * although a user session's secure token was sent.
   */
  refused(err: unknown): boolean {
    if (err instanceof SessionStateError) return err.state === 'expired';
    return err instanceof ConnectApiError && (err.reason === 'unknown' || err.reason === 'tokenExpired' || err.reason === 'secureTokenRequired');
  }

  /**
   * Another window may have renewed or replaced the session: adopt what the store holds
   * then. Otherwise the session has ended; offer to sign in again, naming what the
   * service said.
   */
  async recover(err: unknown, during: string): Promise<Recovery> {
    if (await this.sessions.adoptStored()) {
      this.log.info(`The service refused the token during ${during}; adopted the session found in the store and went on.`);
      return 'adopted';
    }
    const expired = err instanceof SessionStateError || this.sessions.state === 'expired';
    const said = err instanceof ConnectApiError ? ` (${err.statusList.map((s) => `${s.code || 'no code'}: ${s.message || 'no message'}`).join('; ') || 'no details'})` : '';
    // A code no document names (or none at all) may have nothing to do with the token: ask
    // the service whether it still takes it before ending a session that may be fine.
    if (!expired && err instanceof ConnectApiError && err.reason === 'unknown' && (await this.sessions.tokenAccepted())) {
      this.log.warn(`The service failed ${during}${said} but still accepts the session's token: the session is kept.`);
      return 'declined'; // no other session to go on with: the caller reports the failure
    }
    this.log.warn(`The session ended during ${during}${said}.`);
    await this.sessions.invalidate();
    const again = 'Sign In Again';
    const message = expired
      ? `The Getty Connect session expired during ${during}. Sign in again to go on?`
      : `The Connect service refused the session's token during ${during}${said}. It may have been replaced by a sign-in or renewal elsewhere, or have expired on the server. Sign in again to go on?`;
    if ((await vscode.window.showWarningMessage(message, again)) !== again) return 'declined';
    return (await this.signIn())?.kind === 'user' ? 'signedIn' : 'declined';
  }
}
