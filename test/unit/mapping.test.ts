// From the service's `<Operation>Result` to what the extension keeps and shows,
// accepting the specification's contradictions and naming the field that is wrong.
import * as assert from 'assert';
import { MappingError, toImageAuthorizations, toSessionTokens } from '../../src/connect/mapping';

const WHERE = 'CreateSessionResult';

function mappingError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof MappingError, String(err));
    return err.message;
  }
  return assert.fail('expected a MappingError');
}

function images(list: unknown) {
  return toImageAuthorizations({ Images: list }, 'GetImageDownloadAuthorizationsResult');
}

function oneAuthorization(auth: unknown) {
  return images([{ ImageId: '83454800', SizeKey: 'Large', Status: 'Available', Authorizations: [auth] }])[0].authorizations[0];
}

const AUTH = { ProductOfferingType: 'ImagePack', DownloadIsFree: false, DownloadToken: 'dlt_1' };

suite('mapping results', () => {
  suite('session tokens', () => {
    test('a user session: token, secure token, duration and account', () => {
      assert.deepStrictEqual(toSessionTokens({ Token: 'tok_1', SecureToken: 'sec_1', TokenDurationMinutes: 30, AccountId: 'ACCT-1' }, WHERE, true), {
        token: 'tok_1',
        secureToken: 'sec_1',
        tokenDurationMinutes: 30,
        accountId: 'ACCT-1',
      });
    });

    test('an application session has no secure token and may have no account: neither key is set', () => {
      assert.deepStrictEqual(toSessionTokens({ Token: 'tok_1', TokenDurationMinutes: 30 }, 'CreateApplicationSessionResult', false), { token: 'tok_1', tokenDurationMinutes: 30 });
      assert.deepStrictEqual(toSessionTokens({ Token: 'tok_1', TokenDurationMinutes: 30, SecureToken: null, AccountId: '' }, WHERE, false), { token: 'tok_1', tokenDurationMinutes: 30 });
      assert.deepStrictEqual(toSessionTokens({ Token: 'tok_1', TokenDurationMinutes: 30, AccountId: null }, WHERE, false), { token: 'tok_1', tokenDurationMinutes: 30 });
    });

    test('a user session without a SecureToken is refused, naming the field', () => {
      assert.strictEqual(mappingError(() => toSessionTokens({ Token: 'tok_1', TokenDurationMinutes: 30 }, WHERE, true)), 'CreateSessionResult.SecureToken is missing');
      assert.strictEqual(mappingError(() => toSessionTokens({ Token: 'tok_1', SecureToken: '', TokenDurationMinutes: 30 }, WHERE, true)), 'CreateSessionResult.SecureToken is missing');
    });

    test('a missing or empty Token is refused, naming the field', () => {
      assert.strictEqual(mappingError(() => toSessionTokens({ TokenDurationMinutes: 30 }, WHERE, false)), 'CreateSessionResult.Token is missing');
      assert.strictEqual(mappingError(() => toSessionTokens({ Token: '', TokenDurationMinutes: 30 }, WHERE, false)), 'CreateSessionResult.Token is missing');
      assert.strictEqual(mappingError(() => toSessionTokens({ Token: null, TokenDurationMinutes: 30 }, WHERE, false)), 'CreateSessionResult.Token is missing');
    });

    test('a numeric id is read as text; an object or a boolean is refused', () => {
      assert.strictEqual(toSessionTokens({ Token: 't', TokenDurationMinutes: 30, AccountId: 1001 }, WHERE, false).accountId, '1001');
      assert.strictEqual(mappingError(() => toSessionTokens({ Token: { value: 't' }, TokenDurationMinutes: 30 }, WHERE, false)), 'expected a string, got object');
      assert.strictEqual(mappingError(() => toSessionTokens({ Token: 't', TokenDurationMinutes: 30, AccountId: true }, WHERE, false)), 'expected a string, got boolean');
    });

    test('TokenDurationMinutes as a number or a numeric string (the tables say String)', () => {
      assert.strictEqual(toSessionTokens({ Token: 't', TokenDurationMinutes: '30' }, WHERE, false).tokenDurationMinutes, 30);
      assert.strictEqual(toSessionTokens({ Token: 't', TokenDurationMinutes: ' 2.5 ' }, WHERE, false).tokenDurationMinutes, 2.5);
      assert.strictEqual(toSessionTokens({ Token: 't', TokenDurationMinutes: 0 }, WHERE, false).tokenDurationMinutes, 0);
    });

    test('a duration that is missing, blank, negative, not a number or not finite is refused, quoting it', () => {
      const cases: [unknown, string][] = [
        [undefined, 'undefined'],
        [null, 'null'],
        ['', '""'],
        ['  ', '"  "'],
        ['thirty', '"thirty"'],
        [-1, '-1'],
        ['-5', '"-5"'],
        ['Infinity', '"Infinity"'],
        [true, 'true'],
        [[30], '[30]'],
      ];
      for (const [value, shown] of cases) {
        assert.strictEqual(
          mappingError(() => toSessionTokens({ Token: 't', TokenDurationMinutes: value }, WHERE, false)),
          `CreateSessionResult.TokenDurationMinutes is ${shown}, not a number of minutes`,
          String(value),
        );
      }
    });
  });

  suite('image authorizations', () => {
    test('every field of an authorization', () => {
      assert.deepStrictEqual(
        oneAuthorization({ ProductOfferingType: 'RoyaltyFreeSubscription', ProductOfferingInstanceId: 'RFS-2001', DownloadIsFree: true, DownloadToken: 'dlt_1', DownloadsRemaining: 250 }),
        { productOfferingType: 'RoyaltyFreeSubscription', productOfferingInstanceId: 'RFS-2001', downloadIsFree: true, downloadToken: 'dlt_1', downloadsRemaining: 250 },
      );
    });

    test('optional fields that are absent, null or empty are left out, not set to undefined', () => {
      for (const extra of [{}, { ProductOfferingInstanceId: null, DownloadsRemaining: null }, { InstanceId: '', DownloadsRemaining: '' }]) {
        assert.deepStrictEqual(oneAuthorization({ ...AUTH, ...extra }), { productOfferingType: 'ImagePack', downloadIsFree: false, downloadToken: 'dlt_1' }, JSON.stringify(extra));
      }
    });

    test('InstanceId (the field table) is read when ProductOfferingInstanceId (the example) is absent', () => {
      assert.strictEqual(oneAuthorization({ ...AUTH, InstanceId: 'IP-3001' }).productOfferingInstanceId, 'IP-3001');
    });

    test('DownloadsRemaining as a number or a numeric string; anything else is refused, naming the authorization', () => {
      assert.strictEqual(oneAuthorization({ ...AUTH, DownloadsRemaining: '7' }).downloadsRemaining, 7);
      assert.strictEqual(oneAuthorization({ ...AUTH, DownloadsRemaining: 0 }).downloadsRemaining, 0);
      for (const [value, shown] of [['many', '"many"'], [true, 'true'], [{}, '{}'], ['Infinity', '"Infinity"']] as [unknown, string][]) {
        assert.strictEqual(
          mappingError(() => oneAuthorization({ ...AUTH, DownloadsRemaining: value })),
          `GetImageDownloadAuthorizationsResult.Images[0].Authorizations[0].DownloadsRemaining is ${shown}, not a number`,
        );
      }
    });

    test('DownloadIsFree as a boolean or "true"/"false"; absent or null means not free; anything else is refused', () => {
      assert.strictEqual(oneAuthorization({ ...AUTH, DownloadIsFree: 'true' }).downloadIsFree, true);
      assert.strictEqual(oneAuthorization({ ...AUTH, DownloadIsFree: 'false' }).downloadIsFree, false);
      assert.strictEqual(oneAuthorization({ ...AUTH, DownloadIsFree: true }).downloadIsFree, true);
      assert.strictEqual(oneAuthorization({ ...AUTH, DownloadIsFree: null }).downloadIsFree, false);
      const noFlag: Record<string, unknown> = { ...AUTH };
      delete noFlag.DownloadIsFree;
      assert.strictEqual(oneAuthorization(noFlag).downloadIsFree, false);
      for (const [value, shown] of [['yes', '"yes"'], [1, '1'], ['TRUE', '"TRUE"']] as [unknown, string][]) {
        assert.strictEqual(
          mappingError(() => oneAuthorization({ ...AUTH, DownloadIsFree: value })),
          `GetImageDownloadAuthorizationsResult.Images[0].Authorizations[0].DownloadIsFree is ${shown}, not a boolean`,
        );
      }
    });

    test('an offering without a type is shown as "Unknown offering"; a missing DownloadToken is refused', () => {
      assert.strictEqual(oneAuthorization({ DownloadToken: 'dlt_1' }).productOfferingType, 'Unknown offering');
      assert.strictEqual(
        mappingError(() => oneAuthorization({ ProductOfferingType: 'ImagePack' })),
        'GetImageDownloadAuthorizationsResult.Images[0].Authorizations[0].DownloadToken is missing',
      );
    });

    test('the path in a message names the image and the authorization', () => {
      const list = [
        { ImageId: '1000001', Authorizations: [AUTH] },
        { ImageId: '1000002', Authorizations: [AUTH, 'not an authorization'] },
      ];
      assert.strictEqual(mappingError(() => images(list)), 'GetImageDownloadAuthorizationsResult.Images[1].Authorizations[1] is not an object');
      assert.strictEqual(mappingError(() => images([{ ImageId: '1000001' }, { SizeKey: 'Large' }])), 'GetImageDownloadAuthorizationsResult.Images[1].ImageId is missing');
    });

    test('no Images (absent or null) is an empty list', () => {
      assert.deepStrictEqual(toImageAuthorizations({}, 'R'), []);
      assert.deepStrictEqual(toImageAuthorizations({ Images: null }, 'R'), []);
      assert.deepStrictEqual(toImageAuthorizations({ images: [] }, 'R'), []);
    });

    test('Images or Authorizations that are not lists, and images that are not objects, are refused', () => {
      assert.strictEqual(mappingError(() => images({ ImageId: '1' })), 'GetImageDownloadAuthorizationsResult.Images is not a list');
      assert.strictEqual(mappingError(() => images(['83454800'])), 'GetImageDownloadAuthorizationsResult.Images[0] is not an object');
      assert.strictEqual(mappingError(() => images([null])), 'GetImageDownloadAuthorizationsResult.Images[0] is not an object');
      assert.strictEqual(
        mappingError(() => images([{ ImageId: '1000001', Authorizations: AUTH }])),
        'GetImageDownloadAuthorizationsResult.Images[0].Authorizations is not a list',
      );
    });

    test('Status is kept as sent, or inferred from the authorizations when absent; SizeKey defaults to empty', () => {
      assert.deepStrictEqual(
        images([
          { ImageId: '1000001', SizeKey: 'Large', Status: 'Available', Authorizations: [] },
          { ImageId: '1000002', Authorizations: [AUTH] },
          { ImageId: '1000003', SizeKey: 'Gigantic', Authorizations: null },
          { ImageId: 1000004, Status: 'SomethingNew' },
        ]).map((i) => [i.imageId, i.sizeKey, i.status, i.authorizations.length]),
        [
          ['1000001', 'Large', 'Available', 0],
          ['1000002', '', 'Available', 1],
          ['1000003', 'Gigantic', 'NoAuthorizations', 0],
          ['1000004', '', 'SomethingNew', 0],
        ],
      );
    });
  });
});
