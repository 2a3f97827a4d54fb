// Domain types of the Connect API client: camelCase, already validated.

export type Operation =
  | 'CreateSession'
  | 'CreateApplicationSession'
  | 'RenewSession'
  | 'GetImageDownloadAuthorizations'
  | 'GetLargestImageDownloadAuthorizations'
  | 'GetImageDetails'
  | 'CreateDownloadRequest';

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
  /** The size this authorization grants: GetLargestImageDownloadAuthorizations names it per offering. */
  sizeKey?: string;
}

export interface ImageAuthorization {
  imageId: string;
  /** The size asked for; empty when the largest available size was asked for. */
  sizeKey: string;
  status: ImageStatus;
  authorizations: DownloadAuthorization[];
  /** True when checked with GetLargestImageDownloadAuthorizations: each authorization names its size. */
  largest?: boolean;
  /** The image's title, from GetImageDetails, when it came. */
  title?: string;
}

/** One downloadable size of an image (GetImageDetails' SizesDownloadableImages). */
export interface DownloadableSize {
  sizeKey: string;
  sizeName?: string;
  pixelWidth?: number;
  pixelHeight?: number;
  fileSizeInBytes?: number;
}

/** What GetImageDetails says an image is. */
export interface ImageDetails {
  imageId: string;
  title?: string;
  caption?: string;
  artist?: string;
  collectionName?: string;
  creditLine?: string;
  /** Parsed from the `/Date(ms±hhmm)/` form. */
  dateCreated?: Date;
  imageFamily?: string;
  licensingModel?: string;
  applicableProductOfferings: string[];
  urlThumb?: string;
  urlPreview?: string;
  sizes: DownloadableSize[];
}

/** Documented per-item statuses of CreateDownloadRequest; `Success` and `Available` mean the same. */
export type DownloadStatus = 'Success' | 'Available' | 'NoAccess' | 'Unavailable' | 'ExpiredToken' | 'InvalidToken' | (string & {});

export interface DownloadUrl {
  imageId?: string;
  sizeName?: string;
  status: DownloadStatus;
  urlAttachment?: string;
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
