// A typed client for the Connect API v1: one function per operation. It has
// no `vscode` import, so it runs and is tested in plain Node.
import { randomUUID } from 'crypto';
import { validateEndpoint } from './endpoint';
import { buildRequest, readResponse } from './envelope';
import {
  ConnectApiError,
  ConnectCancelledError,
  ConnectHttpError,
  ConnectNetworkError,
  ConnectProtocolError,
  ConnectTimeoutError,
} from './errors';
import { MappingError, toDownloadUrls, toImageAuthorizations, toImageDetails, toLargestAuthorizations, toSessionTokens } from './mapping';
import { holdSecrets, registerSecret } from './redact';
import { ConnectTlsError } from './tls';
import { Transport } from './transport';
import {
  ApiResponse,
  DownloadUrl,
  ImageAuthorization,
  ImageDetails,
  ImageSize,
  Operation,
  RequestEvent,
  SessionTokens,
  SystemCredentials,
  UserCredentials,
} from './types';

export interface ConnectClientOptions {
  /** Base URL, e.g. https://connect.gettyimages.com/v1; plain http only for loopback. */
  baseUrl: string;
  timeoutMs: number;
  /** Called once per request, whatever its outcome; carries no secret. */
  onRequest?: (event: RequestEvent) => void;
}

const PATHS: Record<Operation, string> = {
  CreateSession: '/session/CreateSession',
  CreateApplicationSession: '/session/CreateApplicationSession',
  RenewSession: '/session/RenewSession',
  GetImageDownloadAuthorizations: '/download/GetImageDownloadAuthorizations',
  GetLargestImageDownloadAuthorizations: '/download/GetLargestImageDownloadAuthorizations',
  GetImageDetails: '/search/GetImageDetails',
  CreateDownloadRequest: '/download/CreateDownloadRequest',
};

/** "Other published material limits a request to about 90 image IDs." */
export const MAX_DETAILS_PER_REQUEST = 90;

export class ConnectClient {
  private readonly transport: Transport;

  constructor(private readonly options: ConnectClientOptions) {
    this.transport = new Transport({ baseUrl: validateEndpoint(options.baseUrl), timeoutMs: options.timeoutMs });
  }

  async createSession(creds: UserCredentials, signal?: AbortSignal): Promise<ApiResponse<SessionTokens>> {
    // Masked while the request runs; once it returns, the user password is kept nowhere, not even here.
    const release = holdSecrets(creds.systemPassword, creds.userPassword);
    try {
      const res = await this.call('CreateSession', null, {
        SystemId: creds.systemId,
        SystemPassword: creds.systemPassword,
        UserName: creds.userName,
        UserPassword: creds.userPassword,
      }, (r, where) => toSessionTokens(r, where, true), signal);
      return this.remember(res, creds.systemPassword);
    } finally {
      release();
    }
  }

  async createApplicationSession(creds: SystemCredentials, signal?: AbortSignal): Promise<ApiResponse<SessionTokens>> {
    const release = holdSecrets(creds.systemPassword);
    try {
      const res = await this.call('CreateApplicationSession', null, {
        SystemId: creds.systemId,
        SystemPassword: creds.systemPassword,
      }, (r, where) => toSessionTokens(r, where, false), signal);
      return this.remember(res, creds.systemPassword);
    } finally {
      release();
    }
  }

  /**
   * Renews a session before it expires. `token` is the session's SecureToken
   * (the field table's "Nil" is a documentation error), or the Token of an
   * application session, which has no SecureToken.
   */
  async renewSession(token: string, creds: SystemCredentials, signal?: AbortSignal): Promise<ApiResponse<SessionTokens>> {
    registerSecret(token, creds.systemPassword);
    const res = await this.call('RenewSession', token, {
      SystemId: creds.systemId,
      SystemPassword: creds.systemPassword,
    }, (r, where) => toSessionTokens(r, where, false), signal);
    return this.remember(res, creds.systemPassword);
  }

  /** Needs the SecureToken of a user session. */
  async getImageDownloadAuthorizations(
    secureToken: string,
    imageSizes: ImageSize[],
    signal?: AbortSignal,
  ): Promise<ApiResponse<ImageAuthorization[]>> {
    registerSecret(secureToken);
    const res = await this.call('GetImageDownloadAuthorizations', secureToken, {
      ImageSizes: imageSizes.map((s) => ({ ImageId: s.imageId, SizeKey: s.sizeKey })),
    }, toImageAuthorizations, signal);
    for (const image of res.result) {
      for (const auth of image.authorizations) {
        registerSecret(auth.downloadToken);
      }
    }
    return res;
  }

  /** The largest size each of the customer's offerings allows; needs the SecureToken. Images with no authorization may be left out. */
  async getLargestImageDownloadAuthorizations(secureToken: string, imageIds: string[], signal?: AbortSignal): Promise<ApiResponse<ImageAuthorization[]>> {
    registerSecret(secureToken);
    const res = await this.call('GetLargestImageDownloadAuthorizations', secureToken, {
      Images: imageIds.map((id) => ({ ImageId: id })),
    }, toLargestAuthorizations, signal);
    res.result.forEach((image) => image.authorizations.forEach((a) => registerSecret(a.downloadToken)));
    return res;
  }

  /** What the images are; at most MAX_DETAILS_PER_REQUEST IDs. Unknown IDs are missing from the result. */
  async getImageDetails(secureToken: string, imageIds: string[], signal?: AbortSignal): Promise<ApiResponse<ImageDetails[]>> {
    if (imageIds.length > MAX_DETAILS_PER_REQUEST) {
      throw new RangeError(`GetImageDetails takes at most ${MAX_DETAILS_PER_REQUEST} image IDs per request (got ${imageIds.length})`);
    }
    registerSecret(secureToken);
    return this.call('GetImageDetails', secureToken, { ImageIds: imageIds }, toImageDetails, signal);
  }

  /** Turns DownloadTokens into download URLs; each call uses up one download of a non-free offering. */
  async createDownloadRequest(secureToken: string, downloadTokens: string[], signal?: AbortSignal): Promise<ApiResponse<DownloadUrl[]>> {
    registerSecret(secureToken);
    registerSecret(...downloadTokens);
    const res = await this.call('CreateDownloadRequest', secureToken, {
      DownloadItems: downloadTokens.map((t) => ({ DownloadToken: t })),
    }, toDownloadUrls, signal);
    // A download URL works for whoever holds it, like the token it came from.
    res.result.forEach((u) => registerSecret(u.urlAttachment));
    return res;
  }

  /** The tokens, and the system password a session keeps for its renewals. */
  private remember(res: ApiResponse<SessionTokens>, systemPassword: string): ApiResponse<SessionTokens> {
    registerSecret(res.result.token, res.result.secureToken, systemPassword);
    return res;
  }

  private async call<T>(
    operation: Operation,
    token: string | null,
    body: object,
    map: (result: Record<string, unknown>, where: string) => T,
    signal?: AbortSignal,
  ): Promise<ApiResponse<T>> {
    const coordinationId = randomUUID();
    const started = Date.now();
    const event = (outcome: string, codes: string[] = []): void =>
      this.options.onRequest?.({ operation, coordinationId, outcome, codes, durationMs: Date.now() - started });
    try {
      const raw = await this.transport.post(operation, PATHS[operation], buildRequest(operation, token, coordinationId, body), coordinationId, signal);
      const envelope = readResponse(operation, raw, coordinationId);
      let result: T;
      try {
        result = map(envelope.result, `${operation}Result`);
      } catch (err) {
        if (err instanceof MappingError) {
          throw new ConnectProtocolError(operation, err.message, coordinationId);
        }
        throw err;
      }
      event(envelope.status, envelope.statusList.map((s) => s.code));
      return { result, notices: envelope.statusList, status: envelope.status, coordinationId };
    } catch (err) {
      event(outcomeOf(err), err instanceof ConnectApiError ? err.codes : []);
      throw err;
    }
  }
}

function outcomeOf(err: unknown): string {
  if (err instanceof ConnectApiError) return 'Error';
  if (err instanceof ConnectHttpError) return `HTTP ${err.httpStatus}`;
  if (err instanceof ConnectTimeoutError) return 'timeout';
  if (err instanceof ConnectCancelledError) return 'cancelled';
  if (err instanceof ConnectTlsError) return `TLS error ${err.code}`;
  if (err instanceof ConnectNetworkError) return `network error ${err.code}`;
  if (err instanceof ConnectProtocolError) return 'malformed response';
  return 'failed';
}
