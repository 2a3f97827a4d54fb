// Reading the Connect envelope: which answers are accepted, and what a person
// is told about the ones that are not.
import * as assert from 'assert';
import { ConnectApiError, ConnectHttpError, ConnectProtocolError } from '../../src/connect';
import { buildRequest, field, readResponse } from '../../src/connect/envelope';
import { RawResponse } from '../../src/connect/transport';

const CID = '3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b';

function raw(body: unknown, httpStatus = 200, statusText = 'OK'): RawResponse {
  return { httpStatus, statusText, body };
}

function envelope(header: Record<string, unknown>, result: unknown = { Token: 't' }): Record<string, unknown> {
  return { ResponseHeader: header, CreateSessionResult: result };
}

const OK_HEADER = { Status: 'Success', StatusList: [], CoordinationId: CID };

function failure(response: RawResponse): unknown {
  try {
    readResponse('CreateSession', response, CID);
  } catch (err) {
    return err;
  }
  return assert.fail('expected readResponse to throw');
}

function protocolMessage(response: RawResponse): string {
  const err = failure(response);
  assert.ok(err instanceof ConnectProtocolError, String(err));
  assert.strictEqual(err.coordinationId, CID);
  return err.message;
}

suite('Connect envelope', () => {
  test('a request carries the Token and CoordinationId in its header and the body under <Operation>RequestBody', () => {
    assert.deepStrictEqual(buildRequest('RenewSession', 'sec_1', CID, { SystemId: 's' }), {
      RequestHeader: { Token: 'sec_1', CoordinationId: CID },
      RenewSessionRequestBody: { SystemId: 's' },
    });
  });

  test('a Success answer gives its result and its informational entries', () => {
    const res = readResponse('CreateSession', raw(envelope({ ...OK_HEADER, StatusList: [{ Type: 'Info', Code: 'I-1', Message: 'fyi' }] })), CID);
    assert.deepStrictEqual(res, { status: 'Success', statusList: [{ type: 'Info', code: 'I-1', message: 'fyi' }], result: { Token: 't' } });
  });

  test('a Warning answer is not an error', () => {
    const res = readResponse('CreateSession', raw(envelope({ ...OK_HEADER, Status: 'Warning' })), CID);
    assert.strictEqual(res.status, 'Warning');
  });

  suite('CoordinationId', () => {
    test('the same CoordinationId echoed back is accepted', () => {
      assert.strictEqual(readResponse('CreateSession', raw(envelope(OK_HEADER)), CID).status, 'Success');
    });

    test('an answer without the echo (missing, null or empty) is accepted: not every answer echoes it', () => {
      const noEcho: Record<string, unknown> = { ...OK_HEADER };
      delete noEcho.CoordinationId;
      for (const header of [noEcho, { ...OK_HEADER, CoordinationId: null }, { ...OK_HEADER, CoordinationId: '' }]) {
        assert.deepStrictEqual(readResponse('CreateSession', raw(envelope(header)), CID).result, { Token: 't' }, JSON.stringify(header));
      }
    });

    test('another CoordinationId means the answer is to another request', () => {
      assert.strictEqual(
        protocolMessage(raw(envelope({ ...OK_HEADER, CoordinationId: 'other-id' }))),
        `CreateSession failed: the server's response is malformed: it echoes CoordinationId other-id instead of ${CID}, so it answers another request.`,
      );
    });

    test('a mismatched echo is refused even on an Error answer', () => {
      assert.ok(failure(raw(envelope({ Status: 'Error', StatusList: [], CoordinationId: 'other-id' }))) instanceof ConnectProtocolError);
    });
  });

  suite('errors', () => {
    test('Status Error becomes an API error with the status entries', () => {
      const err = failure(raw({ ResponseHeader: { Status: 'Error', StatusList: [{ Type: 'Error', Code: 'InvalidUsernameOrPassword', Message: 'No.' }], CoordinationId: CID } }));
      assert.ok(err instanceof ConnectApiError, String(err));
      assert.deepStrictEqual(err.statusList, [{ type: 'Error', code: 'InvalidUsernameOrPassword', message: 'No.' }]);
      assert.strictEqual(err.reason, 'userCredentials');
    });

    test('status entries that are not objects are skipped; missing fields read as empty', () => {
      const err = failure(raw({ ResponseHeader: { Status: 'Error', StatusList: [null, 'x', 3, [], { Message: 'only a message' }, { Code: 'X-1' }] } }));
      assert.ok(err instanceof ConnectApiError, String(err));
      assert.deepStrictEqual(err.statusList, [{ type: '', code: '', message: 'only a message' }, { type: '', code: 'X-1', message: '' }]);
      assert.match(err.message, /\(no code: only a message; X-1: no message; CoordinationId [0-9a-f-]+\)/);
    });

    test('a StatusList that is missing or not a list reads as no entries', () => {
      for (const statusList of [undefined, 'oops', { Code: 'X' }]) {
        const err = failure(raw({ ResponseHeader: { Status: 'Error', StatusList: statusList } }));
        assert.ok(err instanceof ConnectApiError, String(err));
        assert.deepStrictEqual(err.statusList, []);
        assert.strictEqual(err.message, `CreateSession failed: the service reported an error without details (CoordinationId ${err.coordinationId}).`);
      }
    });

    test('an HTTP error without an envelope is an HTTP error, from 400 on', () => {
      const err = failure({ httpStatus: 400, statusText: 'Bad Request', body: undefined, parseError: 'the body is empty' });
      assert.ok(err instanceof ConnectHttpError, String(err));
      assert.strictEqual(err.httpStatus, 400);
      assert.match(err.message, /HTTP 400 Bad Request/);
      assert.strictEqual(protocolMessage({ httpStatus: 399, statusText: '', body: undefined, parseError: 'the body is empty' }), "CreateSession failed: the server's response is malformed: the body is empty.");
    });

    test('an HTTP error status with a Success envelope is still an HTTP error', () => {
      const err = failure(raw(envelope(OK_HEADER), 400, 'Bad Request'));
      assert.ok(err instanceof ConnectHttpError, String(err));
      assert.strictEqual(err.httpStatus, 400);
    });

    test('an HTTP error status with an Error envelope is the API error (it says more)', () => {
      const err = failure(raw({ ResponseHeader: { Status: 'Error', StatusList: [{ Code: 'SystemError', Message: 'x' }] } }, 500, 'Internal Server Error'));
      assert.ok(err instanceof ConnectApiError, String(err));
    });

    test('a JSON answer without a ResponseHeader (or null, or a list) is malformed', () => {
      for (const body of [{ Foo: 1 }, null, [1], 'text', { ResponseHeader: null }, { ResponseHeader: [] }]) {
        assert.strictEqual(protocolMessage(raw(body)), "CreateSession failed: the server's response is malformed: it has no ResponseHeader.", JSON.stringify(body));
      }
    });

    test('an unknown Status is named in the message', () => {
      assert.strictEqual(
        protocolMessage(raw(envelope({ ...OK_HEADER, Status: 'Pending' }))),
        `CreateSession failed: the server's response is malformed: ResponseHeader.Status is "Pending", not Success, Warning or Error.`,
      );
      assert.match(protocolMessage(raw(envelope({ StatusList: [] }))), /ResponseHeader\.Status is undefined, not Success/);
    });

    test('a Success without <Operation>Result (or with a non-object one) is malformed', () => {
      for (const result of [undefined, null, 'x', [{ Token: 't' }]]) {
        assert.strictEqual(protocolMessage(raw({ ResponseHeader: OK_HEADER, CreateSessionResult: result })), "CreateSession failed: the server's response is malformed: it has no CreateSessionResult.");
      }
    });
  });

  suite('key casing', () => {
    test('keys are matched without case, as the service does not always use the documented casing', () => {
      const res = readResponse(
        'CreateSession',
        raw({ responseheader: { STATUS: 'success', statuslist: [{ type: 'Info', CODE: 'I-1', message: 'm' }], coordinationid: CID }, createsessionresult: { token: 't' } }),
        CID,
      );
      assert.deepStrictEqual(res, { status: 'Success', statusList: [{ type: 'Info', code: 'I-1', message: 'm' }], result: { token: 't' } });
      assert.match(protocolMessage(raw({ ResponseHeader: { Status: 'Success', coordinationID: 'other-id' }, CreateSessionResult: {} })), /echoes CoordinationId other-id/);
    });

    test('the documented casing wins when a key comes twice', () => {
      assert.strictEqual(field({ token: 'lower', Token: 'documented' }, 'Token'), 'documented');
      assert.strictEqual(field({ TOKEN: 'upper', token: 'lower' }, 'Token'), 'upper');
    });

    test('a missing key is undefined, whatever other keys there are', () => {
      assert.strictEqual(field({ undefined: 'x', Other: 1 }, 'CoordinationId'), undefined);
      assert.strictEqual(field({}, 'Token'), undefined);
    });
  });
});
