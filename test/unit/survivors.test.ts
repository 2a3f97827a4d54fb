// Tests that pin what mutation testing showed was not pinned yet: the download
// URL rule, file names and extensions, download failures by kind, thumbnails,
// throttling, the TLS table, and the session model's bounds and events.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import {
  checkAttachmentUrl, ConnectClient, ConnectHttpError, ConnectNetworkError, DownloadError, downloadAttachment, fetchImageDataUri,
  fileNameFromDisposition, isThrottled, retryDelay, withRetry,
} from '../../src/connect';
import { ConnectTlsError, describeTlsFailure } from '../../src/connect/tls';
import { Keychain } from '../../src/session/keychain';
import { SessionEvent, SessionManager, SessionStateError } from '../../src/session/sessionManager';
import { ManualClock } from './support/manualClock';
import { SecretStore } from '../../src/session/sessionTypes';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

suite('download URLs, names and failures', () => {
  let folder: string;
  setup(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-attachment-'))));
  teardown(() => fs.rmSync(folder, { recursive: true, force: true }));

  test('only https, or plain http to this machine: no other scheme, even on loopback', () => {
    for (const ok of ['https://x.example/a.jpg', 'http://127.0.0.1:9/a.jpg', 'http://localhost/a.jpg', 'http://[::1]/a.jpg']) assert.doesNotThrow(() => checkAttachmentUrl(ok), ok);
    for (const bad of ['ftp://127.0.0.1/a.jpg', 'file:///etc/passwd', 'http://10.0.0.1/a.jpg', 'ws://localhost/a']) assert.throws(() => checkAttachmentUrl(bad), DownloadError, bad);
  });

  test('file names: the UTF-8 form wins over the plain one, spaces and dots at the ends go', () => {
    assert.strictEqual(fileNameFromDisposition("attachment; filename*= UTF-8''%20caf%C3%A9.jpg%20"), 'café.jpg');
    assert.strictEqual(fileNameFromDisposition("attachment; filename*=UTF-8''%E0%A4%A; filename=plain.jpg"), 'plain.jpg', 'a broken UTF-8 form falls back to the plain one');
    assert.strictEqual(fileNameFromDisposition('attachment; filename=" ..hidden.jpg.. "'), 'hidden.jpg');
    assert.strictEqual(fileNameFromDisposition('attachment; FILENAME = upper.jpg ; size=3'), 'upper.jpg');
    assert.strictEqual(fileNameFromDisposition(''), undefined);
  });

  for (const [type, ext] of [['image/jpeg', '.jpg'], ['image/jpg', '.jpg'], ['image/png', '.png'], ['image/tiff', '.tif'], ['image/gif', '.gif'], ['image/webp', '.webp'], ['application/postscript', '.eps'], ['application/pdf', '.pdf'], ['application/octet-stream', '.jpg']]) {
    test(`without a file name, ${type} is saved as <ImageId>-<SizeKey>${ext}`, async () => {
      const server = await serve((_req, res) => res.writeHead(200, { 'Content-Type': `${type}; charset=binary` }).end('x'));
      try {
        const saved = await downloadAttachment(`${server.url}/a`, { folder, fallbackName: '1-Large', timeoutMs: 5000 });
        assert.strictEqual(path.basename(saved.file), `1-Large${ext}`);
      } finally {
        await server.close();
      }
    });
  }

  test('a server that never answers: "did not answer in time", no file', async () => {
    const server = await serve(() => undefined);
    try {
      const err = await downloadAttachment(`${server.url}/a`, { folder, fallbackName: 'x', timeoutMs: 150 }).catch((e: unknown) => e);
      assert.ok(err instanceof DownloadError);
      assert.strictEqual(err.message, 'The download server did not answer in time. Try again.');
      assert.strictEqual(err.cancelled, false);
      assert.deepStrictEqual(fs.readdirSync(folder), []);
    } finally {
      await server.close();
    }
  });

  test('nobody listening: "could not start", with the reason', async () => {
    const server = await serve(() => undefined);
    const url = server.url;
    await server.close();
    const err = await downloadAttachment(`${url}/a`, { folder, fallbackName: 'x', timeoutMs: 2000 }).catch((e: unknown) => e);
    assert.ok(err instanceof DownloadError);
    assert.match(err.message, /^The download could not start \(ECONNREFUSED\)\. Check your network and proxy settings\.$/);
  });

  test('a body shorter than its Content-Length, closed cleanly: cut off, named with both numbers', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': 10 });
      res.write('12345');
      res.socket?.end();
      void req;
    });
    try {
      const err = await downloadAttachment(`${server.url}/a`, { folder, fallbackName: 'x', timeoutMs: 2000 }).catch((e: unknown) => e);
      assert.ok(err instanceof DownloadError);
      assert.match(err.message, /^The download was cut off after \d of 10 bytes/);
      assert.deepStrictEqual(fs.readdirSync(folder), []);
    } finally {
      await server.close();
    }
  });

  test('thumbnails: a picture type with parameters is fine; text or SVG is no picture', async () => {
    let type = 'image/png; charset=binary';
    const server = await serve((_req, res) => res.writeHead(200, { 'Content-Type': type }).end('png'));
    try {
      assert.strictEqual(await fetchImageDataUri(`${server.url}/t`, { timeoutMs: 2000 }), `data:image/png;base64,${Buffer.from('png').toString('base64')}`);
      for (type of ['text/html', 'image/svg+xml', 'xx image/jpeg', '']) {
        const err = await fetchImageDataUri(`${server.url}/t`, { timeoutMs: 2000 }).catch((e: unknown) => e);
        assert.ok(err instanceof DownloadError, type);
        assert.match(err.message, /not a picture/);
      }
    } finally {
      await server.close();
    }
  });
});

suite('throttling rules', () => {
  const httpError = (status: number, retryAfterMs?: number) => new ConnectHttpError('GetImageDetails', status, '', 'c', retryAfterMs);

  test('isThrottled: HTTP 429 and 503 only', () => {
    assert.deepStrictEqual([429, 503, 500, 502, 408, 404].map((s) => isThrottled(httpError(s))), [true, true, false, false, false, false]);
    assert.strictEqual(isThrottled(new ConnectNetworkError('GetImageDetails', 'ECONNRESET', 'c')), false);
    assert.strictEqual(isThrottled(new Error('429')), false);
  });

  test('broken connections that are retried, and those that are not', () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ERR_BAD_RESPONSE']) assert.notStrictEqual(retryDelay(new ConnectNetworkError('GetImageDetails', code, 'c'), 1), undefined, code);
    for (const code of ['ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH']) assert.strictEqual(retryDelay(new ConnectNetworkError('GetImageDetails', code, 'c'), 1), undefined, code);
  });

  test('a Retry-After of 30 s is waited for; longer is reported', () => {
    assert.strictEqual(retryDelay(httpError(429, 30_000), 1, () => 0), 30_000);
    assert.strictEqual(retryDelay(httpError(429, 30_001), 1, () => 0), undefined);
  });

  test('an already cancelled wait rejects at once, and the request is not made again', async () => {
    const abort = new AbortController();
    let calls = 0;
    const pending = withRetry(async () => {
      calls++;
      abort.abort(new Error('gone'));
      throw httpError(503, 0);
    }, { signal: abort.signal });
    await assert.rejects(pending, /503/);
    assert.strictEqual(calls, 1);
  });
});

suite('TLS table', () => {
  test('every named failure has its own reason; other TLS-looking codes a generic one; others none', () => {
    const cases: [string, RegExp][] = [
      ['CERT_REJECTED', /is not trusted$/], ['INVALID_CA', /its issuer is not a valid certificate authority/], ['CERT_REVOKED', /has been revoked/],
      ['HOSTNAME_MISMATCH', /for another host name/], ['CERT_UNTRUSTED', /is not trusted$/], ['CERT_SIGNATURE_FAILURE', /signature is invalid/],
      ['UNABLE_TO_GET_ISSUER_CERT', /unknown certificate authority/], ['PATH_LENGTH_EXCEEDED', /secure connection failed \(PATH_LENGTH_EXCEEDED\)/],
      ['EPROTO', /secure connection failed \(EPROTO\)/], ['INVALID_PURPOSE', /secure connection failed/], ['ERROR_IN_CERT_NOT_BEFORE_FIELD', /secure connection failed/],
    ];
    for (const [code, reason] of cases) assert.match(describeTlsFailure(code)?.reason ?? '', reason, code);
    assert.match(describeTlsFailure('PATH_LENGTH_EXCEEDED')?.advice ?? '', /proxy settings and "gettyConnect\.endpoint"/);
    for (const code of ['ECONNRESET', 'XCERT_HAS_EXPIRED', 'INVALID_CA_X', 'EPROTOX', '']) assert.strictEqual(describeTlsFailure(code), undefined, code);
  });

  test('ConnectTlsError for a code not in the table still names the endpoint', () => {
    const err = new ConnectTlsError('CreateSession', 'SOMETHING', 'h:1', 'c');
    assert.strictEqual(err.message, 'CreateSession failed: could not connect securely to h:1: the secure connection failed (SOMETHING).');
  });
});


const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

suite('session model: bounds and events', () => {
  const USER = { ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword };
  let server: FakeConnectServer;
  let map: Map<string, string>;
  let clock: ManualClock;
  let endpoint: string;
  let events: SessionEvent[];
  const secrets = (): SecretStore => ({ get: async (k) => map.get(k), store: async (k, v) => void map.set(k, v), delete: async (k) => void map.delete(k) });
  const make = (extra: { jitter?: number } = {}): SessionManager => {
    const m = new SessionManager({
      keychain: new Keychain(secrets()),
      client: () => new ConnectClient({ baseUrl: server.url, timeoutMs: 2000 }),
      renewBeforeMinutes: () => 5,
      endpoint: () => endpoint,
      clock,
      renewJitterMs: extra.jitter === undefined ? undefined : () => extra.jitter as number,
    });
    m.onEvent((e) => events.push(e));
    return m;
  };

  suiteSetup(async () => { server = await FakeConnectServer.start(); });
  suiteTeardown(() => server.stop());
  setup(() => {
    server.reset();
    map = new Map();
    clock = new ManualClock();
    endpoint = server.url;
    events = [];
  });

  test('jitter moves the renewal earlier, by at most half the time until it is due', async () => {
    const m = make({ jitter: 10_000 });
    await m.signIn(USER);
    assert.deepStrictEqual(clock.pending.sort((a, b) => a - b), [25 * 60_000 - 10_000]);
    const n = make({ jitter: 60 * 60_000 });
    await n.signIn(USER);
    assert.ok(clock.pending.includes(12.5 * 60_000), JSON.stringify(clock.pending));
  });

  test('automatic renewals that keep failing are retried three times, then the session runs to its expiry', async () => {
    const m = make();
    await m.signIn(USER);
    server.injectFault({ kind: 'http500' }, { operation: 'RenewSession' });
    for (let i = 0; i < 4; i++) {
      clock.fire();
      await settle();
    }
    assert.strictEqual(server.requestsFor('RenewSession').length, 4);
    assert.strictEqual(events.filter((e) => e.type === 'autoRenewFailed').length, 4);
    assert.deepStrictEqual(clock.pending.length, 1);
    assert.ok(clock.pending[0] > 60_000, 'only the expiry is left');
    server.clearFaults();
    await m.renew(); // a success starts the count anew
    assert.deepStrictEqual(clock.pending, [25 * 60_000]);
  });

  test('an endpoint change says from where to where; renewing it is refused without a request', async () => {
    const m = make();
    await m.signIn(USER);
    const before = endpoint;
    endpoint = 'https://connect.example.com/v1';
    await assert.rejects(m.renew(), (e: unknown) => e instanceof SessionStateError && /belonged to another endpoint/.test(e.message));
    assert.deepStrictEqual(events.find((e) => e.type === 'endpointChanged'), { type: 'endpointChanged', from: before, to: endpoint });
    assert.strictEqual(server.requestsFor('RenewSession').length, 0);
  });

  test('ready waits for a restore under way, and no longer than its bound', async () => {
    const m = make();
    assert.strictEqual(await Promise.race([m.ready().then(() => 'ready'), new Promise((r) => setTimeout(() => r('waiting'), 50))]), 'ready');
    const slow = new Keychain({ get: () => new Promise<string | undefined>(() => undefined), store: async () => undefined, delete: async () => undefined });
    const n = new SessionManager({ keychain: slow, client: () => new ConnectClient({ baseUrl: server.url, timeoutMs: 2000 }), renewBeforeMinutes: () => 5, clock });
    void n.restore();
    let done = false;
    const waiting = n.ready(3000).then(() => (done = true));
    await settle();
    assert.strictEqual(done, false, 'still restoring');
    clock.fire(); // the bound
    await waiting;
    assert.strictEqual(done, true);
  });

  test('recheck of a valid session tells listeners and keeps it; a listener removed hears nothing more', async () => {
    const m = make();
    await m.signIn(USER);
    let heard = 0;
    const subscription = m.onDidChange(() => heard++);
    await m.recheck();
    assert.strictEqual(heard, 1);
    assert.strictEqual(m.state, 'active');
    subscription.dispose();
    const events2: SessionEvent[] = [];
    const sub2 = m.onEvent((e) => events2.push(e));
    sub2.dispose();
    endpoint = 'https://other.example/v1';
    await m.endpointChanged();
    assert.strictEqual(heard, 1);
    assert.deepStrictEqual(events2, []);
  });

  test('signing out when signed out still tells listeners (the UI redraws)', async () => {
    const m = make();
    let heard = 0;
    m.onDidChange(() => heard++);
    await m.signOut();
    assert.strictEqual(heard, 1);
  });
});
