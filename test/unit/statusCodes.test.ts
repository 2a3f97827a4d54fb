// The status-code table holds the documented codes, both forms of each pair the
// documentation lists twice, each with advice a person can act on; any other code
// is unknown and is shown raw.
import * as assert from 'assert';
import { ConnectApiError } from '../../src/connect';
import { classifyStatus, STATUS_CODES } from '../../src/connect/statusCodes';

/** Every code named in ../shared/seeds (README and more-operations.md), with what it means for the user. */
const DOCUMENTED: Record<string, [string, RegExp]> = {
  'AUTH-002': ['insecureTransport', /requires HTTPS.*https:\/\//],
  OperationRequiresHttps: ['insecureTransport', /requires HTTPS.*https:\/\//],
  'AUTH-014': ['insecureTransport', /secure token was sent over plain HTTP.*https:\/\//],
  SecureTokenPassedOverHttp: ['insecureTransport', /secure token was sent over plain HTTP.*https:\/\//],
  'AUTH-021': ['secureTokenRequired', /not fully authenticated.*Sign in with a user name/],
  'AUTH-023': ['secureTokenRequired', /secure token of a user session.*Sign in with a user name/],
  OperationRequiresSecureToken: ['secureTokenRequired', /secure token of a user session.*Sign in with a user name/],
  FailedToRenewToken: ['tokenExpired', /could not be renewed.*Sign in again/],
  InvalidSystemIdOrPassword: ['systemCredentials', /System ID or System password is wrong/],
  InvalidUsernameOrPassword: ['userCredentials', /user name or user password is wrong/],
  ImageNotFound: ['image', /No image has this ID/],
  MissingImageId: ['image', /image ID was missing/],
  AssetNotAvailable: ['image', /not available for download/],
  InvalidSizeKey: ['image', /size key does not exist/],
  InvalidProductOffering: ['image', /product offering is not valid/],
  NoAuthorizations: ['image', /None of your product offerings/],
  ExpiredDownloadToken: ['downloadToken', /Check the image again/],
  InvalidDownloadToken: ['downloadToken', /Check the image again/],
  FailedToGetDownloadUrl: ['serviceUnavailable', /could not create the download URL.*Try again later/],
  NoAgreement: ['noAgreement', /no download agreement.*account manager/],
  AlternativeAgreement: ['notice', /alternative agreement/],
  DefaultLanguageUsed: ['notice', /default language/],
  InvalidRequest: ['invalidRequest', /rejected the request as invalid/],
  SystemError: ['serviceUnavailable', /Try again later/],
  InternalError: ['serviceUnavailable', /Try again later/],
  DependentServiceDown: ['serviceUnavailable', /depends on is down.*Try again later/],
};

suite('status codes', () => {
  test('the table holds exactly the documented codes', () => {
    assert.deepStrictEqual(Object.keys(STATUS_CODES).sort(), Object.keys(DOCUMENTED).sort());
  });

  for (const [code, [reason, advice]] of Object.entries(DOCUMENTED)) {
    test(`${code}: ${reason}, with its advice`, () => {
      const info = classifyStatus(code);
      assert.strictEqual(info.reason, reason);
      assert.match(info.advice, advice);
    });
  }

  test('codes no document names are unknown, whatever their message says', () => {
    for (const code of ['InvalidToken', 'TokenExpired', 'Zq-7731', '', 'constructor', 'toString', '__proto__']) {
      assert.deepStrictEqual(classifyStatus(code), { reason: 'unknown', advice: '' }, code);
    }
  });

  test('an error with an unknown code shows it raw with its message, the operation and the CoordinationId', () => {
    const err = new ConnectApiError('RenewSession', [{ type: 'Error', code: 'Zq-7731', message: 'Sesión caducada' }], 'c-1');
    assert.strictEqual(err.message, 'RenewSession failed. (Zq-7731: Sesión caducada; CoordinationId c-1)');
    assert.strictEqual(err.reason, 'unknown');
  });

  test('an error with a documented code gives its advice first, then the code and message, without the CoordinationId', () => {
    const err = new ConnectApiError('CreateSession', [{ type: 'Error', code: 'OperationRequiresHttps', message: 'Use SSL.' }], 'c-2');
    assert.strictEqual(err.message, 'CreateSession failed. The service requires HTTPS. Set "gettyConnect.endpoint" to an https:// address. (OperationRequiresHttps: Use SSL.)');
    assert.strictEqual(err.reason, 'insecureTransport');
  });

  test('an Error with an empty StatusList still says which request it was', () => {
    const err = new ConnectApiError('GetImageDownloadAuthorizations', [], 'c-3');
    assert.strictEqual(err.message, 'GetImageDownloadAuthorizations failed: the service reported an error without details (CoordinationId c-3).');
  });
});
