// The one classification of failures. Every decision about an error reads it here:
// whether a request is sent again (retry.ts), whether a check stops sending batches,
// whether the session's token was refused and the session must be recovered, whether
// a failed renewal ends the session, and which action a message offers.
//
// No `vscode` import: runs and is tested in plain Node.
import { ConnectApiError, ConnectError, ConnectHttpError, ConnectNetworkError, EndpointError, SessionStateError } from './errors';

/** Connections that broke before an answer came: the request is safe to send again. */
const BROKEN_BEFORE_ANSWER = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ERR_BAD_RESPONSE'];

/** What a person can do about a failure; the message offers it as a button. */
export type Remedy = 'signIn' | 'signInAgain' | 'openSettings';

export interface FailureClass {
  /** Trying again later may work (timeouts, resets, 5xx, 408, 429): `ConnectError.transient`. */
  transient: boolean;
  /** The service asked to slow down (HTTP 429 or 503). */
  throttled: boolean;
  /** Sent again automatically after a delay: the service asked for it, or the connection broke before an answer. */
  retryable: boolean;
  /** The service refused the session's credentials or its renewal: a renewal that fails so ends the session. */
  sessionOver: boolean;
  /**
   * The session's token stopped working mid-way: its own clock says it expired, or the service
   * refused it with a code no document names (the documents name none for an expired or
   * replaced token), FailedToRenewToken, or asked for a secure token although one was sent.
   * The session is recovered (adopted from another window, or signed in again) and the work goes on.
   */
  tokenRefused: boolean;
  /** The session is not in the state the operation needs (signed out, expired, application session). */
  sessionState: boolean;
  /** No further request of the same check can succeed: it stops sending batches. */
  stopsCheck: boolean;
  /** The action a message about it offers, if any. */
  remedy: Remedy | undefined;
}

/** Classifies any thrown value; values that are no Connect error get all-false answers. */
export function classifyFailure(err: unknown): FailureClass {
  const reason = err instanceof ConnectApiError ? err.reason : undefined;
  const throttled = err instanceof ConnectHttpError && (err.httpStatus === 429 || err.httpStatus === 503);
  const broken = err instanceof ConnectNetworkError && BROKEN_BEFORE_ANSWER.includes(err.code);
  const sessionState = err instanceof SessionStateError;
  const sessionOver = reason === 'tokenExpired' || reason === 'systemCredentials' || reason === 'userCredentials';
  const tokenRefused =
    (err instanceof SessionStateError && err.state === 'expired') || reason === 'unknown' || reason === 'tokenExpired' || reason === 'secureTokenRequired';
  let remedy: Remedy | undefined;
  if (sessionState || reason === 'tokenExpired' || reason === 'secureTokenRequired') {
    remedy = err instanceof SessionStateError && err.state === 'signedOut' ? 'signIn' : 'signInAgain';
  } else if (err instanceof EndpointError || reason === 'insecureTransport') {
    remedy = 'openSettings';
  }
  return {
    transient: err instanceof ConnectError && err.transient,
    throttled,
    retryable: throttled || broken,
    sessionOver,
    tokenRefused,
    sessionState,
    stopsCheck: sessionOver || tokenRefused || sessionState || err instanceof EndpointError,
    remedy,
  };
}

/** True for failures that say the token or credentials no longer work. */
export function isAuthFailure(err: unknown): boolean {
  return classifyFailure(err).sessionOver;
}

/** The message of anything thrown, for a log line or a message. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
