// What a person should do about each documented Connect status code.

export type ErrorReason =
  | 'systemCredentials'
  | 'userCredentials'
  | 'tokenExpired'
  | 'secureTokenRequired'
  | 'insecureTransport'
  | 'noAgreement'
  | 'invalidRequest'
  | 'serviceUnavailable'
  | 'other';

interface CodeInfo {
  reason: ErrorReason;
  advice: string;
}

const CODES: Record<string, CodeInfo> = {
  InvalidSystemIdOrPassword: {
    reason: 'systemCredentials',
    advice: 'The System ID or System password is wrong. Check the system credentials Getty Images assigned to you and sign in again.',
  },
  InvalidUsernameOrPassword: {
    reason: 'userCredentials',
    advice: 'The user name or user password is wrong. Sign in again with the Getty Images user account.',
  },
  FailedToRenewToken: {
    reason: 'tokenExpired',
    advice: 'The session could not be renewed: its token has expired or was replaced. Sign in again.',
  },
  // Not a documented code; what the project's fake server says for a replaced token.
  InvalidToken: {
    reason: 'tokenExpired',
    advice: 'The session token is no longer valid (expired or replaced by a renewal). Sign in again.',
  },
  'AUTH-002': {
    reason: 'insecureTransport',
    advice: 'The service requires HTTPS. Set "gettyConnect.endpoint" to an https:// address.',
  },
  'AUTH-014': {
    reason: 'insecureTransport',
    advice: 'A secure token was sent over plain HTTP and refused. Set "gettyConnect.endpoint" to an https:// address.',
  },
  'AUTH-021': {
    reason: 'secureTokenRequired',
    advice: 'This operation needs a user session; an anonymous application session is not enough. Sign in with a user name.',
  },
  'AUTH-023': {
    reason: 'secureTokenRequired',
    advice: 'This operation needs the secure token of a user session. Sign in with a user name.',
  },
  NoAgreement: {
    reason: 'noAgreement',
    advice: 'The account has no download agreement. Contact your Getty Images account manager.',
  },
  InvalidRequest: {
    reason: 'invalidRequest',
    advice: 'The service rejected the request as invalid.',
  },
  SystemError: { reason: 'serviceUnavailable', advice: 'The Connect service had an internal error. Try again later.' },
  InternalError: { reason: 'serviceUnavailable', advice: 'The Connect service had an internal error. Try again later.' },
  DependentServiceDown: {
    reason: 'serviceUnavailable',
    advice: 'A service the Connect API depends on is down. Try again later.',
  },
};

/** The documented expired-token code is not in the specification; any code or message naming expiry counts. */
function looksExpired(code: string, message: string): boolean {
  return /expired/i.test(code) || /token (has )?expired|expired token/i.test(message);
}

export function classifyStatus(code: string, message: string): CodeInfo {
  const known = CODES[code];
  if (known) {
    return known;
  }
  if (looksExpired(code, message)) {
    return { reason: 'tokenExpired', advice: 'The session token has expired. Sign in again.' };
  }
  return { reason: 'other', advice: '' };
}
