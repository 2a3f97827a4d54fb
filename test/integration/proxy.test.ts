import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as http from 'http';
import { AddressInfo, connect, Socket } from 'net';
import * as vscode from 'vscode';
import type { ImageAuthorization } from '../../src/connect';
import type { TestApi } from '../../src/extension';
import { makeServerCert, PROXIED_HOST } from '../fake-server/certificates';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { extensionApi, fakeServer, httpsFakeServer, resetState, Ui, USER_ARGS } from './support';

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

/**
 * An HTTPS forward proxy on loopback, as companies run them: it answers
 * `CONNECT host:port` by tunnelling the bytes to that port on 127.0.0.1 (where
 * the fake listens), records each CONNECT target, and sees only ciphertext.
 * Anything but CONNECT gets 405.
 */
async function startConnectProxy(): Promise<{ url: string; connects: string[]; stop(): Promise<void> }> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const proxy = http.createServer((_req, res) => res.writeHead(405, { 'Content-Type': 'text/plain' }).end('This proxy only tunnels (CONNECT).'));
  proxy.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    track(client);
    const port = Number(new URL(`http://${req.url ?? ''}`).port);
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    connects,
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        proxy.closeAllConnections();
        proxy.close(() => r());
      }),
  };
}

/** Runs `body` with VS Code's http.proxy and the endpoint set, and puts both back. */
async function throughProxy(proxyUrl: string, endpoint: string, restoreEndpoint: string, body: () => Promise<void>): Promise<void> {
  await vscode.workspace.getConfiguration('gettyConnect').update('endpoint', endpoint, vscode.ConfigurationTarget.Global);
  const http_ = vscode.workspace.getConfiguration('http');
  await http_.update('proxy', proxyUrl, vscode.ConfigurationTarget.Global);
  // The extension host's proxy resolver learns of the change asynchronously.
  await new Promise((r) => setTimeout(r, 500));
  try {
    await body();
  } finally {
    await vscode.workspace.getConfiguration('gettyConnect').update('endpoint', restoreEndpoint, vscode.ConfigurationTarget.Global);
    await http_.update('proxy', undefined, vscode.ConfigurationTarget.Global);
  }
}

suite('Proxy (in the extension host)', () => {
  let api: TestApi;
  let server: FakeConnectServer;
  let httpsServer: FakeConnectServer;
  let ui: Ui;

  suiteSetup(async () => {
    api = await extensionApi();
    httpsServer = await httpsFakeServer();
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
    const endpoint = server.url.replace('127.0.0.1', PROXIED_HOST);
    try {
      await throughProxy(proxy.url, endpoint, server.url, async () => {
        const summary = await vscode.commands.executeCommand<{ kind: string } | undefined>('gettyConnect.signIn', USER_ARGS);
        assert.strictEqual(summary?.kind, 'user', JSON.stringify(ui.shown));
        assert.deepStrictEqual(proxy.seen, [`${endpoint}/session/CreateSession`]);
        assert.strictEqual(server.requestsFor('CreateSession').length, 1);
      });
    } finally {
      await proxy.stop();
    }
  });

  // The production path: HTTPS through a CONNECT proxy. The fake listens on
  // 127.0.0.1 only, so a request that bypassed the proxy to PROXIED_HOST would be refused.
  test("HTTPS goes through VS Code's http.proxy as a CONNECT tunnel: sign-in, check, renewal, details and a download", async () => {
    const proxy = await startConnectProxy();
    const endpoint = httpsServer.url.replace('127.0.0.1', PROXIED_HOST);
    const target = `${PROXIED_HOST}:${httpsServer.port}`;
    try {
      await throughProxy(proxy.url, endpoint, server.url, async () => {
        const summary = await vscode.commands.executeCommand<{ kind: string } | undefined>('gettyConnect.signIn', USER_ARGS);
        assert.strictEqual(summary?.kind, 'user', JSON.stringify(ui.shown));
        assert.deepStrictEqual(proxy.connects, [target], 'the sign-in opened one tunnel to the endpoint');
        const results = await vscode.commands.executeCommand<ImageAuthorization[]>('gettyConnect.checkDownloadAuthorization', { imageIds: ['83454800'], sizeKey: 'Large' });
        assert.deepStrictEqual(results?.map((r) => [r.imageId, r.status]), [['83454800', 'Available']], JSON.stringify(ui.shown));
        assert.ok(proxy.connects.length >= 1 && proxy.connects.every((c) => c === target), `CONNECT targets: ${JSON.stringify(proxy.connects)}`);
        assert.deepStrictEqual(httpsServer.requests.map((r) => r.operation).filter((o) => o !== 'GetImageDetails'), ['CreateSession', 'GetImageDownloadAuthorizations']);
        assert.deepStrictEqual(ui.shown.filter((s) => s.kind === 'error'), []);

        // Renewal, image details and a download (CreateDownloadRequest, then the file itself) take the tunnel too.
        httpsServer.advertisedOrigin = new URL(endpoint).origin;
        const renewed = await vscode.commands.executeCommand<{ minutesRemaining: number } | undefined>('gettyConnect.renewSession');
        assert.strictEqual(renewed?.minutesRemaining, 30, JSON.stringify(ui.shown));
        const [largest] = await vscode.commands.executeCommand<ImageAuthorization[]>('gettyConnect.checkDownloadAuthorization', { imageIds: ['83454800'] });
        assert.strictEqual(largest.title, 'Hot-air balloons over a valley at sunrise', 'the details came through the tunnel');
        const free = largest.authorizations.find((a) => a.downloadIsFree);
        assert.ok(free);
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-proxy-download-'));
        try {
          const download = await vscode.commands.executeCommand<{ status: string; file?: string }>('gettyConnect.downloadImage', { imageId: largest.imageId, ...free }, { folder: vscode.Uri.file(folder) });
          assert.strictEqual(download.status, 'Success', JSON.stringify(ui.shown));
          assert.ok(fs.existsSync(download.file ?? ''), 'the file arrived');
        } finally {
          fs.rmSync(folder, { recursive: true, force: true });
        }
        assert.strictEqual(httpsServer.requestsFor('RenewSession').length, 1);
        assert.ok(httpsServer.requestsFor('GetImageDetails').length >= 1);
        assert.strictEqual(httpsServer.requestsFor('CreateDownloadRequest').length, 1);
        assert.strictEqual(httpsServer.attachmentRequests.length, 1, 'the file came from the fake, through the tunnel: it listens on 127.0.0.1 only');
        assert.ok(proxy.connects.every((c) => c === target), `CONNECT targets: ${JSON.stringify(proxy.connects)}`);
      });
    } finally {
      await proxy.stop();
    }
  });

  test('through the CONNECT proxy, a certificate the host does not trust is refused just the same', async () => {
    const proxy = await startConnectProxy();
    // Self-signed, valid for PROXIED_HOST: only the trust is missing.
    const untrusted = await FakeConnectServer.start({ tls: await makeServerCert() });
    const target = `${PROXIED_HOST}:${untrusted.port}`;
    try {
      await throughProxy(proxy.url, untrusted.url.replace('127.0.0.1', PROXIED_HOST), server.url, async () => {
        assert.strictEqual(await vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS), undefined);
        assert.match(ui.only('error').message, new RegExp(`^Sign-in failed: CreateSession failed: could not connect securely to ${target.replace(/\./g, '\\.')}: the server's certificate is not trusted \\(self-signed certificate\\)\\. The request was not sent\\.`));
        assert.deepStrictEqual(proxy.connects, [target], 'the request went to the proxy, and only there');
        assert.deepStrictEqual(untrusted.requests, [], 'no request reached the server through the tunnel');
        assert.strictEqual(api.sessions.state, 'signedOut');
      });
    } finally {
      await proxy.stop();
      await untrusted.stop();
    }
  });
});
