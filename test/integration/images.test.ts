// From a plain list of image IDs to the right size and the picture: the largest
// size by default (no question), image details in the tree, Check Other Size…,
// and the IDs in the editor decorated, with hovers.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ImageAuthorization } from '../../src/connect';
import type { TestApi } from '../../src/extension';
import type { AuthorizationsTreeNode, ImageNode } from '../../src/authorizations/authorizationsTree';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { resetState, signedInSuite, Ui, USER_ARGS } from './support';

const CHECK = 'gettyConnect.checkDownloadAuthorization';

/** A stand-in for vscode.window.createQuickPick: the test types and presses Enter. */
class ScriptedQuickPick {
  items: readonly vscode.QuickPickItem[] = [];
  selectedItems: readonly vscode.QuickPickItem[] = [];
  activeItems: readonly vscode.QuickPickItem[] = [];
  value = '';
  title = '';
  placeholder = '';
  ignoreFocusOut = false;
  matchOnDescription = false;
  private readonly changeValue = new vscode.EventEmitter<string>();
  private readonly accept = new vscode.EventEmitter<void>();
  private readonly hidden = new vscode.EventEmitter<void>();
  readonly onDidChangeValue = this.changeValue.event;
  readonly onDidAccept = this.accept.event;
  readonly onDidHide = this.hidden.event;
  shown = false;
  show(): void {
    this.shown = true;
  }
  hide(): void {
    this.hidden.fire();
  }
  dispose(): void {
    this.changeValue.dispose();
  }
  /** Types `text` as a person does, then presses Enter on the first item shown. */
  typeAndEnter(text: string): void {
    this.value = text;
    this.changeValue.fire(text);
    this.activeItems = this.items.slice(0, 1);
    this.accept.fire();
  }
  pick(label: string): void {
    this.selectedItems = this.items.filter((i) => i.label === label);
    this.accept.fire();
  }
}

suite('Image IDs to sizes and pictures (in the extension host)', () => {
  let api: TestApi;
  let server: FakeConnectServer;
  let ui: Ui;
  signedInSuite((a, s, u) => ([api, server, ui] = [a, s, u]));

  const roots = () => api.authorizations.tree.roots() as ImageNode[];
  const tree = () => api.authorizations.tree;
  const describe = (node: AuthorizationsTreeNode) => tree().getTreeItem(node).description;

  async function selectAll(content: string): Promise<vscode.TextEditor> {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content, language: 'plaintext' }));
    editor.selection = new vscode.Selection(0, 0, editor.document.lineCount, 0);
    return editor;
  }

  test('bare IDs with no default size: one GetLargest request, the sizes in the tree, no question', async () => {
    await selectAll('83454800 90020130 112233445');
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK);
    assert.deepStrictEqual(ui.quickPicks, [], 'no size key was asked for');
    assert.strictEqual(server.requestsFor('GetImageDownloadAuthorizations').length, 0);
    assert.deepStrictEqual(server.requestsFor('GetLargestImageDownloadAuthorizations').map((r) => r.body?.Images), [
      [{ ImageId: '83454800' }, { ImageId: '90020130' }, { ImageId: '112233445' }],
    ]);
    assert.deepStrictEqual(results.map((r) => [r.imageId, r.status, r.authorizations.map((a) => `${a.productOfferingType}:${a.sizeKey}`)]), [
      ['83454800', 'Available', ['RoyaltyFreeSubscription:Original', 'ImagePack:Medium']],
      ['90020130', 'Available', ['RoyaltyFreeSubscription:Original']],
      ['112233445', 'Available', ['RoyaltyFreeSubscription:Original']],
    ]);
    assert.strictEqual(results[0].title, 'Hot-air balloons over a valley at sunrise', 'results carry the title');
    assert.strictEqual(describe(roots()[0]), 'Hot-air balloons over a valley at sunrise · largest available · 2 authorizations');
    assert.deepStrictEqual(tree().getChildren(roots()[0]).map((c) => describe(c)), [
      'Original · free · 250 left · token valid 24 h · instance RFS-2001',
      'Medium · 10 left · token valid 24 h · instance IP-3001',
    ]);
    assert.match(ui.only('info').message, /^Checked 3 images from the selection: 3 Available\.$/);
  });

  for (const listed of [false, true]) {
    test(`GetLargest ${listed ? 'listing an unauthorized image with no authorization' : 'leaving an unauthorized image out'}: it still gets one entry, explained`, async () => {
      server.quirks.largestListsUnauthorized = listed;
      const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800', '12345678', '99999999'] });
      assert.deepStrictEqual(results.map((r) => [r.imageId, r.status, r.authorizations.length]), [
        ['83454800', 'Available', 2], ['12345678', 'NoAuthorizations', 0], ['99999999', 'ImageNotFound', 0],
      ]);
      assert.strictEqual(describe(roots()[1]), 'Lighthouse in a storm · largest available · NoAuthorizations');
      const tooltip = (await tree().resolveTreeItem(tree().getTreeItem(roots()[1]), roots()[1])).tooltip as vscode.MarkdownString;
      assert.match(tooltip.value, /did not list this image: none of your product offerings authorizes downloading it at any size/);
      assert.match(ui.only('info').message, /1 Available, 1 NoAuthorizations, 1 ImageNotFound\. Some images are not available/);
    });
  }

  test('IDs with a size key still go through GetImageDownloadAuthorizations, the bare ones through GetLargest', async () => {
    await vscode.commands.executeCommand(CHECK, { imageSizes: [{ ImageId: '83454800', SizeKey: 'Small' }] });
    await vscode.commands.executeCommand(CHECK, { imageIds: ['200275431-001'], sizeKey: 'Large' });
    assert.deepStrictEqual(server.requestsFor('GetImageDownloadAuthorizations').map((r) => r.body?.ImageSizes), [
      [{ ImageId: '83454800', SizeKey: 'Small' }], [{ ImageId: '200275431-001', SizeKey: 'Large' }],
    ]);
    assert.strictEqual(server.requestsFor('GetLargestImageDownloadAuthorizations').length, 0);
  });

  test('image details go in batches of at most 90 alongside the check, and their failure never fails it', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => String(40_000_000 + i));
    await vscode.commands.executeCommand(CHECK, { imageIds: ids, sizeKey: 'Large' });
    const details = server.requestsFor('GetImageDetails').map((r) => (r.body?.ImageIds as string[]).length);
    assert.deepStrictEqual(details.sort((a, b) => b - a), [90, 90, 20]);
    await resetState(api);
    await vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS);
    ui.shown.length = 0;
    server.injectFault({ kind: 'http500' }, { operation: 'GetImageDetails' });
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' });
    assert.deepStrictEqual(results.map((r) => [r.status, r.title]), [['Available', undefined]]);
    ui.none('error');
    assert.strictEqual(describe(roots()[0]), 'Large · 2 authorizations');
    assert.match(api.log.lines().join('\n'), /Image details could not be fetched; the check goes on without them: GetImageDetails failed: the server answered HTTP 500/);
  });

  test('the tooltip shows the thumbnail, title, caption, artist, collection, family, licensing, creation date and sizes', async () => {
    await vscode.commands.executeCommand(CHECK, { imageIds: ['83454800'] });
    const node = roots()[0];
    const md = ((await tree().resolveTreeItem(tree().getTreeItem(node), node)).tooltip as vscode.MarkdownString).value;
    const url = server.url.replace(/\/v1$/, '');
    // The thumbnail comes inline (a data: URI the extension fetched): a web workbench may not load http images.
    assert.match(md, /^!\[Hot-air balloons over a valley at sunrise\]\(data:image\/jpeg;base64,\/9j\/[A-Za-z0-9+/=]+\)\n/);
    assert.ok(server.pictureRequests.some((r) => r.path === '/images/83454800/thumb.jpg'), 'fetched from UrlThumb');
    for (const expected of [
      /\*\*Hot\\-air balloons over a valley at sunrise\*\* — 83454800/,
      /- Artist: \S/,
      /- Collection: \S/,
      /- Creative, RoyaltyFree/,
      /- Created: 2011-02-09/,
      /Downloadable sizes:\n- Small — 594 × 396 px/,
      /- XLarge — X\\-Large, 4096 × 2731 px, 3\\\.2 MB/,
      /- Original — 5616 × 3744 px, 6\\\.0 MB/,
      /At size \*\*largest available\*\*: Available/,
    ]) {
      assert.match(md, expected);
    }
    const thumb = await fetch(`${url}/images/83454800/thumb.jpg`);
    assert.strictEqual(thumb.headers.get('content-type'), 'image/jpeg', 'the thumbnail URL serves a JPEG');
  });

  test('Check Other Size… lists the sizes that exist; a picked one and a typed one are both checked', async () => {
    await vscode.commands.executeCommand(CHECK, { imageIds: ['83454800'] });
    const w = vscode.window as unknown as { createQuickPick: () => unknown };
    const original = w.createQuickPick;
    const picks: ScriptedQuickPick[] = [];
    w.createQuickPick = () => {
      const p = new ScriptedQuickPick();
      picks.push(p);
      return p;
    };
    try {
      const image = roots()[0];
      const checking = vscode.commands.executeCommand<ImageAuthorization[]>('gettyConnect.checkOtherSize', image);
      await new Promise((r) => setTimeout(r, 50));
      const kb = (w: number, h: number): string => `${((w * h * 0.3) / 1024).toFixed(0)} KB`;
      assert.deepStrictEqual(picks[0].items.map((i) => [i.label, i.description]), [
        ['Small', `594 × 396 px, ${kb(594, 396)}`], ['Medium', `1024 × 683 px, ${kb(1024, 683)}`], ['Large', `2048 × 1365 px, ${kb(2048, 1365)}`],
        ['XLarge', 'X-Large, 4096 × 2731 px, 3.2 MB'], ['Original', '5616 × 3744 px, 6.0 MB'],
      ]);
      assert.strictEqual(picks[0].placeholder, 'Pick a size, or type a size key and press Enter');
      picks[0].pick('XLarge');
      const picked = await checking;
      assert.deepStrictEqual(picked.map((r) => [r.imageId, r.sizeKey, r.status]), [['83454800', 'XLarge', 'Available']]);

      const typing = vscode.commands.executeCommand<ImageAuthorization[]>('gettyConnect.checkOtherSize', image);
      await new Promise((r) => setTimeout(r, 50));
      picks[1].typeAndEnter('Huge');
      assert.deepStrictEqual(picks[1].items[0], { label: 'Huge', description: 'use this size key as typed', sizeKey: 'Huge', alwaysShow: true });
      const typed = await typing;
      assert.deepStrictEqual(typed.map((r) => [r.sizeKey, r.status]), [['Huge', 'InvalidSizeKey']]);
      assert.deepStrictEqual(server.requestsFor('GetImageDownloadAuthorizations').map((r) => r.body?.ImageSizes), [
        [{ ImageId: '83454800', SizeKey: 'XLarge' }], [{ ImageId: '83454800', SizeKey: 'Huge' }],
      ]);
      assert.deepStrictEqual(roots().map((n) => n.result.sizeKey), ['Huge', 'XLarge', ''], 'each size is a node of its own, newest first');
    } finally {
      w.createQuickPick = original;
    }
  });

  test('the checked IDs in the editor are decorated by status, hovers show the details with command links, and Clear removes them', async () => {
    const editor = await selectAll('shortlist: 83454800, 12345678 and 99999999.\nagain 83454800');
    await vscode.commands.executeCommand(CHECK);
    const ranges = api.decorations.ranges(editor.document).map((r) => [r.imageId, r.verdict, r.range.start.line, r.range.start.character]);
    assert.deepStrictEqual(ranges, [
      ['83454800', 'available', 0, 11], ['12345678', 'notAuthorized', 0, 21], ['99999999', 'notFound', 0, 34], ['83454800', 'available', 1, 6],
    ]);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 14));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Hot\\-air balloons over a valley at sunrise/);
    assert.match(text, /\[Copy Download Token\]\(command:gettyConnect\.copyDownloadToken\?/);
    assert.match(text, /\[Download\]\(command:gettyConnect\.downloadImage\?/);
    assert.match(text, /\[Check Again\]\(command:gettyConnect\.checkAgain\?/);
    // The hover's link argument names the image, size and offering: the same token as the tree's.
    const args = JSON.parse(decodeURIComponent(/command:gettyConnect\.copyDownloadToken\?([^)]+)\)/.exec(text)?.[1] ?? '[]')) as unknown[];
    assert.strictEqual(await vscode.commands.executeCommand('gettyConnect.copyDownloadToken', ...args), true);
    assert.strictEqual(await vscode.env.clipboard.readText(), roots().find((n) => n.result.imageId === '83454800')?.children[0].authorization.downloadToken);
    await vscode.commands.executeCommand('gettyConnect.clearAuthorizations');
    assert.deepStrictEqual(api.decorations.ranges(editor.document), []);
  });
});
