import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { ConnectClient, ImageAuthorization } from '../../src/connect';
import type { TestApi } from '../../src/extension';
import type { AuthorizationNode, ImageNode } from '../../src/authorizations/authorizationsTree';
import { DEMO_SYSTEM } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { extensionApi, fakeServer, resetState, setSetting, Ui, USER_ARGS } from './support';

const CHECK = 'gettyConnect.checkDownloadAuthorization';

suite('Download authorizations (in the extension host)', () => {
  let api: TestApi;
  let server: FakeConnectServer;
  let ui: Ui;
  let tmp: string;

  suiteSetup(async () => {
    api = await extensionApi();
    server = await fakeServer();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-auth-'));
  });
  suiteTeardown(() => fs.rmSync(tmp, { recursive: true, force: true }));
  setup(async () => {
    await resetState(api);
    ui = new Ui().install();
    await vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS);
    server.clearLog();
    ui.shown.length = 0;
  });
  teardown(async () => {
    ui.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** The ImageSizes of every GetImageDownloadAuthorizations request, flattened. */
  const requested = () =>
    server.requestsFor('GetImageDownloadAuthorizations').flatMap((r) => (r.body?.ImageSizes as { ImageId: string; SizeKey: string }[]).map((s) => `${s.ImageId}/${s.SizeKey}`));
  const roots = () => api.authorizations.tree.roots() as ImageNode[];
  /** The operations the fake received, in order, without the image details that go alongside a check. */
  const operations = () => server.requests.map((r) => r.operation).filter((o) => o !== 'GetImageDetails');

  async function editorWith(content: string, language = 'plaintext'): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument({ content, language });
    return vscode.window.showTextDocument(doc);
  }

  function writeFile(name: string, content: string | Buffer): vscode.Uri {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, content);
    return vscode.Uri.file(file);
  }

  test('selected IDs (separators, letters and dashes) with the default size key', async () => {
    await setSetting('defaultSizeKey', 'Large');
    const editor = await editorWith('Shortlist: 83454800, "sb10069478a-001"; [200275431-001] and the word image\n(99999999)');
    editor.selection = new vscode.Selection(0, 0, 1, 10);
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK);
    assert.deepStrictEqual(requested(), ['83454800/Large', 'sb10069478a-001/Large', '200275431-001/Large', '99999999/Large']);
    assert.deepStrictEqual(results.map((r) => [r.imageId, r.status]), [
      ['83454800', 'Available'], ['sb10069478a-001', 'Available'], ['200275431-001', 'Available'], ['99999999', 'ImageNotFound'],
    ]);
    assert.deepStrictEqual(roots().map((n) => n.result.imageId), ['83454800', 'sb10069478a-001', '200275431-001', '99999999']);
    const auth = results[0].authorizations[0];
    assert.deepStrictEqual(Object.keys(auth).sort(), ['downloadIsFree', 'downloadToken', 'downloadsRemaining', 'productOfferingInstanceId', 'productOfferingType']);
    assert.match(ui.only('info').message, /Checked 4 images from the selection: 3 Available, 1 ImageNotFound\. Some images are not available/);
    const log = api.log.lines().join('\n');
    for (const r of server.requestsFor('GetImageDownloadAuthorizations')) {
      assert.ok(log.includes(`CoordinationId ${r.coordinationId}`), 'every request is logged with its CoordinationId');
    }
    assert.ok(!log.includes(auth.downloadToken), 'no download token in the log');
  });

  test('every selection of a multi-cursor edit, duplicates removed in order', async () => {
    await setSetting('defaultSizeKey', 'Small');
    const editor = await editorWith('83454800 x\n12345678 y\n83454800 z');
    editor.selections = [new vscode.Selection(0, 0, 0, 8), new vscode.Selection(1, 0, 1, 8), new vscode.Selection(2, 0, 2, 8)];
    await vscode.commands.executeCommand(CHECK);
    assert.deepStrictEqual(requested(), ['83454800/Small', '12345678/Small']);
  });

  test('no selection: the ID under the cursor', async () => {
    await setSetting('defaultSizeKey', 'Medium');
    const editor = await editorWith('see image sb10069478a-001 for the cover');
    editor.selection = new vscode.Selection(0, 14, 0, 14);
    await vscode.commands.executeCommand(CHECK);
    assert.deepStrictEqual(requested(), ['sb10069478a-001/Medium']);
  });

  test('a selection that is JSON: search results with ImageId and SizeKey at any depth, keys in any case', async () => {
    const json = JSON.stringify({ result: { images: [{ imageid: '83454800', Title: '12345678 is not an ID here', sizeKey: 'XLarge' }, { ImageId: 200275431001 }] } }, null, 2);
    const editor = await editorWith(json, 'json');
    editor.selection = new vscode.Selection(0, 0, editor.document.lineCount, 0);
    await vscode.commands.executeCommand(CHECK);
    assert.deepStrictEqual(requested(), ['83454800/XLarge']);
    assert.deepStrictEqual(server.requestsFor('GetLargestImageDownloadAuthorizations').map((r) => r.body?.Images), [[{ ImageId: '200275431001' }]], 'the ID without a size key: the largest size');
    assert.deepStrictEqual(ui.quickPicks, [], 'no question asked');
  });

  test('a JSON file Uri holding a whole GetImageDownloadAuthorizations request', async () => {
    const uri = writeFile('request.json', JSON.stringify({
      RequestHeader: { Token: '', CoordinationId: '' },
      GetImageDownloadAuthorizationsRequestBody: { ImageSizes: [{ ImageId: '83454800', SizeKey: 'Large' }, { ImageId: '83454800', SizeKey: 'Gigantic' }, { ImageId: '12345678', SizeKey: 'Small' }] },
    }));
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, uri);
    assert.deepStrictEqual(requested(), ['83454800/Large', '83454800/Gigantic', '12345678/Small']);
    assert.deepStrictEqual(results.map((r) => r.status), ['Available', 'InvalidSizeKey', 'NoAuthorizations']);
    assert.strictEqual(ui.quickPicks.length, 0, 'no size key asked: every entry has one');
  });

  test("from the editor's context menu: the selection if there is one, else the whole file", async () => {
    const uri = writeFile('context.json', '["83454800", "sb10069478a-001"]');
    const editor = await vscode.window.showTextDocument(uri);
    await setSetting('defaultSizeKey', 'Large');
    editor.selection = new vscode.Selection(0, 3, 0, 3);
    await vscode.commands.executeCommand(CHECK, uri);
    assert.deepStrictEqual(requested(), ['83454800/Large', 'sb10069478a-001/Large'], 'no selection: the whole file');
    server.clearLog();
    editor.selection = new vscode.Selection(0, 14, 0, 29);
    await vscode.commands.executeCommand(CHECK, uri);
    assert.deepStrictEqual(requested(), ['sb10069478a-001/Large'], 'the selection wins');
  });

  test('a JSON file that is an array of IDs (strings and numbers)', async () => {
    const uri = writeFile('ids.json', '["83454800", 200275431, "sb10069478a-001"]');
    await setSetting('defaultSizeKey', 'Large');
    await vscode.commands.executeCommand(CHECK, uri);
    assert.deepStrictEqual(requested(), ['83454800/Large', '200275431/Large', 'sb10069478a-001/Large']);
  });

  test('arguments for automation: { imageIds, sizeKey } and { imageSizes }', async () => {
    await vscode.commands.executeCommand(CHECK, { imageIds: ['83454800', 'sb10069478a-001'], sizeKey: 'Small' });
    await vscode.commands.executeCommand(CHECK, { imageSizes: [{ ImageId: '200275431-001', SizeKey: 'Original' }] });
    assert.deepStrictEqual(requested(), ['83454800/Small', 'sb10069478a-001/Small', '200275431-001/Original']);
    assert.deepStrictEqual(roots().map((n) => n.result.imageId), ['200275431-001', '83454800', 'sb10069478a-001'], 'newest check first');
  });

  test('clicking an authorization copies its exact DownloadToken, naming the image', async () => {
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
    const node = roots()[0].children[1] as AuthorizationNode;
    const item = api.authorizations.tree.getTreeItem(node);
    assert.strictEqual(item.command?.command, 'gettyConnect.copyDownloadToken');
    ui.shown.length = 0;
    const copied = await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    assert.strictEqual(copied, true);
    assert.strictEqual(await vscode.env.clipboard.readText(), results[0].authorizations[1].downloadToken);
    const info = ui.only('info').message;
    assert.match(info, /Copied the download token for 83454800 \(Large, ImagePack\)/);
    assert.ok(!info.includes(results[0].authorizations[1].downloadToken));
  });

  test('tree items: status, icons, tooltips and authorization details', async () => {
    await vscode.commands.executeCommand(CHECK, {
      imageSizes: [
        { ImageId: '83454800', SizeKey: 'Large' }, { ImageId: '83454800', SizeKey: 'Huge' },
        { ImageId: '99999999', SizeKey: 'Large' }, { ImageId: '12345678', SizeKey: 'Large' }, { ImageId: '200275431-001', SizeKey: 'Large' },
      ],
    });
    const tree = api.authorizations.tree;
    const items = roots().map((n) => tree.getTreeItem(n));
    assert.deepStrictEqual(items.map((i) => [i.label, i.description, i.contextValue, (i.iconPath as vscode.ThemeIcon).id]), [
      ['83454800', 'Hot-air balloons over a valley at sunrise · Large · 2 authorizations', 'image.Available', 'pass'],
      ['83454800', 'Hot-air balloons over a valley at sunrise · Huge · InvalidSizeKey', 'image.InvalidSizeKey', 'symbol-ruler'],
      ['99999999', 'Large · ImageNotFound', 'image.ImageNotFound', 'question'],
      ['12345678', 'Lighthouse in a storm · Large · NoAuthorizations', 'image.NoAuthorizations', 'lock'],
      ['200275431-001', 'Red bicycle against a yellow wall · Large · 3 authorizations', 'image.Available', 'pass'],
    ]);
    const tooltip = async (i: number): Promise<string> => ((await tree.resolveTreeItem(items[i], roots()[i])).tooltip as vscode.MarkdownString).value;
    assert.match(await tooltip(1), /size key does not exist/);
    assert.match(await tooltip(2), /No image has this ID/);
    assert.match(await tooltip(3), /none of your product offerings/);
    const children = api.authorizations.tree.getChildren(roots()[0]).map((c) => api.authorizations.tree.getTreeItem(c));
    assert.deepStrictEqual(children.map((c) => [c.label, c.description]), [
      ['RoyaltyFreeSubscription', 'free · 250 left · token valid 24 h · instance RFS-2001'],
      ['ImagePack', '10 left · token valid 24 h · instance IP-3001'],
    ]);
    const easy = api.authorizations.tree.getChildren(roots()[4]).map((c) => api.authorizations.tree.getTreeItem(c)).find((c) => c.label === 'EasyAccess');
    assert.strictEqual(easy?.description, 'token valid 24 h');
  });

  test('an expired download token is not copied silently: checking again is offered', async () => {
    await vscode.commands.executeCommand(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
    const image = roots()[0];
    image.receivedAt -= 25 * 60 * 60_000;
    await vscode.env.clipboard.writeText('untouched');
    ui.clicks = [{ match: /has expired/, action: 'Check Again' }];
    const copied = await vscode.commands.executeCommand('gettyConnect.copyDownloadToken', image.children[0]);
    assert.strictEqual(copied, false);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'untouched');
    assert.match(ui.shown.find((s) => s.kind === 'warning')?.message ?? '', /download token for 83454800 \(Large, RoyaltyFreeSubscription\) has expired/);
    assert.strictEqual(server.requestsFor('GetImageDownloadAuthorizations').length, 2, 'checked again');
    assert.ok(Date.now() - roots()[0].receivedAt < 60_000, 'the node holds fresh tokens');
  });

  test('Copy Image ID, Check Again (in place), Clear and Export', async () => {
    await vscode.commands.executeCommand(CHECK, { imageIds: ['83454800', 'sb10069478a-001'], sizeKey: 'Large' });
    const [first] = roots();
    await vscode.commands.executeCommand('gettyConnect.copyImageId', first.children[0]);
    assert.strictEqual(await vscode.env.clipboard.readText(), '83454800');

    const before = first.children[0].authorization.downloadToken;
    let fired: unknown[] = [];
    const sub = api.authorizations.tree.onDidChangeTreeData((e) => fired.push(e));
    await vscode.commands.executeCommand('gettyConnect.checkAgain', first);
    sub.dispose();
    assert.strictEqual(roots()[0], first, 'the same node, updated in place');
    assert.notStrictEqual(first.children[0].authorization.downloadToken, before);
    assert.deepStrictEqual(fired, [first], 'only that node refreshed');
    fired = [];

    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('gettyConnect.exportAuthorizations');
    assert.strictEqual(doc.languageId, 'json');
    assert.ok(doc.isUntitled);
    const exported = JSON.parse(doc.getText()) as ImageAuthorization[];
    assert.deepStrictEqual(exported.map((e) => e.imageId), ['83454800', 'sb10069478a-001']);

    await vscode.commands.executeCommand('gettyConnect.clearAuthorizations');
    assert.strictEqual(roots().length, 0);
  });

  test('signed out: sign-in is offered, then the check goes on', async () => {
    await api.sessions.signOut();
    server.clearLog();
    ui.clicks = [{ match: /need a Getty Connect user sign-in/, action: 'Sign In' }];
    ui.inputs = [DEMO_SYSTEM.systemId, DEMO_SYSTEM.systemPassword, USER_ARGS.userName, USER_ARGS.userPassword];
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
    assert.strictEqual(results?.length, 1);
    assert.deepStrictEqual(operations(), ['CreateSession', 'GetImageDownloadAuthorizations']);
  });

  test('signed out and the offer declined: nothing is sent', async () => {
    await api.sessions.signOut();
    server.clearLog();
    assert.strictEqual(await vscode.commands.executeCommand(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' }), undefined);
    assert.strictEqual(server.requests.length, 0);
    assert.deepStrictEqual(ui.only('warning').actions, ['Sign In', 'Show Log']);
  });

  test('an application session: the check says a user sign-in is needed and offers it', async () => {
    await vscode.commands.executeCommand('gettyConnect.signInApplication', DEMO_SYSTEM);
    server.clearLog();
    ui.shown.length = 0;
    assert.strictEqual(await vscode.commands.executeCommand(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' }), undefined);
    const w = ui.only('warning');
    assert.match(w.message, /need a user sign-in: the current session is an anonymous application session/);
    assert.ok(w.actions.includes('Sign In as User'));
    assert.strictEqual(server.requests.length, 0);
  });

  test('a token refused with a code no document names: the store is re-read, and a session renewed elsewhere is adopted', async () => {
    // Another window renews the session: the service invalidates this window's token and the store holds the new one.
    const stored = JSON.parse((await api.secrets.get('gettyConnect.session')) ?? '{}') as { secureToken: string };
    const other = new ConnectClient({ baseUrl: server.url, timeoutMs: 5000 });
    const renewed = (await other.renewSession(stored.secureToken, DEMO_SYSTEM)).result;
    await api.secrets.store('gettyConnect.session', JSON.stringify({ ...stored, token: renewed.token, secureToken: renewed.secureToken, expiresAt: Date.now() + 30 * 60_000 }));
    server.quirks.tokenRefusal = { code: 'TokenNotRecognised', message: 'The token is not recognised.' };
    server.clearLog();
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
    assert.deepStrictEqual(results.map((r) => r.status), ['Available']);
    assert.deepStrictEqual(operations(), ['GetImageDownloadAuthorizations', 'GetImageDownloadAuthorizations']);
    assert.strictEqual(server.requestsFor('GetImageDownloadAuthorizations')[1].token, renewed.secureToken, 'the retry carries the token found in the store');
    assert.strictEqual(ui.shown.filter((m) => m.kind === 'warning').length, 0, 'no sign-in was asked for');
  });

  test('a refusal with a code and a message never seen before: sign-in is offered, showing them raw, and the check goes on', async () => {
    server.quirks.tokenRefusal = { code: 'Zq-7731', message: 'Sesión caducada' };
    server.expireAllTokens(); // on the server only: this window still believes its token valid
    ui.clicks = [{ match: /refused the session's token/, action: 'Sign In Again' }];
    ui.inputs = [DEMO_SYSTEM.systemId, DEMO_SYSTEM.systemPassword, USER_ARGS.userName, USER_ARGS.userPassword];
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
    assert.strictEqual(results?.length, 1);
    assert.match(ui.shown.find((m) => m.kind === 'warning')?.message ?? '', /refused the session's token during the check \(Zq-7731: Sesión caducada\)\. It may have been replaced/);
    assert.deepStrictEqual(operations(), ['GetImageDownloadAuthorizations', 'CreateSession', 'GetImageDownloadAuthorizations']);
  });

  test('the session expired by its own clock during a long check: sign-in is offered and the check goes on', async () => {
    await setSetting('batchSize', 1);
    // Three requests go out at once and take a while; meanwhile the machine sleeps past the
    // session's expiry. The fourth request would carry an expired token: it is not sent.
    server.injectFault({ kind: 'delay', ms: 400 }, { operation: 'GetImageDownloadAuthorizations', times: 3 });
    ui.clicks = [{ match: /expired during the check/, action: 'Sign In Again' }];
    ui.inputs = [DEMO_SYSTEM.systemId, DEMO_SYSTEM.systemPassword, USER_ARGS.userName, USER_ARGS.userPassword];
    const pending = vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800', 'sb10069478a-001', '200275431-001', '50000001'], sizeKey: 'Large' });
    await new Promise((r) => setTimeout(r, 150));
    api.clock.advance(31 * 60_000);
    const results = await pending;
    assert.deepStrictEqual(results.map((r) => r.status), ['Available', 'Available', 'Available', 'Available']);
    assert.deepStrictEqual(operations(), [
      'GetImageDownloadAuthorizations', 'GetImageDownloadAuthorizations', 'GetImageDownloadAuthorizations', 'CreateSession', 'GetImageDownloadAuthorizations',
    ]);
    assert.strictEqual(server.requestsFor('RenewSession').length, 0, 'an expired token is not sent to be renewed');
  });

  for (const omitUnauthorized of [false, true]) {
    test(`images ${omitUnauthorized ? 'left out of the answer' : 'listed with a status'}: every ID sent is accounted for, without a Warning`, async () => {
      server.quirks.omitUnauthorized = omitUnauthorized;
      const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800', '99999999', '12345678'], sizeKey: 'Large' });
      assert.deepStrictEqual(server.requests.flatMap((r) => r.codes), [], 'the service sent no Warning');
      const absent = omitUnauthorized ? ['NotInAnswer', 'NotInAnswer'] : ['ImageNotFound', 'NoAuthorizations'];
      assert.deepStrictEqual(results.map((r) => [r.imageId, r.sizeKey, r.status]), [
        ['83454800', 'Large', 'Available'], ['99999999', 'Large', absent[0]], ['12345678', 'Large', absent[1]],
      ]);
      const summary = omitUnauthorized ? '1 Available, 2 not in the answer' : '1 Available, 1 ImageNotFound, 1 NoAuthorizations';
      assert.match(ui.only('info').message, new RegExp(`Checked 3 images from the argument: ${summary}\\. Some images are not available: see the tree\\.`));
      const items = roots().map((n) => api.authorizations.tree.getTreeItem(n));
      assert.strictEqual(items.length, 3);
      if (omitUnauthorized) {
        assert.deepStrictEqual(items.slice(1).map((i) => [i.description, (i.iconPath as vscode.ThemeIcon).id]), [
          ['Large · not in the answer', 'circle-slash'], ['Lighthouse in a storm · Large · not in the answer', 'circle-slash'],
        ]);
        const tooltip = (await api.authorizations.tree.resolveTreeItem(items[1], roots()[1])).tooltip as vscode.MarkdownString;
        assert.match(tooltip.value, /did not list this image.*none of your product offerings authorizes it/s);
        const exported = JSON.parse((await api.authorizations.exportResults()).getText()) as { imageId: string; status: string }[];
        assert.deepStrictEqual(exported.map((e) => [e.imageId, e.status]), [['83454800', 'Available'], ['99999999', 'NotInAnswer'], ['12345678', 'NotInAnswer']]);
      }
    });
  }

  for (const namedCodes of [false, true]) {
    const code = namedCodes ? 'SecureTokenPassedOverHttp' : 'AUTH-014';
    test(`a secure token over plain http is refused as the service does (${code}): the advice names https and the setting`, async () => {
      server.quirks.httpsOnly = true;
      server.quirks.namedCodes = namedCodes;
      const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
      assert.deepStrictEqual(results, []);
      const e = ui.only('error');
      assert.match(e.message, new RegExp(`A secure token was sent over plain HTTP and refused\\. Set "gettyConnect\\.endpoint" to an https:// address.*\\(${code}: `));
      assert.deepStrictEqual(e.actions, ['Open Settings', 'Show Log']);
    });
  }

  test('1,000 IDs go out in ceil(1000 / batchSize) requests, in order', async () => {
    await setSetting('batchSize', 40);
    const ids = Array.from({ length: 1000 }, (_, i) => String(50_000_000 + i));
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ids, sizeKey: 'Large' });
    const calls = server.requestsFor('GetImageDownloadAuthorizations');
    assert.strictEqual(calls.length, Math.ceil(1000 / 40));
    assert.ok(calls.every((c) => (c.body?.ImageSizes as unknown[]).length <= 40));
    assert.deepStrictEqual(results.map((r) => r.imageId), ids);
    assert.strictEqual(roots().length, 1000);
  });

  test('a cancelled check keeps and shows what already came back', async () => {
    await setSetting('batchSize', 10);
    // Each request takes a while; the user presses Cancel once the first results are in.
    server.injectFault({ kind: 'delay', ms: 150 }, { operation: 'GetImageDownloadAuthorizations' });
    const w = vscode.window as unknown as { withProgress: typeof vscode.window.withProgress };
    const original = w.withProgress;
    let cancellable: boolean | undefined;
    w.withProgress = (options, task) => {
      cancellable = options.cancellable;
      const cancel = new vscode.CancellationTokenSource();
      return task({ report: (value) => { if ((value.increment ?? 0) > 0) cancel.cancel(); } }, cancel.token);
    };
    try {
      const ids = Array.from({ length: 100 }, (_, i) => String(70_000_000 + i));
      const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ids, sizeKey: 'Large' });
      assert.strictEqual(cancellable, true, 'more than one batch: the progress can be cancelled');
      assert.ok(results.length > 0 && results.length < 100, `partial results, got ${results.length}`);
      assert.strictEqual(roots().length, results.length, 'the tree shows what came back');
      assert.ok(server.requestsFor('GetImageDownloadAuthorizations').length < 10, 'no new batch after the cancel');
      assert.match(ui.only('warning').message, new RegExp(`Check cancelled: showing the ${results.length} results? that came back`));
    } finally {
      w.withProgress = original;
    }
  });

  test('faults of the server: a failed batch is reported and what came back is kept', async () => {
    await setSetting('batchSize', 2);
    server.injectFault({ kind: 'http500' }, { operation: 'GetImageDownloadAuthorizations', times: 1 });
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800', 'sb10069478a-001', '200275431-001'], sizeKey: 'Large' });
    const e = ui.only('error');
    assert.match(e.message, /1 of 2 requests failed; showing the \d results? that came back.*HTTP 500/);
    assert.ok(e.actions.includes('Show Log'));
    assert.strictEqual(results.length, 3 - (server.requestsFor('GetImageDownloadAuthorizations')[0].body?.ImageSizes as unknown[]).length);
    assert.strictEqual(roots().length, results.length);
  });

  test('malformed JSON from the server is reported and the tree is left as it was', async () => {
    server.injectFault({ kind: 'malformedJson' }, { operation: 'GetImageDownloadAuthorizations', times: 1 });
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
    assert.deepStrictEqual(results, []);
    assert.match(ui.only('error').message, /1 of 1 request failed; no results.*not valid JSON/);
    assert.strictEqual(roots().length, 0);
  });

  test('nothing that can be an ID: a message says which forms are accepted', async () => {
    const editor = await editorWith('just some words here');
    editor.selection = new vscode.Selection(0, 0, 0, 10);
    assert.strictEqual(await vscode.commands.executeCommand(CHECK), undefined);
    assert.match(ui.only('warning').message, /No image IDs found in the selection.*Select IDs separated by spaces/);
    assert.strictEqual(server.requests.length, 0);
  });

  test('invalid JSON: the parse error with its line and column', async () => {
    const uri = writeFile('broken.json', '{\n  "ImageSizes": [\n    { "ImageId": "83454800" "SizeKey": "Large" }\n  ]\n}');
    assert.strictEqual(await vscode.commands.executeCommand(CHECK, uri), undefined);
    assert.match(ui.only('error').message, /line 3, column \d+/);
    assert.strictEqual(server.requests.length, 0);
  });

  test('a file over the size limit is refused before it is read', async () => {
    const uri = writeFile('huge.json', Buffer.alloc(21 * 1024 * 1024, 0x20));
    assert.strictEqual(await vscode.commands.executeCommand(CHECK, uri), undefined);
    assert.match(ui.only('error').message, /huge\.json is 21\.0 MB; files over 20 MB are not checked/);
    assert.strictEqual(server.requests.length, 0);
  });

  test('an open document is held to the same size limit as a file on disk', async () => {
    const uri = writeFile('open-huge.json', `[${' '.repeat(21 * 1024 * 1024)}"83454800"]`);
    await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(await vscode.commands.executeCommand(CHECK, uri), undefined);
    assert.match(ui.only('error').message, /open-huge\.json is 21\.0 MB; files over 20 MB are not checked/);
    assert.strictEqual(server.requests.length, 0);
  });

  test('a one-request check can be cancelled too, and nothing is shown as a result', async () => {
    server.injectFault({ kind: 'delay', ms: 300 }, { operation: 'GetImageDownloadAuthorizations', times: 1 });
    const w = vscode.window as unknown as { withProgress: typeof vscode.window.withProgress };
    const original = w.withProgress;
    let options: vscode.ProgressOptions | undefined;
    w.withProgress = (opts, task) => {
      options = opts;
      const cancel = new vscode.CancellationTokenSource();
      setTimeout(() => cancel.cancel(), 50); // the user clicks Cancel while the request is out
      return task({ report: () => undefined }, cancel.token);
    };
    try {
      const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
      assert.strictEqual(options?.cancellable, true);
      assert.strictEqual(options?.location, vscode.ProgressLocation.Notification);
      assert.deepStrictEqual(results, []);
      assert.match(ui.only('warning').message, /Check cancelled: showing the 0 results that came back/);
      assert.strictEqual(roots().length, 0);
    } finally {
      w.withProgress = original;
    }
  });

  test('more pairs than gettyConnect.maxImagesPerCheck ask first; declining sends nothing', async () => {
    await setSetting('maxImagesPerCheck', 10);
    const ids = Array.from({ length: 25 }, (_, i) => String(60_000_000 + i));
    assert.strictEqual(await vscode.commands.executeCommand(CHECK, { imageIds: ids, sizeKey: 'Large' }), undefined);
    assert.match(ui.only('warning').message, /holds 25 image\/size pairs: that is 1 request to the Connect API/);
    assert.strictEqual(server.requests.length, 0);
    ui.clicks = [{ match: /holds 25/, action: 'Check First 10' }];
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ids, sizeKey: 'Large' });
    assert.strictEqual(results.length, 10);
  });
});
