// End-to-end tests through the real VS Code UI: mocha in plain Node drives the
// web workbench (code-server + headless Chromium via Playwright) with the
// extension under development, against the fake Connect server. They assert
// what a person sees: status-bar text, input boxes, context menus, tree rows,
// notifications and the clipboard.
//
// Run: node scripts/test.mjs --e2e-only [--grep PATTERN]
// On failure a screenshot goes to test-artifacts/ (git-ignored).
import * as assert from 'assert';
import * as path from 'path';
import { DEMO_CREDENTIALS } from '../demo/demoEnvironment';
import { artifactName, artifactsDir, startWorkbench, TreeRow, waitFor, Workbench, WorkbenchSession } from './workbench';

const SESSION_ITEM = 'gettyConnect.session';
const VIEW = 'Download Authorizations';
const SIGN_IN_ANSWERS = [DEMO_CREDENTIALS.systemId, DEMO_CREDENTIALS.systemPassword, DEMO_CREDENTIALS.userName, DEMO_CREDENTIALS.userPassword];

/** The rows directly under the top-level row labelled `parent`. */
function childrenOf(rows: TreeRow[], parent: string): TreeRow[] {
  const start = rows.findIndex((r) => r.level === 1 && r.label === parent);
  assert.ok(start >= 0, `the tree has a row "${parent}" (rows: ${rows.map((r) => r.label).join(', ')})`);
  const children: TreeRow[] = [];
  for (const row of rows.slice(start + 1)) {
    if (row.level === 1) {
      break;
    }
    children.push(row);
  }
  return children;
}

suite('Workbench e2e (real VS Code UI in Chromium)', function () {
  this.timeout(120_000);

  let session: WorkbenchSession | undefined;

  function workbench(): Workbench {
    assert.ok(session, 'the workbench is open');
    return session.workbench;
  }

  /** Signs in through the command palette unless the status bar shows a session already. */
  async function ensureSignedIn(): Promise<void> {
    const wb = workbench();
    if ((await wb.statusBarItem(SESSION_ITEM)).icons.includes('key')) {
      return;
    }
    await wb.runCommand('Getty Connect: Sign In');
    await wb.answerInputBoxes(SIGN_IN_ANSWERS);
    await wb.waitForStatusBarText(SESSION_ITEM, /^\d+ min$/);
  }

  /** No secret may appear anywhere in the workbench's DOM (status bar, notifications, tree, hovers). */
  async function assertNotShown(secrets: string[], where: string): Promise<void> {
    const page = workbench().page;
    const html = await page.content();
    const messages = await workbench().notifications();
    for (const secret of secrets) {
      assert.ok(!html.includes(secret), `${where}: the workbench shows a secret (${secret.slice(0, 4)}…)`);
      assert.ok(!messages.some((m) => m.includes(secret)), `${where}: a notification shows a secret (${secret.slice(0, 4)}…)`);
    }
  }

  suiteSetup(async function () {
    this.timeout(180_000);
    session = await startWorkbench();
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await session?.close();
    session = undefined;
  });

  teardown(async function () {
    const test = this.currentTest;
    if (test?.state === 'failed' && session) {
      const file = path.join(artifactsDir(), `failure-${artifactName(test.fullTitle())}.png`);
      try {
        await session.page.screenshot({ path: file, fullPage: true });
        console.log(`      screenshot of the failure: ${path.relative(process.cwd(), file)}`);
      } catch (err) {
        console.log(`      (no failure screenshot: ${err instanceof Error ? err.message : String(err)})`);
      }
    }
  });

  test('sessions: sign in through the status bar with the real input boxes, then renew by clicking the countdown', async () => {
    const wb = workbench();
    const { fake } = session!.env;

    const signedOut = await wb.waitForStatusBarText(SESSION_ITEM, 'Getty');
    assert.deepStrictEqual(signedOut.icons, ['sign-in']);

    await wb.clickStatusBar(SESSION_ITEM);
    const boxes = await wb.answerInputBoxes(SIGN_IN_ANSWERS);
    assert.deepStrictEqual(
      boxes.map((b) => b.title),
      [1, 2, 3, 4].map((n) => `Sign In to Getty Connect (${n}/4)`),
    );
    assert.deepStrictEqual(
      boxes.map((b) => ({ placeholder: b.placeholder, masked: b.password })),
      [
        { placeholder: 'System ID', masked: false },
        { placeholder: 'System password', masked: true },
        { placeholder: 'User name', masked: false },
        { placeholder: 'User password', masked: true },
      ],
      'the two password boxes mask what is typed (input type=password), the others do not',
    );

    const signedIn = await wb.waitForStatusBarText(SESSION_ITEM, '30 min');
    assert.deepStrictEqual(signedIn.icons, ['key']);
    assert.match(signedIn.ariaLabel, /signed in as demo\.user/);
    assert.strictEqual(fake.requestsFor('CreateSession').length, 1);
    await wb.waitForToast(/^Signed in to Getty Connect as demo\.user; the session is valid for 30 min\.$/);
    await assertNotShown([DEMO_CREDENTIALS.systemPassword, DEMO_CREDENTIALS.userPassword], 'after signing in');

    // Clicking the countdown renews the session.
    assert.strictEqual(fake.requestsFor('RenewSession').length, 0);
    await wb.clickStatusBar(SESSION_ITEM);
    await waitFor(async () => fake.requestsFor('RenewSession').length, (n) => n > 0, 'a RenewSession request');
    await wb.waitForStatusBarMessage(/^Getty Connect session renewed: \d+ min$/);
    const renewed = await wb.waitForStatusBarText(SESSION_ITEM, /^\d+ min$/);
    assert.deepStrictEqual(renewed.icons, ['key']);
    assert.ok(Number.parseInt(renewed.text, 10) >= 29, `a fresh token shows about 30 minutes, not "${renewed.text}"`);
    assert.strictEqual(fake.requestsFor('RenewSession').length, 1, 'one click, one renewal');
  });

  test('authorizations: check the IDs selected in shortlist.md from the editor context menu, then copy a token from the tree', async () => {
    const wb = workbench();
    const { fake } = session!.env;
    await ensureSignedIn();
    const checksBefore = fake.requestsFor('GetImageDownloadAuthorizations').length;

    await wb.openFile('shortlist.md');
    await wb.selectLines(5, 9); // "- 83454800 — harbour at dawn" … "- 12345678 — archive shot, no licence yet"
    await wb.rightClickEditorSelection();
    const menu = await wb.contextMenuItems();
    assert.ok(menu.includes('Check Download Authorization'), `the editor context menu offers the check (items: ${menu.join(', ')})`);
    await wb.clickContextMenu('Check Download Authorization');

    const rows = await wb.waitForTreeRows(VIEW, (r) => r.filter((row) => row.level === 1).length === 5, 'five images in the Download Authorizations view');
    assert.deepStrictEqual(
      rows.filter((r) => r.level === 1).map((r) => ({ id: r.label, description: r.description, icon: r.icon })),
      [
        { id: '83454800', description: 'Large · 2 authorizations', icon: 'pass' },
        { id: '200275431-001', description: 'Large · 3 authorizations', icon: 'pass' },
        { id: 'sb10069478a-001', description: 'Large · 1 authorization', icon: 'pass' },
        { id: '99999999', description: 'Large · ImageNotFound', icon: 'question' },
        { id: '12345678', description: 'Large · NoAuthorizations', icon: 'lock' },
      ],
    );
    assert.deepStrictEqual(childrenOf(rows, '83454800').map((r) => r.label), ['RoyaltyFreeSubscription', 'ImagePack']);
    assert.deepStrictEqual(childrenOf(rows, '200275431-001').map((r) => r.label), ['PremiumAccess', 'EasyAccess', 'ImagePack']);
    assert.deepStrictEqual(childrenOf(rows, 'sb10069478a-001').map((r) => r.label), ['EditorialSubscription']);
    assert.match(childrenOf(rows, '83454800')[1].description, /^10 left · token valid 24 h · instance IP-3001$/);
    assert.strictEqual(fake.requestsFor('GetImageDownloadAuthorizations').length - checksBefore, 1, 'five IDs, one request');
    await wb.waitForToast('Checked 5 images from the selection: 3 Available, 1 ImageNotFound, 1 NoAuthorizations. Some images are not available: see the tree.');
    await wb.screenshot(path.join(artifactsDir(), 'authorizations-tree.png'), { element: '[id="workbench.parts.sidebar"]' });

    // Clicking an authorization copies its download token.
    const issued = fake.issuedDownloadTokens.filter((t) => t.imageId === '83454800' && t.productOfferingType === 'ImagePack').pop();
    assert.ok(issued, 'the fake server issued a token for 83454800 / ImagePack');
    const before = '(the clipboard before the click)';
    await wb.setClipboardText(before);
    const clicked = await wb.clickTreeRow(VIEW, 'ImagePack', { under: '83454800' });
    assert.strictEqual(clicked.level, 2);
    const copied = await waitFor(() => wb.clipboardText(), (text) => text !== before, 'the clipboard to change');
    assert.strictEqual(copied, issued.token, 'the clipboard holds the token issued for 83454800 / ImagePack');

    const confirmation = await wb.waitForToast(/^Copied the download token for /);
    assert.strictEqual(confirmation, 'Copied the download token for 83454800 (Large, ImagePack).');
    await assertNotShown(fake.issuedDownloadTokens.map((t) => t.token), 'after copying a token');
  });
});
