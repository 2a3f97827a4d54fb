// The disk scan: a full session in the real VS Code host (both kinds of sign-in, renewals,
// a check with image details, a token copied, a file downloaded, one error of every kind,
// sign-out), then every file the host wrote, every line of the extension's log and every
// message shown is searched for each password and token used. None may appear.
//
// Where the host keeps what: the local host (test/host/vscodeHost.ts) gives code-server one
// temp folder holding user-data/ (settings, the logs, the extension's log file among them,
// global storage), extensions/, home/ and tmp/ (the extension host's TMPDIR, so this file
// finds the folder as the parent of os.tmpdir()). The workbench runs in Chromium (launched
// by test/host/runVsCodeTests.ts through Playwright), which keeps the browser side:
// globalState and the workbench's own logs in IndexedDB, and SecretStorage, which VS Code for
// the web hands to the embedder's LocalStorageSecretStorageProvider (the Local Storage key
// "secrets.provider", sealed with AES-GCM before it is stored; code-server 4.139's workbench.js).
// Playwright's page lives in a fresh browser context, whose storage is kept in memory: so the
// secret store never reaches the disk in this host, nothing on disk is excluded from the scan,
// and globalState is searched through its API. The browser's profile folder is searched too.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImageNode } from '../../src/authorizations/authorizationsTree';
import type { ImageAuthorization } from '../../src/connect';
import type { TestApi } from '../../src/extension';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { extensionApi, fakeServer, resetState, setSetting, tick, Ui, USER_ARGS } from './support';

const CHECK = 'gettyConnect.checkDownloadAuthorization';
const WRONG_PASSWORD = 'wrong-Pa55word-on-disk';

/** The Chromium profile of the browser that shows this workbench: found through the process tree (Linux, local host). */
function chromiumProfile(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const read = (pid: number | string, what: string): string => {
    try {
      return fs.readFileSync(`/proc/${pid}/${what}`, 'utf8');
    } catch {
      return '';
    }
  };
  const parentOf = (pid: number): number => Number(read(pid, 'stat').replace(/^.*\) /s, '').split(' ')[1] ?? 0);
  // Up from the extension host to the test runner (runVsCodeTests.js), which launched both code-server and Chromium.
  let runner = process.pid;
  while (runner > 1 && !read(runner, 'cmdline').includes('runVsCodeTests')) runner = parentOf(runner);
  if (runner <= 1) return undefined;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    if (parentOf(Number(pid)) !== runner) continue;
    const dir = /--user-data-dir=([^\0]+)/.exec(read(pid, 'cmdline'))?.[1];
    if (dir && fs.existsSync(dir)) return dir;
  }
  return undefined;
}

interface ScanResult {
  files: number;
  bytes: number;
  hits: string[];
}

/** Every regular file under `roots` (symbolic links not followed), searched for each secret as UTF-8 and as UTF-16. */
function scan(roots: string[], secrets: Map<string, string>): ScanResult {
  const needles = [...secrets].flatMap(([what, value]) => [
    { what, bytes: Buffer.from(value, 'utf8') },
    { what: `${what} (UTF-16)`, bytes: Buffer.from(value, 'utf16le') },
  ]);
  const result: ScanResult = { files: 0, bytes: 0, hits: [] };
  const seen = new Set<string>();
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // gone meanwhile (a temp file), or not readable
    }
    for (const e of entries) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else if (e.isFile() && !seen.has(file)) {
        seen.add(file);
        let content: Buffer;
        try {
          content = fs.readFileSync(file);
        } catch {
          continue;
        }
        result.files++;
        result.bytes += content.length;
        for (const n of needles) if (content.includes(n.bytes)) result.hits.push(`${n.what} in ${file}`);
      }
    }
  };
  roots.forEach(walk);
  return result;
}

suite('Secrets stay secret: the disk scan after a full session (in the extension host)', () => {
  let api: TestApi;
  let server: FakeConnectServer;
  let ui: Ui;
  /** Every password and token the session used, by what it is. */
  const secrets = new Map<string, string>();
  const remember = (what: string, value: string | undefined): void => {
    if (value) secrets.set(what, value);
  };
  let downloads: string;

  suiteSetup(async () => {
    api = await extensionApi();
    server = await fakeServer();
    await resetState(api);
    ui = new Ui().install();
    downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-disk-scan-'));
  });
  suiteTeardown(async () => {
    ui.restore();
    await setSetting('endpoint', server.url);
    await resetState(api);
    fs.rmSync(downloads, { recursive: true, force: true });
  });

  test('a full session, then no password or token in any file the host wrote, in the log or in a message', async function () {
    this.timeout(120_000);
    await setSetting('requestTimeoutSeconds', 1);
    remember('the system password', DEMO_SYSTEM.systemPassword);
    remember('the user password', DEMO_USER.userPassword);
    remember('a wrong user password', WRONG_PASSWORD);

    // Signed in with a wrong password first (an Error with a documented code), then for real.
    assert.strictEqual(await vscode.commands.executeCommand('gettyConnect.signIn', { ...USER_ARGS, userPassword: WRONG_PASSWORD }), undefined);
    assert.ok(await vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS));
    const first = api.sessions.current();
    remember('the first Token', first?.token);
    remember('the first SecureToken', first?.secureToken);
    assert.ok(await vscode.commands.executeCommand('gettyConnect.renewSession'));
    remember('the renewed Token', api.sessions.current()?.token);
    remember('the renewed SecureToken', api.sessions.current()?.secureToken);

    // A check (the largest sizes and one named size), with the image details alongside.
    const largest = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800', '90020130'] });
    const sized = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['112233445'], sizeKey: 'Large' });
    const all = [...(largest ?? []), ...(sized ?? [])];
    assert.strictEqual(all.filter((r) => r.status === 'Available').length, 3);
    all.flatMap((r) => r.authorizations).forEach((a, i) => remember(`DownloadToken ${i + 1}`, a.downloadToken));
    assert.ok(api.authorizations.tree.details.get('83454800')?.title, 'the image details came');

    // A token copied, a file downloaded (its UrlAttachment is a secret too: it works for whoever holds it).
    const image = (api.authorizations.tree.roots() as ImageNode[]).find((n) => n.result.imageId === '83454800');
    const free = image?.children.find((c) => c.authorization.downloadIsFree);
    assert.ok(free);
    assert.strictEqual(await vscode.commands.executeCommand('gettyConnect.copyDownloadToken', free), true);
    const saved = await vscode.commands.executeCommand<{ status: string; file?: string }>('gettyConnect.downloadImage', free, { folder: vscode.Uri.file(downloads), confirm: false });
    assert.strictEqual(saved?.status, 'Success');
    server.attachmentRequests.forEach((r, i) => remember(`UrlAttachment ${i + 1}`, `${new URL(server.url).origin}${r.path}`));

    // One error of every kind, each message checked below like every other.
    const secure = api.sessions.current()?.secureToken ?? '';
    const errorKinds: [string, () => Promise<unknown>][] = [
      ['ConnectHttpError (HTTP 500, HTML)', async () => {
        server.injectFault({ kind: 'http500' }, { operation: 'GetLargestImageDownloadAuthorizations', times: 1 });
        await vscode.commands.executeCommand(CHECK, { imageIds: ['83454800'] });
      }],
      ['ConnectTimeoutError', async () => {
        server.injectFault({ kind: 'delay', ms: 1600 }, { operation: 'RenewSession', times: 1 });
        await vscode.commands.executeCommand('gettyConnect.renewSession');
      }],
      ['ConnectNetworkError (reset)', async () => {
        server.injectFault({ kind: 'reset' }, { operation: 'CreateDownloadRequest', times: 1 });
        await vscode.commands.executeCommand('gettyConnect.downloadImage', free, { folder: vscode.Uri.file(downloads), confirm: false });
      }],
      ['ConnectProtocolError (malformed JSON)', async () => {
        server.injectFault({ kind: 'malformedJson' }, { operation: 'GetImageDownloadAuthorizations', times: 1 });
        await vscode.commands.executeCommand(CHECK, { imageIds: ['83454800'], sizeKey: 'Small' });
      }],
      ['ConnectApiError echoing the secure token and the password', async () => {
        const message = `Token ${secure} refused for ${DEMO_SYSTEM.systemPassword}`;
        server.injectFault({ kind: 'status', status: 'Error', code: 'XQ-0001', message }, { operation: 'GetImageDownloadAuthorizations', times: 1 });
        await vscode.commands.executeCommand(CHECK, { imageIds: ['90020130'], sizeKey: 'Medium' });
      }],
      ['DownloadError (the attachment answers HTTP 500)', async () => {
        server.injectFault({ kind: 'http500' }, { operation: 'Attachment', times: 1 });
        await vscode.commands.executeCommand('gettyConnect.downloadImage', free, { folder: vscode.Uri.file(downloads), confirm: false });
      }],
      ['EndpointError (plain http to another host)', async () => {
        await setSetting('endpoint', 'http://connect.example.com/v1');
        await vscode.commands.executeCommand('gettyConnect.signInApplication', DEMO_SYSTEM);
        await setSetting('endpoint', server.url);
      }],
      ['SessionStateError (renewing when signed out)', async () => {
        await vscode.commands.executeCommand('gettyConnect.signOut');
        ui.inputs = [undefined]; // renew when signed out offers a sign-in: cancelled
        await vscode.commands.executeCommand('gettyConnect.renewSession');
      }],
    ];
    for (const [kind, run] of errorKinds) {
      const before = ui.shown.length;
      await run();
      await tick(50);
      assert.ok(ui.shown.slice(before).some((m) => m.kind !== 'info') || kind.startsWith('SessionStateError'), `${kind}: a message was shown`);
    }

    // The other kind of session: an application session, renewed, then signed out.
    assert.ok(await vscode.commands.executeCommand('gettyConnect.signInApplication', DEMO_SYSTEM));
    remember('the application Token', api.sessions.current()?.token);
    assert.ok(await vscode.commands.executeCommand('gettyConnect.renewSession'));
    remember('the renewed application Token', api.sessions.current()?.token);
    await vscode.commands.executeCommand('gettyConnect.signOut');
    assert.strictEqual(api.sessions.current(), undefined);
    // Give the log file and the storage a moment to reach the disk.
    await tick(1500);

    const messages = ui.shown.map((m) => `${m.kind}: ${m.message} [${m.actions.join(', ')}]`);
    const log = api.log.lines();
    assert.ok(log.some((l) => /Signed in as demo\.user/.test(l)), 'the log holds the session');
    const leaks: string[] = [];
    // globalState lives in the browser's storage, which (see the top) never reaches the disk here: searched directly.
    const state = api.globalState.keys().map((k) => `${k}=${JSON.stringify(api.globalState.get(k))}`);
    assert.ok(state.some((s) => s.includes(DEMO_USER.userName)), 'globalState holds the remembered user name (so it is the one in use)');
    for (const [what, value] of secrets) {
      state.filter((s) => s.includes(value)).forEach((s) => leaks.push(`${what} in globalState ${s}`));
      messages.filter((m) => m.includes(value)).forEach((m) => leaks.push(`${what} in the message "${m}"`));
      log.filter((l) => l.includes(value)).forEach((l) => leaks.push(`${what} in the log line "${l}"`));
    }
    assert.ok(messages.some((m) => /XQ-0001: Token «redacted» refused for «redacted»/.test(m)), 'the echoed secrets were masked in the message');

    // The host's folders: code-server's temp folder (user data, extensions, home, tmp), the workspace, the browser profile.
    const hostRoot = path.dirname(os.tmpdir());
    const roots = [hostRoot, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)];
    const profile = chromiumProfile();
    if (profile) roots.push(profile);
    const found = scan(roots, secrets);
    leaks.push(...found.hits);

    const logFiles = found.files > 0 ? scan([path.join(hostRoot, 'user-data', 'logs')], new Map([['a line of the session', 'Signed in as demo.user']])) : found;
    console.log(
      `[figure] disk scan: ${secrets.size} secrets searched in ${found.files} files, ${(found.bytes / 1024 / 1024).toFixed(1)} MB (${found.bytes} bytes), ` +
        `${log.length} log lines and ${messages.length} messages; folders: ${roots.join(', ')}`,
    );
    assert.deepStrictEqual(leaks, [], 'no secret anywhere');
    // The scan saw what matters: the user data folder, the extension's log file, the downloaded file, the browser's profile.
    assert.ok(fs.existsSync(path.join(hostRoot, 'user-data')) && fs.existsSync(path.join(hostRoot, 'extensions')), `${hostRoot} is code-server's folder`);
    assert.ok(logFiles.hits.length > 0, "the extension's log file on disk was among the files searched");
    assert.ok(saved.file && saved.file.startsWith(hostRoot), 'the downloaded file was among them');
    assert.ok(profile, 'the browser profile was found and searched');

    assert.ok(found.files > 20 && found.bytes > 100_000, 'a real amount of data was searched');
  });
});
