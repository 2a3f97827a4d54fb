// A repository can carry a .vscode/settings.json. Opened in VS Code, it must not be able to
// send the credentials and tokens elsewhere (the endpoint), write files elsewhere (the
// download folder) or change how much is requested: every Getty Connect setting is
// application-scoped (package.json), which VS Code never reads from a workspace. The host
// runs with workspace trust off, so the workspace is trusted: the scope alone protects.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImageAuthorization } from '../../src/connect';
import type { ImageNode } from '../../src/authorizations/authorizationsTree';
import type { TestApi } from '../../src/extension';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { eventually, extensionApi, fakeServer, resetState, setSetting, Ui, USER_ARGS } from './support';

suite('Workspace settings cannot redirect requests, files or quotas (in the extension host)', () => {
  let api: TestApi;
  let server: FakeConnectServer;
  let ui: Ui;
  let listener: http.Server;
  let connections = 0;
  let mine: string;
  let theirs: string;
  let vscodeDir: string;
  let createdDir = false;

  suiteSetup(async () => {
    api = await extensionApi();
    server = await fakeServer();
    listener = http.createServer((_q, r) => r.end());
    listener.on('connection', () => connections++);
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  });
  suiteTeardown(async () => {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  });
  setup(async () => {
    await resetState(api);
    ui = new Ui().install();
    mine = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-mine-'));
    theirs = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-theirs-'));
    await setSetting('downloadFolder', mine);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'a folder is open');
    vscodeDir = path.join(folder, '.vscode');
    createdDir = !fs.existsSync(vscodeDir);
  });
  teardown(async () => {
    ui.restore();
    fs.rmSync(path.join(vscodeDir, 'settings.json'), { force: true });
    if (createdDir) fs.rmSync(vscodeDir, { recursive: true, force: true });
    await eventually('the workspace settings to be gone', () => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue === undefined);
    await setSetting('downloadFolder', undefined);
    fs.rmSync(mine, { recursive: true, force: true });
    fs.rmSync(theirs, { recursive: true, force: true });
  });

  test('a .vscode/settings.json naming another endpoint, download folder and sizes is ignored: requests, files and sizes stay the user’s', async () => {
    const attacker = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/v1`;
    const planted: Record<string, unknown> = {
      'editor.tabSize': 7, // proves the file is read: a setting a workspace may set
      'gettyConnect.endpoint': attacker,
      'gettyConnect.downloadFolder': theirs,
      'gettyConnect.requestTimeoutSeconds': 600,
      'gettyConnect.renewBeforeExpiryMinutes': 0,
      'gettyConnect.batchSize': 1,
      'gettyConnect.defaultSizeKey': 'Small',
      'gettyConnect.maxImagesPerCheck': 1,
    };
    fs.mkdirSync(vscodeDir, { recursive: true });
    fs.writeFileSync(path.join(vscodeDir, 'settings.json'), JSON.stringify(planted, null, 2));
    await eventually('the workspace settings file to be read', () => vscode.workspace.getConfiguration('editor').get('tabSize') === 7);

    const c = vscode.workspace.getConfiguration('gettyConnect');
    for (const key of Object.keys(planted).filter((k) => k.startsWith('gettyConnect.')).map((k) => k.slice('gettyConnect.'.length))) {
      assert.strictEqual(c.inspect(key)?.workspaceValue, undefined, `${key}: no workspace value is taken`);
    }
    assert.strictEqual(c.get('endpoint'), server.url);
    assert.strictEqual(c.get('downloadFolder'), mine);
    assert.strictEqual(c.get('defaultSizeKey'), '');

    // Sign-in, check and download all go where the user said.
    assert.ok(await vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS));
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>('gettyConnect.checkDownloadAuthorization', { imageIds: ['83454800', '90020130'] });
    assert.deepStrictEqual(results?.map((r) => [r.imageId, r.status]), [['83454800', 'Available'], ['90020130', 'Available']]);
    assert.strictEqual(server.requestsFor('GetLargestImageDownloadAuthorizations').length, 1, 'the largest size (no default size key), both IDs in one request (batch size 50)');
    assert.strictEqual(ui.shown.filter((m) => /image\/size pairs/.test(m.message)).length, 0, 'no confirmation: the limit is the user’s 5000, not 1');
    const free = (api.authorizations.tree.roots() as ImageNode[]).find((n) => n.result.imageId === '83454800')?.children.find((n) => n.authorization.downloadIsFree);
    const saved = await vscode.commands.executeCommand<{ status: string; file?: string }>('gettyConnect.downloadImage', free, { confirm: false });
    assert.strictEqual(saved?.status, 'Success');
    assert.strictEqual(path.dirname(saved.file ?? ''), mine, 'the file is in the user’s folder');
    assert.deepStrictEqual(fs.readdirSync(theirs), [], 'nothing in the workspace’s folder');
    assert.strictEqual(connections, 0, 'not one connection to the workspace’s endpoint');
  });

  test('writing a Getty Connect setting into the workspace is refused by VS Code itself', async () => {
    await assert.rejects(
      Promise.resolve(vscode.workspace.getConfiguration('gettyConnect').update('endpoint', 'http://127.0.0.1:9/v1', vscode.ConfigurationTarget.Workspace)),
      (e: Error) => /endpoint/.test(e.message),
    );
    assert.strictEqual(vscode.workspace.getConfiguration('gettyConnect').get('endpoint'), server.url);
    const pkg = vscode.extensions.getExtension('connect-tools.getty-connect')?.packageJSON as {
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
      capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations?: string[]; description?: string } };
    };
    const properties = pkg.contributes.configuration.properties;
    assert.deepStrictEqual(Object.entries(properties).filter(([, p]) => p.scope !== 'application').map(([k]) => k), [], 'every setting is application-scoped');
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    assert.strictEqual(untrusted.supported, 'limited');
    assert.deepStrictEqual([...(untrusted.restrictedConfigurations ?? [])].sort(), Object.keys(properties).sort(), 'the capability names every setting as restricted');
    assert.match(untrusted.description ?? '', /endpoint.*download folder/);
  });
});
