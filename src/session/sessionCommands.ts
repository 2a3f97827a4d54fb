// The session commands: sign in (user or application), renew, sign out.
// Each resolves to a SessionSummary (no token) or undefined when cancelled or failed.
import * as vscode from 'vscode';
import { classifyFailure, errorMessage, SystemCredentials, UserCredentials } from '../connect';
import { Log } from '../log';
import { showError, showInfo, showWarning, SHOW_LOG, SIGN_IN_AGAIN } from '../ui/notify';
import { SessionEvent, SessionManager } from './sessionManager';
import { SessionSummary } from './sessionTypes';
import { COMMANDS, STORAGE_KEYS } from '../names';

const LAST_SYSTEM_ID = STORAGE_KEYS.lastSystemId;
const LAST_USER_NAME = STORAGE_KEYS.lastUserName;

type Field = 'systemId' | 'systemPassword' | 'userName' | 'userPassword';

/** What each field's input box says, translated when asked. */
const PROMPTS = (): Record<Field, { title: string; prompt: string; password: boolean; remembered?: string }> => ({
  systemId: { title: vscode.l10n.t('System ID'), prompt: vscode.l10n.t('The participant System ID Getty Images assigned to you'), password: false, remembered: LAST_SYSTEM_ID },
  systemPassword: { title: vscode.l10n.t('System password'), prompt: vscode.l10n.t('The password of that System ID'), password: true },
  userName: { title: vscode.l10n.t('User name'), prompt: vscode.l10n.t('The Getty Images user name to act for'), password: false, remembered: LAST_USER_NAME },
  userPassword: { title: vscode.l10n.t('User password'), prompt: vscode.l10n.t('That user’s password (sent once, never stored)'), password: true },
});

export class SessionCommands {
  constructor(
    private readonly sessions: SessionManager,
    private readonly globalState: vscode.Memento,
    private readonly log: Log,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(COMMANDS.signIn, (arg?: Partial<UserCredentials>) => this.signIn(arg)),
      vscode.commands.registerCommand(COMMANDS.signInApplication, (arg?: Partial<SystemCredentials>) => this.signInApplication(arg)),
      vscode.commands.registerCommand(COMMANDS.renewSession, () => this.renew()),
      vscode.commands.registerCommand(COMMANDS.signOut, () => this.signOut()),
    ];
  }

  async signIn(arg?: Partial<UserCredentials>): Promise<SessionSummary | undefined> {
    const creds = await this.ask(['systemId', 'systemPassword', 'userName', 'userPassword'], arg, vscode.l10n.t('Sign In to Getty Connect'));
    if (!creds) {
      return undefined;
    }
    return this.start('Sign-in', () => this.sessions.signIn(creds as UserCredentials), creds);
  }

  async signInApplication(arg?: Partial<SystemCredentials>): Promise<SessionSummary | undefined> {
    const creds = await this.ask(['systemId', 'systemPassword'], arg, vscode.l10n.t('Sign In Anonymously (Application Session)'));
    if (!creds) {
      return undefined;
    }
    return this.start(vscode.l10n.t('Application sign-in'), () => this.sessions.signInApplication(creds as SystemCredentials), creds);
  }

  async renew(): Promise<SessionSummary | undefined> {
    const state = this.sessions.state;
    if (state === 'signedOut') {
      return this.signIn();
    }
    if (state === 'expired') {
      await this.sessions.invalidate();
      showWarning(vscode.l10n.t('The Getty Connect session has expired and cannot be renewed: sign in again.'), SIGN_IN_AGAIN());
      return undefined;
    }
    try {
      const summary = await this.sessions.renew();
      this.log.info(`Session renewed; ${summary.minutesRemaining} min left.`);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Getty Connect session renewed: {0} min', summary.minutesRemaining), 4000);
      return summary;
    } catch (err) {
      this.reportRenewalFailure(err);
      return undefined;
    }
  }

  /** What the session manager says a person should hear of. */
  report(e: SessionEvent): void {
    switch (e.type) {
      case 'autoRenewFailed':
        this.reportRenewalFailure(e.error, true);
        break;
      case 'notPersisted':
        this.log.warn(`The session could not be saved in the secret store: ${errorMessage(e.error)}`);
        showWarning(
          vscode.l10n.t('Signed in, but VS Code could not save the session in its secret store (no keyring?): it lasts until this window closes, and other windows do not see it. ') +
            vscode.l10n.t('On Linux, install and unlock a keyring (gnome-keyring or KWallet), or start VS Code with --password-store=basic.'),
          SHOW_LOG(),
        );
        break;
      case 'endpointChanged':
        this.log.info(`The endpoint changed from ${e.from || 'another'} to ${e.to}; the session of the old endpoint ended.`);
        showInfo(vscode.l10n.t('Signed out of Getty Connect: "gettyConnect.endpoint" changed to {0}, and a session\'s tokens are only sent to the endpoint that issued them. Sign in again.', e.to), SIGN_IN_AGAIN());
        break;
    }
  }

  /** Automatic renewals report here: quietly when the session is kept, loudly when it ended. */
  reportRenewalFailure(err: unknown, automatic = false): void {
    this.log.error(`${automatic ? 'Automatic renewal' : 'Renewal'} failed: ${errorMessage(err)}`);
    const failure = classifyFailure(err);
    if (failure.sessionOver || failure.sessionState) {
      showWarning(vscode.l10n.t('The Getty Connect session could not be renewed and has ended: {0}', errorMessage(err)), SIGN_IN_AGAIN(), SHOW_LOG());
      return;
    }
    const left = this.sessions.summary()?.minutesRemaining;
    if (!automatic) {
      showError(vscode.l10n.t('Renewal failed; the current session is kept ({0} min left)', left ?? 0), err);
    }
  }

  async signOut(): Promise<void> {
    await this.sessions.signOut();
    this.log.info('Signed out; tokens and stored credentials removed.');
    showInfo(vscode.l10n.t('Signed out of Getty Connect.'));
  }

  private async start(what: string, run: () => Promise<SessionSummary>, creds: Partial<UserCredentials>): Promise<SessionSummary | undefined> {
    try {
      const summary = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Getty Connect: signing in…') },
        run,
      );
      await this.globalState.update(LAST_SYSTEM_ID, creds.systemId);
      if (creds.userName) {
        await this.globalState.update(LAST_USER_NAME, creds.userName);
      }
      const who = summary.kind === 'user' ? vscode.l10n.t('as {0}', String(summary.userName)) : vscode.l10n.t('with an application session');
      this.log.info(`Signed in ${who}; the token is valid for ${summary.minutesRemaining} min.`);
      showInfo(vscode.l10n.t('Signed in to Getty Connect {0}; the session is valid for {1} min.', who, summary.minutesRemaining));
      return summary;
    } catch (err) {
      this.log.error(`${what} failed: ${errorMessage(err)}`);
      showError(vscode.l10n.t('{0} failed', what), err);
      return undefined;
    }
  }

  /** Asks for each missing field in turn; undefined when the user cancels. */
  private async ask(fields: Field[], given: Partial<UserCredentials> | undefined, title: string): Promise<Partial<UserCredentials> | undefined> {
    const values: Partial<UserCredentials> = {};
    for (const [i, f] of fields.entries()) {
      const preset = given && typeof given === 'object' ? given[f] : undefined;
      if (typeof preset === 'string' && preset !== '') {
        values[f] = preset;
        continue;
      }
      const p = PROMPTS()[f];
      const answer = await vscode.window.showInputBox({
        title: `${title} (${i + 1}/${fields.length})`,
        prompt: p.prompt,
        placeHolder: p.title,
        password: p.password,
        ignoreFocusOut: true,
        value: p.remembered ? this.globalState.get<string>(p.remembered) ?? '' : '',
        validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('{0} is required.', p.title) : undefined),
      });
      if (answer === undefined) {
        return undefined;
      }
      values[f] = p.password ? answer : answer.trim();
    }
    return values;
  }
}
