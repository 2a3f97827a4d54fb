// What the session model needs from outside, and what it tells the UI.
// No `vscode` import.
import { ConnectClient } from '../connect';
import { Clock } from './clock';
import { Keychain } from './keychain';

export interface SessionManagerDeps {
  keychain: Keychain;
  /** A factory: a client for the endpoint and timeout set now (the field's name is the tests' contract). */
  client: () => ConnectClient;
  /** `gettyConnect.renewBeforeExpiryMinutes`; 0 turns automatic renewal off. */
  renewBeforeMinutes: () => number;
  /** The endpoint requests go to now: a session belongs to the endpoint that issued it. */
  endpoint?: () => string;
  clock?: Clock;
  /** Subtracted from each automatic renewal's delay, so that windows do not renew together. */
  renewJitterMs?: () => number;
}

export type SessionEvent =
  | { type: 'autoRenewFailed'; error: unknown }
  /** The store could not keep the session (no keyring): it lives in this window's memory only. */
  | { type: 'notPersisted'; error: unknown }
  /** The endpoint setting changed: the session of the old endpoint ended. */
  | { type: 'endpointChanged'; from: string; to: string };
