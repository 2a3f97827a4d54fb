// A small wrapper over SecretStorage: the whole session lives under one key.
import { SecretStore, StoredSession } from './sessionTypes';

const SESSION_KEY = 'gettyConnect.session';

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
}
