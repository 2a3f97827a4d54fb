// The one status-bar item: the session's remaining minutes, renewed on click.
// It is redrawn on session events and once a minute from the expiry time.
import * as vscode from 'vscode';
import { Clock } from './clock';
import { SessionManager } from './sessionManager';
import { minutesLeft } from './sessionTypes';
import { COMMANDS, STATUS_BAR_ITEM } from '../names';

const WARN_MINUTES = 5;

export class SessionStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private timer: unknown;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly sessions: SessionManager,
    private readonly clock: Clock,
  ) {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ITEM, vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Getty Connect Session');
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
      item.text = vscode.l10n.t('$(sign-in) Getty');
      item.tooltip = vscode.l10n.t('Getty Connect: signed out. Click to sign in.');
      item.command = COMMANDS.signIn;
      return;
    }
    const user = summary.userName ?? vscode.l10n.t('user');
    const who =
      summary.kind !== 'user'
        ? vscode.l10n.t('anonymous application session')
        : summary.accountId
          ? vscode.l10n.t('{0} (account {1})', user, summary.accountId)
          : user;
    const clock = new Date(summary.expiresAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    if (state === 'expired') {
      item.text = vscode.l10n.t('$(error) Getty expired');
      item.tooltip = vscode.l10n.t('Getty Connect: session expired — click to sign in again.\nThe session of {0} expired at {1}.', who, clock);
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      item.command = summary.kind === 'user' ? COMMANDS.signIn : COMMANDS.signInApplication;
      return;
    }
    const expiresAt = Date.parse(summary.expiresAt);
    const minutes = minutesLeft(expiresAt, this.clock.now());
    if (this.sessions.isRenewing) {
      item.text = vscode.l10n.t('$(sync~spin) Getty renewing…');
    } else {
      item.text = vscode.l10n.t('$(key) Getty {0} min', minutes);
    }
    item.tooltip = vscode.l10n.t('Getty Connect: signed in as {0}.\nThe token expires at {1} ({2} min left).\nClick to renew.', who, clock, minutes);
    item.command = COMMANDS.renewSession;
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
