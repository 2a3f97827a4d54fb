// `npm run screenshots`: regenerates the README's pictures in media/screenshots/ from
// the real VS Code UI. Starts the demo environment (fake Connect server + the local
// VS Code host with the extension under development, dark theme), drives the
// workbench in headless Chromium with the e2e driver and saves 1280x800 PNGs:
//
//   sign-in.png              the first sign-in input box, System ID typed
//   status-bar.png           the session countdown in the status bar, with its hover
//   context-menu.png         the editor context menu on selected image IDs
//   authorizations-tree.png  the Download Authorizations view after a check, a token copied
//   image-tooltip.png        an image's tooltip: thumbnail, title, details and sizes
//   walkthrough.png          the Get Started walkthrough, its second step open
//
// and, for the walkthrough's steps (shipped in the .vsix, so small lossy WebP files), into
// media/walkthrough/: sign-in.webp, check.webp and results.webp.
//
// Before each picture it checks that no password or download token is in the page.
//
// usage: npm run screenshots -- [--out DIR]
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { namedSampleWorkspace, ScreenshotOptions, startWorkbench, waitFor, WorkbenchSession } from '../e2e/workbench';
import { ensureInstalled, REPO_ROOT } from '../host/vscodeHost';
import { WalkthroughDriver } from '../e2e/walkthroughDriver';
import { DEMO_CREDENTIALS } from './demoEnvironment';

const VIEWPORT = { width: 1280, height: 800 };
const SESSION_ITEM = 'gettyConnect.session';
const VIEW = 'Download Authorizations';
/** Enough for UI text; the three walkthrough pictures ship in the .vsix, which has a size budget. */
const PICTURE_QUALITY = 40;
/** The walkthrough shows its pictures at about this size anyway, in a column beside the steps. */
const PICTURE_SCALE = 0.7;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(REPO_ROOT, 'media', 'screenshots') } } });
  const out = path.resolve(values.out);
  const walkthroughOut = path.join(REPO_ROOT, 'media', 'walkthrough');
  ensureInstalled();

  fs.mkdirSync(out, { recursive: true });
  // A stable folder name for the window title (instead of a random temp name).
  const sample = namedSampleWorkspace('demo-workspace');
    let session: WorkbenchSession | undefined;
  try {
    console.log('[screenshots] starting the fake Connect server and the VS Code host…');
    session = await startWorkbench({ viewport: VIEWPORT, workspace: sample.workspace });
    const { page, workbench: wb, env } = session;
    const mouseAway = () => page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height / 2);

    /** Refuses to take a picture while a password or download token is anywhere in the page. */
    const assertNoSecrets = async (name: string): Promise<void> => {
      const secrets = [DEMO_CREDENTIALS.systemPassword, DEMO_CREDENTIALS.userPassword, ...env.fake.issuedDownloadTokens.map((t) => t.token)];
      const html = await page.content();
      // Visible inputs only: VS Code leaves the last answer in the hidden quick-input box.
      const values = await Promise.all((await page.locator('input:visible').all()).map((i) => i.inputValue().catch(() => '')));
      const leaked = secrets.filter((s) => html.includes(s) || values.some((v) => v.includes(s)));
      if (leaked.length) throw new Error(`${name}: the page shows ${leaked.length} secret(s); no screenshot taken`);
    };
    const shoot = async (name: string, options: ScreenshotOptions = {}): Promise<void> => {
      await assertNoSecrets(name);
      const file = await wb.screenshot(path.resolve(out, name), options);
      console.log(`[screenshots] ${path.relative(process.cwd(), file)}`);
    };

    await wb.hideSecondarySideBar();
    await wb.setSideBarWidth(420); // room for the tree's descriptions

    // 1. sign-in.png: the first input box of the sign-in, System ID typed.
    await wb.clickStatusBar(SESSION_ITEM);
    await wb.typeIntoInputBox(DEMO_CREDENTIALS.systemId, { submit: false });
    await waitFor(() => page.locator('.quick-input-widget .quick-input-box input').inputValue(), (v) => v === DEMO_CREDENTIALS.systemId, 'the System ID to be typed');
    await mouseAway();
    await shoot('sign-in.png');
    await shoot(path.join(walkthroughOut, 'sign-in.webp'), { element: '.quick-input-widget', padding: 16, quality: PICTURE_QUALITY, scale: PICTURE_SCALE });
    await page.keyboard.press('Enter');
    await wb.answerInputBoxes([DEMO_CREDENTIALS.systemPassword, DEMO_CREDENTIALS.userName, DEMO_CREDENTIALS.userPassword]);
    await wb.waitForStatusBarText(SESSION_ITEM, 'Getty 30 min');
    await wb.waitForToast(/^Signed in to Getty Connect as /);

    // 2. status-bar.png: the countdown with its hover, bottom-left corner of the window.
    await wb.statusBarLocator(SESSION_ITEM).hover();
    const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Click to renew.' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    const hoverBox = await hover.boundingBox();
    const top = Math.max(0, Math.floor((hoverBox?.y ?? VIEWPORT.height - 120) - 40));
    await shoot('status-bar.png', { clip: { x: 0, y: top, width: 640, height: VIEWPORT.height - top } });
    await mouseAway();
    await wb.runCommand('Notifications: Clear All Notifications');

    // 3. context-menu.png: IDs selected in shortlist.md, the context menu open on them.
    await wb.openFile('shortlist.md');
    await wb.selectLines(5, 9);
    await wb.rightClickEditorSelection();
    const item = page.locator('.context-view .monaco-menu .action-item').filter({ hasText: 'Check Download Authorization' }).first();
    await item.hover(); // highlights it, as when a person points at it
    await waitFor(async () => (await item.getAttribute('class')) ?? '', (c) => c.split(' ').includes('focused'), 'the menu item to be highlighted');
    await shoot('context-menu.png');
    // The walkthrough's picture: the selected lines and the menu, from the editor's left edge.
    const menuBox = await page.locator('.context-view .monaco-menu').first().boundingBox();
    const editorBox = await page.locator('.editor-instance').first().boundingBox();
    if (!menuBox || !editorBox) throw new Error('check.webp: the editor or its context menu is not shown');
    const checkTop = Math.max(editorBox.y, menuBox.y - 90);
    await shoot(path.join(walkthroughOut, 'check.webp'), {
      clip: { x: editorBox.x, y: checkTop, width: Math.min(VIEWPORT.width, menuBox.x + menuBox.width + 24) - editorBox.x, height: menuBox.y + menuBox.height + 24 - checkTop },
      quality: PICTURE_QUALITY, scale: PICTURE_SCALE,
    });

    // 4. authorizations-tree.png: the results, a token copied from an authorization row.
    await wb.clickContextMenu('Check Download Authorization');
    await wb.waitForTreeRows(VIEW, (rows) => rows.filter((r) => r.level === 1).length === 5, 'the five checked images');
    await wb.waitForToast(/^Checked 5 images/);
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.clickTreeRow(VIEW, 'ImagePack', { under: '83454800' });
    await wb.waitForToast('Copied the download token for 83454800 (Medium, ImagePack).');
    await mouseAway();
    await shoot('authorizations-tree.png');
    // The walkthrough's picture: the top of the side bar, where the results are.
    const sideBar = await page.locator('.part.sidebar').first().boundingBox();
    if (!sideBar) throw new Error('results.webp: the side bar is not shown');
    await shoot(path.join(walkthroughOut, 'results.webp'), { clip: { x: sideBar.x, y: sideBar.y, width: sideBar.width, height: Math.min(sideBar.height, 270) }, quality: PICTURE_QUALITY, scale: PICTURE_SCALE });

    // 5. image-tooltip.png: an image row hovered, its thumbnail loaded.
    const tooltip = await wb.hoverTreeRow(VIEW, '83454800');
    await waitFor(() => tooltip.locator('img').first().evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), (w) => w > 0, 'the thumbnail to load');
    await shoot('image-tooltip.png', { element: tooltip, padding: 12 });
    await mouseAway();
    await page.keyboard.press('Escape');

    // 6. walkthrough.png: Welcome: Open Walkthrough… > Get Started with Getty Connect.
    await wb.runCommand('View: Close Primary Side Bar'); // room for the step's picture beside the steps
    await wb.runCommand('Notifications: Clear All Notifications');
    const walkthrough = new WalkthroughDriver(wb);
    await walkthrough.open('Get Started with Getty Connect');
    await walkthrough.openStep('Check image IDs from a selection or a file');
    const picture = walkthrough.media.locator('img').first();
    await waitFor(() => picture.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), (w) => w > 0, 'the step picture to load');
    await mouseAway();
    await shoot('walkthrough.png');
  } finally {
    await session?.close();
    sample.remove();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`[screenshots] failed: ${e instanceof Error ? e.stack || e.message : e}`);
    process.exit(1);
  },
);
