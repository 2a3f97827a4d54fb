// Getting the file: Download and Copy Download Link on an authorization, with the
// confirmation, every per-item status, the folder, the file name, no overwrite,
// nothing left behind when cut off or cancelled, and several at once.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImageAuthorization } from '../../src/connect';
import type { TestApi } from '../../src/extension';
import type { AuthorizationNode, ImageNode } from '../../src/authorizations/authorizationsTree';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { setSetting, signedInSuite, Ui, USER_ARGS } from './support';

const CHECK = 'gettyConnect.checkDownloadAuthorization';
const DOWNLOAD = 'gettyConnect.downloadImage';
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff]);

interface Result { imageId: string; status: string; file?: string }

suite('Downloads (in the extension host)', () => {
  let api: TestApi;
  let server: FakeConnectServer;
  let ui: Ui;
  let folder: string;
  signedInSuite((a, s, u) => ([api, server, ui] = [a, s, u]));
  setup(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-downloads-'));
  });
  teardown(async () => {
    await setSetting('downloadFolder', undefined);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Checks 83454800 at its largest sizes and returns its authorization nodes by offering. */
  async function authorizationsOf(imageId = '83454800'): Promise<Record<string, AuthorizationNode>> {
    await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: [imageId] });
    const image = (api.authorizations.tree.roots() as ImageNode[]).find((n) => n.result.imageId === imageId);
    assert.ok(image, `${imageId} is in the tree`);
    ui.shown.length = 0;
    server.clearLog();
    return Object.fromEntries(image.children.map((c) => [c.authorization.productOfferingType, c]));
  }
  const files = () => fs.readdirSync(folder).sort();

  test('a debited download asks first, naming the offering and the downloads left; accepted, the file lands in the folder', async () => {
    const { ImagePack } = await authorizationsOf();
    ui.clicks = [{ match: /^Download 83454800/, action: 'Download' }];
    const result = await vscode.commands.executeCommand<Result>(DOWNLOAD, ImagePack, { folder: vscode.Uri.file(folder) });
    assert.strictEqual(ui.shown[0].message, 'Download 83454800 (Medium)? This uses one download of ImagePack (10 left).');
    assert.deepStrictEqual(ui.shown[0].actions, ['Download']);
    assert.deepStrictEqual(result, { imageId: '83454800', status: 'Success', file: path.join(folder, '83454800_Medium.jpg') });
    const bytes = fs.readFileSync(result.file ?? '');
    assert.ok(bytes.subarray(0, 3).equals(JPEG_START), 'a real JPEG');
    assert.strictEqual(bytes.length, server.attachmentRequests[0].bytesSent);
    const [request] = server.requestsFor('CreateDownloadRequest');
    assert.deepStrictEqual(request.body?.DownloadItems, [{ DownloadToken: ImagePack.authorization.downloadToken }]);
    assert.strictEqual(server.downloadsRemaining('ImagePack'), 9, 'one download used');
    const done = ui.shown.find((m) => m.kind === 'info');
    assert.match(done?.message ?? '', /^Downloaded 83454800 to .*83454800_Medium\.jpg\.$/);
    assert.deepStrictEqual(done?.actions, ['Open', 'Reveal in Explorer']);
    assert.ok(!api.log.lines().join('\n').includes(ImagePack.authorization.downloadToken), 'no download token in the log');
  });

  test('declined: nothing is requested and nothing is used', async () => {
    const { ImagePack } = await authorizationsOf();
    const result = await vscode.commands.executeCommand(DOWNLOAD, ImagePack, { folder: vscode.Uri.file(folder) });
    assert.strictEqual(result, undefined);
    assert.strictEqual(server.requestsFor('CreateDownloadRequest').length, 0);
    assert.strictEqual(server.downloadsRemaining('ImagePack'), 10);
    assert.deepStrictEqual(files(), []);
  });

  test('a free authorization, or confirm: false, downloads without a question', async () => {
    const { RoyaltyFreeSubscription, ImagePack } = await authorizationsOf();
    const free = await vscode.commands.executeCommand<Result>(DOWNLOAD, RoyaltyFreeSubscription, { folder: vscode.Uri.file(folder) });
    const skipped = await vscode.commands.executeCommand<Result>(DOWNLOAD, ImagePack, { folder: vscode.Uri.file(folder), confirm: false });
    assert.deepStrictEqual([free.status, skipped.status], ['Success', 'Success']);
    assert.deepStrictEqual(ui.shown.filter((m) => m.kind === 'warning'), [], 'no question asked');
    assert.deepStrictEqual(files(), ['83454800_Medium.jpg', '83454800_Original.jpg']);
  });

  test('an item status of Available (the workflow text) works like Success', async () => {
    server.quirks.downloadStatusAvailable = true;
    const { RoyaltyFreeSubscription } = await authorizationsOf();
    const result = await vscode.commands.executeCommand<Result>(DOWNLOAD, RoyaltyFreeSubscription, { folder: vscode.Uri.file(folder) });
    assert.deepStrictEqual(result, { imageId: '83454800', status: 'Available', file: path.join(folder, '83454800_Original.jpg') });
  });

  test('a target given as an object from the check result works like a tree node', async () => {
    const [result] = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
    const auth = result.authorizations[0];
    const got = await vscode.commands.executeCommand<Result>(DOWNLOAD, { imageId: result.imageId, ...auth }, { folder: vscode.Uri.file(folder), confirm: false });
    assert.deepStrictEqual(got, { imageId: '83454800', status: 'Success', file: path.join(folder, '83454800_Large.jpg') });
  });

  test('with no folder given, the file goes to gettyConnect.downloadFolder', async () => {
    await setSetting('downloadFolder', folder);
    const { RoyaltyFreeSubscription } = await authorizationsOf();
    const result = await vscode.commands.executeCommand<Result>(DOWNLOAD, RoyaltyFreeSubscription);
    assert.strictEqual(result.file, path.join(folder, '83454800_Original.jpg'));
    assert.ok(fs.existsSync(result.file ?? ''));
  });

  test('an existing file is never overwritten: the new one gets a numbered name', async () => {
    fs.writeFileSync(path.join(folder, '83454800_Original.jpg'), 'my own edit');
    const { RoyaltyFreeSubscription } = await authorizationsOf();
    const result = await vscode.commands.executeCommand<Result>(DOWNLOAD, RoyaltyFreeSubscription, { folder: vscode.Uri.file(folder) });
    assert.strictEqual(result.file, path.join(folder, '83454800_Original (1).jpg'));
    assert.strictEqual(fs.readFileSync(path.join(folder, '83454800_Original.jpg'), 'utf8'), 'my own edit');
  });

  for (const [status, arrange, expected] of [
    ['NoAccess', (s: FakeConnectServer) => s.setDownloadsRemaining('ImagePack', 0), /no access to it, or no downloads left on this product offering\. Contact/],
    ['Unavailable', (s: FakeConnectServer) => (s.quirks.unavailableImages = ['83454800']), /not available for download at the moment\. Try again later/],
    ['ExpiredToken', (s: FakeConnectServer) => s.advanceClock(25 * 60), /download token has expired \(tokens last 24 hours\)\. Check the image again/],
  ] as const) {
    test(`the per-item status ${status} gets its own message and action`, async () => {
      if (status === 'ExpiredToken') {
        // A session that outlives the download token, so that only the token has expired a day later.
        server.tokenLifetimeMinutes = 48 * 60;
        await vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS);
      }
      const { ImagePack } = await authorizationsOf();
      arrange(server);
      const result = await vscode.commands.executeCommand<Result>(DOWNLOAD, ImagePack, { folder: vscode.Uri.file(folder), confirm: false });
      assert.deepStrictEqual(result, { imageId: '83454800', status });
      const shown = ui.shown.find((m) => expected.test(m.message));
      assert.ok(shown, JSON.stringify(ui.shown));
      assert.deepStrictEqual(shown.actions, status === 'ExpiredToken' ? ['Check Again'] : ['Show Log']);
      assert.deepStrictEqual(files(), []);
    });
  }

  test('InvalidToken offers Check Again, which checks the image once more', async () => {
    await authorizationsOf();
    ui.clicks = [{ match: /download token is not valid/, action: 'Check Again' }];
    const result = await vscode.commands.executeCommand<Result>(DOWNLOAD, { imageId: '83454800', downloadToken: 'dlt_not-issued', sizeKey: '', downloadIsFree: true }, { folder: vscode.Uri.file(folder) });
    assert.deepStrictEqual(result, { imageId: '83454800', status: 'InvalidToken' });
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(server.requestsFor('GetLargestImageDownloadAuthorizations').length, 1, 'Check Again asked for fresh authorizations');
  });

  test('a download cut halfway leaves no file and says so', async () => {
    const { RoyaltyFreeSubscription } = await authorizationsOf();
    server.injectFault({ kind: 'truncate' }, { operation: 'Attachment', times: 1 });
    const result = await vscode.commands.executeCommand<Result>(DOWNLOAD, RoyaltyFreeSubscription, { folder: vscode.Uri.file(folder) });
    assert.deepStrictEqual(result, { imageId: '83454800', status: 'Failed' });
    assert.match(ui.only('error').message, /Download of 83454800 failed: The download was cut off after \d+ (of \d+ )?bytes/);
    assert.deepStrictEqual(files(), []);
  });

  test('a cancel in the middle of a download leaves no partial file', async () => {
    server.quirks.attachmentBytes = 50 * 1024 * 1024;
    const { RoyaltyFreeSubscription } = await authorizationsOf();
    const w = vscode.window as unknown as { withProgress: typeof vscode.window.withProgress };
    const original = w.withProgress;
    let reports = 0;
    w.withProgress = (_options, task) => {
      const cancel = new vscode.CancellationTokenSource();
      // The person clicks Cancel once some bytes have arrived.
      return task({ report: () => ++reports === 3 && cancel.cancel() }, cancel.token);
    };
    try {
      const result = await vscode.commands.executeCommand<Result>(DOWNLOAD, RoyaltyFreeSubscription, { folder: vscode.Uri.file(folder) });
      assert.deepStrictEqual(result, { imageId: '83454800', status: 'Cancelled' });
      assert.ok(reports >= 3, 'progress was reported while bytes arrived');
      assert.match(ui.only('warning').message, /Download of 83454800 cancelled; no partial file was kept/);
      assert.deepStrictEqual(files(), []);
    } finally {
      w.withProgress = original;
    }
  });

  test('several authorizations selected: one CreateDownloadRequest, one confirmation with the total', async () => {
    await setSetting('downloadFolder', folder);
    const { RoyaltyFreeSubscription, ImagePack } = await authorizationsOf();
    ui.clicks = [{ match: /^Download 2 images/, action: 'Download' }];
    const results = await vscode.commands.executeCommand<Result[]>(DOWNLOAD, ImagePack, [ImagePack, RoyaltyFreeSubscription]);
    assert.strictEqual(ui.shown[0].message, 'Download 2 images? This uses one download of ImagePack (10 left).');
    assert.strictEqual(server.requestsFor('CreateDownloadRequest').length, 1);
    assert.strictEqual((server.requestsFor('CreateDownloadRequest')[0].body?.DownloadItems as unknown[]).length, 2);
    assert.deepStrictEqual(results.map((r) => [r.status, r.file]), [
      ['Success', path.join(folder, '83454800_Medium.jpg')], ['Success', path.join(folder, '83454800_Original.jpg')],
    ]);
    assert.deepStrictEqual(files(), ['83454800_Medium.jpg', '83454800_Original.jpg']);
  });

  test('Copy Download Link: the same request, the URL on the clipboard', async () => {
    const { RoyaltyFreeSubscription } = await authorizationsOf();
    const status = await vscode.commands.executeCommand<string>('gettyConnect.copyDownloadLink', RoyaltyFreeSubscription);
    assert.strictEqual(status, 'Success');
    const link = await vscode.env.clipboard.readText();
    assert.match(link, new RegExp(`^${server.url.replace(/\/v1$/, '').replace(/[.]/g, '\\.')}/attachments/[0-9a-f]{32}$`));
    assert.strictEqual(server.attachmentRequests.length, 0, 'nothing was downloaded');
    assert.match(ui.only('info').message, /Copied the download link for 83454800/);
    assert.ok(!api.log.lines().join('\n').includes(link), 'the link is not in the log');
  });

  test('nothing selected: a message says what to select', async () => {
    assert.strictEqual(await vscode.commands.executeCommand(DOWNLOAD), undefined);
    assert.match(ui.only('warning').message, /Select an authorization .* to download it/);
  });
});
