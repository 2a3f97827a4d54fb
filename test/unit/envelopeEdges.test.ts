// Envelope edges found by mutation testing (issue 15): what a message shows of a bad
// value, and a CoordinationId that is not even a string.
import * as assert from 'assert';
import { ConnectProtocolError } from '../../src/connect';
import { describeValue, readResponse } from '../../src/connect/envelope';

const CID = '5a1c7e2b-0d3f-4b8a-9e6c-2f4d8a1b3c5e';

function protocolMessage(header: Record<string, unknown>): string {
  try {
    readResponse('CreateSession', { httpStatus: 200, statusText: 'OK', body: { ResponseHeader: header, CreateSessionResult: {} } }, CID);
  } catch (err) {
    assert.ok(err instanceof ConnectProtocolError, String(err));
    return err.message;
  }
  return assert.fail('expected readResponse to throw');
}

suite('envelope edges', () => {
  suite('describeValue: what a message shows of a bad value', () => {
    test('a string of up to 60 characters is quoted whole; a longer one is cut at 60 with an ellipsis', () => {
      const sixty = 'p'.repeat(60);
      assert.strictEqual(describeValue(sixty), `"${sixty}"`);
      assert.strictEqual(describeValue('q'.repeat(59)), `"${'q'.repeat(59)}"`);
      assert.strictEqual(describeValue(`${sixty}TAIL`), `"${sixty}…"`);
      assert.strictEqual(describeValue(''), '""');
    });

    test('a value whose JSON is up to 60 characters is shown as JSON; a longer one by its kind', () => {
      const exactly60 = { k: 'x'.repeat(52) };
      assert.strictEqual(JSON.stringify(exactly60).length, 60);
      assert.strictEqual(describeValue(exactly60), JSON.stringify(exactly60));
      assert.strictEqual(describeValue({ k: 'x'.repeat(53) }), 'an object');
      assert.strictEqual(describeValue(42), '42');
      assert.strictEqual(describeValue(null), 'null');
    });

    test('a long list is described by its length, with "item" singular for one', () => {
      assert.strictEqual(describeValue(new Array(30).fill(1234)), 'a list of 30 items');
      assert.strictEqual(describeValue(['y'.repeat(100)]), 'a list of 1 item');
    });

    test('undefined is named, and a list nested too deeply to write out does not throw', () => {
      assert.strictEqual(describeValue(undefined), 'undefined');
      let deep: unknown[] = [];
      for (let i = 0; i < 100_000; i++) deep = [deep];
      assert.strictEqual(describeValue(deep), 'a list of 1 item');
    });

    test('a Status of 59 characters is quoted in the message, not called an object', () => {
      const status = 'S'.repeat(59);
      assert.match(protocolMessage({ Status: status, CoordinationId: CID }), new RegExp(`ResponseHeader\\.Status is "${status}", not Success`));
    });
  });

  suite('CoordinationId', () => {
    test('an echoed CoordinationId that is an object is shown as JSON, not as [object Object]', () => {
      const message = protocolMessage({ Status: 'Success', CoordinationId: { Id: 7 } });
      assert.match(message, /echoes CoordinationId \{"Id":7\} instead of 5a1c7e2b/);
    });

    test('a number echoed as CoordinationId is another request', () => {
      assert.match(protocolMessage({ Status: 'Success', CoordinationId: 42 }), /echoes CoordinationId 42 instead of 5a1c7e2b/);
    });
  });

  test('numeric and boolean Code and Message in the StatusList are kept as text, lists and objects dropped', () => {
    const res = readResponse(
      'CreateSession',
      { httpStatus: 200, statusText: 'OK', body: { ResponseHeader: { Status: 'Warning', StatusList: [{ Type: 'Warning', Code: 1001, Message: false }, { Type: ['x'], Code: { a: 1 }, Message: true }] }, CreateSessionResult: {} } },
      CID,
    );
    assert.deepStrictEqual(res.statusList, [
      { type: 'Warning', code: '1001', message: 'false' },
      { type: '', code: '', message: 'true' },
    ]);
  });
});
