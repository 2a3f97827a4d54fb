// The packaged extension as a user gets it: `node scripts/package.mjs` builds the
// production .vsix, the test checks what is inside, installs it into the local VS
// Code host (code-server, with NO extensionDevelopmentPath and no node_modules) and
// drives the workbench in headless Chromium like a person would: status bar item,
// "Getty Connect: Sign In" from the command palette, credentials typed into the
// input boxes, the session shown in the status bar.
//
// Plain Node mocha (TDD); run by `npm test` (suite `vsix`, or alone with
// `npm test -- --only vsix`). Installs the local host when missing.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_CREDENTIALS, REPO_ROOT, startWorkbenchEnvironment, WorkbenchEnvironment } from '../demo/demoEnvironment';

import { ensureInstalled, launchChromium } from '../host/vscodeHost';

const EXTENSION_ID = 'connect-tools.getty-connect';
const STATUS_ITEM_ID = `${EXTENSION_ID}.gettyConnect.session`;

/**
 * What the .vsix may hold under extension/, as vsce names the entries: the
 * allowlist of scripts/package.mjs (package.json, package.nls.json, dist/extension.js,
 * media/icon.png, media/activity.svg, the walkthrough's three pictures, README.md,
 * CHANGELOG.md, LICENSE), where vsce stores README.md
 * as readme.md, CHANGELOG.md as changelog.md and LICENSE as LICENSE.txt.
 */
const EXPECTED_EXTENSION_FILES = [
  'LICENSE.txt',
  'changelog.md',
  'dist/extension.js',
  'media/activity.svg',
  'media/icon.png',
  'media/walkthrough/check.webp',
  'media/walkthrough/results.webp',
  'media/walkthrough/sign-in.webp',
  'package.json',
  'package.nls.json',
  'readme.md',
];
/** vsce's own metadata files at the top level of the zip. */
const EXPECTED_TOP_LEVEL = ['[Content_Types].xml', 'extension.vsixmanifest'];

interface ZipEntry {
  name: string;
  /** The entry's uncompressed content. */
  read(): Buffer;
}

/** The entries of a zip archive, from its central directory (stored or deflated entries). */
export function zipEntries(zip: Buffer): ZipEntry[] {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  const LOCAL = 0x04034b50;
  // The end-of-central-directory record is at least 22 bytes, followed by a comment of up to 64 KiB.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'not a zip file (no end-of-central-directory record)');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    assert.strictEqual(zip.readUInt32LE(offset), CENTRAL, `bad central directory entry ${n}`);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({
      name,
      read: () => {
        assert.strictEqual(zip.readUInt32LE(localHeader), LOCAL, `bad local header of ${name}`);
        const start = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
        const data = zip.subarray(start, start + compressedSize);
        if (method === 0) return data;
        assert.strictEqual(method, 8, `${name}: unsupported compression method ${method}`);
        return zlib.inflateRawSync(data);
      },
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries.filter((e) => !e.name.endsWith('/')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Every path under `dir` (relative, with /), folders included. */
function listTree(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => p.split(path.sep).join('/'))
    .sort();
}

function secondsSince(t0: number): string {
  return `${((Date.now() - t0) / 1000).toFixed(1)} s`;
}

suite('vsix: the packaged extension', function () {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(REPO_ROOT, `${pkg.name}-${pkg.version}.vsix`);
  let packageLog = '';

  suiteSetup(function () {
    this.timeout(180_000);
    const t0 = Date.now();
    // Builds the production bundle (vscode:prepublish) and the .vsix; fails on a vsce warning
    // or a file outside the allowlist.
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'package.mjs')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    packageLog = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    assert.ifError(r.error);
    assert.strictEqual(r.status, 0, `scripts/package.mjs failed (exit ${r.status ?? r.signal}):\n${packageLog}`);
    assert.ok(fs.existsSync(vsix), `${path.basename(vsix)} was not written`);
    console.log(`      (packaged ${path.basename(vsix)} in ${secondsSince(t0)}, ${(fs.statSync(vsix).size / 1024).toFixed(1)} KiB)`);
  });

  suiteTeardown(function () {
    this.timeout(60_000);
    // package.mjs left the minified production bundle in dist/: put the development build back.
    spawnSync(process.execPath, [path.join(REPO_ROOT, 'esbuild.mjs')], { cwd: REPO_ROOT, stdio: 'ignore' });
  });

  test('vsce packages it without a warning', () => {
    assert.doesNotMatch(packageLog, /WARNING/i, packageLog);
  });

  test('the .vsix holds exactly the allowed files', () => {
    const names = zipEntries(fs.readFileSync(vsix)).map((e) => e.name);
    const inExtension = names.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
    const topLevel = names.filter((n) => !n.startsWith('extension/'));
    assert.deepStrictEqual(inExtension, EXPECTED_EXTENSION_FILES, `files under extension/ in ${path.basename(vsix)} (README.md, CHANGELOG.md and LICENSE must exist)`);
    assert.deepStrictEqual(topLevel, EXPECTED_TOP_LEVEL, `top-level files in ${path.basename(vsix)}`);
  });

  test('it ships the production bundle (no source map, axios bundled)', () => {
    const bundle = zipEntries(fs.readFileSync(vsix)).find((e) => e.name === 'extension/dist/extension.js');
    assert.ok(bundle, 'extension/dist/extension.js is in the .vsix');
    const code = bundle.read().toString('utf8');
    // esbuild.mjs: the development build links dist/extension.js.map, the production one does not
    assert.doesNotMatch(code, /sourceMappingURL=/, 'the development build (with a source map) was packaged');
    assert.doesNotMatch(code, /require\((['"])axios\1\)/, 'axios is bundled, not required from node_modules');
  });

  suite('installed into VS Code (no development path, no node_modules)', function () {
    this.timeout(120_000);
    let env: WorkbenchEnvironment | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let statusItem: Locator;

    suiteSetup(async function () {
      this.timeout(240_000);
      const t0 = Date.now();
      ensureInstalled();
      env = await startWorkbenchEnvironment({ vsix });
      const tHost = Date.now();
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(env.url);
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
      statusItem = page.locator(`[id="${STATUS_ITEM_ID}"]`);
      await statusItem.waitFor({ timeout: 90_000 });
      console.log(`      (host with the .vsix installed in ${((tHost - t0) / 1000).toFixed(1)} s, extension active in the workbench after ${secondsSince(t0)})`);
    });

    suiteTeardown(async function () {
      this.timeout(60_000);
      await browser?.close().catch(() => undefined);
      await env?.stop();
    });

    test('the installed extension folder has no node_modules', () => {
      assert.ok(env);
      const extensionsDir = env.host.dirs.extensions;
      const installed = fs
        .readdirSync(extensionsDir)
        .filter((d) => d.toLowerCase().startsWith(`${EXTENSION_ID}-`) && fs.statSync(path.join(extensionsDir, d)).isDirectory());
      assert.deepStrictEqual(installed, [`${EXTENSION_ID}-${pkg.version}`], `extensions in ${extensionsDir}`);
      const tree = listTree(path.join(extensionsDir, installed[0]));
      assert.ok(tree.includes('dist/extension.js'), `dist/extension.js is installed: ${tree.join(', ')}`);
      const withModules = tree.filter((p) => p.split('/').includes('node_modules'));
      assert.deepStrictEqual(withModules, [], 'no node_modules in the installed extension');
    });

    test('the status bar shows the Getty item', async () => {
      await statusItem.filter({ hasText: 'Getty' }).waitFor({ timeout: 30_000 });
      const label = (await statusItem.getAttribute('aria-label')) ?? '';
      assert.match(label, /signed out/i);
    });

    test('Getty Connect: Sign In from the command palette starts a 30 min session', async () => {
      assert.ok(env);
      env.fake.clearLog();
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill('>Getty Connect: Sign In');
      await page.locator('.quick-input-list .monaco-list-row[aria-label="Getty Connect: Sign In"]').click({ timeout: 15_000 });

      const answers = [DEMO_CREDENTIALS.systemId, DEMO_CREDENTIALS.systemPassword, DEMO_CREDENTIALS.userName, DEMO_CREDENTIALS.userPassword];
      for (const [i, answer] of answers.entries()) {
        await page
          .locator('.quick-input-widget .quick-input-title', { hasText: `(${i + 1}/${answers.length})` })
          .waitFor({ state: 'visible', timeout: 15_000 });
        await input.fill(answer);
        await input.press('Enter');
      }

      await statusItem.filter({ hasText: '30 min' }).waitFor({ timeout: 30_000 });
      const creates = env.fake.requestsFor('CreateSession');
      assert.strictEqual(creates.length, 1, 'the fake server got one CreateSession');
      assert.strictEqual(creates[0].status, 'Success');
      const label = (await statusItem.getAttribute('aria-label')) ?? '';
      assert.match(label, new RegExp(`signed in as ${DEMO_CREDENTIALS.userName.replace('.', '\\.')}`));
    });
  });
});
