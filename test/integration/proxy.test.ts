import * as assert from 'assert';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { extensionApi, fakeServer, resetState, Ui, USER_ARGS } from './support';

/**
 * A forward HTTP proxy on loopback that records the absolute URLs it is asked
 * for and delivers them to 127.0.0.1 (where the fake server listens).
 */
async function startProxy(): Promise<{ url: string; seen: string[]; stop(): Promise<void> }> {
  const seen: string[] = [];
  const proxy = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const target = new URL(req.url ?? '');
    const upstream = http.request(
      { host: '127.0.0.1', port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    seen,
    stop: () => new Promise<void>((r) => { proxy.closeAllConnections(); proxy.close(() => r()); }),
  };
}

suite('Proxy (in the extension host)', () => {
  let api: TestApi;
  let server: FakeConnectServer;
  let ui: Ui;

  suiteSetup(async () => {
    api = await extensionApi();
    server = await fakeServer();
  });
  setup(async () => {
    await resetState(api);
    ui = new Ui().install();
  });
  teardown(() => ui.restore());

  // VS Code's resolver sends localhost and 127.0.0.1 direct, so the endpoint
  // names another loopback address, which the client accepts over plain http.
  test("requests go through VS Code's http.proxy setting", async () => {
    const proxy = await startProxy();
    const endpoint = server.url.replace('127.0.0.1', '127.0.0.9');
    await vscode.workspace.getConfiguration('gettyConnect').update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
    const http_ = vscode.workspace.getConfiguration('http');
    await http_.update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    // The extension host's proxy resolver learns of the change asynchronously.
    await new Promise((r) => setTimeout(r, 500));
    try {
      const summary = await vscode.commands.executeCommand<{ kind: string } | undefined>('gettyConnect.signIn', USER_ARGS);
      assert.strictEqual(summary?.kind, 'user', JSON.stringify(ui.shown));
      assert.deepStrictEqual(proxy.seen, [`${endpoint}/session/CreateSession`]);
      assert.strictEqual(server.requestsFor('CreateSession').length, 1);
    } finally {
      await vscode.workspace.getConfiguration('gettyConnect').update('endpoint', server.url, vscode.ConfigurationTarget.Global);
      await http_.update('proxy', undefined, vscode.ConfigurationTarget.Global);
      await proxy.stop();
    }
  });
});
