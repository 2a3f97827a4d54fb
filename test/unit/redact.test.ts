import * as assert from 'assert';
import { ConnectApiError, forgetSecrets, redact, redactObject, registerSecret } from '../../src/connect';

suite('redaction', () => {
  // Secrets are remembered process-wide: start each test from none.
  setup(() => forgetSecrets());
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

  test('a 4-character password is masked; shorter values are not remembered (they would mask ordinary words)', () => {
    registerSecret('pw12');
    registerSecret('abc');
    registerSecret('');
    registerSecret(undefined);
    registerSecret(null);
    assert.strictEqual(redact('login as abc with pw12 failed'), 'login as abc with «redacted» failed');
  });

  test('forgotten secrets are shown again', () => {
    registerSecret('sec_forget-me-123');
    forgetSecrets();
    assert.strictEqual(redact('token sec_forget-me-123'), 'token sec_forget-me-123');
  });

  test('a quoted password with spaces is masked whole, not just its first word', () => {
    assert.strictEqual(redact('{"UserPassword": "correct horse battery", "UserName": "ann"}'), '{"UserPassword": "«redacted»", "UserName": "ann"}');
    assert.strictEqual(redact('Password="a b"'), 'Password="«redacted»"');
  });

  test('an unquoted value is masked up to the next space, comma or brace', () => {
    assert.strictEqual(redact('{Token: tok_abc, SecureToken=sec_def} done'), '{Token: "«redacted»", SecureToken="«redacted»"} done');
  });

  test('null and empty secret fields stay visible in text: they show that nothing was sent', () => {
    assert.strictEqual(redact('{"Token": null, "SecureToken": ""}'), '{"Token": null, "SecureToken": ""}');
    assert.strictEqual(redact('Token=null'), 'Token=null');
  });

  test('a field whose name merely ends or starts like a secret name is not masked in text', () => {
    assert.strictEqual(redact('{"NextPageToken2": "p", "MyToken": "q"}'), '{"NextPageToken2": "p", "MyToken": "q"}');
  });

  test('objects: empty secret fields stay visible, strings elsewhere lose registered secrets', () => {
    registerSecret('sec_in-a-message-42');
    assert.deepStrictEqual(redactObject({ Token: '', Message: 'bad token sec_in-a-message-42', Count: 3, Flag: true, Nothing: null }), {
      Token: '',
      Message: 'bad token «redacted»',
      Count: 3,
      Flag: true,
      Nothing: null,
    });
    assert.strictEqual(redactObject('sec_in-a-message-42'), '«redacted»');
  });

  test('objects: only fields named exactly like a secret are masked, in any case', () => {
    assert.deepStrictEqual(redactObject({ TokenDurationMinutes: 30, MustChangePassword: false, securetoken: 's', PASSWORD: 'p' }), {
      TokenDurationMinutes: 30,
      MustChangePassword: false,
      securetoken: '«redacted»',
      PASSWORD: '«redacted»',
    });
  });
});
