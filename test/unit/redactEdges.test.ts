// Redaction edges found by mutation testing (issue 15): each test shows a secret that
// would reach a log line or a message if the matcher or the lists behind it slipped.
import * as assert from 'assert';
import { endSessionSecrets, forgetSecrets, holdSecrets, lastRedactionCost, redact, registerSecret, secretsKept } from '../../src/connect';

suite('redaction edges', () => {
  setup(() => forgetSecrets());
  teardown(() => forgetSecrets());

  test('of two secrets sharing their first characters, the longer is masked whole, whichever was registered first', () => {
    // Same 8-character prefix: one lookup list, which must try the longer first.
    registerSecret('sec_abcd1', 'sec_abcd1-tail-9876');
    assert.strictEqual(redact('token sec_abcd1-tail-9876 end'), 'token «redacted» end');
    forgetSecrets();
    // A short secret that is the start of a longer one: different prefix lengths.
    registerSecret('pw12', 'pw12345-long-secret');
    assert.strictEqual(redact('sent pw12345-long-secret and pw12'), 'sent «redacted» and «redacted»');
  });

  test('a value held for a request is masked even when a line was masked just before it was held', () => {
    registerSecret('kept-token-1');
    assert.strictEqual(redact('kept-token-1 user-pass-77'), '«redacted» user-pass-77');
    const release = holdSecrets('user-pass-77');
    assert.strictEqual(redact('kept-token-1 user-pass-77'), '«redacted» «redacted»');
    release();
    assert.strictEqual(redact('user-pass-77'), 'user-pass-77');
  });

  test('holding missing or too-short values masks nothing extra and breaks nothing', () => {
    const release = holdSecrets(undefined, null, 'ab', 'real-password-9');
    assert.strictEqual(redact('ab cd real-password-9'), 'ab cd «redacted»');
    assert.deepStrictEqual(secretsKept(), { count: 1, has: false });
    release();
  });

  test('secretsKept says whether a given value is masked, and never for no value', () => {
    registerSecret('some-token-42');
    assert.deepStrictEqual(secretsKept('some-token-42'), { count: 1, has: true });
    assert.deepStrictEqual(secretsKept('other-token'), { count: 1, has: false });
    assert.deepStrictEqual(secretsKept(), { count: 1, has: false });
  });

  test('masking a line that holds one secret counts one comparison', () => {
    registerSecret('secret-value-5');
    assert.strictEqual(redact('x secret-value-5 y'), 'x «redacted» y');
    assert.strictEqual(lastRedactionCost(), 1);
  });

  test('a value registered before any session opened survives the end of a session', () => {
    // A fresh copy of the module: its state before any call, as at extension start.
    const path = require.resolve('../../src/connect/redact');
    const cached = require.cache[path];
    delete require.cache[path];
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require(path) as typeof import('../../src/connect/redact');
      fresh.registerSecret('pre-session-secret');
      fresh.endSessionSecrets();
      assert.strictEqual(fresh.redact('<pre-session-secret>'), '<«redacted»>');
    } finally {
      if (cached) require.cache[path] = cached;
    }
    endSessionSecrets();
  });
});
