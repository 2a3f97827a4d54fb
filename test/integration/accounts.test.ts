// One session everywhere: the Accounts menu and other extensions see the same
// session as the status bar and the tree (vscode.authentication), and a check
// against a throttling service retries like a good citizen.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ImageAuthorization } from '../../src/connect';
import type { TestApi } from '../../src/extension';
import { DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { eventually, extensionApi, fakeServer, resetState, setSetting, Ui, USER_ARGS } from './support';

const PROVIDER = 'getty-connect';
const CHECK = 'gettyConnect.checkDownloadAuthorization';

suite('Accounts and other extensions (in the extension host)', () => {
  let api: TestApi;
  let server: FakeConnectServer;
  let ui: Ui;
  let events: vscode.AuthenticationSessionsChangeEvent[];
  let subscription: vscode.Disposable;

  suiteSetup(async () => {
    api = await extensionApi();
    server = await fakeServer();
  });
  setup(async () => {
    await resetState(api);
    ui = new Ui().install();
    events = [];
    subscription = vscode.authentication.onDidChangeSessions((e) => e.provider.id === PROVIDER && events.push(e));
  });
  teardown(() => {
    subscription.dispose();
    ui.restore();
  });

  const silent = () => vscode.authentication.getSession(PROVIDER, [], { silent: true });

  // VS Code asks the person before it hands a session to an extension, even to the provider's own
  // (a modal consent dialog that the test workbench refuses). So the public API is used where it
  // asks nothing, and the provider itself where VS Code would ask; the e2e suite clicks the menu.
  test('the provider is registered: silent getSession asks nothing and finds no session while signed out', async () => {
    assert.strictEqual(await silent(), undefined);
    assert.deepStrictEqual(await api.accounts.getSessions(), []);
  });

  test('after sign-in: one session, the user name as label, the account id as id, the SecureToken as access token; VS Code hears of it', async () => {
    await vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS);
    const sessions = await api.accounts.getSessions();
    assert.strictEqual(sessions.length, 1);
    assert.deepStrictEqual(sessions[0].account, { id: DEMO_USER.accountId, label: DEMO_USER.userName });
    assert.strictEqual(sessions[0].id, DEMO_USER.accountId);
    assert.strictEqual(sessions[0].accessToken, api.sessions.userSecureToken());
    await eventually('VS Code to announce the new session', () => events.length >= 1);
  });

  test('createSession runs the same sign-in (the input boxes), and the status bar agrees', async () => {
    ui.inputs = [USER_ARGS.systemId, USER_ARGS.systemPassword, USER_ARGS.userName, USER_ARGS.userPassword];
    const session = await api.accounts.createSession();
    assert.strictEqual(session.account.label, DEMO_USER.userName);
    assert.strictEqual(ui.inputPrompts.length, 4, 'the four sign-in boxes were asked');
    assert.strictEqual(server.requestsFor('CreateSession').length, 1);
    assert.strictEqual(api.statusBar.item.text, '$(key) Getty 30 min');
    ui.inputs = [undefined];
    await api.sessions.signOut();
    await assert.rejects(Promise.resolve(api.accounts.createSession()), /cancelled or failed/);
  });

  test('added on sign-in, changed on renewal (a new access token), removed on sign-out', async () => {
    const fired: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent[] = [];
    const own = api.accounts.onDidChangeSessions((e) => fired.push(e));
    try {
      await vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS);
      const first = api.sessions.userSecureToken();
      await vscode.commands.executeCommand('gettyConnect.renewSession');
      await api.accounts.removeSession((await api.accounts.getSessions())[0].id);
      const summary = fired.map((e) => [e.added?.length ?? 0, e.changed?.length ?? 0, e.removed?.length ?? 0]);
      assert.deepStrictEqual(summary, [[1, 0, 0], [0, 1, 0], [0, 0, 1]], JSON.stringify(fired.map((e) => [e.added?.map((x) => x.accessToken.slice(0, 8)), e.changed?.map((x) => x.accessToken.slice(0, 8)), e.removed?.map((x) => x.accessToken.slice(0, 8))])));
      assert.strictEqual(fired[0].added?.[0].accessToken, first);
      assert.notStrictEqual(fired[1].changed?.[0].accessToken, first);
      assert.strictEqual(api.sessions.state, 'signedOut', 'Sign Out in the Accounts menu signs out everywhere');
      assert.strictEqual(api.statusBar.item.text, '$(sign-in) Getty');
    } finally {
      own.dispose();
    }
  });

  test('an anonymous application session is not offered as an account', async () => {
    await vscode.commands.executeCommand('gettyConnect.signInApplication', { systemId: USER_ARGS.systemId, systemPassword: USER_ARGS.systemPassword });
    assert.strictEqual(api.sessions.state, 'active');
    assert.deepStrictEqual(await api.accounts.getSessions(), []);
  });

  test('an endpoint change ends the session: no account, signed out, and its token never goes to the new host', async () => {
    await vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS);
    const other = await FakeConnectServer.start();
    try {
      await setSetting('endpoint', other.url);
      await eventually('the session to end', () => api.sessions.state !== 'active');
      assert.deepStrictEqual(await api.accounts.getSessions(), []);
      assert.match(ui.shown.find((m) => /endpoint" changed/.test(m.message))?.message ?? '', /Signed out of Getty Connect: "gettyConnect\.endpoint" changed to/);
      await vscode.commands.executeCommand(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
      assert.strictEqual(other.requests.length, 0, 'nothing was sent to the new endpoint');
    } finally {
      await setSetting('endpoint', server.url);
      await other.stop();
    }
  });

  suite('a throttling service', () => {
    setup(async () => {
      await vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS);
      server.clearLog();
      ui.shown.length = 0;
    });

    for (const [status, retryAfterSeconds] of [[429, 1], [429, undefined], [503, undefined]] as const) {
      test(`HTTP ${status}${retryAfterSeconds ? ` with Retry-After: ${retryAfterSeconds}` : ''}: the batch is retried and the check completes`, async () => {
        server.injectFault({ kind: 'httpStatus', status, retryAfterSeconds }, { operation: 'GetImageDownloadAuthorizations', times: 2 });
        const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
        assert.deepStrictEqual(results.map((r) => r.status), ['Available']);
        const calls = server.requestsFor('GetImageDownloadAuthorizations');
        assert.deepStrictEqual(calls.map((c) => c.httpStatus), [status, status, 200]);
        if (retryAfterSeconds) {
          assert.ok(calls[1].time - calls[0].time >= retryAfterSeconds * 1000 - 50, `waited ${calls[1].time - calls[0].time} ms`);
        }
        ui.none('error');
      });
    }

    test('a check of 1,000 IDs against a service that throttles every third request: every result, no batch asked for twice', async () => {
      await setSetting('batchSize', 50);
      server.quirks.throttle = { every: 3, status: 429, retryAfterSeconds: 0, operation: 'GetImageDownloadAuthorizations' };
      const ids = Array.from({ length: 1000 }, (_, i) => String(30_000_000 + i));
      const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ids, sizeKey: 'Large' });
      assert.strictEqual(results.length, ids.length, JSON.stringify(ui.shown));
      assert.deepStrictEqual(results.map((r) => r.imageId), ids);
      const calls = server.requestsFor('GetImageDownloadAuthorizations');
      const answered = calls.filter((c) => c.httpStatus === 200).flatMap((c) => (c.body?.ImageSizes as { ImageId: string }[]).map((s) => s.ImageId));
      assert.deepStrictEqual(answered.sort(), [...ids].sort(), 'each ID answered exactly once');
      assert.ok(calls.some((c) => c.httpStatus === 429), 'the service did throttle');
      ui.none('error');
    });

    test('a batch throttled more often than the bound is reported, and what came back is kept', async () => {
      await setSetting('batchSize', 1);
      server.injectFault({ kind: 'httpStatus', status: 503, retryAfterSeconds: 0 }, { operation: 'GetImageDownloadAuthorizations', times: 4 });
      const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
      assert.deepStrictEqual(results, []);
      assert.strictEqual(server.requestsFor('GetImageDownloadAuthorizations').length, 4, 'four attempts, then it is reported');
      assert.match(ui.only('error').message, /1 of 1 request failed.*HTTP 503/);
    });
  });
});
