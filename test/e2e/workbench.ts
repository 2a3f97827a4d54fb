// A small driver over the real VS Code web workbench (code-server in headless
// Chromium, see test/host/vscodeHost.ts), with the actions a person does:
// run a command, reload the window, answer input boxes, change a setting in the
// Settings UI, click the status bar, open a file, select text, use the editor's
// context menu, read and click tree rows, read notifications and click their
// buttons, read the clipboard, take screenshots. Used by the Playwright e2e
// tests (workbench.test.ts) and by test/demo/screenshots.ts.
//
// Everything waits for a condition (a selector, a text, a predicate) and fails
// with what it last saw; nothing relies on fixed sleeps alone.
//
// Notifications: without the smoke-test driver (the default here) VS Code shows
// notification toasts; with it (`startWorkbench({ smokeTestDriver: true })`) it
// never does and answers modal dialogs with Cancel. toasts() reads the toasts on
// screen; notifications() also reads the Notifications Center (the bell in the
// status bar), which lists every notification in either mode.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { REPO_ROOT, SAMPLE_WORKSPACE, startWorkbenchEnvironment, WorkbenchEnvironment } from '../demo/demoEnvironment';
import { launchChromium, tempDir } from '../host/vscodeHost';

export interface InputBoxInfo {
  /** The input box's title, e.g. "Sign In to Getty Connect (1/4)". */
  title: string;
  placeholder: string;
  /** The prompt under the input ("… (Press 'Enter' to confirm or 'Escape' to cancel)"). */
  prompt: string;
  /** True when the input masks what is typed (`<input type="password">`). */
  password: boolean;
}

export interface StatusBarEntry {
  /** The visible text without icons, e.g. "30 min". */
  text: string;
  /** Codicon names shown in the item, e.g. ["key"] or ["sync", "spin"]. */
  icons: string[];
  ariaLabel: string;
}

export interface TreeRow {
  label: string;
  description: string;
  /** 1 for top-level rows. */
  level: number;
  /** undefined for rows that cannot be expanded. */
  expanded: boolean | undefined;
  selected: boolean;
  /** The row's codicon, e.g. "pass", "key", "question". */
  icon: string | undefined;
  /** Position in the tree (0 = first row). */
  index: number;
}

export interface ScreenshotOptions {
  /** Capture only this region of the page. */
  clip?: { x: number; y: number; width: number; height: number };
  /** Capture only this element (a locator or a CSS selector), plus `padding`. */
  element?: Locator | string;
  /** Pixels added around `element` (clamped to the viewport). Default 0. */
  padding?: number;
  /** JPEG or WebP quality (0-100) for a `.jpg` or `.webp` file; PNG files ignore it. */
  quality?: number;
  /** For a `.webp` file: the picture scaled by this factor (default 1). */
  scale?: number;
}

type Matcher = string | RegExp;

const DEFAULT_TIMEOUT_MS = 20_000;

/** Polls `read` until `accept` holds; throws with `what` and the last value seen. */
export async function waitFor<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    try {
      last = await read();
      lastError = undefined;
      if (accept(last)) {
        return last;
      }
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const seen = lastError ? `error: ${lastError instanceof Error ? lastError.message : String(lastError)}` : `last seen: ${JSON.stringify(last)}`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/**
 * The negative counterpart of waitFor, for "nothing more happens": polls `read`
 * for `forMs` and throws at once, with the value seen, when `accept` stops
 * holding. A window of observation, not a sleep: the condition is checked
 * throughout, and the window is as long as whatever could still happen needs.
 */
export async function staysTrue<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, forMs: number): Promise<T> {
  const until = Date.now() + forMs;
  for (;;) {
    const value = await read();
    if (!accept(value)) {
      throw new Error(`${what} stopped holding after ${forMs - Math.max(0, until - Date.now())} ms of ${forMs} (seen: ${JSON.stringify(value)})`);
    }
    const left = until - Date.now();
    if (left <= 0) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(200, left)));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regular expression that matches `text` exactly (whitespace-trimmed). */
function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

function matches(value: string, matcher: Matcher): boolean {
  return typeof matcher === 'string' ? value === matcher : matcher.test(value);
}

/** A CSS attribute selector value in quotes. */
function cssString(value: string): string {
  return JSON.stringify(value);
}

function classList(className: string | null): string[] {
  return (className ?? '').split(/\s+/).filter(Boolean);
}

/** One attribute of every element `locator` matches now. */
async function attributes(locator: Locator, name: string): Promise<(string | null)[]> {
  return Promise.all((await locator.all()).map((l) => l.getAttribute(name)));
}

function codicons(classNames: string[]): string[] {
  return classNames.filter((c) => c.startsWith('codicon-')).map((c) => c.slice('codicon-'.length));
}

export class Workbench {
  readonly timeout: number;

  constructor(
    readonly page: Page,
    options: { timeout?: number } = {},
  ) {
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  }

  // ---- the workbench ------------------------------------------------------

  /**
   * Waits until the workbench is laid out (status bar and activity bar shown) and,
   * when `statusBarItem` is given, until that status-bar entry is there: an
   * extension's entry shows once its extension host has started and activated it.
   */
  async waitForWorkbench(options: { statusBarItem?: string; timeout?: number } = {}): Promise<void> {
    const timeout = options.timeout ?? 90_000;
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
    await this.page.locator('[id="workbench.parts.statusbar"]').waitFor({ state: 'visible', timeout });
    await this.page.locator('[id="workbench.parts.activitybar"], .activitybar').first().waitFor({ state: 'visible', timeout });
    if (options.statusBarItem) {
      await this.statusBarLocator(options.statusBarItem).waitFor({ state: 'visible', timeout });
    }
  }

  /** Hides the (empty) secondary side bar, when it is shown, to give the editor room. */
  async hideSecondarySideBar(): Promise<void> {
    const auxiliaryBar = this.page.locator('[id="workbench.parts.auxiliarybar"]');
    if (await auxiliaryBar.isVisible()) {
      await this.runCommand('View: Hide Secondary Side Bar');
      await auxiliaryBar.waitFor({ state: 'hidden', timeout: this.timeout });
    }
  }

  /** Drags the sash at the primary side bar's right edge until the side bar is `width` pixels wide. */
  async setSideBarWidth(width: number): Promise<void> {
    const sideBar = this.page.locator('[id="workbench.parts.sidebar"]');
    const box = await sideBar.boundingBox();
    if (!box) {
      throw new Error('setSideBarWidth: the side bar is not shown');
    }
    const edge = box.x + box.width;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(edge, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 8 });
    await this.page.mouse.up();
    await waitFor(
      async () => (await sideBar.boundingBox())?.width ?? 0,
      (w) => Math.abs(w - width) <= 4,
      `the side bar to be ${width} px wide`,
      this.timeout,
    );
  }

  // ---- command palette and input boxes -----------------------------------

  private get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private get quickInputBox(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /** Runs a command by its title in the command palette (F1), e.g. "Getty Connect: Sign In". */
  async runCommand(title: string): Promise<void> {
    await this.pickCommand(title);
    // The palette closes before the command runs; don't mistake it for the command's own input box.
    await waitFor(
      async () => ((await this.quickInputBox.isVisible()) ? await this.quickInputBox.inputValue() : '<closed>'),
      (value) => !value.startsWith('>'),
      'the command palette to close',
      this.timeout,
    );
  }

  /** Opens the command palette (F1), types `title` and clicks that command. */
  private async pickCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInputBox.waitFor({ state: 'visible', timeout: this.timeout });
    await this.quickInputBox.fill(`>${title}`);
    const row = this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(title) }) })
      .first();
    try {
      await row.waitFor({ state: 'visible', timeout: this.timeout });
    } catch {
      const offered = await attributes(this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row'), 'aria-label');
      await this.page.keyboard.press('Escape');
      throw new Error(`runCommand: no command titled "${title}" in the command palette (offered: ${JSON.stringify(offered)})`);
    }
    await row.locator('.label-name').click();
  }

  /**
   * Runs "Developer: Reload Window" as a person does, and waits for the reloaded
   * page's workbench (and its `statusBarItem`, when given). The page and its
   * extension host start again; in this web workbench that is how the extension
   * host is restarted, see reloadWindow's caller in workbench.test.ts.
   */
  async reloadWindow(options: { statusBarItem?: string; timeout?: number } = {}): Promise<void> {
    const timeout = options.timeout ?? 90_000;
    const loaded = this.page.waitForEvent('load', { timeout });
    loaded.catch(() => undefined); // awaited below; not unhandled when picking the command fails
    await this.pickCommand('Developer: Reload Window');
    await loaded;
    await this.waitForWorkbench({ statusBarItem: options.statusBarItem, timeout });
  }

  /** The input box shown now (title, placeholder, prompt, masking), or undefined. */
  async inputBox(): Promise<InputBoxInfo | undefined> {
    if (!(await this.quickInputBox.isVisible())) {
      return undefined;
    }
    return {
      title: ((await this.quickInput.locator('.quick-input-title').textContent()) ?? '').trim(),
      placeholder: (await this.quickInputBox.getAttribute('placeholder')) ?? '',
      prompt: ((await this.quickInput.locator('.quick-input-message').textContent()) ?? '').trim(),
      password: (await this.quickInputBox.getAttribute('type')) === 'password',
    };
  }

  /**
   * Waits for an input box (one other than the box labelled `after`, when given),
   * types `value` into it (replacing a pre-filled value), presses Enter unless
   * `submit` is false, and returns what the box looked like.
   */
  async typeIntoInputBox(value: string, options: { submit?: boolean; after?: string } = {}): Promise<InputBoxInfo & { ariaLabel: string }> {
    const box = await waitFor(
      async () => {
        const info = await this.inputBox();
        const ariaLabel = info ? await this.quickInputBox.getAttribute('aria-label') : null;
        return info && ariaLabel !== null && ariaLabel !== options.after ? { ...info, ariaLabel } : undefined;
      },
      (found) => found !== undefined,
      options.after ? `an input box after "${options.after}"` : 'an input box',
      this.timeout,
    );
    if (!box) {
      throw new Error('unreachable');
    }
    await this.quickInputBox.fill(value);
    if (options.submit ?? true) {
      await this.quickInputBox.press('Enter');
    }
    return box;
  }

  /**
   * Answers the input boxes shown one after another (e.g. a sign-in's four
   * prompts), each with the next value followed by Enter. Resolves with what
   * each box looked like; fails when a box rejects its value (validation message).
   */
  async answerInputBoxes(values: string[]): Promise<InputBoxInfo[]> {
    const answered: InputBoxInfo[] = [];
    let previous: string | undefined;
    for (const value of values) {
      const { ariaLabel, ...info } = await this.typeIntoInputBox(value, { after: previous });
      answered.push(info);
      // Accepted: the box closes or the next one (with another label) replaces it.
      try {
        await waitFor(
          async () => ((await this.quickInputBox.isVisible()) ? await this.quickInputBox.getAttribute('aria-label') : '<closed>'),
          (now) => now !== ariaLabel,
          `"${info.title}" to accept its value`,
          this.timeout,
        );
      } catch (err) {
        const message = await this.quickInput.locator('.quick-input-message').textContent().catch(() => '');
        throw new Error(`${err instanceof Error ? err.message : String(err)}; the box says: ${message}`, { cause: err });
      }
      previous = ariaLabel;
    }
    return answered;
  }

  // ---- status bar ---------------------------------------------------------

  /**
   * A status-bar entry by the id its extension gave it (`gettyConnect.session`);
   * the DOM id is `<publisher.name>.<id>`, so both forms are accepted.
   */
  statusBarLocator(id: string): Locator {
    return this.page.locator(`.statusbar-item[id=${cssString(id)}], .statusbar-item[id$=${cssString(`.${id}`)}]`).first();
  }

  async statusBarItem(id: string): Promise<StatusBarEntry> {
    const item = this.statusBarLocator(id);
    const label = item.locator('.statusbar-item-label');
    const iconClasses = (await attributes(label.locator('.codicon'), 'class')).flatMap(classList);
    return {
      text: ((await label.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
      icons: codicons(iconClasses),
      ariaLabel: (await item.getAttribute('aria-label')) ?? '',
    };
  }

  /** The entry's visible text without its icons, e.g. "Getty 30 min" for `$(key) Getty 30 min`. */
  async statusBarText(id: string): Promise<string> {
    return (await this.statusBarItem(id)).text;
  }

  async waitForStatusBarText(id: string, expected: Matcher, timeout = this.timeout): Promise<StatusBarEntry> {
    return waitFor(() => this.statusBarItem(id), (e) => matches(e.text, expected), `status bar "${id}" to show ${String(expected)}`, timeout);
  }

  /** Every status-bar entry shown now, left to right (messages set with setStatusBarMessage included). */
  async statusBarEntries(): Promise<{ id: string; text: string }[]> {
    const entries: { id: string; text: string }[] = [];
    for (const item of await this.page.locator('[id="workbench.parts.statusbar"] .statusbar-item').all()) {
      if (await item.isVisible()) {
        const text = ((await item.locator('.statusbar-item-label').first().textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();
        entries.push({ id: (await item.getAttribute('id')) ?? '', text });
      }
    }
    return entries;
  }

  /** Waits for a status-bar entry whose text matches, e.g. a short-lived `setStatusBarMessage`. */
  async waitForStatusBarMessage(expected: Matcher, timeout = this.timeout): Promise<string> {
    const entries = await waitFor(() => this.statusBarEntries(), (all) => all.some((e) => matches(e.text, expected)), `a status bar message ${String(expected)}`, timeout);
    return entries.find((e) => matches(e.text, expected))?.text ?? '';
  }

  async clickStatusBar(id: string): Promise<void> {
    await this.statusBarLocator(id).locator('.statusbar-item-label').click();
  }

  // ---- settings ---------------------------------------------------------------

  private get settingsEditor(): Locator {
    return this.page.locator('.settings-editor').first();
  }

  /** A setting's row in the Settings UI, by its ID ("gettyConnect.batchSize"). */
  private settingRow(key: string): Locator {
    return this.settingsEditor.locator(`.setting-item-contents[data-key=${cssString(key)}]`).first();
  }

  /** Opens the Settings UI on the User settings (Preferences: Open User Settings) and searches for `key`. */
  async openSetting(key: string): Promise<Locator> {
    await this.runCommand('Preferences: Open User Settings');
    // The search box is a one-line editor: click it, then type.
    const search = this.settingsEditor.locator('.search-container .suggest-input-container').first();
    await search.waitFor({ state: 'visible', timeout: this.timeout });
    await search.click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(key);
    const row = this.settingRow(key);
    await row.waitFor({ state: 'visible', timeout: this.timeout });
    return row;
  }

  /** Closes the Settings UI (Escape). */
  async closeSettings(): Promise<void> {
    if (await this.settingsEditor.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.settingsEditor.waitFor({ state: 'hidden', timeout: this.timeout });
    }
  }

  /**
   * Sets a number or text setting in the Settings UI as a person types it, and waits
   * until the workbench has saved it: the row's "modified" bar shows once the value
   * is in the user settings (the extension host is told in the same step). A
   * setting modified already is reset first, so that the bar shows the new value.
   * Then it opens the setting again and reads the value back: the row being edited
   * can go on showing the old value when the editor redraws while the new one waits
   * to be saved (it is saved all the same), so only a fresh look tells what was saved.
   */
  async setSetting(key: string, value: string | number): Promise<void> {
    const wanted = String(value);
    const row = await this.openSetting(key);
    if (await row.locator('.setting-item-modified-indicator').isVisible()) {
      await this.resetOpenSetting(row);
    }
    await row.locator('.setting-item-value input').first().click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(wanted);
    await row.locator('.setting-item-modified-indicator').waitFor({ state: 'visible', timeout: this.timeout });
    await this.closeSettings();
    const saved = await (await this.openSetting(key)).locator('.setting-item-value input').first().inputValue();
    await this.closeSettings();
    if (saved !== wanted) {
      throw new Error(`setSetting: ${key} is "${saved}" in the Settings UI after typing "${wanted}"`);
    }
  }

  /** Resets a setting to its default with its row's "Reset Setting" action in the Settings UI (nothing to do when unmodified). */
  async resetSetting(key: string): Promise<void> {
    const row = await this.openSetting(key);
    if (await row.locator('.setting-item-modified-indicator').isVisible()) {
      await this.resetOpenSetting(row);
    }
    await this.closeSettings();
  }

  private async resetOpenSetting(row: Locator): Promise<void> {
    await row.hover();
    await row.locator('.setting-toolbar-container .codicon-settings-more-action').click();
    await this.clickContextMenu('Reset Setting');
    await row.locator('.setting-item-modified-indicator').waitFor({ state: 'hidden', timeout: this.timeout });
  }

  // ---- editor ---------------------------------------------------------------

  /** Opens a workspace file by name with Quick Open (Ctrl+P) and waits for its editor. */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    await this.quickInputBox.waitFor({ state: 'visible', timeout: this.timeout });
    await this.quickInputBox.fill(name);
    const row = this.page.locator(`.quick-input-widget .quick-input-list .monaco-list-row[aria-label^=${cssString(`${name},`)}]`).first();
    await row.waitFor({ state: 'visible', timeout: this.timeout });
    await row.locator('.label-name').click();
    await this.page.locator(`.editor-group-container.active .tab.active[data-resource-name=${cssString(name)}]`).waitFor({ state: 'visible', timeout: this.timeout });
    await this.activeEditor.locator('.view-lines').waitFor({ state: 'visible', timeout: this.timeout });
    await waitFor(async () => classList(await this.activeEditor.getAttribute('class')), (c) => c.includes('focused'), `the editor of ${name} to have focus`, this.timeout);
  }

  private get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Moves the cursor to the start of `line` (1-based) with Go to Line (Ctrl+G). */
  async goToLine(line: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.quickInputBox.waitFor({ state: 'visible', timeout: this.timeout });
    await this.quickInputBox.fill(`:${line}`);
    await this.quickInputBox.press('Enter');
    await this.quickInputBox.waitFor({ state: 'hidden', timeout: this.timeout });
    await this.waitForCursor((c) => c.line === line);
  }

  /** The cursor position and selection size from the status bar ("Ln 9, Col 42 (203 selected)"). */
  async cursor(): Promise<{ line: number; column: number; selected: number }> {
    const text = (await this.page.locator('[id="status.editor.selection"]').textContent()) ?? '';
    const m = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text);
    if (!m) {
      throw new Error(`cursor: no position in the status bar ("${text}")`);
    }
    return { line: Number(m[1]), column: Number(m[2]), selected: Number(m[3] ?? 0) };
  }

  private async waitForCursor(accept: (c: { line: number; column: number; selected: number }) => boolean): Promise<void> {
    await waitFor(() => this.cursor(), accept, 'the cursor to move', this.timeout);
  }

  /**
   * Selects whole lines `from`..`to` (1-based, inclusive) in the active editor with
   * the keyboard: Go to Line, then Shift+Down / Shift+End (lines are assumed not to wrap).
   */
  async selectLines(from: number, to = from): Promise<void> {
    await this.goToLine(from);
    // Home toggles between the first non-blank character and column 1.
    let { column } = await this.cursor();
    for (let i = 0; i < 2 && column !== 1; i++) {
      const before = column;
      await this.page.keyboard.press('Home');
      ({ column } = await waitFor(() => this.cursor(), (c) => c.column !== before, 'Home to move the cursor', this.timeout));
    }
    for (let line = from; line < to; line++) {
      await this.page.keyboard.press('Shift+ArrowDown');
    }
    await this.page.keyboard.press('Shift+End');
    await this.waitForCursor((c) => c.line === to && c.selected > 0);
  }

  /** Selects the first occurrence of `text` in the active editor (with Find, Ctrl+F). */
  async selectText(text: string): Promise<void> {
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.press('Control+F');
    const find = this.activeEditor.locator('.find-widget textarea, .find-widget input').first();
    await find.waitFor({ state: 'visible', timeout: this.timeout });
    await find.fill(text);
    await find.press('Enter');
    await this.page.keyboard.press('Escape');
    await this.activeEditor.locator('.find-widget.visible').waitFor({ state: 'hidden', timeout: this.timeout });
    await this.waitForCursor((c) => c.selected === text.length);
  }

  /** Right-clicks inside the editor's selection and waits for the context menu. */
  async rightClickEditorSelection(): Promise<void> {
    const selection = this.activeEditor.locator('.selected-text').first();
    await selection.waitFor({ state: 'visible', timeout: this.timeout });
    const box = await selection.boundingBox();
    if (!box) {
      throw new Error('rightClickEditorSelection: nothing is selected');
    }
    await this.page.mouse.click(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2, { button: 'right' });
    await this.contextMenu.waitFor({ state: 'visible', timeout: this.timeout });
  }

  // ---- context menus ----------------------------------------------------------

  private get contextMenu(): Locator {
    return this.page.locator('.context-view .monaco-menu').first();
  }

  /** The labels of the context menu shown now (separators left out). */
  async contextMenuItems(): Promise<string[]> {
    await this.contextMenu.waitFor({ state: 'visible', timeout: this.timeout });
    const labels = await this.contextMenu.locator('.action-menu-item .action-label').allTextContents();
    return labels.map((l) => l.trim()).filter(Boolean);
  }

  /** Clicks the context-menu entry labelled `label` and waits for the menu to close. */
  async clickContextMenu(label: string): Promise<void> {
    const item = this.contextMenu.locator('.action-menu-item').filter({ has: this.page.locator('.action-label', { hasText: exactly(label) }) }).first();
    try {
      await item.waitFor({ state: 'visible', timeout: this.timeout });
    } catch {
      throw new Error(`clickContextMenu: no "${label}" in the context menu (items: ${JSON.stringify(await this.contextMenuItems().catch(() => []))})`);
    }
    // VS Code listens for the mouse-up on a menu item only from 100 ms after it drew the
    // item (a RunOnceScheduler in menu.ts, so that releasing the right button that
    // opened the menu picks nothing); a click before that does nothing at all. A
    // page timer of the same delay started now fires after that one (timers of equal
    // delay run in the order they were set), so the item is armed when it fires.
    await this.page.evaluate<void>('new Promise((resolve) => setTimeout(resolve, 100))');
    await item.click();
    await this.contextMenu.waitFor({ state: 'hidden', timeout: this.timeout });
  }

  // ---- trees --------------------------------------------------------------------

  /** The tree of a view, by the view's name ("Download Authorizations"). */
  treeLocator(viewName: string): Locator {
    return this.page.locator(`.monaco-list[role="tree"][aria-label=${cssString(viewName)}]`).first();
  }

  /** The rendered rows of a view's tree, top to bottom. */
  async treeRows(viewName: string): Promise<TreeRow[]> {
    const rows: TreeRow[] = [];
    for (const row of await this.treeLocator(viewName).locator('[role="treeitem"]').all()) {
      const expanded = await row.getAttribute('aria-expanded');
      const iconClasses = (await attributes(row.locator('.custom-view-tree-node-item-icon'), 'class')).flatMap(classList);
      const description = row.locator('.label-description');
      rows.push({
        label: ((await row.locator('.label-name').first().textContent()) ?? '').trim(),
        description: (await description.count()) ? ((await description.first().textContent()) ?? '').trim() : '',
        level: Number((await row.getAttribute('aria-level')) ?? '1'),
        expanded: expanded === null ? undefined : expanded === 'true',
        selected: (await row.getAttribute('aria-selected')) === 'true',
        icon: codicons(iconClasses).find((c) => c !== 'colored'),
        index: Number((await row.getAttribute('data-index')) ?? '0'),
      });
    }
    return rows.sort((a, b) => a.index - b.index);
  }

  async waitForTreeRows(viewName: string, accept: (rows: TreeRow[]) => boolean, what = `the rows of "${viewName}"`): Promise<TreeRow[]> {
    return waitFor(() => this.treeRows(viewName), accept, what, this.timeout);
  }

  /** Clicks the row labelled `label`; with `under`, the first such row among that top-level row's children. */
  async clickTreeRow(viewName: string, label: string, options: { under?: string } = {}): Promise<TreeRow> {
    const rows = await this.treeRows(viewName);
    let candidates = rows;
    if (options.under !== undefined) {
      const parent = rows.find((r) => r.label === options.under);
      if (!parent) {
        throw new Error(`clickTreeRow: no row "${options.under}" in "${viewName}" (rows: ${rows.map((r) => r.label).join(', ')})`);
      }
      const end = rows.findIndex((r) => r.index > parent.index && r.level <= parent.level);
      candidates = rows.slice(rows.indexOf(parent) + 1, end === -1 ? undefined : end).filter((r) => r.level === parent.level + 1);
    }
    const target = candidates.find((r) => r.label === label);
    if (!target) {
      throw new Error(`clickTreeRow: no row "${label}"${options.under ? ` under "${options.under}"` : ''} in "${viewName}" (rows: ${candidates.map((r) => r.label).join(', ')})`);
    }
    await this.treeLocator(viewName).locator(`[role="treeitem"][data-index="${target.index}"] .label-name`).click();
    return target;
  }

  /** The row labelled `label` (with `under`: among that top-level row's children). */
  async treeRowLocator(viewName: string, label: string, options: { under?: string } = {}): Promise<Locator> {
    const rows = await this.treeRows(viewName);
    const parent = options.under === undefined ? undefined : rows.find((r) => r.label === options.under && r.level === 1);
    const after = parent ? rows.filter((r) => r.index > parent.index) : rows;
    const end = parent ? after.findIndex((r) => r.level <= parent.level) : -1;
    const target = (end === -1 ? after : after.slice(0, end)).find((r) => r.label === label);
    if (!target) throw new Error(`no row "${label}"${options.under ? ` under "${options.under}"` : ''} in "${viewName}"`);
    return this.treeLocator(viewName).locator(`[role="treeitem"][data-index="${target.index}"]`);
  }

  /** Hovers a tree row as a person does and returns its tooltip once shown (a Markdown hover). */
  async hoverTreeRow(viewName: string, label: string, options: { under?: string } = {}): Promise<Locator> {
    await (await this.treeRowLocator(viewName, label, options)).locator('.label-name').hover();
    const hover = this.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: label }).last();
    await hover.waitFor({ state: 'visible', timeout: this.timeout });
    return hover;
  }

  /** Opens a tree row's context menu. */
  async rightClickTreeRow(viewName: string, label: string, options: { under?: string } = {}): Promise<void> {
    await (await this.treeRowLocator(viewName, label, options)).locator('.label-name').click({ button: 'right' });
    await this.contextMenu.waitFor({ state: 'visible', timeout: this.timeout });
  }

  /** The titles of the editor tabs. */
  async editorTabs(): Promise<string[]> {
    return (await this.page.locator('.tabs-container .tab .label-name').allTextContents()).map((t) => t.trim());
  }

  // ---- notifications and clipboard ------------------------------------------------

  /** The messages of the notification toasts on screen now (none with the smoke-test driver). */
  async toasts(): Promise<string[]> {
    const messages: string[] = [];
    for (const toast of await this.page.locator('.notifications-toasts .notification-toast-container').all()) {
      if (await toast.isVisible()) {
        messages.push(...(await toast.locator('.notification-list-item-message').allTextContents()).map((m) => m.trim()));
      }
    }
    return messages;
  }

  /** Waits for a toast whose message matches (not with the smoke-test driver, which shows none). */
  async waitForToast(expected: Matcher, timeout = this.timeout): Promise<string> {
    const shown = await waitFor(() => this.toasts(), (all) => all.some((m) => matches(m, expected)), `a notification toast ${String(expected)}`, timeout);
    return shown.find((m) => matches(m, expected)) ?? '';
  }

  /** The notification toast on screen whose message matches (a locator: for its buttons and for screenshots). */
  toastLocator(expected: Matcher): Locator {
    const message = typeof expected === 'string' ? exactly(expected) : expected;
    return this.page
      .locator('.notifications-toasts .notification-toast-container')
      .filter({ has: this.page.locator('.notification-list-item-message', { hasText: message }) })
      .first();
  }

  /** The labels of the buttons (actions) of the toast whose message matches, once it is shown. */
  async toastButtons(expected: Matcher): Promise<string[]> {
    const toast = this.toastLocator(expected);
    await toast.waitFor({ state: 'visible', timeout: this.timeout });
    const labels = await toast.locator('.notification-list-item-buttons-container .monaco-button').allTextContents();
    return labels.map((l) => l.trim()).filter(Boolean);
  }

  /**
   * Clicks the button labelled `label` (e.g. a progress notification's "Cancel") on the
   * toast whose message matches, and waits for that toast to close.
   */
  async clickToastButton(expected: Matcher, label: string): Promise<void> {
    const toast = this.toastLocator(expected);
    const button = toast.locator('.notification-list-item-buttons-container .monaco-button', { hasText: exactly(label) }).first();
    try {
      await button.waitFor({ state: 'visible', timeout: this.timeout });
    } catch {
      throw new Error(`clickToastButton: no "${label}" button on a toast ${String(expected)} (toasts: ${JSON.stringify(await this.toasts())})`);
    }
    await button.click();
    await toast.waitFor({ state: 'hidden', timeout: this.timeout });
  }

  /**
   * The messages of the notifications shown so far: the toasts on screen plus
   * everything in the Notifications Center, which is opened (bell in the status
   * bar) and closed again. With `waitFor`, waits until a message matches.
   */
  async notifications(options: { waitFor?: Matcher; timeout?: number } = {}): Promise<string[]> {
    const toasts = await this.toasts();
    const center = this.page.locator('.notifications-center');
    const bell = this.statusBarLocator('status.notifications').locator('.statusbar-item-label');
    const wasOpen = await center.locator('.notification-list-item').first().isVisible();
    if (!wasOpen) {
      await bell.click();
      await center.locator('.notifications-center-header').waitFor({ state: 'visible', timeout: this.timeout });
    }
    try {
      const read = async (): Promise<string[]> => [...new Set([...toasts, ...(await center.locator('.notification-list-item-message').allTextContents())].map((m) => m.trim()))];
      if (options.waitFor === undefined) {
        return await read();
      }
      const wanted = options.waitFor;
      return await waitFor(read, (messages) => messages.some((m) => matches(m, wanted)), `a notification ${String(wanted)}`, options.timeout ?? this.timeout);
    } finally {
      if (!wasOpen) {
        await bell.click();
        await center.locator('.notifications-center-header').waitFor({ state: 'hidden', timeout: this.timeout });
      }
    }
  }

  /** The text on the system clipboard, read from the page (needs the clipboard-read permission). */
  async clipboardText(): Promise<string> {
    return this.page.evaluate<string>('navigator.clipboard.readText()');
  }

  async setClipboardText(text: string): Promise<void> {
    await this.page.evaluate<void>(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
  }

  // ---- screenshots ------------------------------------------------------------------

  /**
   * Re-encodes a PNG as lossy WebP with Chromium's own encoder (a canvas in a blank page,
   * away from the workbench's content security policy): a third of a JPEG's size for
   * screenshots of UI text, for pictures that ship in the .vsix.
   */
  private async toWebp(png: Buffer, quality: number, scale: number): Promise<Buffer> {
    const blank = await this.page.context().newPage();
    try {
      // Page code as text: the tests compile without the DOM library.
      const dataUrl = await blank.evaluate<string>(`(async () => {
        const img = new Image();
        img.src = 'data:image/png;base64,${png.toString('base64')}';
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = Math.round(img.naturalWidth * ${scale});
        canvas.height = Math.round(img.naturalHeight * ${scale});
        canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
        return canvas.toDataURL('image/webp', ${quality / 100});
      })()`);
      if (!dataUrl.startsWith('data:image/webp;base64,')) throw new Error('this Chromium cannot encode WebP');
      return Buffer.from(dataUrl.slice('data:image/webp;base64,'.length), 'base64');
    } finally {
      await blank.close();
    }
  }

  /** Saves a PNG of the page (or of `clip` / `element`), creating the folder. */
  async screenshot(file: string, options: ScreenshotOptions = {}): Promise<string> {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    let clip = options.clip;
    if (options.element !== undefined) {
      const element = typeof options.element === 'string' ? this.page.locator(options.element).first() : options.element;
      const box = await element.boundingBox();
      if (!box) {
        throw new Error(`screenshot: the element for ${file} is not shown`);
      }
      const pad = options.padding ?? 0;
      const viewport = this.page.viewportSize() ?? { width: Number.MAX_SAFE_INTEGER, height: Number.MAX_SAFE_INTEGER };
      const x = Math.max(0, box.x - pad);
      const y = Math.max(0, box.y - pad);
      clip = {
        x,
        y,
        width: Math.min(viewport.width, box.x + box.width + pad) - x,
        height: Math.min(viewport.height, box.y + box.height + pad) - y,
      };
    }
    if (/\.webp$/i.test(file)) {
      const png = await this.page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
      fs.writeFileSync(file, await this.toWebp(png, options.quality ?? 70, options.scale ?? 1));
      return file;
    }
    const jpeg = /\.jpe?g$/i.test(file);
    await this.page.screenshot({ path: file, clip, animations: 'disabled', caret: 'hide', ...(jpeg ? { type: 'jpeg' as const, quality: options.quality ?? 70 } : {}) });
    return file;
  }
}

// ---- one workbench in a browser --------------------------------------------------

export interface WorkbenchSession {
  env: WorkbenchEnvironment;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  workbench: Workbench;
  /** Closes the browser and stops the host and the fake server (safe to call twice). */
  close(): Promise<void>;
}

/**
 * Starts the demo environment (fake Connect server + code-server with the extension
 * under development) and opens its workbench in headless Chromium with clipboard
 * access, waiting until `waitForStatusBarItem` (default: the extension's session
 * entry) is shown.
 */
export async function startWorkbench(
  options: { viewport?: { width: number; height: number }; workspace?: string; waitForStatusBarItem?: string; smokeTestDriver?: boolean } = {},
): Promise<WorkbenchSession> {
  const env = await startWorkbenchEnvironment({ smokeTestDriver: options.smokeTestDriver ?? false, workspace: options.workspace });
  let browser: Browser | undefined;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      try {
        await browser?.close();
      } finally {
        await env.stop();
      }
    })();
    return closing;
  };
  try {
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 800 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    const workbench = new Workbench(page);
    await page.goto(env.url);
    await workbench.waitForWorkbench({ statusBarItem: options.waitForStatusBarItem ?? 'gettyConnect.session' });
    return { env, browser, context, page, workbench, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** `title` made safe for use in a file name (for failure screenshots). */
export function artifactName(title: string): string {
  return title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'screenshot';
}

/** `test-artifacts/` at the repository root (git-ignored). */
export function artifactsDir(): string {
  return path.join(REPO_ROOT, 'test-artifacts');
}

/** A fresh temp folder holding a copy of the sample workspace named `name` (for a stable window title). */
export function namedSampleWorkspace(name: string): { workspace: string; remove(): void } {
  const parent = tempDir('getty-e2e-');
  const workspace = path.join(parent.dir, name);
  fs.cpSync(SAMPLE_WORKSPACE, workspace, { recursive: true });
  return { workspace, remove: parent.remove };
}
