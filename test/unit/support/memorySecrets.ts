// SecretStorage for the unit tests: a map in memory, with no change events (one window).
import { SecretStore } from '../../../src/session/sessionTypes';

export class MemorySecrets implements SecretStore {
  readonly map = new Map<string, string>();
  async get(k: string): Promise<string | undefined> {
    return this.map.get(k);
  }
  async store(k: string, v: string): Promise<void> {
    this.map.set(k, v);
  }
  async delete(k: string): Promise<void> {
    this.map.delete(k);
  }
}
