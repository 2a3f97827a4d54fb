// `npm run demo`, after the build: the extension on the bundled fake Connect server,
// with sample data, in one command. It starts the fake server (port 7357 when free),
// prints the demo credentials and opens VS Code on a copy of the sample workspace,
// with the extension from this working tree. The host follows chooseHost():
//
//   local     no display (a server, a container, CI) or --local: the local VS Code host
//             (code-server) serves the workbench on 127.0.0.1 and the URL is printed
//   download  a display: a desktop VS Code downloaded into .vscode-test/ opens a window
//             with its own temp user data (the local host when the download fails)
//
// Ctrl-C (or SIGTERM, SIGHUP, or closing the desktop window) stops everything it
// started and removes every temp folder it made.
//
// usage: npm run demo -- [--local] [--port N]
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { chooseHost, DEFAULT_USER_SETTINGS, downloadVSCode, ensureInstalled, onStopSignal, pinnedVersions, REPO_ROOT, spawnGroup, tempDir } from '../host/vscodeHost';
import { copySampleWorkspace, credentialsText, demoSettings, startWorkbenchEnvironment } from './demoEnvironment';

const PREFERRED_FAKE_PORT = 7357;

/** Calls start(port) with the port asked for, else with 7357 or, when that is taken, any free port. */
async function onPreferredPort<T>(asked: number | undefined, start: (port: number) => Promise<T>): Promise<T> {
  try {
    return await start(asked ?? PREFERRED_FAKE_PORT);
  } catch (e) {
    if (!(e instanceof Error && 'code' in e && e.code === 'EADDRINUSE')) throw e;
    if (asked !== undefined) throw new Error(`port ${asked} is already in use: choose another with --port N, or leave --port out`, { cause: e });
    console.log(`(port ${PREFERRED_FAKE_PORT} is taken: the fake server uses a free port)`);
    return start(0);
  }
}

/** Serves the workbench until a stop signal ends the process; returns only when the host dies. */
async function runLocal(port: number | undefined): Promise<number> {
  ensureInstalled();
  const workspace = copySampleWorkspace().dir;
  console.log('> starting the fake Connect server and the local VS Code host');
  const env = await onPreferredPort(port, (fakePort) => startWorkbenchEnvironment({ fakePort, workspace }));
  // Without the smoke-test driver the workbench ignores the URL's payload (the extension is
  // linked into the host instead), so the plain folder URL is the one to show.
  const url = `${env.host.baseUrl}?folder=${encodeURIComponent(workspace)}`;
  console.log(`\n${credentialsText(env.fake)}\n`);
  console.log(`VS Code (local host: code-server ${pinnedVersions().codeServer}) is serving the workbench with the`);
  console.log(`extension from ${REPO_ROOT} and a copy of the sample workspace. Open in a browser:\n\n  ${url}\n`);
  console.log(`It listens on 127.0.0.1 only. From another machine: ssh -L ${env.host.port}:127.0.0.1:${env.host.port} <user>@<this machine>, then open the URL there.`);
  console.log('Press Ctrl-C to stop the demo.');
  const code = await env.host.exited;
  console.error(`The VS Code host stopped unexpectedly (${code}):\n${env.host.log().slice(-3000)}`);
  await env.stop();
  return 1;
}

/** A desktop VS Code window with temp user data (the demo settings are application-scoped, so they go there). */
async function runDesktop(executable: string, port: number | undefined): Promise<number> {
  const fake = await onPreferredPort(port, (p) => FakeConnectServer.start({ port: p }));
  const workspace = copySampleWorkspace().dir;
  const root = tempDir('getty-demo-vscode-').dir;
  fs.mkdirSync(path.join(root, 'user-data', 'User'), { recursive: true });
  fs.writeFileSync(path.join(root, 'user-data', 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...demoSettings(fake) }, null, 2));
  console.log(`\n${credentialsText(fake)}\n`);
  console.log(`Opening VS Code (${executable}) with the extension from ${REPO_ROOT} on a copy of the sample workspace.`);
  console.log('Close the window or press Ctrl-C to end the demo.');
  const vscode = spawnGroup(
    executable,
    [
      `--user-data-dir=${path.join(root, 'user-data')}`,
      `--extensions-dir=${path.join(root, 'extensions')}`,
      `--extensionDevelopmentPath=${REPO_ROOT}`,
      '--new-window',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-workspace-trust',
      '--disable-updates',
      // a downloaded build's chrome-sandbox is not setuid (as in @vscode/test-electron's runTests)
      ...(process.platform === 'linux' ? ['--no-sandbox', '--disable-gpu-sandbox'] : []),
      workspace,
    ],
    { stdio: 'inherit' },
  );
  console.log(`VS Code exited (${await vscode.exited}): stopping the demo…`);
  await fake.stop();
  return 0;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { local: { type: 'boolean', default: false }, port: { type: 'string' } } });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new Error(`--port needs a port number (0-65535), not "${values.port}"`);
  onStopSignal((signal) => console.error(`\n${signal}: stopping the demo…`));
  process.on('exit', () => console.log('Demo stopped; its processes and temp folders are gone.'));
  const choice = values.local ? { host: 'local', forced: true } : chooseHost();
  if (choice.host === 'download') {
    console.log('> downloading VS Code (@vscode/test-electron, cached in .vscode-test/)');
    const executable = await downloadVSCode().catch((e: unknown) => {
      if (choice.forced) throw e;
      console.log(`(the VS Code download failed: ${e instanceof Error ? e.message : e}; using the local VS Code host)`);
      return undefined;
    });
    if (executable) return runDesktop(executable, port);
  }
  return runLocal(port);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
