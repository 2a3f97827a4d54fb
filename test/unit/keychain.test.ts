// What is kept in SecretStorage, under which key, and what is made of a stored
// value that is not a usable session.
import * as assert from 'assert';
import { Keychain } from '../../src/session/keychain';
import { SecretStore, StoredSession } from '../../src/session/sessionTypes';

const KEY = 'gettyConnect.session';

/** SecretStorage in memory, recording every write. */
class RecordingSecrets implements SecretStore {
  readonly map = new Map<string, string>();
  readonly writes: string[] = [];
  async get(k: string) {
    return this.map.get(k);
  }
  async store(k: string, v: string) {
    this.writes.push(`store ${k}`);
    this.map.set(k, v);
  }
  async delete(k: string) {
    this.writes.push(`delete ${k}`);
    this.map.delete(k);
  }
}

const SESSION: StoredSession = {
  kind: 'user',
  token: 'tok_1',
  secureToken: 'sec_1',
  systemId: 'demo-system',
  systemPassword: 'demo-system-pass',
  userName: 'demo.user',
  expiresAt: Date.parse('2026-11-22T10:30:00Z'),
};

suite('Keychain', () => {
  let secrets: RecordingSecrets;
  let keychain: Keychain;

  setup(() => {
    secrets = new RecordingSecrets();
    keychain = new Keychain(secrets);
  });

  test('the whole session is kept under one key that earlier versions also read', async () => {
    await keychain.save(SESSION);
    assert.deepStrictEqual([...secrets.map.keys()], [KEY]);
    assert.deepStrictEqual(JSON.parse(secrets.map.get(KEY)!), SESSION);
    assert.deepStrictEqual(await keychain.load(), SESSION);
  });

  test('a session stored by an earlier window is read back', async () => {
    secrets.map.set(KEY, JSON.stringify(SESSION));
    assert.deepStrictEqual(await keychain.load(), SESSION);
  });

  test('nothing stored: no session, and nothing is written', async () => {
    assert.strictEqual(await keychain.load(), undefined);
    secrets.map.set(KEY, '');
    assert.strictEqual(await keychain.load(), undefined);
    assert.deepStrictEqual(secrets.writes, []);
  });

  test('a stored value without a token, an expiry or a system id is no session, and is removed', async () => {
    const broken: Record<string, unknown>[] = [
      { ...SESSION, token: undefined },
      { ...SESSION, token: 42 },
      { ...SESSION, expiresAt: '2026-11-22T10:30:00Z' },
      { ...SESSION, expiresAt: undefined },
      { ...SESSION, systemId: null },
      { ...SESSION, systemId: undefined },
    ];
    for (const value of broken) {
      secrets.map.set(KEY, JSON.stringify(value));
      assert.strictEqual(await keychain.load(), undefined, JSON.stringify(value));
      assert.strictEqual(secrets.map.has(KEY), false, JSON.stringify(value));
    }
  });

  test('an unreadable stored value is no session, and is removed', async () => {
    for (const raw of ['{not json', 'null', '"a string"', '[]']) {
      secrets.map.set(KEY, raw);
      assert.strictEqual(await keychain.load(), undefined, raw);
      assert.strictEqual(secrets.map.has(KEY), false, raw);
    }
  });

  test('clear removes the session', async () => {
    await keychain.save(SESSION);
    await keychain.clear();
    assert.strictEqual(secrets.map.size, 0);
    assert.strictEqual(await keychain.load(), undefined);
  });
});
