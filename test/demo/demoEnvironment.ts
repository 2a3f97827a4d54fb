// The demo set-up, shared by `npm run demo`, the Playwright e2e tests and the
// screenshot script: the fake Connect server with its sample data, a copy of
// the sample workspace, and settings that point the extension at the server.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeServer } from '../host/codeServer';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SAMPLE_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'demo-workspace');
export const DEMO_CREDENTIALS = { ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword };

/** User settings that point the extension at `fake`. */
export function demoSettings(fake: FakeConnectServer): Record<string, unknown> {
  return {
    'gettyConnect.endpoint': fake.url,
    'gettyConnect.defaultSizeKey': 'Large',
    'workbench.colorTheme': 'Default Dark Modern',
    'editor.minimap.enabled': false,
  };
}

/** Copies the sample workspace to a temp folder so that runs don't touch the repository. */
export function copySampleWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-demo-workspace-'));
  fs.cpSync(SAMPLE_WORKSPACE, dir, { recursive: true });
  return dir;
}

export function credentialsText(fake: FakeConnectServer): string {
  return [
    `Fake Connect server: ${fake.url}`,
    `  System ID        ${DEMO_CREDENTIALS.systemId}`,
    `  System password  ${DEMO_CREDENTIALS.systemPassword}`,
    `  User name        ${DEMO_CREDENTIALS.userName}`,
    `  User password    ${DEMO_CREDENTIALS.userPassword}`,
  ].join('\n');
}

export interface WorkbenchEnvironment {
  fake: FakeConnectServer;
  host: CodeServer;
  workspace: string;
  /** Opens the workspace with the extension under development. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The built workbench honours the URL payload's extensionDevelopmentPath only with the
 * smoke-test driver (which also answers every modal dialog with Cancel). Without it, the
 * extension is linked into the host's extensions folder instead, so VS Code loads it from
 * the working tree like an installed extension (extensionMode Production; a rebuild and
 * "Developer: Reload Window" pick up changes). Removing the host's temp folders removes
 * the link, never what it points to.
 */
export function linkDevelopmentExtension(host: CodeServer, extensionPath: string = REPO_ROOT): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const link = path.join(host.dirs.extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.symlinkSync(extensionPath, link, 'dir');
  return link;
}

/**
 * Starts the fake server and the local VS Code host (code-server) with the
 * extension under development, or with `vsix` installed instead. With
 * smokeTestDriver false (the default) the extension under development is
 * loaded through linkDevelopmentExtension.
 */
export async function startWorkbenchEnvironment(options: { fakePort?: number; vsix?: string; smokeTestDriver?: boolean; workspace?: string } = {}): Promise<WorkbenchEnvironment> {
  // Loaded lazily: only machines that run the local host need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const codeServer = require('../../../test/host/codeServer') as typeof import('../host/codeServer');
  const fake = await FakeConnectServer.start({ port: options.fakePort });
  const workspace = options.workspace ?? copySampleWorkspace();
  const ownWorkspace = options.workspace === undefined;
  // Our copy also goes at exit and on Ctrl-C/SIGTERM/SIGHUP, where codeServer.js ends the
  // process before stop() could run; like codeServer.js, the signal then takes its course.
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (signal: NodeJS.Signals): void => {
    removeWorkspace();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const removeWorkspace = (): void => {
    process.off('exit', removeWorkspace);
    for (const s of signals) process.off(s, onSignal);
    if (ownWorkspace) fs.rmSync(workspace, { recursive: true, force: true });
  };
  if (ownWorkspace) {
    process.on('exit', removeWorkspace);
    for (const s of signals) process.on(s, onSignal);
  }
  let host: CodeServer;
  try {
    host = await codeServer.startCodeServer({
      extensionDevelopmentPath: options.vsix ? undefined : REPO_ROOT,
      installExtensions: options.vsix ? [options.vsix] : [],
      userSettings: demoSettings(fake),
      smokeTestDriver: options.smokeTestDriver ?? false,
    });
  } catch (err) {
    await fake.stop();
    removeWorkspace();
    throw err;
  }
  if (!options.vsix && !(options.smokeTestDriver ?? false)) {
    try {
      linkDevelopmentExtension(host);
    } catch (err) {
      await host.stop();
      await fake.stop();
      removeWorkspace();
      throw err;
    }
  }
  return {
    fake,
    host,
    workspace,
    url: host.workbenchUrl({ workspace }),
    async stop() {
      await host.stop();
      await fake.stop();
      removeWorkspace();
    },
  };
}
