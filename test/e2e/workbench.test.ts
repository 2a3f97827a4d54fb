// End-to-end tests through the real VS Code UI: mocha in plain Node drives the
// web workbench (code-server + headless Chromium via Playwright) with the
// extension under development, against the fake Connect server. They assert
// what a person sees: status-bar text, input boxes, context menus, tree rows,
// notifications and the clipboard.
//
// Run: npm test -- --only e2e [--grep PATTERN]
// On failure a screenshot goes to test-artifacts/ (git-ignored).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEMO_CREDENTIALS } from '../demo/demoEnvironment';
import type { LoggedRequest } from '../fake-server/fakeConnectServer';
import { WalkthroughDriver } from './walkthroughDriver';
import { artifactName, artifactsDir, staysTrue, startWorkbench, TreeRow, waitFor, Workbench, WorkbenchSession } from './workbench';

const SESSION_ITEM = 'gettyConnect.session';
const VIEW = 'Download Authorizations';
const SIGN_IN_ANSWERS = [DEMO_CREDENTIALS.systemId, DEMO_CREDENTIALS.systemPassword, DEMO_CREDENTIALS.userName, DEMO_CREDENTIALS.userPassword];
/** Bare IDs, no default size key: the largest size each offering allows. */
const CHECK = 'GetLargestImageDownloadAuthorizations';
const BATCH_SIZE = 'gettyConnect.batchSize';
/** The IDs on lines 5-9 of shortlist.md, top to bottom. */
const SHORTLIST_IDS = ['83454800', '200275431-001', 'sb10069478a-001', '99999999', '12345678'];
/**
 * How long the fake holds the requests of a check that a test cancels: long enough
 * to see the progress notification and click its Cancel button on a busy machine.
 */
const HELD_MS = 10_000;
/** After a held request would have been answered: time for anything it would set off to reach the fake. */
const SETTLE_MS = 1_000;

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

/** The top-level (image) rows. */
function imageRows(rows: TreeRow[]): TreeRow[] {
  return rows.filter((r) => r.level === 1);
}

/** The image IDs a GetLargestImageDownloadAuthorizations request asked about. */
function idsIn(request: LoggedRequest): string[] {
  const images = request.body?.Images;
  return Array.isArray(images) ? images.map((s) => String((s as { ImageId?: unknown }).ImageId)) : [];
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
    await wb.waitForStatusBarText(SESSION_ITEM, /^Getty \d+ min$/);
  }

  /** Signs in through the command palette with a new session (signing out first when signed in): the countdown starts at 30 min. */
  async function signInAfresh(): Promise<void> {
    const wb = workbench();
    if ((await wb.statusBarItem(SESSION_ITEM)).icons.includes('key')) {
      await wb.runCommand('Getty Connect: Sign Out');
      await wb.waitForStatusBarText(SESSION_ITEM, 'Getty');
    }
    await wb.runCommand('Getty Connect: Sign In');
    await wb.answerInputBoxes(SIGN_IN_ANSWERS);
    const signedIn = await wb.waitForStatusBarText(SESSION_ITEM, 'Getty 30 min');
    assert.deepStrictEqual(signedIn.icons, ['key']);
  }

  /** Selects the five IDs on lines 5-9 of shortlist.md and chooses Check Download Authorization from the editor's context menu. */
  async function checkShortlistFromContextMenu(): Promise<void> {
    const wb = workbench();
    await wb.openFile('shortlist.md');
    await wb.selectLines(5, 9);
    await wb.rightClickEditorSelection();
    await wb.clickContextMenu('Check Download Authorization');
  }

  /**
   * Runs `body` with a user setting changed in the Settings UI, then resets the setting
   * there, so that no test depends on another. A failure of `body` wins over one of the reset.
   */
  async function withUserSetting(key: string, value: string | number, body: () => Promise<void>): Promise<void> {
    const wb = workbench();
    await wb.setSetting(key, value);
    try {
      await body();
    } catch (err) {
      await wb.resetSetting(key).catch((resetErr: unknown) => {
        console.log(`      (could not reset ${key} after the failure: ${resetErr instanceof Error ? resetErr.message : String(resetErr)})`);
      });
      throw err;
    }
    await wb.resetSetting(key);
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

    const signedIn = await wb.waitForStatusBarText(SESSION_ITEM, 'Getty 30 min');
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
    const renewed = await wb.waitForStatusBarText(SESSION_ITEM, /^Getty \d+ min$/);
    assert.deepStrictEqual(renewed.icons, ['key']);
    assert.ok(Number(/\d+/.exec(renewed.text)?.[0]) >= 29, `a fresh token shows about 30 minutes, not "${renewed.text}"`);
    assert.strictEqual(fake.requestsFor('RenewSession').length, 1, 'one click, one renewal');
  });

  test('authorizations: check the IDs selected in shortlist.md from the editor context menu, then copy a token from the tree', async () => {
    const wb = workbench();
    const { fake } = session!.env;
    await ensureSignedIn();
    const checksBefore = fake.requestsFor(CHECK).length;

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
        { id: '83454800', description: 'Hot-air balloons over a valley at sunrise · largest available · 2 authorizations', icon: 'pass' },
        { id: '200275431-001', description: 'Red bicycle against a yellow wall · largest available · 3 authorizations', icon: 'pass' },
        { id: 'sb10069478a-001', description: 'Harbour cranes at dusk · largest available · 1 authorization', icon: 'pass' },
        { id: '99999999', description: 'largest available · ImageNotFound', icon: 'question' },
        { id: '12345678', description: 'Lighthouse in a storm · largest available · NoAuthorizations', icon: 'lock' },
      ],
    );
    assert.deepStrictEqual(childrenOf(rows, '83454800').map((r) => r.label), ['RoyaltyFreeSubscription', 'ImagePack']);
    assert.deepStrictEqual(childrenOf(rows, '200275431-001').map((r) => r.label), ['PremiumAccess', 'EasyAccess', 'ImagePack']);
    assert.deepStrictEqual(childrenOf(rows, 'sb10069478a-001').map((r) => r.label), ['EditorialSubscription']);
    assert.match(childrenOf(rows, '83454800')[0].description, /^Original · free · 250 left · token valid 24 h · instance RFS-2001$/);
    assert.match(childrenOf(rows, '83454800')[1].description, /^Medium · 10 left · token valid 24 h · instance IP-3001$/);
    assert.strictEqual(fake.requestsFor(CHECK).length - checksBefore, 1, 'five IDs, one request, no size key asked for');
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
    assert.strictEqual(confirmation, 'Copied the download token for 83454800 (Medium, ImagePack).');
    await assertNotShown(fake.issuedDownloadTokens.map((t) => t.token), 'after copying a token');
  });

  test('restore at start: after the extension host restarts, the session is back without a request, and a check from the context menu uses it', async () => {
    const wb = workbench();
    const { fake } = session!.env;
    await signInAfresh();

    // This web workbench has no "Developer: Restart Extension Host" (VS Code registers
    // it for the desktop only). "Developer: Reload Window" is what a person has here:
    // the page loads again and the server starts a new extension host process, in
    // which the extension activates from scratch. SecretStorage survives it: this
    // workbench keeps secrets in the page's localStorage, sealed with a key the
    // server hands out (VS Code web's LocalStorageSecretStorageProvider, type
    // "persisted"), as a desktop VS Code keeps them across a restart.
    const sentBefore = fake.requests.length;
    await wb.reloadWindow({ statusBarItem: SESSION_ITEM });
    const restored = await wb.waitForStatusBarText(SESSION_ITEM, /^Getty (29|30) min$/);
    assert.deepStrictEqual(restored.icons, ['key']);
    assert.match(restored.ariaLabel, /signed in as demo\.user/);
    assert.deepStrictEqual(
      fake.requests.slice(sentBefore).map((r) => r.operation),
      [],
      'restoring the session sends nothing: no CreateSession, no RenewSession',
    );

    await checkShortlistFromContextMenu();
    const rows = await wb.waitForTreeRows(VIEW, (r) => imageRows(r).length === 5, 'five images in the Download Authorizations view');
    assert.deepStrictEqual(imageRows(rows).map((r) => r.label), SHORTLIST_IDS);
    await wb.waitForToast(/^Checked 5 images from the selection: 3 Available, 1 ImageNotFound, 1 NoAuthorizations\./);
    const sinceRestart = fake.requests.slice(sentBefore);
    assert.deepStrictEqual(
      sinceRestart.map((r) => r.operation).sort(),
      [CHECK, 'GetImageDetails'].sort(),
      'between the restart and the check nothing was sent; the check itself is one request, with the image details alongside',
    );
    assert.ok(sinceRestart.every((r) => r.status === 'Success'), 'the fake accepted the token of the restored session');
  });

  test('cancel: clicking Cancel on the progress notification stops a check of several requests; the results that came back stay in the tree', async () => {
    const wb = workbench();
    const { fake } = session!.env;
    await ensureSignedIn();
    await wb.runCommand('Getty Connect: Clear');

    // One ID per request: five requests, a few at a time.
    await withUserSetting(BATCH_SIZE, 1, async () => {
      // The first request to arrive is answered at once, every later one is held.
      fake.injectFault({ kind: 'delay', ms: 0 }, { operation: CHECK, times: 1 });
      fake.injectFault({ kind: 'delay', ms: HELD_MS }, { operation: CHECK });
      try {
        const sentBefore = fake.requestsFor(CHECK).length;
        await checkShortlistFromContextMenu();

        // The notification counts the one answer; its Cancel button is what a person clicks.
        const progress = 'Checking 5 images from the selection: 1 of 5';
        await wb.waitForToast(progress);
        assert.deepStrictEqual(await wb.toastButtons(progress), ['Cancel']);
        await wb.screenshot(path.join(artifactsDir(), 'check-progress-cancel.png'), { element: wb.toastLocator(progress), padding: 6 });
        await wb.clickToastButton(progress, 'Cancel');
        const cancelledAt = fake.now();
        const sent = fake.requestsFor(CHECK).slice(sentBefore);

        const warning = await wb.waitForToast(/^Check cancelled: showing the \d+ results? that came back\.$/);
        const k = Number(/the (\d+) results?/.exec(warning)?.[1]);
        assert.ok(sent.length > 1 && sent.every((r) => idsIn(r).length === 1), `the batch size of 1 was used: ${JSON.stringify(sent.map(idsIn))}`);
        const held = sent.filter((r) => r.fault === `delay ${HELD_MS}`);
        assert.ok(
          held.every((r) => r.time + HELD_MS > cancelledAt),
          `Cancel was clicked while the held requests were still held (the machine was too slow for HELD_MS = ${HELD_MS})`,
        );
        const answered = sent.filter((r) => r.status !== undefined);
        assert.strictEqual(answered.length, 1, 'one request was answered before the cancel');
        assert.ok(k < SHORTLIST_IDS.length, `fewer results than IDs (${k})`);
        assert.strictEqual(k, 1, 'the warning counts the one result that came back');

        const rows = await wb.waitForTreeRows(VIEW, (r) => imageRows(r).length === k, `${k} image row(s) in the Download Authorizations view`);
        assert.deepStrictEqual(imageRows(rows).map((r) => r.label), idsIn(answered[0]), 'the tree shows the result that came back, and only it');

        // Until every held request would have been answered (and a little after),
        // no further request reaches the fake: the batches not yet sent never are.
        const until = Math.max(...held.map((r) => r.time)) + HELD_MS + SETTLE_MS;
        await staysTrue(
          async () => fake.requestsFor(CHECK).length - sentBefore,
          (n) => n === sent.length,
          `no request after the cancel (${sent.length} sent before it)`,
          Math.max(0, until - fake.now()),
        );
        assert.ok(sent.length < SHORTLIST_IDS.length, `the check stopped before sending all ${SHORTLIST_IDS.length} requests (sent ${sent.length})`);
        assert.deepStrictEqual(imageRows(await wb.treeRows(VIEW)).map((r) => r.label), idsIn(answered[0]), 'the tree still shows only the result that came back');
      } finally {
        fake.clearFaults();
      }
    });
  });

  test('cancel: a check of one request can be cancelled too; the tree gains no rows', async () => {
    const wb = workbench();
    const { fake } = session!.env;
    await ensureSignedIn();
    await wb.runCommand('Getty Connect: Focus on Download Authorizations View');
    const shown = (rows: TreeRow[]): { label: string; description: string; level: number }[] =>
      rows.map(({ label, description, level }) => ({ label, description, level }));
    const rowsBefore = shown(await wb.treeRows(VIEW));

    fake.injectFault({ kind: 'delay', ms: HELD_MS }, { operation: CHECK, times: 1 });
    try {
      const sentBefore = fake.requestsFor(CHECK).length;
      await checkShortlistFromContextMenu();

      // Nothing has come back yet: the notification shows its title alone, with Cancel.
      const progress = 'Checking 5 images from the selection';
      await wb.waitForToast(progress);
      assert.deepStrictEqual(await wb.toastButtons(progress), ['Cancel']);
      await wb.clickToastButton(progress, 'Cancel');
      const cancelledAt = fake.now();

      await wb.waitForToast('Check cancelled: showing the 0 results that came back.');
      const sent = fake.requestsFor(CHECK).slice(sentBefore);
      assert.deepStrictEqual(sent.map(idsIn), [SHORTLIST_IDS], 'one request for the five IDs (the default batch size)');
      assert.ok(sent[0].time + HELD_MS > cancelledAt, `Cancel was clicked while the request was held (the machine was too slow for HELD_MS = ${HELD_MS})`);

      // Until the held request would have been answered (and a little after): no
      // further request, and the tree keeps the rows it had.
      await staysTrue(
        async () => ({ requests: fake.requestsFor(CHECK).length - sentBefore, rows: shown(await wb.treeRows(VIEW)) }),
        (now) => now.requests === 1 && JSON.stringify(now.rows) === JSON.stringify(rowsBefore),
        `one request and the tree unchanged (${rowsBefore.length} rows) after the cancel`,
        Math.max(0, sent[0].time + HELD_MS + SETTLE_MS - fake.now()),
      );
    } finally {
      fake.clearFaults();
    }
  });

  test('from bare IDs to the file: check, hover a row to see the picture, download from its context menu, open it', async () => {
    const wb = workbench();
    const { fake, workspace } = session!.env;
    await ensureSignedIn();
    await wb.runCommand('Getty Connect: Clear');
    await wb.openFile('shortlist.md');
    await wb.selectLines(5, 5); // "- 83454800 — harbour at dawn": an ID, no size key anywhere
    await wb.rightClickEditorSelection();
    await wb.clickContextMenu('Check Download Authorization');
    await wb.waitForTreeRows(VIEW, (r) => imageRows(r).length === 1 && childrenOf(r, '83454800').length === 2, 'the image and its two offerings');

    // The tooltip shows the picture, the title and the sizes.
    const hover = await wb.hoverTreeRow(VIEW, '83454800');
    await waitFor(() => hover.locator('img').first().evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), (w) => w > 0, 'the thumbnail to load');
    const text = (await hover.textContent()) ?? '';
    assert.match(text, /Hot-air balloons over a valley at sunrise/);
    assert.match(text, /Original — 5616 × 3744 px/);
    assert.ok(fake.pictureRequests.some((r) => r.path === '/images/83454800/thumb.jpg' && r.httpStatus === 200), 'the workbench fetched the thumbnail');
    await wb.screenshot(path.join(artifactsDir(), 'tree-hover-thumbnail.png'), { element: hover, padding: 8 });
    await wb.page.mouse.move(1200, 700);
    await wb.page.keyboard.press('Escape');
    await hover.waitFor({ state: 'hidden', timeout: 10_000 });

    // Download the free authorization from its context menu: no question, the file lands in getty-images/.
    await wb.rightClickTreeRow(VIEW, 'RoyaltyFreeSubscription', { under: '83454800' });
    const items = await wb.contextMenuItems();
    for (const item of ['Download', 'Copy Download Link', 'Copy Download Token']) assert.ok(items.includes(item), `the context menu offers ${item} (${items.join(', ')})`);
    await wb.clickContextMenu('Download');
    const done = await wb.waitForToast(/^Downloaded 83454800 to /);
    assert.strictEqual(done, 'Downloaded 83454800 to getty-images/83454800_Original.jpg.');
    const file = path.join(workspace, 'getty-images', '83454800_Original.jpg');
    assert.ok(fs.readFileSync(file).subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])), 'a JPEG on disk');
    assert.deepStrictEqual(await wb.toastButtons(done), ['Open', 'Reveal in Explorer']);
    await wb.clickToastButton(done, 'Open');
    await waitFor(() => wb.editorTabs(), (tabs) => tabs.some((t) => t.startsWith('83454800_Original')), 'the downloaded image to open in an editor');
    assert.strictEqual(fake.requestsFor('CreateDownloadRequest').length, 1);
  });

  test('walkthrough: Get Started with Getty Connect shows its three steps with pictures, and its Sign In button starts the sign-in', async () => {
    const wb = workbench();
    const walkthrough = new WalkthroughDriver(wb);
    await walkthrough.open('Get Started with Getty Connect');
    const steps = await walkthrough.readSteps();
    assert.deepStrictEqual(
      steps.map((s) => s.title),
      ['Sign in to Getty Connect', 'Check image IDs from a selection or a file', 'Copy the token or download the file'],
    );
    await walkthrough.openStep('Check image IDs from a selection or a file');
    assert.deepStrictEqual(await walkthrough.buttons(), ['Check Download Authorization']);
    const picture = walkthrough.media.locator('img').first();
    await waitFor(() => picture.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), (w) => w > 0, 'the step picture to load');

    await walkthrough.openStep('Sign in to Getty Connect');
    assert.deepStrictEqual(await walkthrough.buttons(), ['Sign In']);
    await walkthrough.clickButton('Sign In');
    const box = await waitFor(() => wb.inputBox(), (b) => b?.placeholder === 'System ID', 'the sign-in to ask for the System ID');
    assert.strictEqual(box?.title, 'Sign In to Getty Connect (1/4)');
    assert.strictEqual(box?.password, false);
    await wb.page.keyboard.press('Escape');
    await waitFor(() => wb.inputBox(), (b) => b === undefined, 'the sign-in to be cancelled');
  });
});
