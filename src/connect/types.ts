// Domain types of the Connect API client: camelCase, already validated.

export type Operation =
  | 'CreateSession'
  | 'CreateApplicationSession'
  | 'RenewSession'
  | 'GetImageDownloadAuthorizations';

/** One entry of ResponseHeader.StatusList. */
export interface StatusEntry {
  type: string;
  code: string;
  message: string;
}

export interface SystemCredentials {
  systemId: string;
  systemPassword: string;
}

export interface UserCredentials extends SystemCredentials {
  userName: string;
  userPassword: string;
}

/** Tokens issued by CreateSession, CreateApplicationSession or RenewSession. */
export interface SessionTokens {
  token: string;
  /** Only user sessions have one; it authorizes the HTTPS-only operations. */
  secureToken?: string;
  tokenDurationMinutes: number;
  accountId?: string;
}

export interface ImageSize {
  imageId: string;
  sizeKey: string;
}

/** Documented per-image statuses; anything else the server says is kept as is. */
export type ImageStatus = 'Available' | 'InvalidSizeKey' | 'ImageNotFound' | 'NoAuthorizations' | (string & {});

export interface DownloadAuthorization {
  productOfferingType: string;
  productOfferingInstanceId?: string;
  downloadIsFree: boolean;
  downloadToken: string;
  downloadsRemaining?: number;
}

export interface ImageAuthorization {
  imageId: string;
  sizeKey: string;
  status: ImageStatus;
  authorizations: DownloadAuthorization[];
}

/** A successful (or Warning) answer: the result, plus whatever StatusList said. */
export interface ApiResponse<T> {
  result: T;
  /** Entries of a Warning (or informational entries of a Success) response. */
  notices: StatusEntry[];
  status: 'Success' | 'Warning';
  coordinationId: string;
}

/** What the client reports about each request; it never carries a secret. */
export interface RequestEvent {
  operation: Operation;
  coordinationId: string;
  /** `Success`, `Warning`, `Error`, or how the transport failed (`HTTP 500`, `timeout`, ...). */
  outcome: string;
  codes: string[];
  durationMs: number;
}
