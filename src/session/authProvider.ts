// The Getty Connect session in VS Code's Accounts menu, and for other extensions:
// vscode.authentication.getSession(AUTH_PROVIDER_ID, [], …). Over the same session
// manager as the status bar and the tree, so they never disagree. Only user sessions
// are offered: an anonymous application session has no account to show.
import * as vscode from 'vscode';
import { AUTH_PROVIDER_ID } from '../names';
import { SessionManager } from './sessionManager';
import { SessionSummary, StoredSession } from './sessionTypes';

export { AUTH_PROVIDER_ID };
export const AUTH_PROVIDER_LABEL = 'Getty Images Connect';

function toAuthSession(s: Readonly<StoredSession>): vscode.AuthenticationSession {
  const label = s.userName ?? s.accountId ?? vscode.l10n.t('Getty Images user');
  const id = s.accountId ?? s.userName ?? label;
  return { id, accessToken: s.secureToken ?? '', account: { id, label }, scopes: [] };
}

export class ConnectAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changes.event;
  private last: vscode.AuthenticationSession | undefined;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly sessions: SessionManager,
    private readonly signIn: () => Promise<SessionSummary | undefined>,
    private readonly signOut: () => Promise<void>,
  ) {
    this.last = this.currentSession();
    this.subscription = sessions.onDidChange(() => this.announce());
  }

  private currentSession(): vscode.AuthenticationSession | undefined {
    const s = this.sessions.current();
    return s && s.kind === 'user' && s.secureToken && this.sessions.userState() === 'ready' ? toAuthSession(s) : undefined;
  }

  /** Tells VS Code what changed since the last announcement: added, a new access token, or removed. */
  private announce(): void {
    const now = this.currentSession();
    const before = this.last;
    this.last = now;
    if (!before && now) this.changes.fire({ added: [now], removed: [], changed: [] });
    else if (before && !now) this.changes.fire({ added: [], removed: [before], changed: [] });
    else if (before && now && before.id !== now.id) this.changes.fire({ added: [now], removed: [before], changed: [] });
    else if (before && now && before.accessToken !== now.accessToken) this.changes.fire({ added: [], removed: [], changed: [now] });
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    await this.sessions.ready();
    const s = this.currentSession();
    return s ? [s] : [];
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const summary = await this.signIn();
    const s = this.currentSession();
    if (!summary || !s) {
      throw new Error(vscode.l10n.t('Sign-in to Getty Images Connect was cancelled or failed.'));
    }
    return s;
  }

  async removeSession(sessionId: string): Promise<void> {
    if (this.currentSession()?.id === sessionId) {
      await this.signOut();
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changes.dispose();
  }
}
