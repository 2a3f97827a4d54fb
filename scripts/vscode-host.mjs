// Runs the extension's integration tests inside a real VS Code through
// @vscode/test-electron's runTests, on one of two hosts:
//
//   download  runTests' usual path: downloads a desktop VS Code into .vscode-test/
//             (needs the internet and a display; what desktop machines use)
//   local     VS Code's server from npm (code-server) + headless Debian Chromium,
//             installed by test/host/install.sh; runTests starts it through
//             test/host/code-shim. For machines without a display or internet (CI).
//
// Choice: env GETTY_VSCODE_HOST=local|download wins; otherwise `local` when CI is
// set or on Linux without DISPLAY/WAYLAND_DISPLAY, else `download`, falling back
// to `local` when the download fails.
import { downloadAndUnzipVSCode, runTests, TestRunFailedError } from '@vscode/test-electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import codeServer from '../test/host/codeServer.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shim = path.join(repoRoot, 'test', 'host', 'code-shim');

/** @returns {{ host: 'local' | 'download', forced: boolean }} */
export function chooseHost(env = process.env, platform = process.platform) {
  const wanted = env.GETTY_VSCODE_HOST;
  if (wanted === 'local' || wanted === 'download') return { host: wanted, forced: true };
  if (wanted) throw new Error(`GETTY_VSCODE_HOST must be "local" or "download", not "${wanted}"`);
  const headlessLinux = platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY;
  const ci = Boolean(env.CI) && !/^(0|false)$/i.test(env.CI);
  return { host: ci || headlessLinux ? 'local' : 'download', forced: false };
}

/**
 * Runs `extensionTestsPath` in the extension host with `extensionDevelopmentPath` loaded and
 * `workspace` open. `extensionTestsEnv` is added to the extension host's process.env.
 *
 * @param {{ extensionDevelopmentPath: string, extensionTestsPath: string, workspace?: string,
 *           extensionTestsEnv?: Record<string, string> }} options
 * @returns {Promise<{ host: 'local' | 'download', exitCode: number }>} exitCode 0 when every test passed
 */
export async function runIntegrationTests({ extensionDevelopmentPath, extensionTestsPath, workspace, extensionTestsEnv = {} }) {
  const choice = chooseHost();
  let host = choice.host;
  let vscodeExecutablePath;
  if (host === 'download') {
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ cachePath: path.join(repoRoot, '.vscode-test') });
    } catch (e) {
      if (choice.forced) throw e;
      console.error(`[vscode-host] VS Code download failed (${e instanceof Error ? e.message : e}); using the local host`);
      host = 'local';
    }
  }
  if (host === 'local') {
    codeServer.ensureInstalled();
    vscodeExecutablePath = shim;
  }
  console.error(`[vscode-host] running integration tests on the ${host} VS Code host`);

  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [...(workspace ? [workspace] : []), '--disable-extensions'],
      extensionTestsEnv,
    });
    return { host, exitCode: 0 };
  } catch (e) {
    if (e instanceof TestRunFailedError) return { host, exitCode: e.code ?? 1 };
    throw e;
  }
}
