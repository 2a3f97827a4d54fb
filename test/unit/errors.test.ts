// The messages a person reads when a Connect request fails, and which
// failures are worth retrying or end the session.
import * as assert from 'assert';
import {
  ConnectApiError,
  ConnectCancelledError,
  ConnectHttpError,
  ConnectNetworkError,
  ConnectProtocolError,
  ConnectTimeoutError,
  EndpointError,
  forgetSecrets,
  isAuthFailure,
  StatusEntry,
} from '../../src/connect';
import { classifyStatus } from '../../src/connect/statusCodes';

function entries(...pairs: [code: string, message: string][]): StatusEntry[] {
  return pairs.map(([code, message]) => ({ type: 'Error', code, message }));
}

/** The advice the status table gives for a code (the table's wording is tested on its own). */
const advice = (code: string): string => classifyStatus(code).advice;

suite('Connect errors', () => {
  setup(() => forgetSecrets());

  suite('the service said Error', () => {
    test('no status entry: says so, and is neither transient nor an auth failure', () => {
      const err = new ConnectApiError('RenewSession', [], 'c-1');
      assert.strictEqual(err.message, 'RenewSession failed: the service reported an error without details (CoordinationId c-1).');
      assert.strictEqual(err.reason, 'unknown');
      assert.strictEqual(err.transient, false);
      assert.deepStrictEqual(err.codes, []);
      assert.strictEqual(isAuthFailure(err), false);
    });

    test('advice first, then every code with its message; blanks are named', () => {
      const err = new ConnectApiError('CreateSession', entries(['InvalidUsernameOrPassword', 'Invalid username or password.'], ['XYZ-1', ''], ['', 'Odd']), 'c-1');
      assert.strictEqual(
        err.message,
        `CreateSession failed. ${advice('InvalidUsernameOrPassword')} (InvalidUsernameOrPassword: Invalid username or password.; XYZ-1: no message; no code: Odd; CoordinationId c-1)`,
      );
      assert.deepStrictEqual(err.codes, ['InvalidUsernameOrPassword', 'XYZ-1', '']);
      assert.strictEqual(err.coordinationId, 'c-1');
      assert.strictEqual(err.operation, 'CreateSession');
      assert.strictEqual(err.name, 'ConnectApiError');
    });

    test('several pieces of advice are joined by a space, and the same advice is given once', () => {
      const err = new ConnectApiError('GetImageDownloadAuthorizations', entries(['SystemError', 'a'], ['InternalError', 'b'], ['DependentServiceDown', 'c']), 'c-1');
      assert.strictEqual(
        err.message,
        `GetImageDownloadAuthorizations failed. ${advice('SystemError')} ${advice('DependentServiceDown')} (SystemError: a; InternalError: b; DependentServiceDown: c)`,
      );
    });

    test('an unknown code alone shows the code, its message and the CoordinationId', () => {
      const err = new ConnectApiError('CreateSession', entries(['XYZ-999', 'Something unheard of']), 'c-1');
      assert.strictEqual(err.message, 'CreateSession failed. (XYZ-999: Something unheard of; CoordinationId c-1)');
    });

    test('the first entry decides the reason; only an unavailable service is worth retrying', () => {
      const down = new ConnectApiError('CreateSession', entries(['DependentServiceDown', 'x'], ['InvalidRequest', 'y']), 'c');
      assert.strictEqual(down.reason, 'serviceUnavailable');
      assert.strictEqual(down.transient, true);
      const invalid = new ConnectApiError('CreateSession', entries(['InvalidRequest', 'y'], ['DependentServiceDown', 'x']), 'c');
      assert.strictEqual(invalid.reason, 'invalidRequest');
      assert.strictEqual(invalid.transient, false);
    });
  });

  suite('auth failures (they end the session)', () => {
    test('wrong system or user credentials and an unrenewable token are auth failures', () => {
      for (const code of ['InvalidSystemIdOrPassword', 'InvalidUsernameOrPassword', 'FailedToRenewToken']) {
        assert.strictEqual(isAuthFailure(new ConnectApiError('RenewSession', entries([code, 'm']), 'c')), true, code);
      }
    });

    test('other refusals, transport failures and plain errors are not', () => {
      for (const code of ['AUTH-002', 'AUTH-021', 'AUTH-023', 'NoAgreement', 'InvalidRequest', 'SystemError', 'XYZ-999']) {
        assert.strictEqual(isAuthFailure(new ConnectApiError('RenewSession', entries([code, 'm']), 'c')), false, code);
      }
      assert.strictEqual(isAuthFailure(new ConnectHttpError('RenewSession', 401, 'Unauthorized', 'c')), false);
      assert.strictEqual(isAuthFailure(new ConnectTimeoutError('RenewSession', 1000, 'c')), false);
      assert.strictEqual(isAuthFailure(new Error('FailedToRenewToken')), false);
      assert.strictEqual(isAuthFailure(undefined), false);
    });
  });

  suite('HTTP errors without an envelope', () => {
    test('5xx: the service is in trouble, try again later (transient)', () => {
      for (const status of [500, 503]) {
        const err = new ConnectHttpError('CreateSession', status, 'Internal Server Error', 'c-1');
        assert.strictEqual(err.message, `CreateSession failed: the server answered HTTP ${status} Internal Server Error. The service is having trouble; try again later.`);
        assert.strictEqual(err.transient, true);
        assert.strictEqual(err.httpStatus, status);
      }
    });

    test('no status text: nothing dangling after the number', () => {
      assert.strictEqual(
        new ConnectHttpError('RenewSession', 502, '', 'c').message,
        'RenewSession failed: the server answered HTTP 502. The service is having trouble; try again later.',
      );
    });

    test('404: the endpoint does not serve the Connect API (not transient)', () => {
      const err = new ConnectHttpError('CreateSession', 404, 'Not Found', 'c');
      assert.strictEqual(err.message, 'CreateSession failed: the server answered HTTP 404 Not Found. Check "gettyConnect.endpoint": the address does not serve the Connect API.');
      assert.strictEqual(err.transient, false);
    });

    test('other 4xx: check the endpoint and the network; only 408 and 429 are transient', () => {
      const forbidden = new ConnectHttpError('CreateSession', 403, 'Forbidden', 'c');
      assert.strictEqual(forbidden.message, 'CreateSession failed: the server answered HTTP 403 Forbidden. Check "gettyConnect.endpoint" and your network.');
      assert.strictEqual(forbidden.transient, false);
      assert.strictEqual(new ConnectHttpError('CreateSession', 499, '', 'c').transient, false);
      assert.strictEqual(new ConnectHttpError('CreateSession', 400, '', 'c').transient, false);
      assert.strictEqual(new ConnectHttpError('CreateSession', 408, 'Request Timeout', 'c').transient, true);
      assert.strictEqual(new ConnectHttpError('CreateSession', 429, 'Too Many Requests', 'c').transient, true);
    });
  });

  suite('transport failures', () => {
    test('a timeout names the limit in seconds and the setting to raise (transient)', () => {
      const err = new ConnectTimeoutError('GetImageDownloadAuthorizations', 30_000, 'c-1');
      assert.strictEqual(
        err.message,
        'GetImageDownloadAuthorizations timed out after 30 s. The service may be slow or unreachable; try again, or raise "gettyConnect.requestTimeoutSeconds".',
      );
      assert.strictEqual(err.transient, true);
      assert.strictEqual(err.timeoutMs, 30_000);
      assert.strictEqual(err.coordinationId, 'c-1');
    });

    test('network errors say what happened in words (transient)', () => {
      const said: Record<string, string> = {
        ECONNREFUSED: 'the connection was refused',
        ECONNRESET: 'the connection was reset',
        ENOTFOUND: 'the host name could not be resolved',
        EAI_AGAIN: 'the host name could not be resolved',
        ETIMEDOUT: 'the connection timed out',
        EHOSTUNREACH: 'the host is unreachable',
        ENETUNREACH: 'the network is unreachable',
        ERR_BAD_RESPONSE: 'the response was cut off',
        EPROTO: 'a network error occurred (EPROTO)',
      };
      for (const [code, words] of Object.entries(said)) {
        const err = new ConnectNetworkError('CreateSession', code, 'c');
        assert.strictEqual(err.message, `CreateSession failed: ${words}. Check your network, proxy settings and "gettyConnect.endpoint".`, code);
        assert.strictEqual(err.transient, true, code);
        assert.strictEqual(err.code, code);
      }
    });

    test('a malformed response, a cancellation and a bad endpoint are not worth retrying', () => {
      const malformed = new ConnectProtocolError('RenewSession', 'it has no RenewSessionResult', 'c');
      assert.strictEqual(malformed.message, "RenewSession failed: the server's response is malformed: it has no RenewSessionResult.");
      assert.strictEqual(malformed.transient, false);
      const cancelled = new ConnectCancelledError('RenewSession', 'c');
      assert.strictEqual(cancelled.message, 'RenewSession was cancelled.');
      assert.strictEqual(cancelled.transient, false);
      const endpoint = new EndpointError('"gettyConnect.endpoint" is wrong.');
      assert.strictEqual(endpoint.message, '"gettyConnect.endpoint" is wrong.');
      assert.strictEqual(endpoint.transient, false);
      assert.strictEqual(endpoint.operation, undefined);
      assert.strictEqual(endpoint.name, 'EndpointError');
    });
  });
});
