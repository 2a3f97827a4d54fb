// `npm run demo`: the extension on the bundled fake Connect server with sample data,
// in one command. Builds (esbuild -> dist/, tsc -> out/), starts the fake server
// (port 7357 when free), prints the demo credentials and opens VS Code with the
// extension from this working tree, the sample workspace and settings pointing at
// the fake server:
//
//   code      a desktop VS Code on PATH (and a display): a new window with its own
//             temp --user-data-dir / --extensions-dir, --extensionDevelopmentPath,
//             `--wait`ed for, so closing the window ends the demo
//   download  no `code` but a display: @vscode/test-electron downloads VS Code into
//             .vscode-test/ and that executable is launched the same way (falls back
//             to `local` when the download fails)
//   local     no display (a server, a container, CI machines) or --local: the local
//             VS Code host (code-server, test/host/) serves the workbench on
//             127.0.0.1 and the URL to open in a browser is printed
//
// Ctrl-C (SIGINT), SIGTERM or SIGHUP stop everything it started (fake server, VS
// Code host or window) and remove every temp folder it made.
//
// usage: node scripts/demo.mjs [--local] [--port N]
// env:   GETTY_VSCODE_HOST=local|download  forces that host (as for the tests)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const USAGE = 'usage: node scripts/demo.mjs [--local] [--port N]';
const PREFERRED_FAKE_PORT = 7357;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function parseArgs(argv) {
  const opts = { local: false, port: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--local') opts.local = true;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      const port = Number(value);
      if (!/^\d+$/.test(value ?? '') || port > 65535) throw new Error(`--port needs a port number (0-65535), not "${value ?? ''}"\n${USAGE}`);
      opts.port = port;
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}\n${USAGE}`);
  }
  return opts;
}

// ---------------------------------------------------------------------------
// Stopping. Everything the demo starts registers a synchronous last-resort cleanup
// that runs when the process exits, however it exits; a signal first tries the
// graceful stop. (test/host/codeServer.js has its own handlers: on a signal it kills
// code-server's process group, removes its temp folder and ends the process.)

/** @type {Set<() => void>} */
const exitCleanups = new Set();
let stoppedMessageShown = false;
function stoppedMessage() {
  if (stoppedMessageShown) return;
  stoppedMessageShown = true;
  console.log('Demo stopped; its processes and temp folders are gone.');
}
process.on('exit', () => {
  for (const cleanup of [...exitCleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // best effort while exiting
    }
  }
  if (stopSignal) stoppedMessage();
});

let stopSignal;
const stopRequested = new Promise((resolve) => {
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (stopSignal) return; // npm passes Ctrl-C on as well: one stop is enough
      stopSignal = signal;
      console.error(`\n${signal}: stopping the demo…`);
      resolve(signal);
    });
  }
});

function removeDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

/** A temp folder removed when the demo ends. */
function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  exitCleanups.add(() => removeDir(dir));
  return dir;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `promise` but gives up waiting after `ms` (the exit cleanups still run). */
function withTimeout(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------
// Build and set-up

function step(title, cmd, args) {
  console.log(`> ${title}`);
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${title} failed (exit ${r.status ?? r.signal})`);
}

function build() {
  step('build (esbuild -> dist/extension.js)', 'npm', ['run', '--silent', 'build']);
  step('compile (tsc -> out/)', process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--outDir', 'out']);
}

/** The compiled demo modules (out/ is fresh after build()). */
function loadDemoModules() {
  return {
    demo: require(path.join(repoRoot, 'out', 'test', 'demo', 'demoEnvironment.js')),
    fakeServer: require(path.join(repoRoot, 'out', 'test', 'fake-server', 'fakeConnectServer.js')),
    codeServer: require(path.join(repoRoot, 'test', 'host', 'codeServer.js')),
  };
}

const isAddressInUse = (e) => e && typeof e === 'object' && e.code === 'EADDRINUSE';

/**
 * Calls start(port) with the port asked for (strict), else with 7357 and, when that is
 * taken, with any free port.
 */
async function onPreferredPort(askedPort, start) {
  if (askedPort !== undefined) {
    try {
      return await start(askedPort);
    } catch (e) {
      if (isAddressInUse(e)) throw new Error(`port ${askedPort} is already in use: choose another with --port N, or leave --port out`, { cause: e });
      throw e;
    }
  }
  try {
    return await start(PREFERRED_FAKE_PORT);
  } catch (e) {
    if (!isAddressInUse(e)) throw e;
    console.log(`(port ${PREFERRED_FAKE_PORT} is taken: the fake server uses a free port)`);
    return start(0);
  }
}

function hasDisplay(env = process.env) {
  return process.platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Full path of `name` on PATH (with PATHEXT on Windows), or undefined. */
function findOnPath(name, env = process.env) {
  const exts = process.platform === 'win32' ? (env.PATHEXT || '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH || '').split(path.delimiter).filter(Boolean)) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext.toLowerCase());
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** @returns {{ mode: 'local' | 'code' | 'download', forced: boolean, code?: string }} */
function chooseMode(opts, env = process.env) {
  if (opts.local) return { mode: 'local', forced: true };
  const wanted = env.GETTY_VSCODE_HOST;
  if (wanted && wanted !== 'local' && wanted !== 'download') throw new Error(`GETTY_VSCODE_HOST must be "local" or "download", not "${wanted}"`);
  if (wanted) return { mode: wanted, forced: true };
  if (!hasDisplay(env)) return { mode: 'local', forced: false };
  const code = findOnPath('code', env);
  return code ? { mode: 'code', forced: false, code } : { mode: 'download', forced: false };
}

// ---------------------------------------------------------------------------
// Desktop VS Code

/** PIDs (not ours) whose command line mentions `marker` (a temp folder of this demo). */
function pidsMentioning(marker) {
  if (process.platform === 'win32') return [];
  const r = spawnSync('ps', ['-Aww', '-o', 'pid=,args='], { encoding: 'utf8' });
  if (r.status !== 0) return [];
  return r.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m) => m && m[2].includes(marker) && Number(m[1]) !== process.pid)
    .map((m) => Number(m[1]));
}

function killPid(pid, signal) {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Launches a desktop VS Code (the `code` CLI or a downloaded executable) on the sample
 * workspace with the extension under development, in a window of its own: temp user
 * data (User/settings.json holds the demo settings; they are application-scoped, so
 * workspace settings would not do) and an empty temp extensions folder.
 * Resolves with { exited, stop } once launched.
 */
function launchDesktop({ executable, viaCli, settings, workspace }) {
  const root = tempDir('getty-demo-vscode-');
  const userData = path.join(root, 'user-data');
  const extensions = path.join(root, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const args = [
    `--user-data-dir=${userData}`,
    `--extensions-dir=${extensions}`,
    `--extensionDevelopmentPath=${repoRoot}`,
    '--new-window',
    '--skip-welcome',
    '--skip-release-notes',
    '--disable-workspace-trust',
    ...(viaCli ? ['--wait'] : ['--disable-updates']),
    // a downloaded build's chrome-sandbox is not setuid (as in @vscode/test-electron's runTests)
    ...(!viaCli && process.platform === 'linux' ? ['--no-sandbox', '--disable-gpu-sandbox'] : []),
    workspace,
  ];
  const win = process.platform === 'win32';
  // Own process group (POSIX): Ctrl-C reaches the demo only, which then stops VS Code itself.
  const child = win
    ? spawn(`"${executable}"`, args.map((a) => `"${a}"`), { stdio: 'inherit', shell: true })
    : spawn(executable, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal));
    child.once('error', (e) => resolve(`error: ${e.message}`));
  });

  // The `code` CLI starts VS Code detached and only waits for the window: VS Code's own
  // processes are found by the temp folder on their command line.
  const killAll = (signal) => {
    if (child.exitCode === null && child.signalCode === null) {
      if (win) spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
      else if (!killPid(-child.pid, signal)) killPid(child.pid, signal);
    }
    for (const pid of pidsMentioning(root)) killPid(pid, signal);
  };
  exitCleanups.add(() => killAll('SIGKILL')); // runs before the folder's removal (reverse order)

  const stop = async () => {
    killAll('SIGTERM');
    for (let i = 0; i < 50 && pidsMentioning(root).length > 0; i++) await sleep(100);
    killAll('SIGKILL');
    await withTimeout(exited, 2000);
    removeDir(root);
  };
  return { exited, stop };
}

async function downloadVSCode() {
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  return downloadAndUnzipVSCode({ cachePath: path.join(repoRoot, '.vscode-test') });
}

// ---------------------------------------------------------------------------

async function runDesktop(mods, opts, choice) {
  const { demo, fakeServer, codeServer } = mods;
  let executable = choice.code;
  if (choice.mode === 'download') {
    console.log('> downloading VS Code (@vscode/test-electron, cached in .vscode-test/)');
    try {
      executable = await downloadVSCode();
    } catch (e) {
      if (choice.forced) throw e;
      console.log(`(VS Code download failed: ${e instanceof Error ? e.message : e}; using the local VS Code host)`);
      return runLocal(mods, opts);
    }
  }

  const fake = await onPreferredPort(opts.port, (port) => fakeServer.FakeConnectServer.start({ port }));
  exitCleanups.add(() => void fake.stop());
  const workspace = tempDir('getty-demo-workspace-');
  fs.cpSync(demo.SAMPLE_WORKSPACE, workspace, { recursive: true });

  console.log(`\n${demo.credentialsText(fake)}\n`);
  console.log(`Opening VS Code (${choice.mode === 'code' ? executable : `downloaded: ${executable}`})`);
  console.log(`  with the extension from ${repoRoot}`);
  console.log(`  on a copy of the sample workspace: ${workspace}`);
  console.log('Close the VS Code window or press Ctrl-C to end the demo.');

  const vscode = launchDesktop({
    executable,
    viaCli: choice.mode === 'code',
    settings: { ...codeServer.DEFAULT_USER_SETTINGS, ...demo.demoSettings(fake) },
    workspace,
  });
  const ended = await Promise.race([stopRequested, vscode.exited.then((code) => ({ code }))]);
  if (typeof ended === 'object') console.log(`VS Code exited (${ended.code}): stopping the demo…`);
  await withTimeout(vscode.stop(), 10_000);
  await withTimeout(fake.stop(), 3000);
  removeDir(workspace);
  return typeof ended === 'object' ? 0 : 128 + os.constants.signals[ended];
}

async function runLocal(mods, opts) {
  const { demo, codeServer } = mods;
  if (!codeServer.isInstalled()) console.log('> installing the local VS Code host (first run only; a few minutes)');
  codeServer.ensureInstalled();
  // Our own copy of the workspace, so that it is removed even when a signal ends the
  // process while the host is still starting.
  const workspace = tempDir('getty-demo-workspace-');
  fs.cpSync(demo.SAMPLE_WORKSPACE, workspace, { recursive: true });
  console.log('> starting the fake Connect server and the local VS Code host');
  const env = await onPreferredPort(opts.port, (fakePort) => demo.startWorkbenchEnvironment({ fakePort, workspace, smokeTestDriver: false }));
  exitCleanups.add(() => void env.fake.stop());

  const { port } = env.host;
  // Without the smoke-test driver the workbench ignores the URL's payload (the extension is
  // linked into the host instead), so the plain folder URL is the one to show.
  const url = `${env.host.baseUrl}?folder=${encodeURIComponent(workspace)}`;
  console.log(`\n${demo.credentialsText(env.fake)}\n`);
  console.log(`VS Code (local host: code-server ${codeServer.pinnedVersions().codeServer}) is serving the workbench with the`);
  console.log(`extension from ${repoRoot} and a copy of the sample workspace. Open in a browser:\n`);
  console.log(`  ${url}\n`);
  console.log(`It listens on 127.0.0.1 only. From another machine: ssh -L ${port}:127.0.0.1:${port} <user>@<this machine>, then open the URL there.`);
  console.log('Press Ctrl-C to stop the demo.');

  const ended = await Promise.race([stopRequested, env.host.exited.then((code) => ({ code }))]);
  if (typeof ended === 'object') {
    console.error(`The VS Code host stopped unexpectedly (${ended.code}):\n${env.host.log().slice(-3000)}`);
  }
  await withTimeout(env.stop(), 10_000);
  removeDir(workspace);
  return typeof ended === 'object' ? 1 : 128 + os.constants.signals[ended];
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const choice = chooseMode(opts);
  build();
  if (stopSignal) return 128 + os.constants.signals[stopSignal];
  const mods = loadDemoModules();
  const code = choice.mode === 'local' ? await runLocal(mods, opts) : await runDesktop(mods, opts, choice);
  stoppedMessage();
  return code;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
