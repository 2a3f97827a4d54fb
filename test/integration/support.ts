// Shared set-up of the integration tests: the extension's test API, the fake
// Connect server (started inside the extension host), and a recorder for the
// messages and prompts the extension shows, with scripted answers.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { testServerTls } from '../fake-server/certificates';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

export const EXTENSION_ID = 'connect-tools.getty-connect';
export const USER_ARGS = { ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword };

export async function extensionApi(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  const api = await ext.activate();
  assert.ok(api, 'the extension returns its test API in test mode');
  return api;
}

let server: FakeConnectServer | undefined;

/** One fake server for the whole run; the endpoint setting points at it. */
export async function fakeServer(): Promise<FakeConnectServer> {
  if (!server) {
    server = await FakeConnectServer.start();
  }
  await setSetting('endpoint', server.url);
  return server;
}

let httpsServer: FakeConnectServer | undefined;

/**
 * One HTTPS fake for the whole run, with the certificate the test runner made
 * (the extension host trusts its CA); the endpoint setting points at it.
 */
export async function httpsFakeServer(): Promise<FakeConnectServer> {
  if (!httpsServer) {
    httpsServer = await FakeConnectServer.start({ tls: testServerTls() });
  }
  await setSetting('endpoint', httpsServer.url);
  return httpsServer;
}

/**
 * The hooks most suites share: the test API and the fake server once, then before each
 * test a clean state, a fresh recorder and a signed-in user, with the fake's log and the
 * recorded messages emptied; after it, the recorder removed and the editors closed.
 * `bind` receives what each test works with.
 */
export function signedInSuite(bind: (api: TestApi, server: FakeConnectServer, ui: Ui) => void): void {
  let api: TestApi;
  let server: FakeConnectServer;
  let ui: Ui | undefined;
  suiteSetup(async () => {
    api = await extensionApi();
    server = await fakeServer();
  });
  setup(async () => {
    await resetState(api);
    ui = new Ui().install();
    await vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS);
    server.clearLog();
    ui.shown.length = 0;
    bind(api, server, ui);
  });
  teardown(async () => {
    ui?.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('gettyConnect').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Puts every setting the tests touch back to its default, and signs out. */
export async function resetState(api: TestApi): Promise<void> {
  for (const key of ['renewBeforeExpiryMinutes', 'requestTimeoutSeconds', 'batchSize', 'defaultSizeKey', 'maxImagesPerCheck']) {
    await setSetting(key, undefined);
  }
  api.clock.reset();
  await api.sessions.signOut();
  api.authorizations.clear();
  api.authorizations.tree.details.clear();
  server?.reset();
  httpsServer?.reset();
}

export interface Shown {
  kind: 'error' | 'warning' | 'info';
  message: string;
  actions: string[];
}

type Answer = string | undefined;

/**
 * Replaces the window's message and prompt functions while a test runs.
 * Messages are recorded; prompts take their answers from the scripted queues.
 */
export class Ui {
  readonly shown: Shown[] = [];
  readonly inputPrompts: vscode.InputBoxOptions[] = [];
  readonly quickPicks: string[][] = [];
  /** Answers for showInputBox, in order; undefined = the user pressed Escape. */
  inputs: Answer[] = [];
  quickPickAnswers: Answer[] = [];
  /** Which action to click, by message text. */
  clicks: { match: RegExp; action: Answer }[] = [];
  private readonly saved: Partial<Record<keyof typeof vscode.window, unknown>> = {};

  install(): this {
    const w = vscode.window as unknown as Record<string, unknown>;
    const record = (kind: Shown['kind']) => (message: string, ...rest: unknown[]): Promise<Answer> => {
      const actions = rest.filter((r): r is string => typeof r === 'string');
      this.shown.push({ kind, message, actions });
      const click = this.clicks.find((c) => c.match.test(message));
      return Promise.resolve(click?.action);
    };
    for (const [name, fn] of Object.entries({
      showErrorMessage: record('error'),
      showWarningMessage: record('warning'),
      showInformationMessage: record('info'),
      showInputBox: (options: vscode.InputBoxOptions) => {
        this.inputPrompts.push(options);
        return Promise.resolve(this.inputs.shift());
      },
      showQuickPick: (items: readonly string[]) => {
        this.quickPicks.push([...items]);
        return Promise.resolve(this.quickPickAnswers.shift());
      },
    })) {
      this.saved[name as keyof typeof vscode.window] = w[name];
      w[name] = fn;
    }
    return this;
  }

  restore(): void {
    const w = vscode.window as unknown as Record<string, unknown>;
    for (const [name, fn] of Object.entries(this.saved)) {
      w[name] = fn;
    }
  }

  /** The one message of this kind, asserting there is exactly one. */
  only(kind: Shown['kind']): Shown {
    const of = this.shown.filter((s) => s.kind === kind);
    assert.strictEqual(of.length, 1, `expected one ${kind} message, got ${JSON.stringify(this.shown)}`);
    return of[0];
  }

  none(kind: Shown['kind']): void {
    assert.deepStrictEqual(this.shown.filter((s) => s.kind === kind), [], `no ${kind} message expected`);
  }
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function eventually(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Lets notifications and their `.then` handlers run. */
export function tick(ms = 20): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
