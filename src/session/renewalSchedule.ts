// When the one timer of a session fires, and what it does then: renew the session
// before it expires, or end it at its expiry. Pure arithmetic over the clock's time.
// No `vscode` import.

/** Retry delay for an automatic renewal that failed and did not end the session. */
export const AUTO_RETRY_MS = 30_000;

export interface ScheduleInput {
  /** Milliseconds until the token expires (> 0). */
  left: number;
  /** `gettyConnect.renewBeforeExpiryMinutes`; 0 turns automatic renewal off. */
  renewBeforeMinutes: number;
  /** How much earlier this window renews, so that windows do not renew together. */
  jitterMs: number;
  /** A retry of a failed automatic renewal: its delay, or Infinity when given up. */
  retryInMs?: number;
}

export type Timer = { action: 'renew' | 'expire'; inMs: number };

/** The next automatic renewal, or the expiry when none comes first. */
export function nextTimer({ left, renewBeforeMinutes: before, jitterMs, retryInMs }: ScheduleInput): Timer {
  // A token shorter-lived than the renewal window is renewed at half its life, not in a loop.
  const due = left - before * 60_000;
  // The jitter moves a renewal earlier by at most half the time until it is due.
  let renewIn = before > 0 ? retryInMs ?? due - Math.min(jitterMs, Math.max(0, due / 2)) : Infinity;
  if (renewIn <= 0) {
    renewIn = left / 2;
  }
  return renewIn >= left ? { action: 'expire', inMs: left } : { action: 'renew', inMs: renewIn };
}

/** The delay of the next try after automatic renewal `attempt` failed: bounded like every other retry. */
export function autoRetryDelay(attempt: number, maxAttempts: number, left: number): number {
  return attempt < maxAttempts ? Math.min(AUTO_RETRY_MS, left / 2) : Infinity;
}
