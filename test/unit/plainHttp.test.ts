// Plain http:// to a host that is not this machine is refused before a single byte
// is sent: a listener on this machine's non-loopback address, which the same URLs do
// reach (checked first), records that no connection was ever made.
import * as assert from 'assert';
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import * as os from 'os';
import * as fs from 'fs';
import * as path from 'path';
import { ConnectClient, DownloadError, downloadAttachment, EndpointError, fetchImageDataUri } from '../../src/connect';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

/** An IPv4 address of this machine that is not loopback (e.g. the address `hostname -I` prints first). */
function nonLoopbackAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces())) {
    const found = list?.find((a) => a.family === 'IPv4' && !a.internal && !a.address.startsWith('127.'));
    if (found) return found.address;
  }
  return undefined;
}

suite('plain http to another host: refused before a byte is sent', () => {
  const address = nonLoopbackAddress();
  let listener: http.Server;
  let connections: { remote: string | undefined; bytes: number }[];
  let base: string;
  let fake: FakeConnectServer;
  let folder: string;

  suiteSetup(async function () {
    assert.ok(address, 'this machine has a non-loopback IPv4 address (hostname -I)');
    connections = [];
    listener = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end('jpeg'));
    listener.on('connection', (s: Socket) => {
      const c = { remote: s.remoteAddress, bytes: 0 };
      connections.push(c);
      s.on('data', (d: Buffer) => (c.bytes += d.length));
    });
    await new Promise<void>((resolve) => listener.listen(0, address, resolve));
    base = `http://${address}:${(listener.address() as AddressInfo).port}`;
    fake = await FakeConnectServer.start();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-plain-http-'));
  });
  suiteTeardown(async () => {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
    await fake.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  setup(() => {
    connections.length = 0;
    fake.reset();
  });

  test('the listener is reachable at that address: a plain request gets through (so a refusal below means something)', async () => {
    await new Promise<void>((resolve, reject) => http.get(`${base}/reachable`, (res) => res.resume().on('end', resolve)).on('error', reject));
    assert.strictEqual(connections.length, 1);
    assert.ok(connections[0].bytes > 0);
  });

  test('an http:// endpoint on that address: the client is refused with a clear message; no connection is made', async () => {
    let err: unknown;
    try {
      new ConnectClient({ baseUrl: `${base}/v1`, timeoutMs: 1000 });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof EndpointError, String(err));
    assert.match(err.message, new RegExp(`plain http:// for ${address!.replace(/\./g, '\\.')}.*use https://`));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(connections, []);
  });

  test('a UrlAttachment on that address (as CreateDownloadRequest hands it out) is not fetched; no partial file, no connection', async () => {
    fake.advertisedOrigin = base;
    const client = new ConnectClient({ baseUrl: fake.url, timeoutMs: 2000 });
    const session = await client.createSession({ ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword });
    const secure = session.result.secureToken ?? '';
    const auth = await client.getImageDownloadAuthorizations(secure, [{ imageId: '83454800', sizeKey: 'Large' }]);
    const urls = await client.createDownloadRequest(secure, [auth.result[0].authorizations[0].downloadToken]);
    const url = urls.result[0].urlAttachment ?? '';
    assert.ok(url.startsWith(`${base}/attachments/`), url);
    const err = await downloadAttachment(url, { folder, fallbackName: 'x', timeoutMs: 1000 }).then(
      () => assert.fail('downloaded over plain http'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof DownloadError);
    assert.match(err.message, /uses http:\/\/ to .*only https:\/\/ is accepted, so the file was not fetched/);
    await assert.rejects(fetchImageDataUri(`${base}/images/83454800/thumb.jpg`, { timeoutMs: 1000 }), DownloadError);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(connections, []);
    assert.deepStrictEqual(fs.readdirSync(folder), []);
  });

  test('loopback names that are not loopback (localhost.<domain>, 127.0.0.1.<domain>, an IPv4-mapped address) are refused too', () => {
    for (const host of ['localhost.example.com', '127.0.0.1.nip.io', '[::ffff:7f00:1]', '0.0.0.0']) {
      assert.throws(() => new ConnectClient({ baseUrl: `http://${host}:9/v1`, timeoutMs: 1000 }), EndpointError, host);
    }
  });
});
