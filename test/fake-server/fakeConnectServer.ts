// A fake Connect API v1 server that follows the specification in the
// project's seed documents: the four operations, token lifetimes on its own
// clock, renewal that invalidates old tokens, per-image statuses, Warning
// responses and switchable faults. Plain Node `http` on 127.0.0.1, or `https`
// with the `tls` option.
//
// It also serves the three operations of ../shared/seeds/more-operations.md:
// GetLargestImageDownloadAuthorizations (each offering grants its own largest
// size), GetImageDetails (ASP.NET `\/Date(...)\/` dates, picture URLs on this
// server) and CreateDownloadRequest (per-item statuses, download counters per
// offering, attachment URLs on this server). Two GET routes serve real JPEGs
// from test/fixtures/images: /images/<ImageId>/<kind>.jpg (thumb, preview, comp,
// watermark-preview, watermark-comp) and /attachments/<id> (the download, with
// Content-Disposition; faults through injectFault(..., { operation: 'Attachment' })).
//
// It answers with documented status codes only. Where the documents are silent
// or say two things, a switch per test picks the reading (`Quirks`): the code
// and message for a token it no longer accepts (no document names one), images
// left out of the answer, a Warning on partial results, HTTPS-only operations,
// and the AUTH- or the named form of each code the documentation lists twice.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import { AddressInfo, Socket } from 'net';
import * as path from 'path';
import { DEMO_SYSTEM, DEMO_USER, IMAGES, imageDetails, largestGrantedSize, lookUpImage, Offering, OFFERINGS, SIZE_KEYS } from './catalog';

export type FakeOperation =
  | 'CreateSession'
  | 'CreateApplicationSession'
  | 'RenewSession'
  | 'GetImageDownloadAuthorizations'
  | 'GetLargestImageDownloadAuthorizations'
  | 'GetImageDetails'
  | 'CreateDownloadRequest';

/**
 * What a fault can target: an operation, or the GET of an attachment URL. A fault
 * injected without a target hits every operation but never an attachment.
 */
export type FaultTarget = FakeOperation | 'Attachment';

export type Fault =
  /** Wait this long, then answer normally, or with the fault `then` (a slow failure). */
  | { kind: 'delay'; ms: number; then?: Fault }
  | { kind: 'http500' }
  | { kind: 'malformedJson' }
  | { kind: 'reset' }
  | { kind: 'wrongCoordinationId' }
  /**
   * Answer with exactly this HTTP status, headers and body (a proxy's page, an
   * empty or oversized body, a hand-made envelope). `body` may be built from the
   * request's CoordinationId (null when the request sent none).
   */
  | { kind: 'raw'; httpStatus: number; headers?: Record<string, string>; body: string | ((coordinationId: string | null) => string) }
  /** Answer with this header status and entry (a Warning still carries the normal result). */
  | { kind: 'status'; status: 'Error' | 'Warning'; code: string; message: string }
  /** Answer with this HTTP status (e.g. 403, 429, 503) and a plain-text body, with Retry-After when given. */
  | { kind: 'httpStatus'; status: number; retryAfterSeconds?: number }
  /** Send the headers with the full Content-Length, then half the body, then destroy the socket. */
  | { kind: 'truncate' }
  /**
   * Status Warning with one Warning entry and no `<Operation>Result`: the documents say a
   * Warning "still carries a full result"; a service may not. Nothing is operated.
   */
  | { kind: 'warningNoResult'; code?: string; message?: string }
  /** Status Error with an empty StatusList: a failure and no word of why. Nothing is operated. */
  | { kind: 'emptyErrorList' };

// An attachment GET honours delay, reset, http500, httpStatus and truncate; it ignores the other kinds.

export interface LoggedRequest {
  time: number;
  operation: string;
  coordinationId: string | null;
  /** The HTTP request headers as received (names in lower case). */
  headers: http.IncomingHttpHeaders;
  /** RequestHeader.Token as sent (for CreateDownloadRequest: RequestHeader.SecureToken when there is no Token). */
  token: string | null;
  /** The header field the token came in, when there was one. */
  tokenField?: 'Token' | 'SecureToken';
  /** The parsed request body (`<Operation>RequestBody`). */
  body: Record<string, unknown> | undefined;
  httpStatus: number;
  status?: string;
  codes: string[];
  fault?: string;
}

export interface Quirks {
  /** Send TokenDurationMinutes as "30" (the field tables' String) instead of 30. */
  durationAsString?: boolean;
  /** Name of the authorization's instance id field. */
  instanceIdField?: 'ProductOfferingInstanceId' | 'InstanceId';
  /** Send "success" as in some of the documentation's examples. */
  lowercaseStatus?: boolean;
  omitAccountId?: boolean;
  /**
   * What it answers for a token it does not know, that was replaced by a renewal or
   * that expired: the documents name no code for it. Default: InvalidRequest.
   */
  tokenRefusal?: { code: string; message: string };
  /** Leave images that are not Available out of the answer ("contains an Image entry for each requested image the customer is authorized to download"). */
  omitUnauthorized?: boolean;
  /** Add a Warning entry for each image that is not Available (no Warning otherwise). */
  warnOnPartial?: boolean;
  /** Refuse plain http as the service does: AUTH-002 for the session operations, AUTH-014 for a secure token. */
  httpsOnly?: boolean;
  /** Answer with the named form of the documentation's paired codes (OperationRequiresHttps, ...) instead of the AUTH- form. */
  namedCodes?: boolean;
  /**
   * GetLargestImageDownloadAuthorizations: list an image no offering authorizes with
   * empty Authorizations. Default: leave it out ("each requested image the customer is
   * authorized to download"); the operation has no per-image status either way.
   */
  largestListsUnauthorized?: boolean;
  /**
   * RenewSession leaves the renewed token valid until it expires. The documents do not say
   * whether a renewal ends the old token; default: it does (the stricter reading).
   */
  renewalKeepsOldToken?: boolean;
  /** CreateDownloadRequest: say "Available" (the page's workflow text) instead of "Success" for a download URL. */
  downloadStatusAvailable?: boolean;

  // Scenario switches, not readings of the documents:

  /** CreateDownloadRequest answers Unavailable for these image IDs (and uses up no download). */
  unavailableImages?: string[];
  /** Serve every attachment as this many bytes: the JPEG, then generated bytes, streamed (for a benchmark). */
  attachmentBytes?: number;
  /** Throttle like a gateway: every `every`-th request of `operation` (default: any) gets this HTTP status, with Retry-After when given. */
  throttle?: { every: number; status: number; retryAfterSeconds?: number; operation?: FakeOperation };
}

/** An issued DownloadToken and what it authorizes. */
export interface IssuedDownloadToken {
  token: string;
  imageId: string;
  sizeKey: string;
  productOfferingType: string;
  downloadIsFree: boolean;
  /** On the fake's clock; the token expires 24 hours later. */
  issuedAt: number;
}

/** One GET of an attachment URL, or of a picture URL (/images/...). */
export interface LoggedFileRequest {
  time: number;
  /** The URL path, e.g. /attachments/9f2c... or /images/83454800/thumb.jpg. */
  path: string;
  imageId: string | null;
  /** Attachments: the size its DownloadToken authorized. */
  sizeKey?: string;
  httpStatus: number;
  /** Body bytes written (for a truncated download, fewer than Content-Length). */
  bytesSent: number;
  fault?: string;
}

/** The documentation's paired codes: the older AUTH- form and the named one. */
const PAIRED_CODES = {
  requiresHttps: ['AUTH-002', 'OperationRequiresHttps'],
  secureTokenOverHttp: ['AUTH-014', 'SecureTokenPassedOverHttp'],
  requiresSecureToken: ['AUTH-023', 'OperationRequiresSecureToken'],
} as const;

const DEFAULT_TOKEN_REFUSAL = { code: 'InvalidRequest', message: 'The token is malformed, invalid or expired.' };

/** Operations that refuse plain HTTP with AUTH-002 under the httpsOnly quirk (the others: AUTH-014 for a secure token). */
const HTTPS_ONLY_OPERATIONS = new Set<FakeOperation>(['CreateSession', 'CreateApplicationSession', 'RenewSession', 'CreateDownloadRequest']);

export interface FakeServerOptions {
  port?: number;
  tokenLifetimeMinutes?: number;
  quirks?: Quirks;
  /** Serve HTTPS with this private key and certificate (PEM); `url` is then https://. */
  tls?: { key: string; cert: string };
}

interface Session {
  kind: 'user' | 'application';
  systemId: string;
  userName?: string;
  accountId?: string;
  token: string;
  secureToken?: string;
  expiresAt: number;
  valid: boolean;
}

interface StatusEntry { Type: string; Code: string; Message: string }

class ApiFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const OPERATIONS: Record<string, FakeOperation> = {
  '/v1/session/CreateSession': 'CreateSession',
  '/v1/session/CreateApplicationSession': 'CreateApplicationSession',
  '/v1/session/RenewSession': 'RenewSession',
  '/v1/download/GetImageDownloadAuthorizations': 'GetImageDownloadAuthorizations',
  '/v1/download/GetLargestImageDownloadAuthorizations': 'GetLargestImageDownloadAuthorizations',
  '/v1/search/GetImageDetails': 'GetImageDetails',
  '/v1/download/CreateDownloadRequest': 'CreateDownloadRequest',
};

const MAX_IMAGE_SIZES_PER_REQUEST = 100;
/** "Other published material limits a request to about 90 image IDs." */
export const MAX_IMAGE_IDS_PER_DETAILS_REQUEST = 90;
/** "A DownloadToken expires 24 hours after it was issued." */
const DOWNLOAD_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;
/** GetImageDetails answers in English; another Language gets the DefaultLanguageUsed Warning. */
const SUPPORTED_LANGUAGE = /^en(-[a-z]{2})?$/i;
const PICTURE_KINDS = ['thumb', 'preview', 'comp', 'watermark-preview', 'watermark-comp'] as const;

/** test/fixtures/images, from test/fake-server or from out/test/fake-server. */
const FIXTURE_IMAGES = [path.resolve(__dirname, '..', 'fixtures', 'images'), path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'images')].find((d) =>
  fs.existsSync(d),
);
const jpegCache = new Map<string, Buffer>();

/** A JPEG of test/fixtures/images (made by makeJpegs.ts), read once. */
export function fixtureJpeg(file: string): Buffer {
  let bytes = jpegCache.get(file);
  if (!bytes) {
    if (!FIXTURE_IMAGES) {
      throw new Error('test/fixtures/images not found');
    }
    bytes = fs.readFileSync(path.join(FIXTURE_IMAGES, file));
    jpegCache.set(file, bytes);
  }
  return bytes;
}

/** The JPEG behind a picture URL of an image. */
function pictureFile(imageId: string, kind: (typeof PICTURE_KINDS)[number]): string {
  if (kind === 'thumb') {
    return IMAGES[imageId]?.details ? `thumb-${imageId}.jpg` : 'thumb-generic.jpg';
  }
  return kind.startsWith('watermark') ? 'watermark-640x480.jpg' : 'download-640x480.jpg';
}

/** The JPEG every attachment starts with. */
export const ATTACHMENT_JPEG = 'download-640x480.jpg';

/**
 * JSON as a .NET serializer writes it: a date string `/Date(...)/` comes out as
 * `"\/Date(...)\/"` (JSON.parse gives back `/Date(...)/`).
 */
function toJson(value: unknown): string {
  return JSON.stringify(value).replace(/"\/Date\((-?\d+(?:[+-]\d{4})?)\)\/"/g, '"\\/Date($1)\\/"');
}

function initialCounters(): Map<string, number> {
  return new Map(
    Object.values(OFFERINGS)
      .filter((o) => o.downloadsRemaining !== undefined)
      .map((o) => [o.type, o.downloadsRemaining as number]),
  );
}

function newToken(prefix: string): string {
  return prefix + randomBytes(18).toString('base64url');
}

export class FakeConnectServer {
  readonly requests: LoggedRequest[] = [];
  /** Every DownloadToken handed out, with what it authorizes. */
  readonly issuedDownloadTokens: IssuedDownloadToken[] = [];
  /** Every GET of an attachment URL (CreateDownloadRequest's UrlAttachment). */
  readonly attachmentRequests: LoggedFileRequest[] = [];
  /** Every GET of a picture URL (GetImageDetails' UrlThumb, UrlPreview, ...). */
  readonly pictureRequests: LoggedFileRequest[] = [];
  tokenLifetimeMinutes: number;
  quirks: Quirks;
  private clockOffsetMs = 0;
  private readonly sessions = new Map<string, Session>();
  private faults: { fault: Fault; operation?: FaultTarget; remaining: number }[] = [];
  private throttleCount = 0;
  /** Requests of each operation being answered now, and the most there ever were at once (since reset). */
  private readonly inFlight = new Map<FakeOperation, number>();
  private readonly peaks = new Map<FakeOperation, number>();
  /** The origin of the picture and attachment URLs it hands out (default: its own), e.g. a name reached through a proxy. */
  advertisedOrigin: string | undefined;
  private readonly downloadTokens = new Map<string, IssuedDownloadToken>();
  private readonly attachments = new Map<string, { imageId: string; sizeKey: string }>();
  private counters = initialCounters();
  private readonly sockets = new Set<Socket>();
  private readonly server: http.Server | https.Server;
  private readonly scheme: 'http' | 'https';

  private constructor(options: FakeServerOptions) {
    this.tokenLifetimeMinutes = options.tokenLifetimeMinutes ?? 30;
    this.quirks = { ...options.quirks };
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => void this.handle(req, res);
    this.scheme = options.tls ? 'https' : 'http';
    this.server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(options: FakeServerOptions = {}): Promise<FakeConnectServer> {
    const fake = new FakeConnectServer(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Base URL to give the client, e.g. http://127.0.0.1:41234/v1 (https:// with `tls`). */
  get url(): string {
    return `${this.scheme}://127.0.0.1:${this.port}/v1`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) {
      s.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- clock and tokens -------------------------------------------------

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  advanceClock(minutes: number): void {
    this.clockOffsetMs += minutes * 60_000;
  }

  expireAllTokens(): void {
    for (const s of this.sessions.values()) {
      s.expiresAt = Math.min(s.expiresAt, this.now() - 1);
    }
  }

  /** True while the token (or secure token) would be accepted. */
  isTokenValid(token: string): boolean {
    const s = this.sessions.get(token);
    return !!s && s.valid && s.expiresAt > this.now();
  }

  // ---- faults and log ---------------------------------------------------

  /**
   * Makes the next `times` requests (default: all, until cleared) of `operation` (default:
   * any operation; 'Attachment': the GET of an attachment URL) fail this way.
   */
  injectFault(fault: Fault, opts: { operation?: FaultTarget; times?: number } = {}): void {
    this.faults.push({ fault, operation: opts.operation, remaining: opts.times ?? Infinity });
  }

  clearFaults(): void {
    this.faults = [];
  }

  clearLog(): void {
    this.requests.length = 0;
  }

  /** The most requests of `operation` it was answering at one time, since the last reset(). */
  peakInFlight(operation: FakeOperation): number {
    return this.peaks.get(operation) ?? 0;
  }

  requestsFor(operation: FakeOperation): LoggedRequest[] {
    return this.requests.filter((r) => r.operation === operation);
  }

  // ---- download counters ------------------------------------------------

  /** Downloads left on an offering (a ProductOfferingType); undefined when the offering does not count them. */
  downloadsRemaining(offeringType: string): number | undefined {
    return this.counters.get(offeringType);
  }

  /** Sets an offering's downloads left (e.g. 0 to see NoAccess); until reset(). */
  setDownloadsRemaining(offeringType: string, count: number): void {
    this.counters.set(offeringType, count);
  }

  /**
   * Forgets every session, fault, logged request, issued DownloadToken and attachment;
   * the clock, quirks and download counters go back to normal.
   */
  reset(): void {
    this.sessions.clear();
    this.clearFaults();
    this.clearLog();
    this.issuedDownloadTokens.length = 0;
    this.downloadTokens.clear();
    this.attachments.clear();
    this.attachmentRequests.length = 0;
    this.pictureRequests.length = 0;
    this.counters = initialCounters();
    this.clockOffsetMs = 0;
    this.quirks = {};
    this.throttleCount = 0;
    this.peaks.clear();
    this.advertisedOrigin = undefined;
    this.tokenLifetimeMinutes = 30;
  }

  private code(which: keyof typeof PAIRED_CODES): string {
    return PAIRED_CODES[which][this.quirks.namedCodes ? 1 : 0];
  }

  private refuseToken(): never {
    const { code, message } = this.quirks.tokenRefusal ?? DEFAULT_TOKEN_REFUSAL;
    throw new ApiFailure(code, message);
  }

  private takeFault(operation: FaultTarget): Fault | undefined {
    const rule = this.faults.find((f) => (!f.operation && operation !== 'Attachment') || f.operation === operation);
    if (!rule) {
      return undefined;
    }
    rule.remaining -= 1;
    if (rule.remaining <= 0) {
      this.faults.splice(this.faults.indexOf(rule), 1);
    }
    return rule.fault;
  }

  // ---- HTTP -------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const urlPath = (req.url ?? '').split('?')[0];
    if ((req.method === 'GET' || req.method === 'HEAD') && urlPath.startsWith('/attachments/')) {
      return this.serveAttachment(req, res, urlPath);
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && urlPath.startsWith('/images/')) {
      return this.servePicture(req, res, urlPath);
    }
    const operation = OPERATIONS[urlPath];
    if (req.method !== 'POST' || !operation) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`No Connect operation at ${req.method} ${req.url}`);
      return;
    }
    const entry: LoggedRequest = { time: this.now(), operation, headers: req.headers, coordinationId: null, token: null, body: undefined, httpStatus: 200, codes: [] };
    this.requests.push(entry);
    const inFlight = (this.inFlight.get(operation) ?? 0) + 1;
    this.inFlight.set(operation, inFlight);
    this.peaks.set(operation, Math.max(this.peaks.get(operation) ?? 0, inFlight));
    res.once('close', () => this.inFlight.set(operation, (this.inFlight.get(operation) ?? 1) - 1));

    let parsed: Record<string, unknown> | undefined;
    try {
      const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      parsed = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      parsed = undefined;
    }
    const header = (parsed?.RequestHeader ?? {}) as Record<string, unknown>;
    entry.coordinationId = typeof header.CoordinationId === 'string' ? header.CoordinationId : null;
    // CreateDownloadRequest's JSON example puts the token in RequestHeader.SecureToken: accept either there.
    const tokenField =
      typeof header.Token === 'string' && (header.Token !== '' || operation !== 'CreateDownloadRequest')
        ? 'Token'
        : operation === 'CreateDownloadRequest' && typeof header.SecureToken === 'string'
          ? 'SecureToken'
          : undefined;
    entry.token = tokenField ? (header[tokenField] as string) : null;
    entry.tokenField = tokenField;
    entry.body = parsed?.[`${operation}RequestBody`] as Record<string, unknown> | undefined;

    let fault = this.takeFault(operation);
    const throttle = this.quirks.throttle;
    if (!fault && throttle && (!throttle.operation || throttle.operation === operation) && ++this.throttleCount % throttle.every === 0) {
      fault = { kind: 'httpStatus', status: throttle.status, retryAfterSeconds: throttle.retryAfterSeconds };
    }
    while (fault?.kind === 'delay') {
      const { ms } = fault;
      entry.fault = entry.fault ? `${entry.fault}, delay ${ms}` : `delay ${ms}`;
      await new Promise((r) => setTimeout(r, ms));
      if (req.socket.destroyed) {
        return;
      }
      fault = fault.then;
    }
    if (fault) {
      entry.fault = entry.fault ? `${entry.fault}, ${fault.kind}` : fault.kind;
    }
    switch (fault?.kind) {
      case 'reset':
        entry.httpStatus = 0;
        req.socket.destroy();
        return;
      case 'http500':
        entry.httpStatus = 500;
        res.writeHead(500, { 'Content-Type': 'text/html' }).end('<html><body><h1>500 Internal Server Error</h1><p>Something broke.</p></body></html>');
        return;
      case 'malformedJson':
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ResponseHeader": {"Status": "Success", "StatusList": [], ');
        return;
      case 'httpStatus':
        entry.httpStatus = fault.status;
        this.sendHttpStatus(res, fault.status, fault.retryAfterSeconds);
        return;
      case 'warningNoResult':
      case 'emptyErrorList': {
        const list = fault.kind === 'warningNoResult' ? [{ Type: 'Warning', Code: fault.code ?? 'AlternativeAgreement', Message: fault.message ?? 'An alternative agreement applies.' }] : [];
        entry.status = fault.kind === 'warningNoResult' ? 'Warning' : 'Error';
        entry.codes = list.map((l) => l.Code);
        res
          .writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
          .end(toJson({ ResponseHeader: { Status: entry.status, StatusList: list, CoordinationId: entry.coordinationId } }));
        return;
      }
      case 'raw':
        entry.httpStatus = fault.httpStatus;
        res.writeHead(fault.httpStatus, fault.headers ?? {}).end(typeof fault.body === 'function' ? fault.body(entry.coordinationId) : fault.body);
        return;
    }

    const echo = fault?.kind === 'wrongCoordinationId' ? `not-${entry.coordinationId ?? 'sent'}` : entry.coordinationId;
    let status: string;
    let statusList: StatusEntry[];
    let result: Record<string, unknown> | undefined;
    try {
      if (!parsed || !entry.body || typeof entry.body !== 'object') {
        throw new ApiFailure('InvalidRequest', `The request is not a JSON object with RequestHeader and ${operation}RequestBody.`);
      }
      if (fault?.kind === 'status' && fault.status === 'Error') {
        throw new ApiFailure(fault.code, fault.message);
      }
      if (this.quirks.httpsOnly && !(req.socket as { encrypted?: boolean }).encrypted) {
        if (HTTPS_ONLY_OPERATIONS.has(operation)) {
          throw new ApiFailure(this.code('requiresHttps'), 'This operation requires HTTPS.');
        }
        if (entry.token && this.sessions.get(entry.token)?.secureToken === entry.token) {
          throw new ApiFailure(this.code('secureTokenOverHttp'), 'A secure token was passed over HTTP.');
        }
      }
      const outcome = this.operate(operation, entry.token, entry.body);
      result = outcome.result;
      statusList = outcome.warnings;
      if (fault?.kind === 'status' && fault.status === 'Warning') {
        statusList.push({ Type: 'Warning', Code: fault.code, Message: fault.message });
      }
      status = statusList.some((s) => s.Type === 'Warning') ? 'Warning' : 'Success';
    } catch (err) {
      if (!(err instanceof ApiFailure)) {
        throw err;
      }
      status = 'Error';
      statusList = [{ Type: 'Error', Code: err.code, Message: err.message }];
      result = undefined;
    }
    entry.status = status;
    entry.codes = statusList.map((s) => s.Code);
    const body: Record<string, unknown> = {
      ResponseHeader: {
        Status: this.quirks.lowercaseStatus ? status.toLowerCase() : status,
        StatusList: statusList,
        CoordinationId: echo,
      },
    };
    if (result) {
      body[`${operation}Result`] = result;
    }
    const text = Buffer.from(toJson(body), 'utf8');
    if (fault?.kind === 'truncate') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': text.length });
      res.write(text.subarray(0, Math.floor(text.length / 2)), () => req.socket.destroy());
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(text);
  }

  private sendHttpStatus(res: http.ServerResponse, status: number, retryAfterSeconds?: number): void {
    const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'text/plain' };
    if (retryAfterSeconds !== undefined) {
      headers['Retry-After'] = String(retryAfterSeconds);
    }
    res.writeHead(status, headers).end(`${status} ${http.STATUS_CODES[status] ?? 'Error'}`);
  }

  /** GET /images/<ImageId>/<kind>.jpg: a picture URL of GetImageDetails. */
  private servePicture(req: http.IncomingMessage, res: http.ServerResponse, urlPath: string): void {
    const entry: LoggedFileRequest = { time: this.now(), path: urlPath, imageId: null, httpStatus: 200, bytesSent: 0 };
    this.pictureRequests.push(entry);
    const match = /^\/images\/([^/]+)\/([a-z-]+)\.jpg$/.exec(urlPath);
    let imageId = '';
    try {
      imageId = match ? decodeURIComponent(match[1]) : '';
    } catch {
      // a malformed escape: no such picture
    }
    const kind = PICTURE_KINDS.find((k) => k === match?.[2]);
    if (!kind || !imageDetails(imageId)) {
      entry.httpStatus = 404;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`No picture at ${urlPath}`);
      return;
    }
    entry.imageId = imageId;
    const jpeg = fixtureJpeg(pictureFile(imageId, kind));
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    entry.bytesSent = jpeg.length;
    res.end(jpeg);
  }

  /** GET /attachments/<id>: the file of a CreateDownloadRequest's UrlAttachment. */
  private async serveAttachment(req: http.IncomingMessage, res: http.ServerResponse, urlPath: string): Promise<void> {
    const entry: LoggedFileRequest = { time: this.now(), path: urlPath, imageId: null, httpStatus: 200, bytesSent: 0 };
    this.attachmentRequests.push(entry);
    const attachment = this.attachments.get(urlPath.slice('/attachments/'.length));
    if (!attachment) {
      entry.httpStatus = 404;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`No attachment at ${urlPath}`);
      return;
    }
    entry.imageId = attachment.imageId;
    entry.sizeKey = attachment.sizeKey;
    let fault = this.takeFault('Attachment');
    if (fault?.kind === 'delay') {
      entry.fault = `delay ${fault.ms}`;
      const ms = fault.ms;
      await new Promise((r) => setTimeout(r, ms));
      if (req.socket.destroyed) {
        return;
      }
      fault = undefined;
    }
    switch (fault?.kind) {
      case 'reset':
        entry.fault = fault.kind;
        entry.httpStatus = 0;
        req.socket.destroy();
        return;
      case 'http500':
      case 'httpStatus': {
        entry.fault = fault.kind;
        entry.httpStatus = fault.kind === 'http500' ? 500 : fault.status;
        this.sendHttpStatus(res, entry.httpStatus, fault.kind === 'httpStatus' ? fault.retryAfterSeconds : undefined);
        return;
      }
    }
    const jpeg = fixtureJpeg(ATTACHMENT_JPEG);
    const total = Math.max(jpeg.length, this.quirks.attachmentBytes ?? 0);
    res.writeHead(200, {
      'Content-Type': 'image/jpeg',
      'Content-Length': total,
      'Content-Disposition': `attachment; filename="${attachment.imageId}_${attachment.sizeKey}.jpg"`,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const truncate = fault?.kind === 'truncate';
    if (truncate) {
      entry.fault = 'truncate';
    }
    entry.bytesSent = await this.streamAttachment(res, jpeg, truncate ? Math.floor(total / 2) : total, truncate);
    if (truncate) {
      req.socket.destroy();
    } else if (!res.destroyed) {
      res.end();
    }
  }

  /**
   * Writes the JPEG then generated bytes, `limit` bytes in all, 64 KiB at a time with
   * backpressure (a 50 MB attachment is never in memory). With `flush`, waits until
   * the last chunk has left. Returns the bytes written.
   */
  private async streamAttachment(res: http.ServerResponse, jpeg: Buffer, limit: number, flush: boolean): Promise<number> {
    const filler = Buffer.alloc(64 * 1024, 0x5a);
    let sent = 0;
    while (sent < limit && !res.destroyed) {
      const chunk = sent < jpeg.length ? jpeg.subarray(sent, Math.min(jpeg.length, limit)) : filler.subarray(0, Math.min(filler.length, limit - sent));
      sent += chunk.length;
      const last = sent >= limit;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('close', done);
          res.off('drain', done);
          resolve();
        };
        res.once('close', done);
        if (last && flush) {
          res.write(chunk, () => done());
        } else if (res.write(chunk)) {
          done();
        } else {
          res.once('drain', done);
        }
      });
    }
    return sent;
  }

  // ---- operations -------------------------------------------------------

  private operate(operation: FakeOperation, token: string | null, body: Record<string, unknown>): { result: Record<string, unknown>; warnings: StatusEntry[] } {
    switch (operation) {
      case 'CreateSession':
        return { result: this.createSession(body), warnings: [] };
      case 'CreateApplicationSession':
        return { result: this.createApplicationSession(body), warnings: [] };
      case 'RenewSession':
        return { result: this.renewSession(token, body), warnings: [] };
      case 'GetImageDownloadAuthorizations':
        return this.getImageDownloadAuthorizations(token, body);
      case 'GetLargestImageDownloadAuthorizations':
        return this.getLargestImageDownloadAuthorizations(token, body);
      case 'GetImageDetails':
        return this.getImageDetails(token, body);
      case 'CreateDownloadRequest':
        return { result: this.createDownloadRequest(token, body), warnings: [] };
    }
  }

  private checkSystem(body: Record<string, unknown>): void {
    if (body.SystemId !== DEMO_SYSTEM.systemId || body.SystemPassword !== DEMO_SYSTEM.systemPassword) {
      throw new ApiFailure('InvalidSystemIdOrPassword', 'Invalid system id or password.');
    }
  }

  private issue(session: Omit<Session, 'token' | 'secureToken' | 'expiresAt' | 'valid'>): Record<string, unknown> {
    const s: Session = {
      ...session,
      token: newToken('tok_'),
      secureToken: session.kind === 'user' ? newToken('sec_') : undefined,
      expiresAt: this.now() + this.tokenLifetimeMinutes * 60_000,
      valid: true,
    };
    this.sessions.set(s.token, s);
    if (s.secureToken) {
      this.sessions.set(s.secureToken, s);
    }
    const duration = this.quirks.durationAsString ? String(this.tokenLifetimeMinutes) : this.tokenLifetimeMinutes;
    const result: Record<string, unknown> = { Token: s.token, TokenDurationMinutes: duration };
    if (s.secureToken) {
      result.SecureToken = s.secureToken;
    }
    if (s.accountId && !this.quirks.omitAccountId) {
      result.AccountId = s.accountId;
    }
    return result;
  }

  private createSession(body: Record<string, unknown>): Record<string, unknown> {
    this.checkSystem(body);
    if (body.UserName !== DEMO_USER.userName || body.UserPassword !== DEMO_USER.userPassword) {
      throw new ApiFailure('InvalidUsernameOrPassword', 'Invalid username or password.');
    }
    return this.issue({ kind: 'user', systemId: DEMO_SYSTEM.systemId, userName: DEMO_USER.userName, accountId: DEMO_USER.accountId });
  }

  private createApplicationSession(body: Record<string, unknown>): Record<string, unknown> {
    this.checkSystem(body);
    return this.issue({ kind: 'application', systemId: DEMO_SYSTEM.systemId });
  }

  private renewSession(token: string | null, body: Record<string, unknown>): Record<string, unknown> {
    const session = token ? this.sessions.get(token) : undefined;
    if (!session || !session.valid) {
      throw new ApiFailure('FailedToRenewToken', 'The token is not valid; it cannot be renewed.');
    }
    if (session.kind === 'user' && token !== session.secureToken) {
      throw new ApiFailure(this.code('requiresSecureToken'), 'This operation requires a secure token.');
    }
    if (session.expiresAt <= this.now()) {
      throw new ApiFailure('FailedToRenewToken', 'The token has expired; an expired token cannot be renewed. Call CreateSession to get a new token.');
    }
    this.checkSystem(body);
    if (!this.quirks.renewalKeepsOldToken) session.valid = false;
    return this.issue({ kind: session.kind, systemId: session.systemId, userName: session.userName, accountId: session.accountId });
  }

  /** The token checks of the operations that need a user session's SecureToken. */
  private requireUserSecureToken(token: string | null): void {
    const session = token ? this.sessions.get(token) : undefined;
    if (!session || !session.valid || session.expiresAt <= this.now()) {
      this.refuseToken();
    }
    if (session.kind === 'application') {
      throw new ApiFailure('AUTH-021', 'The token is not fully authenticated: this operation needs the secure token of a user session.');
    }
    if (token !== session.secureToken) {
      throw new ApiFailure(this.code('requiresSecureToken'), 'This operation requires a secure token.');
    }
  }

  /** Issues a DownloadToken: an Authorization entry for `imageId` at `sizeKey` from `o`, with SizeKey when `withSizeKey`. */
  private authorization(imageId: string, sizeKey: string, o: Offering, withSizeKey: boolean): Record<string, unknown> {
    const issued: IssuedDownloadToken = { token: newToken('dlt_'), imageId, sizeKey, productOfferingType: o.type, downloadIsFree: o.free, issuedAt: this.now() };
    this.issuedDownloadTokens.push(issued);
    this.downloadTokens.set(issued.token, issued);
    const a: Record<string, unknown> = {
      DownloadIsFree: o.free,
      DownloadToken: issued.token,
      [this.quirks.instanceIdField ?? 'ProductOfferingInstanceId']: o.instanceId ?? null,
      ProductOfferingType: o.type,
    };
    if (withSizeKey) {
      a.SizeKey = sizeKey;
    }
    const remaining = this.counters.get(o.type);
    if (remaining !== undefined) {
      a.DownloadsRemaining = remaining;
    }
    return a;
  }

  private getImageDownloadAuthorizations(token: string | null, body: Record<string, unknown>): { result: Record<string, unknown>; warnings: StatusEntry[] } {
    this.requireUserSecureToken(token);
    const sizes = body.ImageSizes;
    if (!Array.isArray(sizes) || sizes.length === 0) {
      throw new ApiFailure('InvalidRequest', 'ImageSizes must hold at least one ImageSize entry.');
    }
    if (sizes.length > MAX_IMAGE_SIZES_PER_REQUEST) {
      throw new ApiFailure('InvalidRequest', `At most ${MAX_IMAGE_SIZES_PER_REQUEST} ImageSizes per request.`);
    }
    const warnings: StatusEntry[] = [];
    const images = sizes.map((raw: unknown) => {
      const item = (raw ?? {}) as Record<string, unknown>;
      if (typeof item.ImageId !== 'string' || item.ImageId === '') {
        throw new ApiFailure('InvalidRequest', 'Every ImageSize entry needs an ImageId.');
      }
      const imageId = item.ImageId;
      const sizeKey = typeof item.SizeKey === 'string' ? item.SizeKey : '';
      const found = lookUpImage(imageId);
      let status: string = found.status;
      if (status === 'Available' && !SIZE_KEYS.includes(sizeKey)) {
        status = 'InvalidSizeKey';
      }
      if (status !== 'Available' && this.quirks.warnOnPartial) {
        warnings.push({ Type: 'Warning', Code: status, Message: `${imageId} (${sizeKey || 'no size key'}): ${status}` });
      }
      const authorizations = status === 'Available' ? found.offerings.map((name) => this.authorization(imageId, sizeKey, OFFERINGS[name], false)) : [];
      return { Authorizations: authorizations, ImageId: imageId, SizeKey: sizeKey, Status: status };
    });
    const listed = this.quirks.omitUnauthorized ? images.filter((i) => i.Status === 'Available') : images;
    return { result: { Images: listed }, warnings };
  }

  private getLargestImageDownloadAuthorizations(token: string | null, body: Record<string, unknown>): { result: Record<string, unknown>; warnings: StatusEntry[] } {
    this.requireUserSecureToken(token);
    const requested = body.Images;
    if (!Array.isArray(requested) || requested.length === 0) {
      throw new ApiFailure('InvalidRequest', 'Images must hold at least one Image entry.');
    }
    if (requested.length > MAX_IMAGE_SIZES_PER_REQUEST) {
      throw new ApiFailure('InvalidRequest', `At most ${MAX_IMAGE_SIZES_PER_REQUEST} Images per request.`);
    }
    const imageIds = requested.map((raw: unknown) => {
      const item = (raw ?? {}) as Record<string, unknown>;
      if (typeof item.ImageId !== 'string' || item.ImageId === '') {
        throw new ApiFailure('InvalidRequest', 'Every Image entry needs an ImageId.');
      }
      return item.ImageId;
    });
    const warnings: StatusEntry[] = [];
    const images: Record<string, unknown>[] = [];
    for (const imageId of imageIds) {
      const found = lookUpImage(imageId);
      const sizes = imageDetails(imageId)?.sizes ?? [];
      const authorizations: Record<string, unknown>[] = [];
      if (found.status === 'Available') {
        for (const name of found.offerings) {
          const sizeKey = largestGrantedSize(OFFERINGS[name], sizes);
          if (sizeKey) {
            authorizations.push(this.authorization(imageId, sizeKey, OFFERINGS[name], true));
          }
        }
      }
      if (authorizations.length === 0 && this.quirks.warnOnPartial) {
        const code = found.status === 'Available' ? 'NoAuthorizations' : found.status;
        warnings.push({ Type: 'Warning', Code: code, Message: `${imageId}: ${code}` });
      }
      if (authorizations.length > 0 || this.quirks.largestListsUnauthorized) {
        images.push({ ImageId: imageId, Authorizations: authorizations });
      }
    }
    return { result: { Images: images }, warnings };
  }

  private getImageDetails(token: string | null, body: Record<string, unknown>): { result: Record<string, unknown>; warnings: StatusEntry[] } {
    this.requireUserSecureToken(token);
    const ids = body.ImageIds;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id !== '')) {
      throw new ApiFailure('InvalidRequest', 'ImageIds must hold at least one image ID, each a non-empty string.');
    }
    if (ids.length > MAX_IMAGE_IDS_PER_DETAILS_REQUEST) {
      throw new ApiFailure('InvalidRequest', `At most ${MAX_IMAGE_IDS_PER_DETAILS_REQUEST} ImageIds per request; this one has ${ids.length}.`);
    }
    const warnings: StatusEntry[] = [];
    const language = body.Language;
    if (language !== undefined && language !== null && language !== '') {
      if (typeof language !== 'string') {
        throw new ApiFailure('InvalidRequest', 'Language must be a string such as "en-US".');
      }
      if (!SUPPORTED_LANGUAGE.test(language)) {
        warnings.push({ Type: 'Warning', Code: 'DefaultLanguageUsed', Message: `Language "${language}" is not available; the default language (en-US) was used.` });
      }
    }
    const origin = this.advertisedOrigin ?? new URL(this.url).origin;
    const images: Record<string, unknown>[] = [];
    for (const imageId of new Set(ids as string[])) {
      const d = imageDetails(imageId);
      if (!d) {
        continue; // unknown IDs are simply missing
      }
      const picture = (kind: (typeof PICTURE_KINDS)[number]): string => `${origin}/images/${encodeURIComponent(imageId)}/${kind}.jpg`;
      images.push({
        ImageId: imageId,
        Title: d.title,
        Caption: d.caption,
        Artist: d.artist,
        CollectionName: d.collectionName,
        CreditLine: d.creditLine,
        DateCreated: `/Date(${d.dateCreated})/`,
        ImageFamily: d.imageFamily,
        LicensingModel: d.licensingModel,
        ApplicableProductOfferings: lookUpImage(imageId).status === 'Available' ? lookUpImage(imageId).offerings.map((name) => OFFERINGS[name].type) : [],
        UrlThumb: picture('thumb'),
        UrlPreview: picture('preview'),
        UrlComp: picture('comp'),
        UrlWatermarkPreview: picture('watermark-preview'),
        UrlWatermarkComp: picture('watermark-comp'),
        SizesDownloadableImages: d.sizes.map((s) => ({
          SizeKey: s.sizeKey,
          SizeName: s.sizeName,
          PixelWidth: s.pixelWidth,
          PixelHeight: s.pixelHeight,
          FileSizeInBytes: s.fileSizeInBytes,
          ResolutionDpi: s.resolutionDpi,
          InchesWidth: s.inchesWidth,
          InchesHeight: s.inchesHeight,
        })),
      });
    }
    return { result: { Images: images }, warnings };
  }

  private createDownloadRequest(token: string | null, body: Record<string, unknown>): Record<string, unknown> {
    this.requireUserSecureToken(token);
    const items = body.DownloadItems;
    if (!Array.isArray(items) || items.length === 0) {
      throw new ApiFailure('InvalidRequest', 'DownloadItems must hold at least one DownloadItem entry.');
    }
    const origin = this.advertisedOrigin ?? new URL(this.url).origin;
    const downloadUrls = items.map((raw: unknown) => {
      const downloadToken = ((raw ?? {}) as Record<string, unknown>).DownloadToken;
      const issued = typeof downloadToken === 'string' ? this.downloadTokens.get(downloadToken) : undefined;
      const refused = (status: string): Record<string, unknown> => ({ ImageId: issued?.imageId ?? null, SizeName: null, Status: status, UrlAttachment: null });
      if (!issued) {
        return refused('InvalidToken');
      }
      if (this.now() - issued.issuedAt >= DOWNLOAD_TOKEN_LIFETIME_MS) {
        return refused('ExpiredToken');
      }
      if (this.quirks.unavailableImages?.includes(issued.imageId)) {
        return refused('Unavailable');
      }
      const left = this.counters.get(issued.productOfferingType);
      if (!issued.downloadIsFree && left !== undefined) {
        if (left <= 0) {
          return refused('NoAccess');
        }
        this.counters.set(issued.productOfferingType, left - 1);
      }
      const id = randomBytes(16).toString('hex');
      this.attachments.set(id, { imageId: issued.imageId, sizeKey: issued.sizeKey });
      return {
        ImageId: issued.imageId,
        SizeName: null,
        Status: this.quirks.downloadStatusAvailable ? 'Available' : 'Success',
        UrlAttachment: `${origin}/attachments/${id}`,
      };
    });
    return { DownloadUrls: downloadUrls };
  }
}
