import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { eventually, extensionApi, fakeServer, resetState, setSetting, tick, Ui, USER_ARGS } from './support';

interface Summary { kind: string; accountId?: string; userName?: string; expiresAt: string; minutesRemaining: number }

suite('Sessions (in the extension host)', () => {
  let api: TestApi;
  let server: FakeConnectServer;
  let ui: Ui;

  suiteSetup(async () => {
    api = await extensionApi();
    server = await fakeServer();
  });
  setup(async () => {
    await resetState(api);
    ui = new Ui().install();
  });
  teardown(() => ui.restore());

  const signIn = (arg: object = USER_ARGS) => vscode.commands.executeCommand<Summary | undefined>('gettyConnect.signIn', arg);
  const storedSession = async () => (await api.secrets.get('gettyConnect.session')) ?? '';

  test('sign in with arguments: summary without tokens, minutes in the status bar, tokens only in SecretStorage', async () => {
    const summary = await signIn();
    assert.ok(summary);
    assert.deepStrictEqual(Object.keys(summary).sort(), ['accountId', 'expiresAt', 'kind', 'minutesRemaining', 'userName']);
    assert.strictEqual(summary.kind, 'user');
    assert.strictEqual(summary.userName, DEMO_USER.userName);
    assert.strictEqual(summary.accountId, DEMO_USER.accountId);
    assert.strictEqual(summary.minutesRemaining, 30);
    assert.ok(Math.abs(Date.parse(summary.expiresAt) - (Date.now() + 30 * 60_000)) < 10_000);

    const item = api.statusBar.item;
    assert.strictEqual(item.text, '$(key) Getty 30 min');
    assert.strictEqual(item.command, 'gettyConnect.renewSession');
    assert.match(String((item.tooltip as string) ?? ''), /demo\.user.*ACCT-1001[\s\S]*Click to renew/);
    assert.strictEqual(item.backgroundColor, undefined);

    const token = api.sessions.userSecureToken();
    assert.ok((await storedSession()).includes(token), 'SecretStorage holds the secure token');
    const secrets = [token, DEMO_SYSTEM.systemPassword, DEMO_USER.userPassword];
    const settings = JSON.stringify(vscode.workspace.getConfiguration('gettyConnect'));
    const state = JSON.stringify(api.globalState.keys().map((k) => [k, api.globalState.get(k)]));
    const log = api.log.lines().join('\n');
    for (const secret of secrets) {
      assert.ok(!settings.includes(secret), 'no secret in settings');
      assert.ok(!state.includes(secret), 'no secret in globalState');
      assert.ok(!log.includes(secret), 'no secret in the log');
    }
    assert.ok(!(await storedSession()).includes(DEMO_USER.userPassword), 'the user password is never stored');
    assert.match(log, new RegExp(`CreateSession Success in \\d+ ms \\(CoordinationId ${server.requests[0].coordinationId}\\)`));
    assert.match(ui.only('info').message, /Signed in to Getty Connect as demo\.user; the session is valid for 30 min/);
  });

  test('only the missing fields are asked for; passwords masked, last System ID and user name pre-filled', async () => {
    await signIn();
    await api.sessions.signOut();
    ui.inputs = [DEMO_SYSTEM.systemPassword, DEMO_USER.userPassword];
    const summary = await signIn({ systemId: DEMO_SYSTEM.systemId, userName: DEMO_USER.userName });
    assert.strictEqual(summary?.kind, 'user');
    assert.deepStrictEqual(ui.inputPrompts.map((p) => [p.placeHolder, p.password, p.ignoreFocusOut]), [
      ['System password', true, true],
      ['User password', true, true],
    ]);

    await api.sessions.signOut();
    ui.inputPrompts.length = 0;
    ui.inputs = [DEMO_SYSTEM.systemId, DEMO_SYSTEM.systemPassword, DEMO_USER.userName, DEMO_USER.userPassword];
    await vscode.commands.executeCommand('gettyConnect.signIn');
    assert.deepStrictEqual(ui.inputPrompts.map((p) => p.value), [DEMO_SYSTEM.systemId, '', DEMO_USER.userName, '']);
  });

  test('cancelling an input box resolves to undefined and sends nothing', async () => {
    ui.inputs = [DEMO_SYSTEM.systemId, undefined];
    assert.strictEqual(await vscode.commands.executeCommand('gettyConnect.signIn'), undefined);
    assert.strictEqual(server.requests.length, 0);
    assert.strictEqual(api.sessions.state, 'signedOut');
  });

  test('anonymous application session', async () => {
    const summary = await vscode.commands.executeCommand<Summary>('gettyConnect.signInApplication', DEMO_SYSTEM);
    assert.deepStrictEqual({ ...summary, expiresAt: undefined }, { kind: 'application', expiresAt: undefined, minutesRemaining: 30 });
    assert.match(String(api.statusBar.item.tooltip), /anonymous application session/);
  });

  test("renewing through the status bar's command gets new tokens and invalidates the old ones", async () => {
    await signIn();
    const old = api.sessions.userSecureToken();
    const summary = await vscode.commands.executeCommand<Summary>(api.statusBar.item.command as string);
    assert.strictEqual(summary?.minutesRemaining, 30);
    const renew = server.requestsFor('RenewSession');
    assert.strictEqual(renew.length, 1);
    assert.strictEqual(renew[0].token, old, 'RequestHeader.Token carries the SecureToken');
    assert.deepStrictEqual(renew[0].body, { SystemId: DEMO_SYSTEM.systemId, SystemPassword: DEMO_SYSTEM.systemPassword });
    const fresh = api.sessions.userSecureToken();
    assert.notStrictEqual(fresh, old);
    assert.strictEqual(server.isTokenValid(old), false);
    assert.ok((await storedSession()).includes(fresh));
    assert.strictEqual(api.statusBar.item.text, '$(key) Getty 30 min');
  });

  test('five renewals at once make one request, and the status bar spins meanwhile', async () => {
    await signIn();
    server.injectFault({ kind: 'delay', ms: 300 }, { times: 1 });
    const all = [1, 2, 3, 4, 5].map(() => vscode.commands.executeCommand<Summary>('gettyConnect.renewSession'));
    await eventually('the spinner', () => api.statusBar.item.text.includes('sync~spin'), 2000);
    const results = await Promise.all(all);
    assert.strictEqual(server.requestsFor('RenewSession').length, 1);
    assert.ok(results.every((r) => r?.expiresAt === results[0]?.expiresAt));
    assert.strictEqual(api.statusBar.item.text, '$(key) Getty 30 min');
  });

  test('auto-renew fires before expiry when tokens are short-lived', async () => {
    server.tokenLifetimeMinutes = 1;
    await setSetting('renewBeforeExpiryMinutes', 0.95);
    await signIn();
    const first = api.sessions.userSecureToken();
    await eventually('an automatic RenewSession', () => server.requestsFor('RenewSession').length >= 1, 10_000);
    await eventually('new tokens', () => api.sessions.userSecureToken() !== first, 2000);
    assert.strictEqual(server.isTokenValid(first), false);
  });

  test('under 5 minutes left: warning background', async () => {
    server.tokenLifetimeMinutes = 4;
    await setSetting('renewBeforeExpiryMinutes', 0);
    await signIn();
    assert.strictEqual(api.statusBar.item.text, '$(key) Getty 4 min');
    assert.deepStrictEqual(api.statusBar.item.backgroundColor, new vscode.ThemeColor('statusBarItem.warningBackground'));
  });

  test('an expired session is shown as expired, is not renewed, and offers to sign in again', async () => {
    server.tokenLifetimeMinutes = 0.02;
    await setSetting('renewBeforeExpiryMinutes', 0);
    await signIn();
    await tick(1400);
    api.statusBar.update();
    assert.match(api.statusBar.item.text, /expired/);
    assert.match(String(api.statusBar.item.tooltip), /expired — click to sign in again/);
    assert.deepStrictEqual(api.statusBar.item.backgroundColor, new vscode.ThemeColor('statusBarItem.errorBackground'));
    assert.strictEqual(api.statusBar.item.command, 'gettyConnect.signIn');

    assert.strictEqual(await vscode.commands.executeCommand('gettyConnect.renewSession'), undefined);
    assert.strictEqual(server.requestsFor('RenewSession').length, 0);
    const w = ui.only('warning');
    assert.match(w.message, /expired and cannot be renewed: sign in again/);
    assert.deepStrictEqual(w.actions, ['Sign In Again']);
    assert.strictEqual(await api.secrets.get('gettyConnect.session'), undefined, 'what no longer works is removed');
  });

  test('a renewal the service refuses (token expired there) ends the session and removes its secrets', async () => {
    await signIn();
    server.expireAllTokens();
    assert.strictEqual(await vscode.commands.executeCommand('gettyConnect.renewSession'), undefined);
    assert.strictEqual(api.sessions.state, 'expired');
    assert.strictEqual(await api.secrets.get('gettyConnect.session'), undefined);
    const w = ui.only('warning');
    assert.match(w.message, /could not be renewed and has ended.*FailedToRenewToken/);
    assert.ok(w.actions.includes('Sign In Again'));
  });

  test('wrong system credentials: own message with code, Show Log, previous session untouched', async () => {
    await signIn();
    const token = api.sessions.userSecureToken();
    ui.shown.length = 0;
    assert.strictEqual(await signIn({ ...USER_ARGS, systemPassword: 'not-the-system-pass' }), undefined);
    const e = ui.only('error');
    assert.match(e.message, /^Sign-in failed: .*System ID or System password is wrong.*InvalidSystemIdOrPassword: Invalid system id or password/);
    assert.ok(e.actions.includes('Show Log'));
    assert.ok(!e.message.includes('not-the-system-pass'));
    assert.strictEqual(api.sessions.userSecureToken(), token);
  });

  test('wrong user credentials have their own message', async () => {
    await signIn({ ...USER_ARGS, userPassword: 'not-my-password' });
    assert.match(ui.only('error').message, /user name or user password is wrong.*InvalidUsernameOrPassword/);
    assert.strictEqual(api.sessions.state, 'signedOut');
  });

  test('a renewal that fails for a transient reason (HTTP 500) keeps the session and says so', async () => {
    await signIn();
    const token = api.sessions.userSecureToken();
    ui.shown.length = 0;
    server.injectFault({ kind: 'http500' }, { operation: 'RenewSession', times: 1 });
    assert.strictEqual(await vscode.commands.executeCommand('gettyConnect.renewSession'), undefined);
    const e = ui.only('error');
    assert.match(e.message, /Renewal failed; the current session is kept \(30 min left\).*HTTP 500/);
    assert.ok(e.actions.includes('Show Log'));
    assert.strictEqual(api.sessions.userSecureToken(), token);
    assert.strictEqual(api.sessions.state, 'active');
  });

  test('timeout, malformed response and an unreachable server each get their own message', async () => {
    await setSetting('requestTimeoutSeconds', 1);
    server.injectFault({ kind: 'delay', ms: 2500 }, { times: 1 });
    await signIn();
    server.injectFault({ kind: 'malformedJson' }, { times: 1 });
    await signIn();
    server.injectFault({ kind: 'wrongCoordinationId' }, { times: 1 });
    await signIn();
    const closed = await FakeConnectServer.start();
    const closedUrl = closed.url;
    await closed.stop();
    await setSetting('endpoint', closedUrl);
    try {
      await signIn();
    } finally {
      await setSetting('endpoint', server.url);
    }
    const messages = ui.shown.filter((s) => s.kind === 'error').map((s) => s.message);
    assert.strictEqual(messages.length, 4);
    assert.match(messages[0], /timed out after 1 s.*requestTimeoutSeconds/);
    assert.match(messages[1], /malformed: the body is not valid JSON/);
    assert.match(messages[2], /echoes CoordinationId/);
    assert.match(messages[3], /connection was refused/);
    assert.strictEqual(api.sessions.state, 'signedOut');
  });

  test('plain http to a remote host is refused with the setting named', async () => {
    await setSetting('endpoint', 'http://connect.example.com/v1');
    try {
      await signIn();
    } finally {
      await setSetting('endpoint', server.url);
    }
    const e = ui.only('error');
    assert.match(e.message, /"gettyConnect.endpoint" uses plain http:\/\/ for connect.example.com/);
    assert.ok(e.actions.includes('Open Settings'));
    assert.strictEqual(server.requests.length, 0);
  });

  test('the countdown follows the clock minute by minute: warning under 5 minutes, then expired; no timer while signed out', async () => {
    await setSetting('renewBeforeExpiryMinutes', 0);
    await signIn();
    const item = api.statusBar.item;
    const seen: string[] = [];
    for (let minute = 1; minute <= 30; minute++) {
      api.clock.advance(60_000);
      await tick();
      const warn = JSON.stringify(item.backgroundColor) === JSON.stringify(new vscode.ThemeColor('statusBarItem.warningBackground'));
      seen.push(`${item.text}${warn ? ' (warning)' : ''}`);
    }
    const expected = Array.from({ length: 29 }, (_, i) => `$(key) Getty ${29 - i} min${29 - i <= 5 ? ' (warning)' : ''}`);
    assert.deepStrictEqual(seen.slice(0, 29), expected);
    assert.strictEqual(seen[29], '$(error) Getty expired');
    assert.deepStrictEqual(item.backgroundColor, new vscode.ThemeColor('statusBarItem.errorBackground'));
    assert.strictEqual(api.sessions.state, 'expired');
    // Removing it is two SecretStorage round trips, which a loaded machine may not make within one tick.
    for (let waited = 0; waited < 5000 && (await storedSession()) !== ''; waited += 50) await tick(50);
    assert.strictEqual(await storedSession(), '', 'the expired session left SecretStorage');
    assert.strictEqual(server.requestsFor('RenewSession').length, 0);
    await vscode.commands.executeCommand('gettyConnect.signOut');
    assert.strictEqual(api.clock.pendingTimers, 0, 'no timer runs while signed out');
  });

  test('sign out clears SecretStorage and the status bar', async () => {
    await signIn();
    await vscode.commands.executeCommand('gettyConnect.signOut');
    assert.strictEqual(await api.secrets.get('gettyConnect.session'), undefined);
    assert.strictEqual(api.statusBar.item.text, '$(sign-in) Getty');
    assert.strictEqual(api.statusBar.item.command, 'gettyConnect.signIn');
    assert.strictEqual(api.sessions.state, 'signedOut');
  });

  test('settings are application-scoped so a workspace cannot redirect requests', () => {
    const ext = vscode.extensions.getExtension('connect-tools.getty-connect');
    const props = ext?.packageJSON.contributes.configuration.properties as Record<string, { scope: string }>;
    assert.ok(Object.keys(props).length >= 5);
    for (const [key, p] of Object.entries(props)) {
      assert.strictEqual(p.scope, 'application', key);
    }
  });
});
