// Retrying like a good citizen: only what the service asks to be retried (HTTP
// 429 and 503) and connections that broke before an answer, a bounded number of
// times, backing off with jitter and honouring Retry-After.
//
// No `vscode` import: runs and is tested in plain Node.
import { ConnectHttpError } from './errors';
import { classifyFailure } from './failures';

/** Attempts in all, the first one included. */
export const MAX_ATTEMPTS = 4;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8000;
/** A Retry-After longer than this is not waited for silently: the failure is reported. */
const MAX_RETRY_AFTER_MS = 30_000;

export interface RetryOptions {
  signal?: AbortSignal;
  attempts?: number;
  /** Waits `ms` (tests pass a fake); rejects when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** How long to wait before trying `error`'s request again (attempt counts from 1), or undefined: not to be retried. */
export function retryDelay(error: unknown, attempt: number, random: () => number = Math.random): number | undefined {
  if (!classifyFailure(error).retryable) return undefined;
  const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  const jittered = Math.round(backoff * (0.5 + random() * 0.5)); // jitter: callers do not come back together
  if (error instanceof ConnectHttpError && error.retryAfterMs !== undefined) {
    // At least what the server asked for.
    return error.retryAfterMs <= MAX_RETRY_AFTER_MS ? Math.max(error.retryAfterMs, jittered) : undefined;
  }
  return jittered;
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** True when the service asked to slow down (HTTP 429 or 503). */
export function isThrottled(error: unknown): boolean {
  return classifyFailure(error).throttled;
}

/**
 * At most `max` requests at once; once the service throttles, one at a time for the
 * rest of the work: a throttled service is not asked more often than it answers.
 */
export class RequestGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private max: number) {}

  get limit(): number {
    return this.max;
  }

  throttled(): void {
    this.max = 1;
  }

  async run<T>(request: () => Promise<T>): Promise<T> {
    while (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await request();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Runs `request`, again after a delay while its failure is retryable, at most `attempts` times. */
export async function withRetry<T>(request: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const delay = attempt < attempts ? retryDelay(error, attempt, options.random) : undefined;
      if (delay === undefined || options.signal?.aborted) throw error;
      options.onRetry?.(error, attempt, delay);
      await (options.sleep ?? sleepFor)(delay, options.signal);
    }
  }
}
