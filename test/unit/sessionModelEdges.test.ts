// Session model edges found by mutation testing (issue 15) after the split into
// sessionHolder / sessionManager / renewalSchedule: when the next renewal is shown as
// due, that a session with automatic renewal off ends at its expiry instead of renewing,
// that an expired token is never offered to the service, and that the secrets of a
// session replaced by another account's are forgotten.
import * as assert from 'assert';
import { ApiResponse, ConnectClient, ImageDetails, secretsKept, forgetSecrets, SessionTokens, SystemCredentials, UserCredentials } from '../../src/connect';
import { Keychain } from '../../src/session/keychain';
import { nextTimer } from '../../src/session/renewalSchedule';
import { SessionEvent, SessionManager } from '../../src/session/sessionManager';
import { ManualClock } from './support/manualClock';
import { MemorySecrets } from './support/memorySecrets';

const MINUTE = 60_000;
const USER: UserCredentials = { systemId: 'sys', systemPassword: 'sys-secret', userName: 'ann', userPassword: 'ann-secret' };


/** Answers at once: each session gets numbered tokens; counts what was sent. */
class StubClient extends ConnectClient {
  sessions = 0;
  renewals = 0;
  detailsAsked = 0;
  constructor() {
    super({ baseUrl: 'https://connect.example.com/v1', timeoutMs: 1000 });
  }
  private answer(result: SessionTokens): ApiResponse<SessionTokens> {
    return { result, notices: [], status: 'Success', coordinationId: 'c' };
  }
  override async createSession(): Promise<ApiResponse<SessionTokens>> {
    this.sessions++;
    return this.answer({ token: `tok_${this.sessions}`, secureToken: `sec_${this.sessions}`, tokenDurationMinutes: 30 });
  }
  override async createApplicationSession(): Promise<ApiResponse<SessionTokens>> {
    this.sessions++;
    return this.answer({ token: `app_${this.sessions}`, tokenDurationMinutes: 30 });
  }
  override async renewSession(_token: string, _creds: SystemCredentials): Promise<ApiResponse<SessionTokens>> {
    this.renewals++;
    return this.answer({ token: `tok_r${this.renewals}`, secureToken: `sec_r${this.renewals}`, tokenDurationMinutes: 30 });
  }
  override async getImageDetails(): Promise<ApiResponse<ImageDetails[]>> {
    this.detailsAsked++;
    return { result: [], notices: [], status: 'Success', coordinationId: 'c' };
  }
}

suite('session model edges', () => {
  let clock: ManualClock;
  let client: StubClient;
  let managers: SessionManager[];

  setup(() => {
    forgetSecrets();
    clock = new ManualClock();
    client = new StubClient();
    managers = [];
  });
  teardown(() => {
    managers.forEach((m) => m.dispose());
    forgetSecrets();
  });

  function open(renewBeforeMinutes: number): SessionManager {
    const m = new SessionManager({ keychain: new Keychain(new MemorySecrets()), client: () => client, renewBeforeMinutes: () => renewBeforeMinutes, clock });
    managers.push(m);
    return m;
  }

  suite('the next renewal', () => {
    test('nextTimer: renew the renewal window before expiry; with renewal off, end at expiry', () => {
      assert.deepStrictEqual(nextTimer({ left: 30 * MINUTE, renewBeforeMinutes: 5, jitterMs: 0 }), { action: 'renew', inMs: 25 * MINUTE });
      assert.deepStrictEqual(nextTimer({ left: 30 * MINUTE, renewBeforeMinutes: 0, jitterMs: 0 }), { action: 'expire', inMs: 30 * MINUTE });
    });

    test('signed in, the renewal is due 5 minutes before the 30-minute token expires; with renewal off none is due', async () => {
      const m = open(5);
      const start = clock.now();
      await m.signIn(USER);
      assert.strictEqual(m.nextRenewalAt, start + 25 * MINUTE);
      const off = open(0);
      await off.signIn(USER);
      assert.strictEqual(off.nextRenewalAt, undefined);
    });

    test('with renewal off, the session ends at its expiry: no renewal is tried, none reported failed', async () => {
      const m = open(0);
      const events: SessionEvent[] = [];
      m.onEvent((e) => events.push(e));
      await m.signIn(USER);
      clock.advance(30 * MINUTE);
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      assert.strictEqual(client.renewals, 0, 'nothing renewed');
      assert.deepStrictEqual(events.map((e) => e.type).filter((t) => t === 'autoRenewFailed'), [], 'no "automatic renewal failed" for a renewal that was off');
      assert.strictEqual(m.current(), undefined);
      assert.strictEqual(m.state, 'expired');
    });
  });

  suite('tokenAccepted', () => {
    test('a token whose expiry has come (the machine slept through its timer) is not offered to the service', async () => {
      const m = open(0);
      await m.signIn(USER);
      const expiresAt = m.current()?.expiresAt ?? assert.fail('signed in');
      clock.t = expiresAt; // time jumps: no timer has fired yet
      assert.strictEqual(await m.tokenAccepted(), false);
      clock.t = expiresAt + MINUTE;
      assert.strictEqual(await m.tokenAccepted(), false);
      assert.strictEqual(client.detailsAsked, 0, 'the expired token was not sent');
      clock.t = expiresAt - MINUTE;
      assert.strictEqual(await m.tokenAccepted(), true, 'a live token is checked with the service');
      assert.strictEqual(client.detailsAsked, 1);
    });
  });

  suite("the secrets of a session replaced by another account's", () => {
    test('another user of the same system: the first user\'s tokens are no longer kept', async () => {
      const m = open(5);
      await m.signIn(USER);
      await m.signIn({ ...USER, userName: 'bob' });
      assert.strictEqual(secretsKept('tok_1').has, false);
      assert.strictEqual(secretsKept('sec_1').has, false);
      assert.strictEqual(secretsKept('tok_2').has, true);
    });

    test('the same user name on another system: the first system password is no longer kept', async () => {
      const m = open(5);
      await m.signIn(USER);
      await m.signIn({ ...USER, systemId: 'sys2', systemPassword: 'sys2-secret' });
      assert.strictEqual(secretsKept('sys-secret').has, false);
      assert.strictEqual(secretsKept('tok_1').has, false);
      assert.strictEqual(secretsKept('sys2-secret').has, true);
    });

    test('an application session after a user session without a user name: the user session\'s tokens are no longer kept', async () => {
      const m = open(5);
      await m.signIn({ ...USER, userName: '' });
      await m.signInApplication({ systemId: USER.systemId, systemPassword: USER.systemPassword });
      assert.strictEqual(secretsKept('sec_1').has, false);
      assert.strictEqual(secretsKept('app_2').has, true);
    });

    test('a renewal of the same session keeps the system password masked', async () => {
      const m = open(5);
      await m.signIn(USER);
      await m.renew();
      assert.strictEqual(secretsKept('sys-secret').has, true);
    });
  });
});
