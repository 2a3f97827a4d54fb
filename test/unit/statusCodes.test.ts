// What a person is told to do for each documented Connect status code.
import * as assert from 'assert';
import { classifyStatus } from '../../src/connect/statusCodes';

suite('status codes', () => {
  const documented: [code: string, reason: string, advice: RegExp][] = [
    ['InvalidSystemIdOrPassword', 'systemCredentials', /System ID or System password is wrong.*sign in again/],
    ['InvalidUsernameOrPassword', 'userCredentials', /user name or user password is wrong\. Sign in again/],
    ['FailedToRenewToken', 'tokenExpired', /could not be renewed.*Sign in again/],
    ['AUTH-002', 'insecureTransport', /requires HTTPS\. Set "gettyConnect\.endpoint" to an https:\/\/ address/],
    ['AUTH-014', 'insecureTransport', /plain HTTP and refused\. Set "gettyConnect\.endpoint" to an https:\/\/ address/],
    ['AUTH-021', 'secureTokenRequired', /needs a user session; an anonymous application session is not enough\. Sign in with a user name/],
    ['AUTH-023', 'secureTokenRequired', /needs the secure token of a user session\. Sign in with a user name/],
    ['NoAgreement', 'noAgreement', /no download agreement\. Contact your Getty Images account manager/],
    ['InvalidRequest', 'invalidRequest', /rejected the request as invalid/],
    ['SystemError', 'serviceUnavailable', /internal error\. Try again later/],
    ['InternalError', 'serviceUnavailable', /internal error\. Try again later/],
    ['DependentServiceDown', 'serviceUnavailable', /depends on is down\. Try again later/],
  ];

  for (const [code, reason, advice] of documented) {
    test(`${code}: ${reason}, with advice on what to do`, () => {
      const info = classifyStatus(code, 'whatever the service says');
      assert.strictEqual(info.reason, reason);
      assert.match(info.advice, advice);
    });
  }

  test('an unknown code has no advice of its own (its message is shown instead)', () => {
    assert.deepStrictEqual(classifyStatus('XYZ-999', 'Something unheard of'), { reason: 'other', advice: '' });
    assert.deepStrictEqual(classifyStatus('', ''), { reason: 'other', advice: '' });
  });
});
