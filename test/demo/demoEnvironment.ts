// The demo set-up, shared by `npm run demo`, the Playwright e2e tests and the
// screenshot script: the fake Connect server with its sample data, a copy of
// the sample workspace, and settings that point the extension at the server.
import * as fs from 'fs';
import * as path from 'path';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { CodeServer, REPO_ROOT, startCodeServer, tempDir } from '../host/vscodeHost';

export { REPO_ROOT };
export const SAMPLE_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'demo-workspace');
export const DEMO_CREDENTIALS = { ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword };

/** User settings that point the extension at `fake`. */
export function demoSettings(fake: FakeConnectServer): Record<string, unknown> {
  return {
    'gettyConnect.endpoint': fake.url,
    'workbench.colorTheme': 'Default Dark Modern',
    'editor.minimap.enabled': false,
  };
}

/** A temp copy of the sample workspace, so that runs don't touch the repository; removed at exit. */
export function copySampleWorkspace(): { dir: string; remove: () => void } {
  const copy = tempDir('getty-demo-workspace-');
  fs.cpSync(SAMPLE_WORKSPACE, copy.dir, { recursive: true });
  return copy;
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
  const smokeTestDriver = options.smokeTestDriver ?? false;
  const fake = await FakeConnectServer.start({ port: options.fakePort });
  const copy = options.workspace === undefined ? copySampleWorkspace() : undefined;
  const workspace = options.workspace ?? (copy as { dir: string }).dir;
  let host: CodeServer | undefined;
  const stop = async (): Promise<void> => {
    await host?.stop();
    await fake.stop();
    copy?.remove();
  };
  try {
    host = await startCodeServer({
      extensionDevelopmentPath: options.vsix ? [] : [REPO_ROOT],
      installExtensions: options.vsix ? [options.vsix] : [],
      userSettings: demoSettings(fake),
      smokeTestDriver,
    });
    if (!options.vsix && !smokeTestDriver) linkDevelopmentExtension(host);
  } catch (err) {
    await stop();
    throw err;
  }
  return { fake, host, workspace, url: host.workbenchUrl({ workspace }), stop };
}
