// What the mutation run found unpinned around the token's path outside the session
// model: the store's clear-only-mine rule, the wording of failures a person reads
// (throttling, a revoked certificate, an unknown code), which codes count as TLS
// failures, and the Retry-After a throttled request is told to wait.
import * as assert from 'assert';
import { ConnectApiError, ConnectClient, ConnectHttpError, describeTlsFailure } from '../../src/connect';
import { parseRetryAfter } from '../../src/connect/transport';
import { Keychain } from '../../src/session/keychain';
import { SecretStore } from '../../src/session/sessionTypes';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

suite('token path: edges', () => {
  test('clearing a session when the store holds none writes nothing, so no other window hears a change', async () => {
    const writes: string[] = [];
    const store: SecretStore = { get: async () => undefined, store: async (k) => void writes.push(`store ${k}`), delete: async (k) => void writes.push(`delete ${k}`) };
    await new Keychain(store).clearIf('tok_mine');
    assert.deepStrictEqual(writes, []);
  });

  test('a code no document names is flagged unknown; a documented one is not', () => {
    assert.strictEqual(new ConnectApiError('RenewSession', [{ type: 'Error', code: 'TokenGoneAway', message: 'x' }], 'c').unknownCode, true);
    assert.strictEqual(new ConnectApiError('RenewSession', [{ type: 'Error', code: 'FailedToRenewToken', message: 'x' }], 'c').unknownCode, false);
  });

  test('HTTP 429 tells the person the service is limiting requests, not to check the endpoint', () => {
    const err = new ConnectHttpError('GetImageDetails', 429, 'Too Many Requests', 'c');
    assert.match(err.message, /limiting requests; wait a little and try again/);
    assert.doesNotMatch(err.message, /gettyConnect\.endpoint/);
  });

  test('a revoked certificate says the request was not sent and to check the endpoint', () => {
    assert.deepStrictEqual(describeTlsFailure('CERT_REVOKED'), {
      reason: "the server's certificate has been revoked",
      advice: 'The request was not sent. Check "gettyConnect.endpoint".',
    });
  });

  test('codes that only begin like a TLS code are not TLS failures', () => {
    for (const code of ['PATH_LENGTH_EXCEEDED_BY_PROXY', 'HOSTNAME_MISMATCHED_ROUTE', 'EPROTONOSUPPORT']) {
      assert.strictEqual(describeTlsFailure(code), undefined, code);
    }
    assert.ok(describeTlsFailure('PATH_LENGTH_EXCEEDED'));
    assert.ok(describeTlsFailure('HOSTNAME_MISMATCH'));
  });

  test('Retry-After: whole seconds, with spaces around them; anything else with digits is not a delay', () => {
    assert.strictEqual(parseRetryAfter('120'), 120_000);
    assert.strictEqual(parseRetryAfter(' 30 '), 30_000);
    assert.strictEqual(parseRetryAfter('30x'), undefined);
    assert.strictEqual(parseRetryAfter('x30'), undefined);
  });

  test('a throttled request carries the Retry-After the server sent', async () => {
    const server = await FakeConnectServer.start();
    try {
      server.injectFault({ kind: 'httpStatus', status: 503, retryAfterSeconds: 7 }, { operation: 'CreateApplicationSession', times: 1 });
      const client = new ConnectClient({ baseUrl: server.url, timeoutMs: 2000 });
      const err = await client.createApplicationSession({ systemId: 'x', systemPassword: 'y' }).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectHttpError, String(err));
      assert.strictEqual(err.httpStatus, 503);
      assert.strictEqual(err.retryAfterMs, 7000);
    } finally {
      await server.stop();
    }
  });
});
