import * as assert from 'assert';
import {
  ConnectApiError,
  ConnectCancelledError,
  ConnectClient,
  ConnectHttpError,
  ConnectNetworkError,
  ConnectProtocolError,
  ConnectTimeoutError,
  forgetSecrets,
  redact,
  RequestEvent,
} from '../../src/connect';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const USER = { ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword };

suite('ConnectClient against the fake Connect server', () => {
  let server: FakeConnectServer;
  let events: RequestEvent[];
  let client: ConnectClient;

  suiteSetup(async () => {
    server = await FakeConnectServer.start();
  });
  suiteTeardown(async () => {
    await server.stop();
  });
  setup(() => {
    server.reset();
    events = [];
    client = new ConnectClient({ baseUrl: server.url, timeoutMs: 2000, onRequest: (e) => events.push(e) });
  });

  async function signIn() {
    return (await client.createSession(USER)).result;
  }

  suite('CreateSession', () => {
    test('returns camelCase tokens, the duration and the account', async () => {
      const res = await client.createSession(USER);
      assert.strictEqual(res.status, 'Success');
      assert.match(res.result.token, /^tok_/);
      assert.match(res.result.secureToken ?? '', /^sec_/);
      assert.strictEqual(res.result.tokenDurationMinutes, 30);
      assert.strictEqual(res.result.accountId, DEMO_USER.accountId);
    });

    test('sends the documented envelope with a null Token and a fresh UUID CoordinationId', async () => {
      await client.createSession(USER);
      await client.createSession(USER);
      const [first, second] = server.requestsFor('CreateSession');
      assert.strictEqual(first.token, null);
      assert.match(first.coordinationId ?? '', UUID);
      assert.notStrictEqual(first.coordinationId, second.coordinationId);
      assert.deepStrictEqual(first.body, {
        SystemId: DEMO_SYSTEM.systemId,
        SystemPassword: DEMO_SYSTEM.systemPassword,
        UserName: DEMO_USER.userName,
        UserPassword: DEMO_USER.userPassword,
      });
    });

    test('wrong system credentials give a typed error that says which credentials to fix', async () => {
      const err = await client.createSession({ ...USER, systemPassword: 'wrong-system-pass' }).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectApiError);
      assert.strictEqual(err.reason, 'systemCredentials');
      assert.deepStrictEqual(err.codes, ['InvalidSystemIdOrPassword']);
      assert.match(err.message, /System ID or System password is wrong/);
      assert.match(err.message, /InvalidSystemIdOrPassword: Invalid system id or password/);
      assert.strictEqual(err.coordinationId, server.requests[0].coordinationId);
      assert.doesNotMatch(err.message, /wrong-system-pass/);
    });

    test('wrong user credentials are told apart from wrong system credentials', async () => {
      const err = await client.createSession({ ...USER, userPassword: 'not-my-password' }).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectApiError);
      assert.strictEqual(err.reason, 'userCredentials');
      assert.match(err.message, /user name or user password is wrong/);
      assert.strictEqual(err.transient, false);
    });

    test('a user session answered without a SecureToken is refused as malformed, naming the field', async () => {
      server.injectFault({
        kind: 'raw',
        httpStatus: 200,
        headers: { 'Content-Type': 'application/json' },
        body: (cid) => JSON.stringify({ ResponseHeader: { Status: 'Success', StatusList: [], CoordinationId: cid }, CreateSessionResult: { Token: 'tok_x', TokenDurationMinutes: 30 } }),
      });
      const err = await client.createSession(USER).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectProtocolError, String(err));
      assert.strictEqual(err.message, "CreateSession failed: the server's response is malformed: CreateSessionResult.SecureToken is missing.");
      assert.strictEqual(err.coordinationId, server.requests[0].coordinationId);
      assert.deepStrictEqual(events.map((e) => [e.outcome, e.codes]), [['malformed response', []]]);
    });
  });

  suite('CreateApplicationSession', () => {
    test('returns a Token without SecureToken', async () => {
      const res = await client.createApplicationSession(DEMO_SYSTEM);
      assert.match(res.result.token, /^tok_/);
      assert.strictEqual(res.result.secureToken, undefined);
      assert.deepStrictEqual(server.requests[0].body, { SystemId: DEMO_SYSTEM.systemId, SystemPassword: DEMO_SYSTEM.systemPassword });
    });
  });

  suite('RenewSession', () => {
    test('sends the SecureToken in RequestHeader.Token and invalidates the old tokens', async () => {
      const old = await signIn();
      const renewed = (await client.renewSession(old.secureToken!, DEMO_SYSTEM)).result;
      const request = server.requestsFor('RenewSession')[0];
      assert.strictEqual(request.token, old.secureToken);
      assert.deepStrictEqual(request.body, { SystemId: DEMO_SYSTEM.systemId, SystemPassword: DEMO_SYSTEM.systemPassword });
      assert.notStrictEqual(renewed.token, old.token);
      assert.notStrictEqual(renewed.secureToken, old.secureToken);
      assert.strictEqual(server.isTokenValid(old.token), false);
      assert.strictEqual(server.isTokenValid(old.secureToken!), false);
      assert.strictEqual(server.isTokenValid(renewed.secureToken!), true);
    });

    test('renews an application session with its Token', async () => {
      const app = (await client.createApplicationSession(DEMO_SYSTEM)).result;
      const renewed = (await client.renewSession(app.token, DEMO_SYSTEM)).result;
      assert.notStrictEqual(renewed.token, app.token);
      assert.strictEqual(server.isTokenValid(app.token), false);
    });

    test('an expired token cannot be renewed: the error says to sign in again', async () => {
      const old = await signIn();
      server.advanceClock(31);
      const err = await client.renewSession(old.secureToken!, DEMO_SYSTEM).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectApiError);
      assert.strictEqual(err.reason, 'tokenExpired');
      assert.match(err.message, /Sign in again/);
      assert.match(err.message, /FailedToRenewToken/);
    });
  });

  suite('GetImageDownloadAuthorizations', () => {
    test('maps every per-image status and several authorizations per image', async () => {
      const { secureToken } = await signIn();
      const res = await client.getImageDownloadAuthorizations(secureToken!, [
        { imageId: '83454800', sizeKey: 'Large' },
        { imageId: '200275431-001', sizeKey: 'Medium' },
        { imageId: '83454800', sizeKey: 'Gigantic' },
        { imageId: '99999999', sizeKey: 'Large' },
        { imageId: '12345678', sizeKey: 'Large' },
      ]);
      assert.deepStrictEqual(
        res.result.map((i) => [i.imageId, i.sizeKey, i.status, i.authorizations.length]),
        [
          ['83454800', 'Large', 'Available', 2],
          ['200275431-001', 'Medium', 'Available', 3],
          ['83454800', 'Gigantic', 'InvalidSizeKey', 0],
          ['99999999', 'Large', 'ImageNotFound', 0],
          ['12345678', 'Large', 'NoAuthorizations', 0],
        ],
      );
      const [rfs, pack] = res.result[0].authorizations;
      assert.deepStrictEqual(
        { ...rfs, downloadToken: typeof rfs.downloadToken },
        { productOfferingType: 'RoyaltyFreeSubscription', productOfferingInstanceId: 'RFS-2001', downloadIsFree: true, downloadToken: 'string', downloadsRemaining: 250 },
      );
      assert.strictEqual(pack.downloadIsFree, false);
      const easy = res.result[1].authorizations.find((a) => a.productOfferingType === 'EasyAccess');
      assert.ok(easy);
      assert.strictEqual(easy.productOfferingInstanceId, undefined, 'a null instance id is absent');
      assert.strictEqual(easy.downloadsRemaining, undefined);
    });

    test('the download tokens it hands out are masked in every later log line and message', async () => {
      forgetSecrets();
      const { secureToken } = await signIn();
      const res = await client.getImageDownloadAuthorizations(secureToken!, [
        { imageId: '83454800', sizeKey: 'Large' },
        { imageId: 'sb10069478a-001', sizeKey: 'Small' },
      ]);
      const tokens = res.result.flatMap((i) => i.authorizations.map((a) => a.downloadToken));
      assert.strictEqual(tokens.length, 3);
      for (const token of tokens) {
        assert.strictEqual(redact(`copied ${token} to the clipboard`), 'copied «redacted» to the clipboard');
      }
    });

    test('a partial result comes back as a Warning with its notices, when the service sends one', async () => {
      server.quirks.warnOnPartial = true;
      const { secureToken } = await signIn();
      const res = await client.getImageDownloadAuthorizations(secureToken!, [
        { imageId: '83454800', sizeKey: 'Large' },
        { imageId: '99999999', sizeKey: 'Large' },
      ]);
      assert.strictEqual(res.status, 'Warning');
      assert.deepStrictEqual(res.notices.map((n) => n.code), ['ImageNotFound']);
      assert.strictEqual(res.result.length, 2);
    });

    test('sends the SecureToken and the ImageSizes as documented', async () => {
      const { secureToken } = await signIn();
      await client.getImageDownloadAuthorizations(secureToken!, [{ imageId: 'sb10069478a-001', sizeKey: 'Small' }]);
      const request = server.requestsFor('GetImageDownloadAuthorizations')[0];
      assert.strictEqual(request.token, secureToken);
      assert.deepStrictEqual(request.body, { ImageSizes: [{ ImageId: 'sb10069478a-001', SizeKey: 'Small' }] });
    });

    test('an application session is refused with advice to sign in as a user', async () => {
      const app = (await client.createApplicationSession(DEMO_SYSTEM)).result;
      const err = await client.getImageDownloadAuthorizations(app.token, [{ imageId: '83454800', sizeKey: 'Large' }]).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectApiError);
      assert.strictEqual(err.reason, 'secureTokenRequired');
      assert.match(err.message, /needs a user session/);
    });

    test('the standard Token of a user session is refused: the operation needs the secure token', async () => {
      const { token } = await signIn();
      const err = await client.getImageDownloadAuthorizations(token, [{ imageId: '83454800', sizeKey: 'Large' }]).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectApiError);
      assert.deepStrictEqual(err.codes, ['AUTH-023']);
    });

    test('a token the service refuses with a documented code is reported by that code', async () => {
      const { secureToken } = await signIn();
      server.expireAllTokens();
      const err = await client.getImageDownloadAuthorizations(secureToken!, [{ imageId: '83454800', sizeKey: 'Large' }]).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectApiError);
      assert.strictEqual(err.reason, 'invalidRequest');
      assert.match(err.message, /rejected the request as invalid.*InvalidRequest: The token is malformed, invalid or expired/);
    });

    test('a code no document names is shown raw, with its message, the operation and the CoordinationId', async () => {
      const { secureToken } = await signIn();
      server.quirks.tokenRefusal = { code: 'Zq-7731', message: 'Sesión caducada' };
      server.expireAllTokens();
      const err = await client.getImageDownloadAuthorizations(secureToken!, [{ imageId: '83454800', sizeKey: 'Large' }]).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectApiError);
      assert.strictEqual(err.reason, 'unknown');
      assert.strictEqual(err.message, `GetImageDownloadAuthorizations failed. (Zq-7731: Sesión caducada; CoordinationId ${err.coordinationId})`);
      assert.strictEqual(err.coordinationId, server.requests.at(-1)?.coordinationId);
    });
  });

  suite('documented contradictions', () => {
    test('TokenDurationMinutes as a numeric string', async () => {
      server.quirks.durationAsString = true;
      assert.strictEqual((await signIn()).tokenDurationMinutes, 30);
    });

    test('lowercase "success" and a missing AccountId', async () => {
      server.quirks.lowercaseStatus = true;
      server.quirks.omitAccountId = true;
      const res = await client.createSession(USER);
      assert.strictEqual(res.status, 'Success');
      assert.strictEqual(res.result.accountId, undefined);
    });

    test('InstanceId instead of ProductOfferingInstanceId', async () => {
      server.quirks.instanceIdField = 'InstanceId';
      const { secureToken } = await signIn();
      const res = await client.getImageDownloadAuthorizations(secureToken!, [{ imageId: '83454800', sizeKey: 'Large' }]);
      assert.strictEqual(res.result[0].authorizations[0].productOfferingInstanceId, 'RFS-2001');
    });
  });

  suite('faults', () => {
    test('an echoed CoordinationId that differs is an error', async () => {
      server.injectFault({ kind: 'wrongCoordinationId' });
      const err = await client.createSession(USER).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectProtocolError);
      assert.match(err.message, /echoes CoordinationId not-/);
    });

    test('HTTP 500 with an HTML body is a transient HTTP error', async () => {
      server.injectFault({ kind: 'http500' });
      const err = await client.createSession(USER).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectHttpError);
      assert.strictEqual(err.httpStatus, 500);
      assert.strictEqual(err.transient, true);
      assert.match(err.message, /HTTP 500/);
    });

    test('malformed JSON is a clear protocol error', async () => {
      server.injectFault({ kind: 'malformedJson' });
      const err = await client.createSession(USER).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectProtocolError);
      assert.match(err.message, /not valid JSON/);
    });

    test('a reset connection is a transient network error', async () => {
      server.injectFault({ kind: 'reset' });
      const err = await client.createSession(USER).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectNetworkError, String(err));
      assert.strictEqual(err.transient, true);
      assert.match(err.message, /reset|cut off|network/);
    });

    test('a slow server times out with the configured limit', async () => {
      server.injectFault({ kind: 'delay', ms: 1500 });
      const quick = new ConnectClient({ baseUrl: server.url, timeoutMs: 300 });
      const err = await quick.createSession(USER).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectTimeoutError, String(err));
      assert.match(err.message, /timed out/);
    });

    test('a delay shorter than the timeout still succeeds', async () => {
      server.injectFault({ kind: 'delay', ms: 100 }, { times: 1 });
      assert.match((await signIn()).token, /^tok_/);
    });

    test('an unknown error code still shows its Message', async () => {
      server.injectFault({ kind: 'status', status: 'Error', code: 'XYZ-999', message: 'Something unheard of' });
      const err = await client.createSession(USER).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectApiError);
      assert.strictEqual(err.reason, 'unknown');
      assert.match(err.message, /XYZ-999: Something unheard of/);
    });

    test('a Warning response still carries the full result', async () => {
      server.injectFault({ kind: 'status', status: 'Warning', code: 'DefaultLanguageUsed', message: 'The default language was used.' });
      const res = await client.createSession(USER);
      assert.strictEqual(res.status, 'Warning');
      assert.deepStrictEqual(res.notices, [{ type: 'Warning', code: 'DefaultLanguageUsed', message: 'The default language was used.' }]);
      assert.match(res.result.token, /^tok_/);
    });

    test('a connection refused is a network error, not an unhandled rejection', async () => {
      const other = await FakeConnectServer.start();
      const url = other.url;
      await other.stop();
      const err = await new ConnectClient({ baseUrl: url, timeoutMs: 1000 }).createSession(USER).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectNetworkError);
      assert.match(err.message, /refused/);
    });

    test('an aborted request is reported as cancelled', async () => {
      server.injectFault({ kind: 'delay', ms: 1000 });
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 50);
      const err = await client.createSession(USER, abort.signal).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectCancelledError, String(err));
    });

    test('a 404 address is named as a wrong endpoint', async () => {
      const wrong = new ConnectClient({ baseUrl: server.url.replace('/v1', '/v9'), timeoutMs: 1000 });
      const err = await wrong.createSession(USER).catch((e: unknown) => e);
      assert.ok(err instanceof ConnectHttpError);
      assert.match(err.message, /gettyConnect.endpoint/);
    });
  });

  suite('request events', () => {
    test('each transport outcome is named in its event, with no codes', async () => {
      server.injectFault({ kind: 'http500' }, { times: 1 });
      await client.createSession(USER).catch(() => undefined);
      server.injectFault({ kind: 'malformedJson' }, { times: 1 });
      await client.createSession(USER).catch(() => undefined);
      server.injectFault({ kind: 'delay', ms: 1000 }, { times: 1 });
      await new ConnectClient({ baseUrl: server.url, timeoutMs: 100, onRequest: (e) => events.push(e) }).createSession(USER).catch(() => undefined);
      server.injectFault({ kind: 'delay', ms: 1000 }, { times: 1 });
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 50);
      await client.createSession(USER, abort.signal).catch(() => undefined);
      const other = await FakeConnectServer.start();
      const gone = other.url;
      await other.stop();
      await new ConnectClient({ baseUrl: gone, timeoutMs: 1000, onRequest: (e) => events.push(e) }).createSession(USER).catch(() => undefined);
      assert.deepStrictEqual(events.map((e) => [e.outcome, e.codes]), [
        ['HTTP 500', []],
        ['malformed response', []],
        ['timeout', []],
        ['cancelled', []],
        ['network error ECONNREFUSED', []],
      ]);
    });

    test('a Warning event carries the warning codes and how long the request took', async () => {
      server.injectFault({ kind: 'status', status: 'Warning', code: 'W-1', message: 'Heads up' }, { times: 1 });
      const started = Date.now();
      await client.createSession(USER);
      const took = Date.now() - started;
      assert.deepStrictEqual(events.map((e) => [e.operation, e.outcome, e.codes]), [['CreateSession', 'Warning', ['W-1']]]);
      assert.ok(events[0].durationMs >= 0 && events[0].durationMs <= took, `durationMs ${events[0].durationMs}, took ${took}`);
    });

    test('one event per request with operation, CoordinationId, outcome and codes, and no secret', async () => {
      const { secureToken } = await signIn();
      await client.createSession({ ...USER, userPassword: 'bad-password' }).catch(() => undefined);
      await client.getImageDownloadAuthorizations(secureToken!, [{ imageId: '83454800', sizeKey: 'Large' }]);
      assert.deepStrictEqual(events.map((e) => [e.operation, e.outcome, e.codes]), [
        ['CreateSession', 'Success', []],
        ['CreateSession', 'Error', ['InvalidUsernameOrPassword']],
        ['GetImageDownloadAuthorizations', 'Success', []],
      ]);
      assert.deepStrictEqual(events.map((e) => e.coordinationId), server.requests.map((r) => r.coordinationId));
      const text = JSON.stringify(events);
      for (const secret of [secureToken!, DEMO_USER.userPassword, DEMO_SYSTEM.systemPassword, 'bad-password']) {
        assert.ok(!text.includes(secret), 'event leaks a secret');
      }
    });
  });
});
