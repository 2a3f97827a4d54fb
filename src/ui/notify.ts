// Messages a person can act on. They never wait for the user to answer, so a
// command resolves at once; the chosen action runs when it is clicked. The actions
// call the modules that do them (wired once by extension.ts), not the command registry.
import * as vscode from 'vscode';
import { classifyFailure, errorMessage, redact } from '../connect';
import { settingName, SETTINGS } from '../names';

// Button labels, translated when a message is shown (never at load, before the translation is there).
export const SHOW_LOG = (): string => vscode.l10n.t('Show Log');
export const SIGN_IN_AGAIN = (): string => vscode.l10n.t('Sign In Again');
export const SIGN_IN = (): string => vscode.l10n.t('Sign In');
const OPEN_SETTINGS = (): string => vscode.l10n.t('Open Settings');

export interface NotificationActions {
  signIn(): unknown;
  showLog(): unknown;
}

let actions: NotificationActions = { signIn: () => undefined, showLog: () => undefined };

/** What the buttons of every message do; extension.ts sets it once. */
export function setNotificationActions(a: NotificationActions): void {
  actions = a;
}

/** Shows `what failed: why` with the actions that can fix it. */
export function showError(what: string, err: unknown): void {
  const buttons: string[] = [];
  const remedy = classifyFailure(err).remedy;
  if (remedy === 'signIn') buttons.push(SIGN_IN());
  if (remedy === 'signInAgain') buttons.push(SIGN_IN_AGAIN());
  if (remedy === 'openSettings') buttons.push(OPEN_SETTINGS());
  buttons.push(SHOW_LOG());
  void Promise.resolve(vscode.window.showErrorMessage(redact(`${what}: ${errorMessage(err)}`), ...buttons)).then(runAction);
}

export function showWarning(message: string, ...buttons: string[]): void {
  void Promise.resolve(vscode.window.showWarningMessage(redact(message), ...buttons)).then(runAction);
}

export function showInfo(message: string, ...buttons: string[]): void {
  void Promise.resolve(vscode.window.showInformationMessage(redact(message), ...buttons)).then(runAction);
}

function runAction(choice: string | undefined): void {
  if (choice === undefined) return;
  if (choice === SHOW_LOG()) {
    actions.showLog();
  } else if (choice === SIGN_IN() || choice === SIGN_IN_AGAIN()) {
    void actions.signIn();
  } else if (choice === OPEN_SETTINGS()) {
    // VS Code's own command: the Settings editor is not ours to open otherwise.
    void vscode.commands.executeCommand('workbench.action.openSettings', settingName(SETTINGS.endpoint));
  }
}
