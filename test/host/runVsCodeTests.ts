// The "VS Code executable" that @vscode/test-electron's runTests starts on the local
// host (through code-shim): runs the extension tests (mocha inside the real extension
// host) in code-server's workbench, loaded in headless Chromium. As in microsoft/vscode's
// test/integration/browser, the run's exit code comes back through the page function
// codeAutomationExit, its output through codeAutomationLog and the browser console.
//
// Takes runTests' arguments: --extensionDevelopmentPath=DIR (repeatable),
// --extensionTestsPath=FILE and a workspace folder; it ignores the desktop-only flags.
// The environment (runTests' extensionTestsEnv included) reaches the extension host.
//
// env: VSCODE_TEST_TIMEOUT_MS  whole-run timeout (default 300000)
//      VSCODE_TEST_VERBOSE=1   also print server output and all workbench logs
import * as path from 'path';
import { format, parseArgs } from 'util';
import { launchChromium, startCodeServer } from './vscodeHost';

// workbench chatter that reaches codeAutomationLog alongside the extension host's output
const NOISE =
  /^(\[(AgentHost[^\]]*|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time|RemoteAgentHostProtocol)\]|Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin extensions cache|getaddrinfo ENOTFOUND|Failed to fetch|Canceled: Canceled|Timed out waiting for authentication provider)/;

/** "%c[Extension Host] %cmessage color: ...; (at file:line)" -> "message" */
function extensionHostLine(text: string): string {
  return text
    .replace(/%c/g, '')
    .replace(/^\s*\[Extension Host\]\s*/, '')
    .replace(/\s*color:[^;]*;?\s*(font-weight:[^;]*;?)?/g, '')
    .replace(/\s+\(at .*\)\s*$/, '');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    strict: false, // runTests also passes desktop flags (--no-sandbox, --user-data-dir=…): ignored
    allowPositionals: true,
    options: { extensionDevelopmentPath: { type: 'string', multiple: true }, extensionTestsPath: { type: 'string' } },
  });
  const testsPath = values.extensionTestsPath;
  if (typeof testsPath !== 'string') throw new Error('missing --extensionTestsPath=FILE');
  const devPaths = (values.extensionDevelopmentPath as string[] | undefined) ?? [process.cwd()];
  const timeoutMs = Number(process.env.VSCODE_TEST_TIMEOUT_MS || 300_000);
  const verbose = process.env.VSCODE_TEST_VERBOSE === '1';

  // runTests dying, even by SIGKILL, reparents this process: exit then ('exit' cleans up).
  const parentPid = process.ppid;
  setInterval(() => process.ppid !== parentPid && process.exit(1), 500).unref();

  const t0 = Date.now();
  const server = await startCodeServer({ extensionDevelopmentPath: devPaths, verbose });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    let finish: (code: number) => void = () => undefined;
    const done = new Promise<number>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const line = format(...args);
      if (verbose || !NOISE.test(line)) console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    page.on('console', (msg) => {
      if (msg.text().includes('[Extension Host]')) console.log(extensionHostLine(msg.text()));
      else if (verbose) console.log('[browser]', msg.type(), msg.text());
    });
    page.on('pageerror', (e) => console.error('[vscode-tests] page error:', e.message));
    await page.goto(server.workbenchUrl({ workspace: positionals[0] && path.resolve(positionals[0]), extensionTestsPath: testsPath }));

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const result = await Promise.race([done, timeout, server.exited.then((c) => `server-exit:${c}`)]);
    clearTimeout(timer);
    if (typeof result === 'string') {
      console.error(`[vscode-tests] ${result === 'timeout' ? `timed out after ${timeoutMs} ms` : `code-server stopped (${result})`}; last server output:\n${server.log().slice(-4000)}`);
      return result === 'timeout' ? 124 : 1;
    }
    console.error(`[vscode-tests] tests done in ${Date.now() - t0} ms, exit code ${result}`);
    return Number(result) || 0;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error('[vscode-tests]', e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
