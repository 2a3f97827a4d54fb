// The one status-bar item: the session's remaining minutes, renewed on click.
// It is redrawn on session events and once a minute from the expiry time.
import * as vscode from 'vscode';
import { Clock } from './clock';
import { SessionManager } from './sessionManager';
import { minutesLeft } from './sessionTypes';

const WARN_MINUTES = 5;

export class SessionStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private timer: unknown;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly sessions: SessionManager,
    private readonly clock: Clock,
  ) {
    this.item = vscode.window.createStatusBarItem('gettyConnect.session', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Getty Connect Session';
    this.subscription = sessions.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  update(): void {
    this.stopTimer();
    const item = this.item;
    const summary = this.sessions.summary();
    const state = this.sessions.state;
    item.backgroundColor = undefined;
    if (!summary || state === 'signedOut') {
      item.text = '$(sign-in) Getty';
      item.tooltip = 'Getty Connect: signed out. Click to sign in.';
      item.command = 'gettyConnect.signIn';
      return;
    }
    const who = summary.kind === 'user' ? `${summary.userName ?? 'user'}${summary.accountId ? ` (account ${summary.accountId})` : ''}` : 'anonymous application session';
    const clock = new Date(summary.expiresAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    if (state === 'expired') {
      item.text = '$(error) Getty expired';
      item.tooltip = `Getty Connect: session expired — click to sign in again.\nThe session of ${who} expired at ${clock}.`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      item.command = summary.kind === 'user' ? 'gettyConnect.signIn' : 'gettyConnect.signInApplication';
      return;
    }
    const expiresAt = Date.parse(summary.expiresAt);
    const minutes = minutesLeft(expiresAt, this.clock.now());
    if (this.sessions.isRenewing) {
      item.text = `$(sync~spin) Getty renewing…`;
    } else {
      item.text = `$(key) ${minutes} min`;
    }
    item.tooltip = `Getty Connect: signed in as ${who}.\nThe token expires at ${clock} (${minutes} min left).\nClick to renew.`;
    item.command = 'gettyConnect.renewSession';
    if (minutes <= WARN_MINUTES) {
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    // Wake up when the shown minute count changes (or the token expires), not on a fixed tick;
    // but not in the minute before an automatic renewal, whose redraw comes instead: at most
    // one wake-up a minute while idle (npm run bench). Should the renewal not come, a minute late.
    const now = this.clock.now();
    let wait = ((expiresAt - now) % 60_000 || 60_000) + 50;
    const renewIn = (this.sessions.nextRenewalAt ?? Infinity) - now;
    if (renewIn < wait + 60_000) wait = Math.max(wait, renewIn + 60_000);
    this.timer = this.clock.setTimeout(() => this.update(), wait);
  }

  dispose(): void {
    this.stopTimer();
    this.subscription.dispose();
    this.item.dispose();
  }

  private stopTimer(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
