import * as assert from 'assert';
import { ConnectApiError, forgetSecrets, redact, redactObject, registerSecret } from '../../src/connect';

suite('redaction', () => {
  teardown(() => forgetSecrets());

  test('masks registered secret values wherever they appear', () => {
    registerSecret('sec_abcdef123456');
    assert.strictEqual(redact('token sec_abcdef123456 then sec_abcdef123456.'), 'token «redacted» then «redacted».');
  });

  test('masks secret-named fields in free text and JSON', () => {
    const text = redact('{"Token":"abc","SecureToken": "xyz", "SystemPassword":"p", "CoordinationId":"c-1", "Token2": null}');
    assert.ok(!/abc|xyz|"p"/.test(text), text);
    assert.match(text, /"CoordinationId":"c-1"/);
    assert.strictEqual(redact('UserPassword=hunter22 next'), 'UserPassword="«redacted»" next');
  });

  test('keeps null tokens visible (they are not secret) and masks object fields at any depth', () => {
    assert.deepStrictEqual(redactObject({ RequestHeader: { Token: null, CoordinationId: 'c' }, Body: [{ DownloadToken: 'd', ImageId: '1' }] }), {
      RequestHeader: { Token: null, CoordinationId: 'c' },
      Body: [{ DownloadToken: '«redacted»', ImageId: '1' }],
    });
  });

  test('error messages are redacted even when the server echoes a secret', () => {
    registerSecret('sec_leaky-token-value');
    const err = new ConnectApiError('RenewSession', [{ type: 'Error', code: 'X', message: 'bad token sec_leaky-token-value' }], 'c');
    assert.ok(!err.message.includes('sec_leaky-token-value'));
    assert.match(err.message, /bad token «redacted»/);
  });
});
