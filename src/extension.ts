// Wiring only: builds the pieces, registers commands and views, disposes them.
import * as vscode from 'vscode';
import { AuthorizationsFeature } from './authorizations/authorizationsFeature';
import { AuthorizationsTreeProvider } from './authorizations/authorizationsTree';
import { CheckRunner } from './authorizations/checkRunner';
import { ImageDetailsStore } from './authorizations/details';
import { DownloadCommands } from './downloads/downloadCommand';
import { registerDownloads } from './downloads/downloadFeature';
import { IdDecorations } from './editor/idDecorations';
import { affectsSettings, readSettings } from './config';
import { ConnectClient } from './connect';
import { useTranslator } from './l10n';
import { Log } from './log';
import { setNotificationActions } from './ui/notify';
import { SystemClock } from './session/clock';
import { Keychain } from './session/keychain';
import { SessionCommands } from './session/sessionCommands';
import { SessionManager } from './session/sessionManager';
import { SessionStatusBar } from './session/statusBar';
import { SessionRecovery } from './session/sessionRecovery';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, ConnectAuthenticationProvider } from './session/authProvider';
import { COMMANDS, CONTEXT_KEYS } from './names';

/** Returned by `activate` only in test mode: other extensions never see tokens. */
export interface TestApi {
  sessions: SessionManager;
  statusBar: SessionStatusBar;
  log: Log;
  secrets: vscode.SecretStorage;
  globalState: vscode.Memento;
  authorizations: AuthorizationsFeature;
  decorations: IdDecorations;
  accounts: ConnectAuthenticationProvider;
  /** The clock the session and the status bar read; tests move it forward. */
  clock: SystemClock;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  // The pure modules' strings (connect/, the session model) go through VS Code's translator too.
  useTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  const log = new Log();
  /** A client for the endpoint and timeout set now: settings may change between requests. */
  const clientFactory = (): ConnectClient => {
    const s = readSettings();
    return new ConnectClient({ baseUrl: s.endpoint, timeoutMs: s.requestTimeoutSeconds * 1000, onRequest: (e) => log.request(e) });
  };
  const clock = new SystemClock();
  const sessions = new SessionManager({
    keychain: new Keychain(context.secrets),
    client: clientFactory,
    clock,
    renewBeforeMinutes: () => readSettings().renewBeforeExpiryMinutes,
    endpoint: () => readSettings().endpoint,
    // Up to 30 s earlier in each window, so that windows restored together do not renew together.
    renewJitterMs: () => Math.random() * 30_000,
  });
  const sessionCommands = new SessionCommands(sessions, context.globalState, log);
  const statusBar = new SessionStatusBar(sessions, clock);
  const accounts = new ConnectAuthenticationProvider(sessions, () => sessionCommands.signIn(), () => sessionCommands.signOut());
  setNotificationActions({ signIn: () => sessionCommands.signIn(), showLog: () => log.show() });
  const recovery = new SessionRecovery(sessions, log, () => sessionCommands.signIn());
  const tree = new AuthorizationsTreeProvider(new ImageDetailsStore());
  const decorations = new IdDecorations(tree.details);
  const authorizations = new AuthorizationsFeature(tree, new CheckRunner(sessions, clientFactory, log, tree.details, recovery), decorations);
  const downloads = new DownloadCommands(sessions, clientFactory, log, recovery, (t) => authorizations.checkAgain(authorizations.node({ imageId: t.imageId, sizeKey: t.sizeKey ?? '' })));
  const syncContext = (): void => void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.state, sessionContext(sessions));

  context.subscriptions.push(
    log,
    statusBar,
    authorizations,
    decorations,
    accounts,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, accounts),
    { dispose: () => sessions.dispose() },
    sessions.onDidChange(syncContext),
    // After a jump of the clock (sleep) or when the window comes back, an expired session shows as expired.
    clock.onDidJump(() => void sessions.recheck()),
    vscode.window.onDidChangeWindowState((e) => e.focused && void sessions.recheck()),
    ...sessionCommands.register(),
    ...authorizations.register(),
    ...registerDownloads(downloads, authorizations),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()),
    sessions.onEvent((e) => sessionCommands.report(e)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsSettings(e)) {
        sessions.reschedule();
        void sessions.endpointChanged();
      }
    }),
  );
  syncContext();
  // Restore after activation returns: activation waits for neither SecretStorage nor the network.
  sessions.restore().catch((err: unknown) => log.error(`Could not restore the previous session: ${String(err)}`));

  if (context.extensionMode === vscode.ExtensionMode.Test) {
    return { sessions, statusBar, log, secrets: context.secrets, globalState: context.globalState, authorizations, decorations, accounts, clock };
  }
  return undefined;
}

function sessionContext(sessions: SessionManager): string {
  const state = sessions.state;
  return state === 'active' ? `${sessions.summary()?.kind ?? 'user'}` : state;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
