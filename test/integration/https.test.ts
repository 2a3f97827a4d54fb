// The production path: HTTPS, in the real extension host, whose https module VS
// Code patches (proxy resolution, certificate loading). The fake's certificate
// is signed by a CA that `npm test` made for this run and that only the test
// extension host trusts (NODE_EXTRA_CA_CERTS, see test/runner/testCommand.ts).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImageAuthorization } from '../../src/connect';
import type { TestApi } from '../../src/extension';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { makeServerCert } from '../fake-server/certificates';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { eventually, extensionApi, fakeServer, httpsFakeServer, resetState, setSetting, Ui, USER_ARGS } from './support';

const CHECK = 'gettyConnect.checkDownloadAuthorization';

interface Summary { kind: string; userName?: string; minutesRemaining: number }

suite('HTTPS (in the extension host)', () => {
  let api: TestApi;
  let server: FakeConnectServer;
  let ui: Ui;

  suiteSetup(async () => {
    api = await extensionApi();
    server = await httpsFakeServer();
  });
  suiteTeardown(async () => {
    await fakeServer(); // the other suites' endpoint
  });
  setup(async () => {
    await resetState(api);
    await setSetting('endpoint', server.url);
    ui = new Ui().install();
  });
  teardown(() => ui.restore());

  const signIn = () => vscode.commands.executeCommand<Summary | undefined>('gettyConnect.signIn', USER_ARGS);
  const errors = () => ui.shown.filter((s) => s.kind === 'error');

  test('sign-in over HTTPS: the session starts and the fake received the credentials over TLS', async () => {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+\/v1$/);
    const summary = await signIn();
    assert.strictEqual(summary?.kind, 'user', JSON.stringify(ui.shown));
    assert.strictEqual(summary.userName, DEMO_USER.userName);
    assert.match(ui.only('info').message, /Signed in to Getty Connect as demo\.user; the session is valid for 30 min/);
    const [create] = server.requestsFor('CreateSession');
    assert.deepStrictEqual(create.body, {
      SystemId: DEMO_SYSTEM.systemId,
      SystemPassword: DEMO_SYSTEM.systemPassword,
      UserName: DEMO_USER.userName,
      UserPassword: DEMO_USER.userPassword,
    });
    assert.match(api.log.lines().join('\n'), new RegExp(`CreateSession Success in \\d+ ms \\(CoordinationId ${create.coordinationId}\\)`));
  });

  test('renewal over HTTPS: new tokens, the old ones invalidated', async () => {
    await signIn();
    const old = api.sessions.userSecureToken();
    const summary = await vscode.commands.executeCommand<Summary | undefined>('gettyConnect.renewSession');
    assert.strictEqual(summary?.minutesRemaining, 30, JSON.stringify(ui.shown));
    const renew = server.requestsFor('RenewSession');
    assert.strictEqual(renew.length, 1);
    assert.strictEqual(renew[0].token, old, 'RequestHeader.Token carries the SecureToken');
    assert.notStrictEqual(api.sessions.userSecureToken(), old);
    assert.strictEqual(server.isTokenValid(old), false);
    assert.strictEqual(api.statusBar.item.text, '$(key) Getty 30 min');
    assert.deepStrictEqual(errors(), []);
  });

  test('a download-authorization check over HTTPS returns the download tokens the fake issued', async () => {
    await signIn();
    server.clearLog();
    ui.shown.length = 0;
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
    const [request] = server.requestsFor('GetImageDownloadAuthorizations');
    assert.deepStrictEqual(request.body?.ImageSizes, [{ ImageId: '83454800', SizeKey: 'Large' }]);
    assert.strictEqual(request.token, api.sessions.userSecureToken());
    assert.deepStrictEqual(results?.map((r) => [r.imageId, r.sizeKey, r.status]), [['83454800', 'Large', 'Available']]);
    assert.deepStrictEqual(
      results[0].authorizations.map((a) => a.downloadToken),
      server.issuedDownloadTokens.map((t) => t.token),
    );
    assert.match(ui.only('info').message, /Checked 1 image from .*: 1 Available/);
  });

  test('image details, the largest size and a download over HTTPS, the file fetched from an https:// attachment URL', async () => {
    await signIn();
    server.clearLog();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-https-download-'));
    try {
      const [result] = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800'] });
      assert.strictEqual(result.title, 'Hot-air balloons over a valley at sunrise', 'the details came over HTTPS');
      assert.strictEqual(server.requestsFor('GetImageDetails').length, 1);
      assert.strictEqual(server.requestsFor('GetLargestImageDownloadAuthorizations').length, 1);
      const free = result.authorizations.find((a) => a.downloadIsFree);
      assert.ok(free);
      const download = await vscode.commands.executeCommand<{ status: string; file?: string }>('gettyConnect.downloadImage', { imageId: result.imageId, ...free }, { folder: vscode.Uri.file(folder) });
      assert.strictEqual(download.status, 'Success', JSON.stringify(ui.shown));
      assert.strictEqual(server.requestsFor('CreateDownloadRequest').length, 1);
      assert.match(server.attachmentRequests[0].path, /^\/attachments\//);
      assert.ok(fs.readFileSync(download.file ?? '').subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])), 'a JPEG came over TLS');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  suite('a certificate the host does not trust', () => {
    let untrusted: FakeConnectServer;
    let hostPort: string;

    suiteSetup(async () => {
      // Self-signed, for the right host names: only the trust is missing.
      untrusted = await FakeConnectServer.start({ tls: await makeServerCert() });
      hostPort = new URL(untrusted.url).host;
    });
    suiteTeardown(() => untrusted.stop());
    setup(() => untrusted.reset());

    test('sign-in fails with the endpoint and the reason named, and nothing reaches the server', async () => {
      await setSetting('endpoint', untrusted.url);
      assert.strictEqual(await signIn(), undefined);
      const e = ui.only('error');
      assert.strictEqual(
        e.message,
        `Sign-in failed: CreateSession failed: could not connect securely to ${hostPort}: the server's certificate is not trusted (self-signed certificate). ` +
          'The request was not sent. If your network inspects HTTPS (a company proxy or security software), its root certificate must be trusted by this computer; otherwise check "gettyConnect.endpoint".',
      );
      assert.ok(e.actions.includes('Show Log'));
      assert.strictEqual(api.sessions.state, 'signedOut');
      assert.deepStrictEqual(untrusted.requests, [], 'no request reached the untrusted server: no fallback to an unverified connection');
      const log = api.log.lines().join('\n');
      assert.match(log, /CreateSession TLS error DEPTH_ZERO_SELF_SIGNED_CERT/);
      assert.doesNotMatch(log, /^\s+at /m, 'no stack trace in the log');
      assert.ok(!log.includes(DEMO_USER.userPassword) && !log.includes(DEMO_SYSTEM.systemPassword));
    });

    test("a session's tokens are not sent to it: pointing the endpoint there ends the session, and nothing reaches it", async () => {
      await signIn();
      ui.shown.length = 0;
      await setSetting('endpoint', untrusted.url);
      await eventually('the session of the old endpoint to end', () => api.sessions.state !== 'active');
      assert.match(ui.shown.find((m) => /endpoint" changed/.test(m.message))?.message ?? '', /changed to .*Sign in again/);
      assert.strictEqual(await vscode.commands.executeCommand('gettyConnect.renewSession'), undefined);
      assert.strictEqual(await vscode.commands.executeCommand(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' }), undefined);
      assert.deepStrictEqual(untrusted.requests, []);
    });
  });
});
