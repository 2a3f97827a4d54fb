// The keychain over a store other windows share: clear only what is ours, claims to renew, change events.
import * as assert from 'assert';
import { Keychain } from '../../src/session/keychain';
import { SecretStore } from '../../src/session/sessionTypes';

class Store implements SecretStore {
  readonly map = new Map<string, string>();
  readonly listeners = new Set<(e: { key: string }) => unknown>();
  async get(k: string) { return this.map.get(k); }
  async store(k: string, v: string) { this.map.set(k, v); this.listeners.forEach((l) => l({ key: k })); }
  async delete(k: string) { this.map.delete(k); this.listeners.forEach((l) => l({ key: k })); }
  onDidChange(listener: (e: { key: string }) => unknown) { this.listeners.add(listener); return { dispose: () => this.listeners.delete(listener) }; }
}

const SESSION = 'gettyConnect.session';
const session = (token: string) => JSON.stringify({ kind: 'user', token, systemId: 's', systemPassword: 'p', expiresAt: 1 });

suite('keychain shared by windows', () => {
  test('clearIf removes the stored session only while it holds that token', async () => {
    const store = new Store();
    const keychain = new Keychain(store);
    store.map.set(SESSION, session('tok_theirs'));
    await keychain.clearIf('tok_mine');
    assert.strictEqual(store.map.get(SESSION), session('tok_theirs'), "someone else's session stays");
    await keychain.clearIf('tok_theirs');
    assert.strictEqual(store.map.has(SESSION), false);
    await keychain.clearIf('tok_any'); // nothing stored: nothing to do
    store.map.set(SESSION, 'not json');
    await keychain.clearIf('tok_mine');
    assert.strictEqual(store.map.has(SESSION), false, 'an unreadable entry goes');
  });

  test('renewal claims: the last writer owns a token; a claim for another token is nobody\'s', async () => {
    const store = new Store();
    const a = new Keychain(store);
    const b = new Keychain(store);
    assert.strictEqual(await a.renewalOwner('tok_1'), undefined);
    await a.claimRenewal('window-a', 'tok_1');
    await b.claimRenewal('window-b', 'tok_1');
    assert.strictEqual(await a.renewalOwner('tok_1'), 'window-b');
    assert.strictEqual(await b.renewalOwner('tok_2'), undefined);
    store.map.set('gettyConnect.renewalClaim', '{');
    assert.strictEqual(await a.renewalOwner('tok_1'), undefined, 'an unreadable claim is nobody\'s');
  });

  test('change events: only the session key, and none after dispose; a store without events is not shared', async () => {
    const store = new Store();
    const keychain = new Keychain(store);
    assert.strictEqual(keychain.shared, true);
    let heard = 0;
    const subscription = keychain.onDidChange(() => heard++);
    await store.store(SESSION, session('tok_1'));
    await store.store('gettyConnect.renewalClaim', '{}');
    await store.store('other.key', 'x');
    assert.strictEqual(heard, 1);
    subscription.dispose();
    await store.delete(SESSION);
    assert.strictEqual(heard, 1);
    const plain = new Keychain({ get: async () => undefined, store: async () => undefined, delete: async () => undefined });
    assert.strictEqual(plain.shared, false);
    plain.onDidChange(() => heard++).dispose();
  });
});
