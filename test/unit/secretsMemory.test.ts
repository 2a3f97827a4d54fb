// How long the redaction list keeps what it masks, and what masking a line costs:
// bounded, a session's secrets forgotten when it ends, no user password kept once
// CreateSession has returned, and one pass per line whatever the number of secrets.
import * as assert from 'assert';
import {
  ConnectClient,
  endSessionSecrets,
  forgetSecrets,
  holdSecrets,
  lastRedactionCost,
  MAX_SECRETS,
  redact,
  registerSecret,
  secretsKept,
  sessionSecrets,
} from '../../src/connect';
import { Keychain } from '../../src/session/keychain';
import { SessionManager } from '../../src/session/sessionManager';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { ManualClock } from './support/manualClock';
import { MemorySecrets } from './support/memorySecrets';

const USER = { ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword };


/** A deterministic token-like string: no two alike, none a prefix of another. */
function fakeToken(i: number, prefix = 'dlt_'): string {
  return `${prefix}${(i * 2654435761 % 4294967296).toString(36).padStart(7, 'x')}${i.toString(36)}Q`;
}

const masked = (value: string): boolean => redact(`<${value}>`) === '<«redacted»>';

suite('secrets in memory: bounded, per session, never the user password', () => {
  setup(() => forgetSecrets());
  teardown(() => forgetSecrets());

  test('the list is bounded: past MAX_SECRETS the oldest values go first, the newest stay masked', () => {
    const n = MAX_SECRETS + 500;
    for (let i = 0; i < n; i++) registerSecret(fakeToken(i));
    assert.strictEqual(secretsKept().count, MAX_SECRETS);
    assert.ok(!masked(fakeToken(0)), 'the oldest is forgotten');
    assert.ok(!masked(fakeToken(499)), 'the 500 oldest are forgotten');
    assert.ok(masked(fakeToken(500)));
    assert.ok(masked(fakeToken(n - 1)));
  });

  test('registering a value again makes it the newest: a token in use is not the one evicted', () => {
    registerSecret('tok_in-use-all-along');
    for (let i = 0; i < MAX_SECRETS - 1; i++) registerSecret(fakeToken(i));
    registerSecret('tok_in-use-all-along');
    registerSecret(fakeToken(MAX_SECRETS));
    assert.ok(masked('tok_in-use-all-along'));
    assert.ok(!masked(fakeToken(0)));
  });

  test("a session's secrets, and the DownloadTokens and URLs obtained in it, are forgotten when it ends", () => {
    registerSecret('outside-any-session-1');
    sessionSecrets(['tok_session-one', 'sec_session-one', 'system-pass-1'], false);
    registerSecret('dlt_obtained-in-session', 'https://h.example/attachments/abc123');
    assert.ok(['tok_session-one', 'sec_session-one', 'system-pass-1', 'dlt_obtained-in-session', 'https://h.example/attachments/abc123'].every(masked));
    endSessionSecrets();
    for (const gone of ['tok_session-one', 'sec_session-one', 'system-pass-1', 'dlt_obtained-in-session', 'https://h.example/attachments/abc123']) {
      assert.ok(!masked(gone), `${gone} is forgotten`);
      assert.strictEqual(secretsKept(gone).has, false);
    }
    assert.ok(masked('outside-any-session-1'), 'a value registered outside any session is kept (bounded)');
  });

  test('a renewal keeps the session and its DownloadTokens; a new sign-in forgets the previous session', () => {
    sessionSecrets(['tok_first-token', 'sec_first-secure', 'system-pass-1'], false);
    registerSecret('dlt_from-first-token');
    sessionSecrets(['tok_renewed-token', 'sec_renewed-secure', 'system-pass-1'], true);
    assert.ok(['tok_first-token', 'dlt_from-first-token', 'tok_renewed-token'].every(masked), 'all of one session');
    sessionSecrets(['tok_other-sign-in', 'sec_other-sign-in', 'system-pass-2'], false);
    assert.ok(!masked('tok_first-token') && !masked('dlt_from-first-token') && !masked('tok_renewed-token') && !masked('system-pass-1'));
    assert.ok(masked('tok_other-sign-in') && masked('system-pass-2'));
  });

  test('a held value is masked until released, also across a session end; holds are counted', () => {
    const a = holdSecrets('user-password-9');
    const b = holdSecrets('user-password-9');
    endSessionSecrets();
    assert.ok(masked('user-password-9'));
    a();
    a(); // twice is once
    assert.ok(masked('user-password-9'), 'still held by the second request');
    b();
    assert.ok(!masked('user-password-9'));
    assert.strictEqual(secretsKept().count, 0);
  });

  suite('against the fake server', () => {
    let server: FakeConnectServer;
    suiteSetup(async () => {
      server = await FakeConnectServer.start();
    });
    suiteTeardown(async () => {
      await server.stop();
    });
    setup(() => server.reset());

    const client = (): ConnectClient => new ConnectClient({ baseUrl: server.url, timeoutMs: 2000 });

    test('no user password is kept once CreateSession has returned, whether it succeeded or failed', async () => {
      const res = await client().createSession(USER);
      assert.ok(masked(res.result.token) && masked(res.result.secureToken ?? ''), 'the tokens are masked');
      assert.ok(masked(DEMO_SYSTEM.systemPassword), 'the system password is kept for renewal, so masked');
      assert.strictEqual(secretsKept(DEMO_USER.userPassword).has, false, 'the user password is not kept');
      await assert.rejects(client().createSession({ ...USER, userPassword: 'a-wrong-password-7' }));
      assert.strictEqual(secretsKept('a-wrong-password-7').has, false);
    });

    test('while CreateSession runs, the user password is masked: a server echoing it does not show it', async () => {
      server.injectFault({ kind: 'status', status: 'Error', code: 'InvalidUsernameOrPassword', message: `Bad password ${DEMO_USER.userPassword} for ann` }, { operation: 'CreateSession' });
      const err = await client().createSession(USER).then(
        () => assert.fail('expected an error'),
        (e: unknown) => e as Error,
      );
      assert.ok(!err.message.includes(DEMO_USER.userPassword), err.message);
      assert.match(err.message, /Bad password «redacted» for ann/);
      assert.strictEqual(secretsKept(DEMO_USER.userPassword).has, false);
    });

    test('the session manager: signed in, the tokens and DownloadTokens are masked; signed out, none is kept', async () => {
      const manager = new SessionManager({
        keychain: new Keychain(new MemorySecrets()),
        client,
        renewBeforeMinutes: () => 5,
        clock: new ManualClock(),
      });
      try {
        await manager.signIn(USER);
        const s = manager.current();
        assert.ok(s?.secureToken);
        assert.strictEqual(secretsKept(DEMO_USER.userPassword).has, false, 'no user password after sign-in');
        const auth = await client().getImageDownloadAuthorizations(s.secureToken, [{ imageId: '83454800', sizeKey: 'Large' }]);
        const dlt = auth.result[0].authorizations[0].downloadToken;
        assert.ok(masked(s.token) && masked(s.secureToken) && masked(dlt));
        await manager.renew();
        const renewed = manager.current();
        assert.ok(renewed && renewed.token !== s.token && masked(renewed.token));
        assert.ok(masked(dlt), 'a renewal keeps the DownloadTokens of the session');
        await manager.signOut();
        for (const gone of [s.token, s.secureToken, renewed.token, renewed.secureToken ?? '', dlt, DEMO_SYSTEM.systemPassword]) {
          assert.strictEqual(secretsKept(gone).has, false, 'forgotten at sign-out');
        }
        assert.strictEqual(secretsKept().count, 0);
      } finally {
        manager.dispose();
      }
    });

    test('a session adopted from the store (another window signed in or renewed) is masked here too', async () => {
      const store = new MemorySecrets();
      const clock = new ManualClock();
      const manager = new SessionManager({ keychain: new Keychain(store), client, renewBeforeMinutes: () => 5, clock });
      try {
        await store.store(
          'gettyConnect.session',
          JSON.stringify({ kind: 'user', token: 'tok_from-another-window', secureToken: 'sec_from-another-window', systemId: DEMO_SYSTEM.systemId, systemPassword: 'sys-pw-other', expiresAt: clock.t + 20 * 60_000 }),
        );
        await manager.restore();
        assert.ok(masked('tok_from-another-window') && masked('sec_from-another-window') && masked('sys-pw-other'));
      } finally {
        manager.dispose();
      }
    });
  });

  suite('the cost of masking a line', () => {
    // A long log line with a few secrets in it, and much text that merely looks like them.
    const line = (secrets: string[]): string =>
      Array.from({ length: 4000 }, (_, i) => (i % 500 === 7 ? secrets[i % secrets.length] : `dlt_${i.toString(36)}xx tok_ sec_ ${i}`)).join(' ');

    test('the work per line stays flat from 10 to 10,000 secrets (no pass per secret)', () => {
      const few = Array.from({ length: 10 }, (_, i) => fakeToken(i));
      const many = Array.from({ length: 10_000 }, (_, i) => fakeToken(i));
      const text = line(few);
      registerSecret(...few);
      const outFew = redact(text);
      const costFew = lastRedactionCost();
      forgetSecrets();
      registerSecret(...many);
      const outMany = redact(text);
      const costMany = lastRedactionCost();
      assert.strictEqual(outMany, outFew, 'the same secrets masked');
      assert.strictEqual((outFew.match(/«redacted»/g) ?? []).length, 8);
      assert.ok(!few.some((s) => outFew.includes(s)));
      // The old list scanned the line once per secret: 10,000 passes. Now only secrets sharing
      // a place's first 8 characters are compared there: a few, against a line of ~100,000 characters.
      assert.ok(costFew < 100 && costMany < 1000, `comparisons: ${costFew} with 10 secrets, ${costMany} with 10,000`);
      assert.ok(costMany * 100 < text.length, `comparisons (${costMany}) are a small fraction of the line's ${text.length} characters`);
    });

    test('where one secret starts another, the longer is masked whole; adjacent secrets both go', () => {
      registerSecret('abcd', 'abcdefgh-long-one', 'abcdefgh-long', 'zzzz');
      assert.strictEqual(redact('x abcdefgh-long-one y abcdefgh-long z abcd abcdzzzz'), 'x «redacted» y «redacted» z «redacted» «redacted»«redacted»');
      assert.strictEqual(redact('abc'), 'abc');
      assert.strictEqual(redact(''), '');
    });

    test('prose that names a token is not a field: "the old token: sign in again" keeps its words', () => {
      assert.strictEqual(redact('the service no longer accepts the old token: sign in again.'), 'the service no longer accepts the old token: sign in again.');
      assert.strictEqual(redact('{"token": "abc123", "password":"pw"}'), '{"token": "«redacted»", "password":"«redacted»"}');
      assert.strictEqual(redact('SecureToken=sec_x1 and Token: tok_y2'), 'SecureToken="«redacted»" and Token: "«redacted»"');
    });

    test('a line with no secret comes back unchanged (the same string)', () => {
      registerSecret(...Array.from({ length: 100 }, (_, i) => fakeToken(i)));
      const text = 'GetImageDetails Success in 12 ms (CoordinationId 1b2c)';
      assert.strictEqual(redact(text), text);
    });
  });
});
