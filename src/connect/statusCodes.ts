// What a person should do about each documented Connect status code. The table
// holds the codes the documentation names (../shared/seeds: the seed pages and
// the status-code appendix in more-operations.md), both forms of each pair it
// lists twice, and nothing else: any other code is `unknown` and shown raw.
import { l10n } from '../l10n';

export type ErrorReason =
  | 'systemCredentials'
  | 'userCredentials'
  /** FailedToRenewToken: the session cannot be renewed any more. */
  | 'tokenExpired'
  | 'secureTokenRequired'
  | 'insecureTransport'
  | 'noAgreement'
  /** The image, its size or the offering is the problem, not the session. */
  | 'image'
  /** A DownloadToken is expired or invalid: check the image again. */
  | 'downloadToken'
  | 'invalidRequest'
  | 'serviceUnavailable'
  /** Informational codes (a Warning's entries). */
  | 'notice'
  /** A code no document names. */
  | 'unknown';

export interface CodeInfo {
  reason: ErrorReason;
  advice: string;
}

/** A table entry: the advice is translated when it is read, never at load (the translator is set on activation). */
interface Entry {
  reason: ErrorReason;
  advice: () => string;
}

const USE_HTTPS: Entry = { reason: 'insecureTransport', advice: () => l10n.t('The service requires HTTPS. Set "gettyConnect.endpoint" to an https:// address.') };
const TOKEN_OVER_HTTP: Entry = {
  reason: 'insecureTransport',
  advice: () => l10n.t('A secure token was sent over plain HTTP and refused. Set "gettyConnect.endpoint" to an https:// address, then sign in again.'),
};
const SECURE_TOKEN: Entry = { reason: 'secureTokenRequired', advice: () => l10n.t('This operation needs the secure token of a user session. Sign in with a user name.') };
const TRY_LATER: Entry = { reason: 'serviceUnavailable', advice: () => l10n.t('The Connect service had an internal error. Try again later.') };
const CHECK_AGAIN: Entry = { reason: 'downloadToken', advice: () => l10n.t('The download token is no longer valid (tokens last 24 hours). Check the image again for a fresh one.') };

export const STATUS_CODES: Readonly<Record<string, Entry>> = {
  'AUTH-002': USE_HTTPS,
  OperationRequiresHttps: USE_HTTPS,
  'AUTH-014': TOKEN_OVER_HTTP,
  SecureTokenPassedOverHttp: TOKEN_OVER_HTTP,
  'AUTH-021': {
    reason: 'secureTokenRequired',
    advice: () => l10n.t('The token is not fully authenticated: this operation needs a user session, and an anonymous application session is not enough. Sign in with a user name.'),
  },
  'AUTH-023': SECURE_TOKEN,
  OperationRequiresSecureToken: SECURE_TOKEN,
  FailedToRenewToken: { reason: 'tokenExpired', advice: () => l10n.t('The session could not be renewed: its token has expired or was replaced. Sign in again.') },
  InvalidSystemIdOrPassword: {
    reason: 'systemCredentials',
    advice: () => l10n.t('The System ID or System password is wrong. Check the system credentials Getty Images assigned to you and sign in again.'),
  },
  InvalidUsernameOrPassword: { reason: 'userCredentials', advice: () => l10n.t('The user name or user password is wrong. Sign in again with the Getty Images user account.') },
  ImageNotFound: { reason: 'image', advice: () => l10n.t('No image has this ID. Check the ID for typos.') },
  MissingImageId: { reason: 'image', advice: () => l10n.t('An image ID was missing from the request.') },
  AssetNotAvailable: { reason: 'image', advice: () => l10n.t('The image is not available for download any more.') },
  InvalidSizeKey: { reason: 'image', advice: () => l10n.t('This size key does not exist for the image. Check the sizes the image details list.') },
  InvalidProductOffering: { reason: 'image', advice: () => l10n.t('The product offering is not valid for this download.') },
  NoAuthorizations: { reason: 'image', advice: () => l10n.t('None of your product offerings authorizes this download.') },
  ExpiredDownloadToken: CHECK_AGAIN,
  InvalidDownloadToken: CHECK_AGAIN,
  FailedToGetDownloadUrl: { reason: 'serviceUnavailable', advice: () => l10n.t('The service could not create the download URL. Try again later.') },
  NoAgreement: { reason: 'noAgreement', advice: () => l10n.t('The account has no download agreement. Contact your Getty Images account manager.') },
  AlternativeAgreement: { reason: 'notice', advice: () => l10n.t('An alternative agreement authorized the download.') },
  DefaultLanguageUsed: { reason: 'notice', advice: () => l10n.t("The service answered in its default language.") },
  InvalidRequest: { reason: 'invalidRequest', advice: () => l10n.t('The service rejected the request as invalid.') },
  SystemError: TRY_LATER,
  InternalError: TRY_LATER,
  DependentServiceDown: { reason: 'serviceUnavailable', advice: () => l10n.t('A service the Connect API depends on is down. Try again later.') },
};

/** The documented meaning of `code`; `unknown` (with no advice) for any code no document names. */
export function classifyStatus(code: string): CodeInfo {
  if (!Object.prototype.hasOwnProperty.call(STATUS_CODES, code)) return { reason: 'unknown', advice: '' };
  const entry = STATUS_CODES[code];
  return { reason: entry.reason, advice: entry.advice() };
}
