// Messages a person can act on. They never wait for the user to answer, so a
// command resolves at once; the chosen action runs when it is clicked.
import * as vscode from 'vscode';
import { ConnectApiError, EndpointError, redact } from '../connect';
import { SessionStateError } from '../session/sessionManager';

export const SHOW_LOG = 'Show Log';
export const SIGN_IN_AGAIN = 'Sign In Again';
export const SIGN_IN = 'Sign In';
const OPEN_SETTINGS = 'Open Settings';

function needsSignIn(err: unknown): boolean {
  return (
    (err instanceof ConnectApiError && (err.reason === 'tokenExpired' || err.reason === 'secureTokenRequired')) ||
    err instanceof SessionStateError
  );
}

/** Shows `what failed: why` with the actions that can fix it. */
export function showError(what: string, err: unknown): void {
  const detail = err instanceof Error ? err.message : String(err);
  const actions: string[] = [];
  if (needsSignIn(err)) {
    actions.push(err instanceof SessionStateError && err.state === 'signedOut' ? SIGN_IN : SIGN_IN_AGAIN);
  }
  if (err instanceof EndpointError || (err instanceof ConnectApiError && err.reason === 'insecureTransport')) {
    actions.push(OPEN_SETTINGS);
  }
  actions.push(SHOW_LOG);
  void Promise.resolve(vscode.window.showErrorMessage(redact(`${what}: ${detail}`), ...actions)).then(runAction);
}

export function showWarning(message: string, ...actions: string[]): void {
  void Promise.resolve(vscode.window.showWarningMessage(redact(message), ...actions)).then(runAction);
}

export function showInfo(message: string, ...actions: string[]): void {
  void Promise.resolve(vscode.window.showInformationMessage(redact(message), ...actions)).then(runAction);
}

function runAction(choice: string | undefined): void {
  switch (choice) {
    case SHOW_LOG:
      void vscode.commands.executeCommand('gettyConnect.showLog');
      break;
    case SIGN_IN:
    case SIGN_IN_AGAIN:
      void vscode.commands.executeCommand('gettyConnect.signIn');
      break;
    case OPEN_SETTINGS:
      void vscode.commands.executeCommand('workbench.action.openSettings', 'gettyConnect.endpoint');
      break;
  }
}
