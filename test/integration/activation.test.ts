import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'connect-tools.getty-connect';

suite('activation', () => {
  test('the extension is installed', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} not found`);
  });

  test('it activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  test('it registers gettyConnect.showLog', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('gettyConnect.showLog'), 'gettyConnect.showLog is not registered');
  });
});
