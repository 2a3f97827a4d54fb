// A small wrapper over SecretStorage: the whole session lives under one key,
// shared by every window.
import { STORAGE_KEYS } from '../names';
import { SecretStore, StoredSession } from './sessionTypes';

const SESSION_KEY = STORAGE_KEYS.session;
/** Which window is renewing which token: the windows agree on one before a RenewSession goes out. */
const RENEWAL_KEY = STORAGE_KEYS.renewalClaim;

export class Keychain {
  constructor(private readonly secrets: SecretStore) {}

  async load(): Promise<StoredSession | undefined> {
    const raw = await this.secrets.get(SESSION_KEY);
    if (!raw) {
      return undefined;
    }
    try {
      const value = JSON.parse(raw) as Partial<StoredSession>;
      if (typeof value.token === 'string' && typeof value.expiresAt === 'number' && typeof value.systemId === 'string') {
        return value as StoredSession;
      }
    } catch {
      // Unreadable: treated as no session, and removed below.
    }
    await this.clear();
    return undefined;
  }

  save(session: StoredSession): Thenable<void> {
    return this.secrets.store(SESSION_KEY, JSON.stringify(session));
  }

  clear(): Thenable<void> {
    return this.secrets.delete(SESSION_KEY);
  }

  /** Removes the stored session only while it is the one with `token`: never another window's newer one. */
  async clearIf(token: string): Promise<void> {
    const raw = await this.secrets.get(SESSION_KEY);
    if (raw === undefined) return;
    let stored: string | undefined;
    try {
      stored = (JSON.parse(raw) as { token?: string }).token;
    } catch {
      stored = undefined;
    }
    if (stored === undefined || stored === token) await this.clear();
  }

  /** True when other windows share this store and hear of its changes (VS Code's SecretStorage). */
  get shared(): boolean {
    return typeof this.secrets.onDidChange === 'function';
  }

  /** Records that `owner` is about to renew `token`. */
  claimRenewal(owner: string, token: string): Thenable<void> {
    return this.secrets.store(RENEWAL_KEY, JSON.stringify({ owner, token }));
  }

  /** The owner of the last claim to renew `token`, if any. */
  async renewalOwner(token: string): Promise<string | undefined> {
    try {
      const claim = JSON.parse((await this.secrets.get(RENEWAL_KEY)) ?? '{}') as { owner?: string; token?: string };
      return claim.token === token ? claim.owner : undefined;
    } catch {
      return undefined;
    }
  }

  /** Tells `listener` when the stored session may have changed (in any window). */
  onDidChange(listener: () => void): { dispose(): void } {
    const subscription = this.secrets.onDidChange?.((e) => e.key === SESSION_KEY && listener());
    return { dispose: () => void subscription?.dispose() };
  }
}
