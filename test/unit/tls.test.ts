import * as assert from 'assert';
import * as https from 'https';
import * as tls from 'tls';
import { ConnectClient, ConnectError, ConnectNetworkError, ConnectTlsError, describeTlsFailure, RequestEvent } from '../../src/connect';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { makeCa, makeServerCert, Pem, ServerCertOptions } from '../fake-server/certificates';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

const USER = { ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword };
const DAY_MS = 86_400_000;
const INSPECTED =
  'The request was not sent. If your network inspects HTTPS (a company proxy or security software), its root certificate must be trusted by this computer; otherwise check "gettyConnect.endpoint".';

suite('TLS failures: codes to messages', () => {
  test('each certificate failure Node reports has its own reason', () => {
    const reasons: Record<string, string> = {
      DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is not trusted (self-signed certificate)",
      SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate is not trusted (self-signed certificate in the chain)",
      UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate is not trusted (issued by an unknown certificate authority)",
      UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the server's certificate is not trusted (issued by an unknown certificate authority)",
      UNABLE_TO_GET_ISSUER_CERT: "the server's certificate is not trusted (issued by an unknown certificate authority)",
      CERT_UNTRUSTED: "the server's certificate is not trusted",
      CERT_SIGNATURE_FAILURE: "the server's certificate is not trusted (its signature is invalid)",
      CERT_HAS_EXPIRED: "the server's certificate has expired",
      CERT_NOT_YET_VALID: "the server's certificate is not valid yet",
      CERT_REVOKED: "the server's certificate has been revoked",
      ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate is for another host name",
      ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer in TLS (is it plain http on that port?)',
    };
    for (const [code, reason] of Object.entries(reasons)) {
      assert.strictEqual(describeTlsFailure(code)?.reason, reason, code);
    }
    assert.match(describeTlsFailure('CERT_HAS_EXPIRED')?.advice ?? '', /date and time of this computer/);
    assert.match(describeTlsFailure('ERR_TLS_CERT_ALTNAME_INVALID')?.advice ?? '', /host name in "gettyConnect.endpoint"/);
    assert.strictEqual(describeTlsFailure('DEPTH_ZERO_SELF_SIGNED_CERT')?.advice, INSPECTED);
  });

  test("OpenSSL's 'wrong version number' (https:// to a plain http port) is told as such, whatever the code", () => {
    const message = 'write EPROTO 80AC2ABB927F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number';
    assert.strictEqual(describeTlsFailure('EPROTO', message)?.reason, 'the server did not answer in TLS (is it plain http on that port?)');
  });

  test('other TLS codes get a generic reason with the code; network codes are not TLS failures', () => {
    assert.strictEqual(describeTlsFailure('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE')?.reason, 'the secure connection failed (ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE)');
    assert.strictEqual(describeTlsFailure('EPROTO', 'unexpected eof')?.reason, 'the secure connection failed (EPROTO)');
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'ERR_BAD_RESPONSE', 'unknown', '']) {
      assert.strictEqual(describeTlsFailure(code), undefined, code);
    }
  });

  test('ConnectTlsError names the operation, the endpoint host, the reason and the advice, on one line', () => {
    const err = new ConnectTlsError('CreateSession', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'connect.example.com', 'c-1');
    assert.ok(err instanceof ConnectError);
    assert.strictEqual(
      err.message,
      `CreateSession failed: could not connect securely to connect.example.com: the server's certificate is not trusted (self-signed certificate). ${INSPECTED}`,
    );
    assert.strictEqual(err.transient, false, 'trying again does not help');
    assert.strictEqual(err.coordinationId, 'c-1');
    assert.doesNotMatch(err.message, /\n/);
  });
});

// Real handshakes in plain Node: the client against HTTPS fakes with one kind of
// bad certificate each. The suite trusts a CA of its own by adding it to the
// https global agent's `ca` (the client, like Node, verifies every certificate);
// that trust is removed when the suite ends.
suite('TLS failures: real handshakes against the fake', () => {
  let ca: Pem;
  let servers: FakeConnectServer[];
  let savedCa: unknown;

  suiteSetup(async () => {
    ca = await makeCa('unit test CA');
    savedCa = https.globalAgent.options.ca;
    https.globalAgent.options.ca = [...tls.rootCertificates, ca.cert];
  });
  suiteTeardown(() => {
    https.globalAgent.options.ca = savedCa as https.AgentOptions['ca'];
    https.globalAgent.destroy();
  });
  setup(() => {
    servers = [];
  });
  teardown(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  async function httpsFake(options: ServerCertOptions | Pem): Promise<FakeConnectServer> {
    const cert = 'cert' in options ? options : await makeServerCert(options);
    const server = await FakeConnectServer.start({ tls: cert });
    servers.push(server);
    return server;
  }

  /** Signs in against `server`; the error, the request events and what the server logged. */
  async function signInAgainst(server: FakeConnectServer): Promise<{ err: unknown; events: RequestEvent[] }> {
    const events: RequestEvent[] = [];
    const client = new ConnectClient({ baseUrl: server.url, timeoutMs: 5000, onRequest: (e) => events.push(e) });
    const err = await client.createSession(USER).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { err, events };
  }

  function assertTlsFailure(err: unknown, server: FakeConnectServer, code: string, reason: string): void {
    assert.ok(err instanceof ConnectTlsError, `a ConnectTlsError, got ${String(err)}`);
    assert.strictEqual(err.code, code);
    assert.strictEqual(err.host, `127.0.0.1:${server.port}`);
    assert.ok(err.message.startsWith(`CreateSession failed: could not connect securely to 127.0.0.1:${server.port}: ${reason}. `), err.message);
    assert.deepStrictEqual(server.requests, [], 'no request reached the server');
    assert.ok(!err.message.includes(DEMO_USER.userPassword) && !err.message.includes(DEMO_SYSTEM.systemPassword));
  }

  test('a certificate from the trusted CA works: sign-in over HTTPS succeeds', async () => {
    const server = await httpsFake({ ca });
    const { err, events } = await signInAgainst(server);
    assert.strictEqual(err, undefined);
    assert.strictEqual(server.requestsFor('CreateSession').length, 1);
    assert.deepStrictEqual(events.map((e) => e.outcome), ['Success']);
  });

  test('self-signed: not trusted, nothing sent, and the request event says TLS error', async () => {
    const server = await httpsFake({});
    const { err, events } = await signInAgainst(server);
    assertTlsFailure(err, server, 'DEPTH_ZERO_SELF_SIGNED_CERT', "the server's certificate is not trusted (self-signed certificate)");
    assert.ok((err as Error).message.endsWith(INSPECTED));
    assert.deepStrictEqual(events.map((e) => e.outcome), ['TLS error DEPTH_ZERO_SELF_SIGNED_CERT']);
  });

  test('expired', async () => {
    const server = await httpsFake({ ca, notBefore: new Date(Date.now() - 10 * DAY_MS), notAfter: new Date(Date.now() - DAY_MS) });
    const { err } = await signInAgainst(server);
    assertTlsFailure(err, server, 'CERT_HAS_EXPIRED', "the server's certificate has expired");
  });

  test('not valid yet', async () => {
    const server = await httpsFake({ ca, notBefore: new Date(Date.now() + DAY_MS), notAfter: new Date(Date.now() + 10 * DAY_MS) });
    const { err } = await signInAgainst(server);
    assertTlsFailure(err, server, 'CERT_NOT_YET_VALID', "the server's certificate is not valid yet");
  });

  test('for another host name', async () => {
    const server = await httpsFake({ ca, hosts: ['connect.example.com'] });
    const { err } = await signInAgainst(server);
    assertTlsFailure(err, server, 'ERR_TLS_CERT_ALTNAME_INVALID', "the server's certificate is for another host name");
    assert.match((err as Error).message, /Check the host name in "gettyConnect.endpoint"/);
  });

  test('issued by an unknown CA', async () => {
    const server = await httpsFake({ ca: await makeCa('unknown CA') });
    const { err } = await signInAgainst(server);
    assertTlsFailure(err, server, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', "the server's certificate is not trusted (issued by an unknown certificate authority)");
  });

  test('a chain that ends in an untrusted root, as an HTTPS-inspecting proxy sends', async () => {
    const root = await makeCa('inspecting proxy root');
    const leaf = await makeServerCert({ ca: root });
    const server = await httpsFake({ key: leaf.key, cert: `${leaf.cert}\n${root.cert}` });
    const { err } = await signInAgainst(server);
    assertTlsFailure(err, server, 'SELF_SIGNED_CERT_IN_CHAIN', "the server's certificate is not trusted (self-signed certificate in the chain)");
  });

  test('https:// to a plain http port: "did not answer in TLS", not a bare EPROTO', async () => {
    const plain = await FakeConnectServer.start();
    servers.push(plain);
    const client = new ConnectClient({ baseUrl: plain.url.replace('http:', 'https:'), timeoutMs: 5000 });
    const err = await client.createSession(USER).catch((e: unknown) => e);
    assert.ok(err instanceof ConnectTlsError, String(err));
    assert.match(err.message, new RegExp(`could not connect securely to 127\\.0\\.0\\.1:${plain.port}: the server did not answer in TLS \\(is it plain http on that port\\?\\)\\. Check the scheme and port`));
    assert.deepStrictEqual(plain.requests, []);
  });

  test('a refused connection is still a network error, not a TLS one', async () => {
    const closed = await httpsFake({ ca });
    const url = closed.url;
    await closed.stop();
    servers.pop();
    const err = await new ConnectClient({ baseUrl: url, timeoutMs: 5000 }).createSession(USER).catch((e: unknown) => e);
    assert.ok(err instanceof ConnectNetworkError && !(err instanceof ConnectTlsError), String(err));
    assert.match(err.message, /the connection was refused/);
  });
});
