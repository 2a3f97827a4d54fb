#!/usr/bin/env node
// Runs VS Code extension integration tests (mocha inside the real VS Code
// extension host) against the local VS Code server (codeServer.js), loading the
// workbench in headless Chromium. Modeled on microsoft/vscode's
// test/integration/browser: the test run's exit code comes back through the page
// function codeAutomationExit, its output through codeAutomationLog and the
// browser console ("[Extension Host] ..." lines).
//
// Accepts the arguments @vscode/test-electron's runTests passes to a VS Code
// executable (see code-shim): --extensionDevelopmentPath=DIR (repeatable),
// --extensionTestsPath=FILE, a positional workspace folder; "--flag value" works
// too, every other flag (--no-sandbox, --user-data-dir=..., ...) is ignored. The
// environment (runTests' extensionTestsEnv included) is passed on to the server
// and so to the extension host.
//
// env: VSCODE_TEST_TIMEOUT_MS  whole-run timeout (default 300000)
//      VSCODE_TEST_VERBOSE=1   also print server output and all browser/workbench logs
'use strict';

const path = require('node:path');
const util = require('node:util');
const { startCodeServer, launchChromium } = require('./codeServer');

// workbench chatter that reaches codeAutomationLog alongside the extension host's output
const NOISE =
  /^(\[(AgentHost[^\]]*|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time|RemoteAgentHostProtocol)\]|Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin extensions cache|getaddrinfo ENOTFOUND|Failed to fetch|Canceled: Canceled|Timed out waiting for authentication provider)/;

function parseArgs(argv) {
  const opts = { extensionDevelopmentPath: [], extensionTestsPath: undefined, workspace: undefined };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(argv[i]);
    if (!m) {
      opts.workspace ??= path.resolve(argv[i]);
      continue;
    }
    const [, key, inline] = m;
    if (key !== 'extensionDevelopmentPath' && key !== 'extensionTestsPath' && key !== 'workspace') continue;
    const value = path.resolve(inline ?? argv[++i]);
    if (key === 'extensionDevelopmentPath') opts.extensionDevelopmentPath.push(value);
    else opts[key] = value;
  }
  return opts;
}

/** "%c[Extension Host] %cmessage color: ...; (at file:line)" -> "message" */
function extensionHostLine(text) {
  return text
    .replace(/%c/g, '')
    .replace(/^\s*\[Extension Host\]\s*/, '')
    .replace(/\s*color:[^;]*;?\s*(font-weight:[^;]*;?)?/g, '')
    .replace(/\s+\(at .*\)\s*$/, '');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.extensionTestsPath) {
    console.error('run-vscode-tests: missing --extensionTestsPath');
    return 2;
  }
  const devPaths = opts.extensionDevelopmentPath.length ? opts.extensionDevelopmentPath : [process.cwd()];
  const timeoutMs = Number(process.env.VSCODE_TEST_TIMEOUT_MS || 300000);
  const verbose = process.env.VSCODE_TEST_VERBOSE === '1';

  const t0 = Date.now();
  let server;
  let browser;
  let closing;
  const cleanup = () => {
    closing ??= (async () => {
      if (browser) await browser.close().catch(() => {});
      if (server) await server.stop();
    })();
    return closing;
  };
  // SIGINT/SIGTERM/SIGHUP: codeServer.js kills the server and playwright the browser.
  // The parent (runTests) dying, even by SIGKILL, reparents this process: stop then too.
  const parentPid = process.ppid;
  setInterval(() => {
    if (process.ppid === parentPid) return;
    console.error('[vscode-tests] parent process exited: stopping');
    void cleanup().finally(() => process.exit(1));
  }, 500).unref();

  try {
    server = await startCodeServer({ extensionDevelopmentPath: devPaths, verbose });
    const tReady = Date.now();
    browser = await launchChromium();
    const page = await browser.newPage();

    let finish;
    const done = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const line = util.format(...args);
      if (verbose || !NOISE.test(line)) console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.includes('[Extension Host]')) console.log(extensionHostLine(text));
      else if (verbose) console.log('[browser]', msg.type(), text);
    });
    page.on('pageerror', (e) => console.error('[vscode-tests] page error:', e.message));

    await page.goto(server.workbenchUrl({ workspace: opts.workspace, extensionTestsPath: opts.extensionTestsPath }));

    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const serverGone = server.exited.then((c) => `server-exit:${c}`);
    const result = await Promise.race([done, timeout, serverGone]);
    clearTimeout(timer);
    const tDone = Date.now();

    if (result === 'timeout') {
      console.error(`[vscode-tests] timed out after ${timeoutMs} ms; last server output:\n${server.log().slice(-4000)}`);
      return 124;
    }
    if (typeof result === 'string') {
      console.error(`[vscode-tests] code-server stopped unexpectedly (${result}):\n${server.log().slice(-4000)}`);
      return 1;
    }
    console.error(`[vscode-tests] server ready in ${tReady - t0} ms, tests done in ${tDone - t0} ms, exit code ${result}`);
    return Number(result) || 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('[vscode-tests]', e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
