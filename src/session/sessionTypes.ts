// Session shapes shared by the manager, the status bar and the commands.

export type SessionKind = 'user' | 'application';

/** Everything kept in SecretStorage for one session (all of it secret or session-bound). */
export interface StoredSession {
  kind: SessionKind;
  token: string;
  secureToken?: string;
  systemId: string;
  /** Needed by RenewSession; kept only in SecretStorage. */
  systemPassword: string;
  userName?: string;
  accountId?: string;
  /** Expiry, in ms since the epoch, computed from TokenDurationMinutes when the token arrived. */
  expiresAt: number;
  /** The endpoint that issued the tokens: they are sent nowhere else. */
  endpoint?: string;
}

/** What callers of the commands get back: no token in it. */
export interface SessionSummary {
  kind: SessionKind;
  accountId?: string;
  userName?: string;
  expiresAt: string;
  minutesRemaining: number;
}

export type SessionState = 'signedOut' | 'active' | 'expired';

/** The subset of VS Code's SecretStorage the manager needs. */
export interface SecretStore {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
  /** Fires when any window changes a key (VS Code's SecretStorage.onDidChange); may repeat. */
  onDidChange?(listener: (e: { key: string }) => unknown): { dispose(): unknown };
}

/** Minutes left, rounded up: a fresh 30-minute token shows 30, the last seconds show 1. */
export function minutesLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 60_000));
}

export function summarize(s: Pick<StoredSession, 'kind' | 'accountId' | 'userName' | 'expiresAt'>, now: number): SessionSummary {
  const summary: SessionSummary = {
    kind: s.kind,
    expiresAt: new Date(s.expiresAt).toISOString(),
    minutesRemaining: minutesLeft(s.expiresAt, now),
  };
  if (s.accountId !== undefined) {
    summary.accountId = s.accountId;
  }
  if (s.userName !== undefined) {
    summary.userName = s.userName;
  }
  return summary;
}
