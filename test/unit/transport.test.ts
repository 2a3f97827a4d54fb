// The transport on its own against the fake Connect server: what goes on the
// wire, and what becomes of every kind of answer that is not a Connect envelope.
import * as assert from 'assert';
import { ConnectCancelledError, ConnectNetworkError, ConnectProtocolError, ConnectTimeoutError } from '../../src/connect';
import * as http from 'http';
import { AddressInfo } from 'net';
import { Transport } from '../../src/connect/transport';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

const PATH = '/session/CreateApplicationSession';

suite('Transport against the fake Connect server', () => {
  let server: FakeConnectServer;
  let transport: Transport;

  suiteSetup(async () => {
    server = await FakeConnectServer.start();
  });
  suiteTeardown(async () => {
    await server.stop();
  });
  setup(() => {
    server.reset();
    transport = new Transport({ baseUrl: server.url, timeoutMs: 2000 });
  });

  function post(payload: unknown = { RequestHeader: { Token: null, CoordinationId: 'c-1' } }, signal?: AbortSignal) {
    return transport.post('CreateApplicationSession', PATH, payload, 'c-1', signal);
  }

  async function failure(payload?: unknown, signal?: AbortSignal): Promise<unknown> {
    return post(payload, signal).then(
      (raw) => assert.fail(`expected a failure, got ${JSON.stringify(raw)}`),
      (e: unknown) => e,
    );
  }

  test('posts the payload as UTF-8 JSON and asks for JSON', async () => {
    const payload = { RequestHeader: { Token: null, CoordinationId: 'c-1' }, CreateApplicationSessionRequestBody: { SystemId: 'Jürgen’s system' } };
    await post(payload);
    const [request] = server.requests;
    assert.strictEqual(request.headers['content-type'], 'application/json; charset=utf-8');
    assert.strictEqual(request.headers.accept, 'application/json');
    assert.deepStrictEqual(request.body, { SystemId: 'Jürgen’s system' });
    assert.strictEqual(request.coordinationId, 'c-1');
  });

  test('returns the HTTP status, its text and the parsed body', async () => {
    server.injectFault({ kind: 'raw', httpStatus: 202, headers: { 'Content-Type': 'application/json' }, body: '{"a": [1, "two"]}' });
    assert.deepStrictEqual(await post(), { httpStatus: 202, statusText: 'Accepted', body: { a: [1, 'two'] } });
  });

  test('an empty or blank body is reported as empty, not as broken JSON', async () => {
    server.injectFault({ kind: 'raw', httpStatus: 200, body: '' }, { times: 1 });
    server.injectFault({ kind: 'raw', httpStatus: 200, body: ' \r\n\t' }, { times: 1 });
    for (let i = 0; i < 2; i++) {
      assert.deepStrictEqual(await post(), { httpStatus: 200, statusText: 'OK', body: undefined, parseError: 'the body is empty' });
    }
  });

  test('a body that is not JSON names the parser error and the content type', async () => {
    server.injectFault({ kind: 'raw', httpStatus: 502, headers: { 'Content-Type': 'text/html' }, body: '<html>Bad gateway</html>' }, { times: 1 });
    const html = await post();
    assert.strictEqual(html.httpStatus, 502);
    assert.strictEqual(html.statusText, 'Bad Gateway');
    assert.strictEqual(html.body, undefined);
    assert.match(html.parseError ?? '', /^the body is not valid JSON \(.+; content type text\/html\)$/);

    server.injectFault({ kind: 'raw', httpStatus: 200, body: 'OK' }, { times: 1 });
    assert.match((await post()).parseError ?? '', /; content type no content type\)$/);
  });

  test('a body over 20 MB is refused as not being a Connect answer', async () => {
    server.injectFault({ kind: 'raw', httpStatus: 200, headers: { 'Content-Type': 'application/json' }, body: `"${'x'.repeat(21 * 1024 * 1024)}"` });
    const err = await failure();
    assert.ok(err instanceof ConnectProtocolError, String(err));
    assert.strictEqual(err.message, "CreateApplicationSession failed: the server's response is malformed: the body is larger than 20 MB.");
    assert.strictEqual(err.coordinationId, 'c-1');
  });

  test('a redirect is not followed: the client never re-sends a token elsewhere', async () => {
    server.injectFault({ kind: 'raw', httpStatus: 307, headers: { Location: 'http://127.0.0.1:9/elsewhere' }, body: '' });
    const raw = await post();
    assert.strictEqual(raw.httpStatus, 307);
    assert.strictEqual(server.requests.length, 1);
  });

  test('no answer within the time limit is a timeout naming the limit in seconds', async () => {
    server.injectFault({ kind: 'delay', ms: 1500 });
    transport = new Transport({ baseUrl: server.url, timeoutMs: 250 });
    const err = await failure();
    assert.ok(err instanceof ConnectTimeoutError, String(err));
    assert.strictEqual(err.timeoutMs, 250);
    assert.match(err.message, /^CreateApplicationSession timed out after /);
  });

  test('an abort is a cancellation, also when the signal was aborted before sending', async () => {
    const aborted = new AbortController();
    aborted.abort();
    const err = await failure(undefined, aborted.signal);
    assert.ok(err instanceof ConnectCancelledError, String(err));
    assert.strictEqual(err.message, 'CreateApplicationSession was cancelled.');
    assert.strictEqual(server.requests.length, 0);
  });

  test('a refused connection is a network error with its code', async () => {
    const gone = await FakeConnectServer.start();
    const url = gone.url;
    await gone.stop();
    transport = new Transport({ baseUrl: url, timeoutMs: 2000 });
    const err = await failure();
    assert.ok(err instanceof ConnectNetworkError, String(err));
    assert.strictEqual(err.code, 'ECONNREFUSED');
  });

  test('a request that cannot even be serialised fails as a typed error, not a raw TypeError', async () => {
    const err = await failure({ big: BigInt(1) });
    assert.ok(err instanceof ConnectNetworkError, String(err));
    assert.strictEqual(err.code, 'unknown');
    assert.match(err.message, /a network error occurred \(unknown\)/);
    assert.strictEqual(server.requests.length, 0);
  });
});

suite('transport: a response cut off mid-body', () => {
  test('is a transient network error "the response was cut off", not "HTTP 200 OK"', async () => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
        res.write('{"ResponseHeader":');
        setTimeout(() => res.socket?.destroy(), 20);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const t = new Transport({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, timeoutMs: 2000 });
      const err = await t.post('CreateSession', '/session/CreateSession', {}, 'c').then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof ConnectNetworkError, String(err));
      assert.match(err.message, /the response was cut off/);
      assert.strictEqual(err.transient, true);
    } finally {
      server.close();
    }
  });
});
