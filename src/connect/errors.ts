// Typed errors of the Connect client. Every message is safe to show: it
// names what failed and what to do, and it is passed through `redact`.
import { redact } from './redact';
import { classifyStatus, ErrorReason } from './statusCodes';
import { Operation, StatusEntry } from './types';
import { l10n } from '../l10n';

export abstract class ConnectError extends Error {
  /** True when trying again later may work (timeouts, resets, 5xx). */
  abstract readonly transient: boolean;

  protected constructor(
    message: string,
    readonly operation: Operation | undefined,
    readonly coordinationId: string | undefined,
  ) {
    super(redact(message));
    this.name = new.target.name;
  }
}

/** The service answered with `Status: Error`. */
export class ConnectApiError extends ConnectError {
  readonly reason: ErrorReason;
  readonly transient: boolean;

  constructor(
    operation: Operation,
    readonly statusList: StatusEntry[],
    coordinationId: string,
  ) {
    super(ConnectApiError.describe(operation, statusList, coordinationId), operation, coordinationId);
    const first = statusList[0] ?? { code: '', message: '' };
    const info = classifyStatus(first.code);
    this.reason = info.reason;
    this.transient = info.reason === 'serviceUnavailable';
  }

  get codes(): string[] {
    return this.statusList.map((s) => s.code);
  }

  /** True when the first code is one no document names. */
  get unknownCode(): boolean {
    return this.reason === 'unknown';
  }

  private static describe(operation: Operation, list: StatusEntry[], coordinationId: string): string {
    if (list.length === 0) {
      return l10n.t('{0} failed: the service reported an error without details (CoordinationId {1}).', operation, coordinationId);
    }
    const advice = [...new Set(list.map((s) => classifyStatus(s.code).advice).filter(Boolean))];
    const details = list.map((s) => `${s.code || 'no code'}: ${s.message || 'no message'}`).join('; ');
    // A code no document names is shown raw, with what support needs to trace it.
    const unknown = list.some((s) => classifyStatus(s.code).reason === 'unknown') ? l10n.t('; CoordinationId {0}', coordinationId) : '';
    return l10n.t('{0} failed. {1}{2}({3}{4})', operation, advice.join(' '), advice.length ? ' ' : '', details, unknown);
  }
}

/** The server answered with an HTTP error status and no usable Connect envelope. */
export class ConnectHttpError extends ConnectError {
  readonly transient: boolean;

  constructor(
    operation: Operation,
    readonly httpStatus: number,
    statusText: string,
    coordinationId: string,
    /** What the server's Retry-After asked for, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    const hint =
      httpStatus === 429
        ? l10n.t('The service is limiting requests; wait a little and try again.')
        : httpStatus >= 500
          ? l10n.t('The service is having trouble; try again later.')
          : httpStatus === 404
            ? l10n.t('Check "gettyConnect.endpoint": the address does not serve the Connect API.')
            : l10n.t('Check "gettyConnect.endpoint" and your network.');
    super(l10n.t('{0} failed: the server answered HTTP {1}{2}. {3}', operation, httpStatus, statusText ? ' ' + statusText : '', hint), operation, coordinationId);
    this.transient = httpStatus >= 500 || httpStatus === 429 || httpStatus === 408;
  }
}

/** No answer within the configured time. */
export class ConnectTimeoutError extends ConnectError {
  readonly transient = true;

  constructor(operation: Operation, readonly timeoutMs: number, coordinationId: string) {
    super(
      l10n.t('{0} timed out after {1} s. The service may be slow or unreachable; try again, or raise "gettyConnect.requestTimeoutSeconds".', operation, Math.round(timeoutMs / 1000)),
      operation,
      coordinationId,
    );
  }
}

/** The connection could not be made or was cut (refused, reset, DNS). */
export class ConnectNetworkError extends ConnectError {
  readonly transient = true;

  constructor(operation: Operation, readonly code: string, coordinationId: string) {
    const what: Record<string, string> = {
      ECONNREFUSED: l10n.t('the connection was refused'),
      ECONNRESET: l10n.t('the connection was reset'),
      ENOTFOUND: l10n.t('the host name could not be resolved'),
      EAI_AGAIN: l10n.t('the host name could not be resolved'),
      ETIMEDOUT: l10n.t('the connection timed out'),
      EHOSTUNREACH: l10n.t('the host is unreachable'),
      ENETUNREACH: l10n.t('the network is unreachable'),
      ERR_BAD_RESPONSE: l10n.t('the response was cut off'),
    };
    super(
      l10n.t('{0} failed: {1}. Check your network, proxy settings and "gettyConnect.endpoint".', operation, what[code] ?? l10n.t('a network error occurred ({0})', code)),
      operation,
      coordinationId,
    );
  }
}

/** The server answered something that is not a well-formed Connect response. */
export class ConnectProtocolError extends ConnectError {
  readonly transient = false;

  constructor(operation: Operation, detail: string, coordinationId: string) {
    super(l10n.t("{0} failed: the server's response is malformed: {1}.", operation, detail), operation, coordinationId);
  }
}

/** The caller gave up (cancellation); not an error to report. */
export class ConnectCancelledError extends ConnectError {
  readonly transient = false;

  constructor(operation: Operation, coordinationId: string) {
    super(l10n.t('{0} was cancelled.', operation), operation, coordinationId);
  }
}

/** The configured endpoint is unusable (bad URL, or plain HTTP to a non-loopback host). */
export class EndpointError extends ConnectError {
  readonly transient = false;

  constructor(message: string) {
    super(message, undefined, undefined);
  }
}

/** Fetching a download URL failed; the message says why and what to do. */
export class DownloadError extends ConnectError {
  readonly transient = false;

  constructor(
    message: string,
    /** The user cancelled: nothing to report beyond a note. */
    readonly cancelled = false,
  ) {
    super(message, undefined, undefined);
  }
}

/** Why an operation that needs a session could not use one: no session, an expired one, or an application session. */
export type SessionProblem = 'signedOut' | 'expired' | 'active' | 'applicationSession';

/**
 * Thrown when an operation needs a session state the user is not in. It lives here, beside
 * the client's errors, so that the one classification (failures.ts) knows it too.
 */
export class SessionStateError extends Error {
  constructor(readonly state: SessionProblem, message: string) {
    super(message);
    this.name = 'SessionStateError';
  }
}
