// The one classification of failures (src/connect/failures.ts), tested once: every kind
// of error, and what each decision (retry, slow down, stop the check, recover the
// session, end it on a failed renewal, the button a message offers) makes of it.
import * as assert from 'assert';
import {
  classifyFailure,
  ConnectApiError,
  ConnectCancelledError,
  ConnectHttpError,
  ConnectNetworkError,
  ConnectProtocolError,
  ConnectTimeoutError,
  ConnectTlsError,
  DownloadError,
  EndpointError,
  errorMessage,
  FailureClass,
  SessionStateError,
} from '../../src/connect';

const api = (code: string): ConnectApiError => new ConnectApiError('GetImageDownloadAuthorizations', [{ type: 'Error', code, message: 'm' }], 'c');
const http = (status: number): ConnectHttpError => new ConnectHttpError('GetImageDetails', status, '', 'c');

type Row = Omit<FailureClass, 'transient'> & { transient?: boolean };
const none: Row = { throttled: false, retryable: false, sessionOver: false, tokenRefused: false, sessionState: false, stopsCheck: false, remedy: undefined };

const TABLE: [string, unknown, Partial<FailureClass>][] = [
  ['HTTP 429', http(429), { transient: true, throttled: true, retryable: true }],
  ['HTTP 503', http(503), { transient: true, throttled: true, retryable: true }],
  ['HTTP 500', http(500), { transient: true }],
  ['HTTP 408', http(408), { transient: true }],
  ['HTTP 404', http(404), { transient: false }],
  ['a reset connection', new ConnectNetworkError('GetImageDetails', 'ECONNRESET', 'c'), { transient: true, retryable: true }],
  ['a cut-off body', new ConnectNetworkError('GetImageDetails', 'ERR_BAD_RESPONSE', 'c'), { transient: true, retryable: true }],
  ['an unknown host', new ConnectNetworkError('GetImageDetails', 'ENOTFOUND', 'c'), { transient: true }],
  ['a timeout', new ConnectTimeoutError('GetImageDetails', 1000, 'c'), { transient: true }],
  ['a malformed answer', new ConnectProtocolError('GetImageDetails', 'x', 'c'), { transient: false }],
  ['a cancellation', new ConnectCancelledError('GetImageDetails', 'c'), { transient: false }],
  ['an untrusted certificate', new ConnectTlsError('GetImageDetails', 'CERT_UNTRUSTED', 'h', 'c'), { transient: false }],
  ['a failed download', new DownloadError('x'), { transient: false }],
  ['an unusable endpoint', new EndpointError('x'), { transient: false, stopsCheck: true, remedy: 'openSettings' }],
  ['HTTPS required', api('AUTH-002'), { transient: false, remedy: 'openSettings' }],
  ['FailedToRenewToken', api('FailedToRenewToken'), { transient: false, sessionOver: true, tokenRefused: true, stopsCheck: true, remedy: 'signInAgain' }],
  ['wrong system credentials', api('InvalidSystemIdOrPassword'), { transient: false, sessionOver: true, stopsCheck: true }],
  ['wrong user credentials', api('InvalidUsernameOrPassword'), { transient: false, sessionOver: true, stopsCheck: true }],
  ['a secure token required', api('AUTH-023'), { transient: false, tokenRefused: true, stopsCheck: true, remedy: 'signInAgain' }],
  ['a code no document names', api('AUTH-999'), { transient: false, tokenRefused: true, stopsCheck: true }],
  ['an internal error of the service', api('InternalError'), { transient: true }],
  ['an unknown image', api('ImageNotFound'), { transient: false }],
  ['an expired session', new SessionStateError('expired', 'x'), { sessionState: true, tokenRefused: true, stopsCheck: true, remedy: 'signInAgain' }],
  ['signed out', new SessionStateError('signedOut', 'x'), { sessionState: true, stopsCheck: true, remedy: 'signIn' }],
  ['an application session', new SessionStateError('applicationSession', 'x'), { sessionState: true, stopsCheck: true, remedy: 'signInAgain' }],
  ['a plain Error', new Error('FailedToRenewToken'), {}],
  ['undefined', undefined, {}],
];

suite('classifyFailure: the one classification every decision reads', () => {
  for (const [what, err, expected] of TABLE) {
    test(what, () => {
      assert.deepStrictEqual(classifyFailure(err), { transient: false, ...none, ...expected });
    });
  }

  test('errorMessage: the message of an Error, the text of anything else', () => {
    assert.strictEqual(errorMessage(new Error('boom')), 'boom');
    assert.strictEqual(errorMessage('plain'), 'plain');
    assert.strictEqual(errorMessage(undefined), 'undefined');
  });
});
