// Bad editor inputs to Check Download Authorization, in the real extension
// host: each ends at once with one message that names the input, says what is
// wrong and what to do, and sends nothing; JSONC and deep JSON are read.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { ImageAuthorization } from '../../src/connect';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { setSetting, signedInSuite, Ui } from './support';

const CHECK = 'gettyConnect.checkDownloadAuthorization';

suite('Editor inputs to the check (in the extension host)', () => {
  let server: FakeConnectServer;
  let ui: Ui;
  let tmp: string;
  signedInSuite((_api: TestApi, s, u) => {
    server = s;
    ui = u;
  });
  suiteSetup(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-inputs-'));
  });
  suiteTeardown(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function writeFile(name: string, content: string | Uint8Array): vscode.Uri {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, content);
    return vscode.Uri.file(file);
  }

  async function editorWith(content: string, language = 'plaintext'): Promise<vscode.TextEditor> {
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content, language }));
  }

  function selectAll(editor: vscode.TextEditor): void {
    const last = editor.document.lineAt(editor.document.lineCount - 1);
    editor.selection = new vscode.Selection(0, 0, last.lineNumber, last.text.length);
  }

  /** The check ends without results, with one error that matches, and nothing sent. */
  async function refused(arg: unknown, message: RegExp): Promise<void> {
    assert.strictEqual(await vscode.commands.executeCommand(CHECK, arg), undefined);
    assert.match(ui.only('error').message, message);
    assert.strictEqual(server.requests.length, 0, 'nothing is sent');
  }

  test('an empty selection with the cursor on no ID: a warning says what to select', async () => {
    const editor = await editorWith('the images are listed below');
    editor.selection = new vscode.Selection(0, 2, 0, 2);
    assert.strictEqual(await vscode.commands.executeCommand(CHECK), undefined);
    assert.match(ui.only('warning').message, /^No image IDs found in the selection or at the cursor\. Select IDs separated by spaces/);
    assert.strictEqual(server.requests.length, 0);
  });

  test('a selection of white space only: the same warning, for the selection', async () => {
    const editor = await editorWith('   \n\t  \n');
    selectAll(editor);
    assert.strictEqual(await vscode.commands.executeCommand(CHECK), undefined);
    assert.match(ui.only('warning').message, /^No image IDs found in the selection\. Select IDs separated by spaces/);
  });

  test('a 10 MB selection of distinct IDs: the question for large checks names the count; declined, nothing is sent', async () => {
    const ids = Array.from({ length: 1_000_000 }, (_, i) => `${100_000_000 + i}${i % 100 === 99 ? '\n' : ', '}`);
    const editor = await editorWith(ids.join(''));
    selectAll(editor);
    assert.ok(Buffer.byteLength(editor.document.getText(editor.selection)) >= 10_000_000, 'the selection is 10 MB');
    assert.strictEqual(await vscode.commands.executeCommand(CHECK), undefined);
    assert.match(ui.only('warning').message, /^The selection holds 1000000 image\/size pairs: that is 20000 requests to the Connect API\. Check them all\?/);
    assert.strictEqual(server.requests.length, 0);
  });

  test('a 10 MB selection without any ID: the warning lists a few skipped words, each cut short', async () => {
    const editor = await editorWith(`${'x'.repeat(5_000_000)} ${'no-digits-here '.repeat(400_000)}`);
    selectAll(editor);
    assert.strictEqual(await vscode.commands.executeCommand(CHECK), undefined);
    const warning = ui.only('warning').message;
    assert.match(warning, /^No image IDs found in the selection \(skipped: x{80}…, no-digits-here\)\. Select IDs/);
    assert.ok(warning.length < 1000, `the message is short (${warning.length} characters)`);
  });

  test('a selection over 20 MB is refused before it is read, like a file', async () => {
    const editor = await editorWith('83454800 '.repeat(2_400_000));
    selectAll(editor);
    await refused(undefined, /^Check Download Authorization: The selection is 20\.6 MB; selections over 20 MB are not checked\. Select fewer IDs at a time\.$/);
  });

  test('binary data: a file with NUL bytes, a file not in UTF-8, a selection with NUL characters', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    await refused(writeFile('photo.json', png), /^Check Download Authorization: photo\.json is not a text file \(it has a NUL byte at offset 8\)\. Choose a JSON file/);
    ui.shown.length = 0;
    await refused(writeFile('latin1.json', Buffer.from('["caf\u00e9", "83454800"]', 'latin1')), /latin1\.json is not UTF-8 text\. Save it as UTF-8/);
    ui.shown.length = 0;
    const editor = await editorWith('83454800\nPNG\u0000\u0000IHDR');
    selectAll(editor);
    await refused(undefined, /The selection holds binary data, not text \(a NUL character at line 2, column 4\)\. Select image IDs in a text document\./);
  });

  test('JSON nested 10,000 levels deep is read; broken at that depth, the error names its line and column', async () => {
    await setSetting('defaultSizeKey', 'Large');
    const depth = 10_000;
    const deep = writeFile('deep.json', '{"a":['.repeat(depth) + '{"ImageId": "83454800"}' + ']}'.repeat(depth));
    const results = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, deep);
    assert.deepStrictEqual(results.map((r) => [r.imageId, r.sizeKey, r.status]), [['83454800', 'Large', 'Available']]);
    ui.shown.length = 0;
    server.clearLog();
    const broken = writeFile('deep-broken.json', '{"a":[\n'.repeat(depth) + '{"ImageId": "83454800"' + ']}'.repeat(depth));
    await refused(broken, /^Check Download Authorization: deep-broken\.json: Invalid JSON at line 10001, column 23: "," or "}" expected, found "\]"$/);
  });

  test('JSON with a key twice in one object: the error names the key, its line and column, and what to do', async () => {
    const uri = writeFile('twice.json', '[\n  { "ImageId": "83454800",\n    "ImageId": "1234567" }\n]');
    await refused(uri, /twice\.json: Invalid JSON at line 3, column 5: the key "ImageId" appears twice in one object; JSON keeps only one of the values, so make it one key \(or two objects\)/);
  });

  test('JSONC is read, not refused: a .jsonc file with comments and trailing commas, and a tsconfig-like file open in an editor', async () => {
    await setSetting('defaultSizeKey', 'Large');
    const jsonc = writeFile('shortlist.jsonc', '// the cover\n[\n  "83454800", /* and */ "sb10069478a-001",\n]\n');
    const fromFile = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, jsonc);
    assert.deepStrictEqual(fromFile.map((r) => r.imageId), ['83454800', 'sb10069478a-001']);
    ui.none('error');

    const tsconfigLike = writeFile('campaign.json', '{\n  // sizes per image\n  "ImageSizes": [\n    { "ImageId": "200275431-001", "SizeKey": "Small", },\n  ],\n}\n');
    const editor = await vscode.window.showTextDocument(tsconfigLike);
    await vscode.languages.setTextDocumentLanguage(editor.document, 'jsonc');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const fromEditor = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, tsconfigLike);
    assert.deepStrictEqual(fromEditor.map((r) => [r.imageId, r.sizeKey]), [['200275431-001', 'Small']]);
    ui.none('error');
  });

  test('a file deleted between the right-click and the read: the message says it is gone and to choose it again', async () => {
    const gone = writeFile('gone.json', '["83454800"]');
    fs.rmSync(gone.fsPath);
    await refused(gone, /^Check Download Authorization: gone\.json no longer exists: it was moved or deleted after it was chosen\. Choose the file again\.$/);
  });

  // The extension host's workspace.fs is read-only, so a deletion cannot be timed
  // between the stat and the read; a folder passes the stat and fails the read.
  test('a folder where the file was: the read fails, and the message says it is a folder', async () => {
    const folder = path.join(tmp, 'folder.json');
    fs.mkdirSync(folder);
    await refused(vscode.Uri.file(folder), /folder\.json is a folder, not a file\. Choose a JSON file of image IDs\./);
  });
});
