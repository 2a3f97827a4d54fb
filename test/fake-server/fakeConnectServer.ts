// A fake Connect API v1 server that follows the specification in the
// project's seed documents: the four operations, token lifetimes on its own
// clock, renewal that invalidates old tokens, per-image statuses, Warning
// responses and switchable faults. Plain Node `http` on 127.0.0.1, or `https`
// with the `tls` option.
//
// It answers with documented status codes only. Where the documents are silent
// or say two things, a switch per test picks the reading (`Quirks`): the code
// and message for a token it no longer accepts (no document names one), images
// left out of the answer, a Warning on partial results, HTTPS-only operations,
// and the AUTH- or the named form of each code the documentation lists twice.
import { randomBytes } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import { AddressInfo, Socket } from 'net';
import { DEMO_SYSTEM, DEMO_USER, lookUpImage, OFFERINGS, SIZE_KEYS } from './catalog';

export type FakeOperation = 'CreateSession' | 'CreateApplicationSession' | 'RenewSession' | 'GetImageDownloadAuthorizations';

export type Fault =
  | { kind: 'delay'; ms: number }
  | { kind: 'http500' }
  | { kind: 'malformedJson' }
  | { kind: 'reset' }
  | { kind: 'wrongCoordinationId' }
  /** Answer with this header status and entry (a Warning still carries the normal result). */
  | { kind: 'status'; status: 'Error' | 'Warning'; code: string; message: string };

export interface LoggedRequest {
  time: number;
  operation: string;
  coordinationId: string | null;
  /** RequestHeader.Token as sent. */
  token: string | null;
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
}

/** The documentation's paired codes: the older AUTH- form and the named one. */
const PAIRED_CODES = {
  requiresHttps: ['AUTH-002', 'OperationRequiresHttps'],
  secureTokenOverHttp: ['AUTH-014', 'SecureTokenPassedOverHttp'],
  requiresSecureToken: ['AUTH-023', 'OperationRequiresSecureToken'],
} as const;

const DEFAULT_TOKEN_REFUSAL = { code: 'InvalidRequest', message: 'The token is malformed, invalid or expired.' };

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
};

const MAX_IMAGE_SIZES_PER_REQUEST = 100;

function newToken(prefix: string): string {
  return prefix + randomBytes(18).toString('base64url');
}

export class FakeConnectServer {
  readonly requests: LoggedRequest[] = [];
  /** Every DownloadToken handed out, with what it authorizes. */
  readonly issuedDownloadTokens: { token: string; imageId: string; sizeKey: string; productOfferingType: string }[] = [];
  tokenLifetimeMinutes: number;
  quirks: Quirks;
  private clockOffsetMs = 0;
  private readonly sessions = new Map<string, Session>();
  private faults: { fault: Fault; operation?: FakeOperation; remaining: number }[] = [];
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

  /** Makes the next `times` requests (default: all, until cleared) of `operation` (default: any) fail this way. */
  injectFault(fault: Fault, opts: { operation?: FakeOperation; times?: number } = {}): void {
    this.faults.push({ fault, operation: opts.operation, remaining: opts.times ?? Infinity });
  }

  clearFaults(): void {
    this.faults = [];
  }

  clearLog(): void {
    this.requests.length = 0;
  }

  requestsFor(operation: FakeOperation): LoggedRequest[] {
    return this.requests.filter((r) => r.operation === operation);
  }

  /** Forgets every session, fault and logged request; the clock and quirks go back to normal. */
  reset(): void {
    this.sessions.clear();
    this.clearFaults();
    this.clearLog();
    this.issuedDownloadTokens.length = 0;
    this.clockOffsetMs = 0;
    this.quirks = {};
    this.tokenLifetimeMinutes = 30;
  }

  private code(which: keyof typeof PAIRED_CODES): string {
    return PAIRED_CODES[which][this.quirks.namedCodes ? 1 : 0];
  }

  private refuseToken(): never {
    const { code, message } = this.quirks.tokenRefusal ?? DEFAULT_TOKEN_REFUSAL;
    throw new ApiFailure(code, message);
  }

  private takeFault(operation: FakeOperation): Fault | undefined {
    const rule = this.faults.find((f) => !f.operation || f.operation === operation);
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
    const operation = OPERATIONS[(req.url ?? '').split('?')[0]];
    if (req.method !== 'POST' || !operation) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`No Connect operation at ${req.method} ${req.url}`);
      return;
    }
    const entry: LoggedRequest = { time: this.now(), operation, coordinationId: null, token: null, body: undefined, httpStatus: 200, codes: [] };
    this.requests.push(entry);

    let parsed: Record<string, unknown> | undefined;
    try {
      const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      parsed = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      parsed = undefined;
    }
    const header = (parsed?.RequestHeader ?? {}) as Record<string, unknown>;
    entry.coordinationId = typeof header.CoordinationId === 'string' ? header.CoordinationId : null;
    entry.token = typeof header.Token === 'string' ? header.Token : null;
    entry.body = parsed?.[`${operation}RequestBody`] as Record<string, unknown> | undefined;

    let fault = this.takeFault(operation);
    if (fault?.kind === 'delay') {
      entry.fault = `delay ${fault.ms}`;
      await new Promise((r) => setTimeout(r, fault && fault.kind === 'delay' ? fault.ms : 0));
      if (req.socket.destroyed) {
        return;
      }
      fault = undefined;
    }
    if (fault) {
      entry.fault = fault.kind;
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
        if (operation !== 'GetImageDownloadAuthorizations') {
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
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
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
    session.valid = false;
    return this.issue({ kind: session.kind, systemId: session.systemId, userName: session.userName, accountId: session.accountId });
  }

  private getImageDownloadAuthorizations(token: string | null, body: Record<string, unknown>): { result: Record<string, unknown>; warnings: StatusEntry[] } {
    const session = token ? this.sessions.get(token) : undefined;
    if (!session || !session.valid || session.expiresAt <= this.now()) {
      this.refuseToken();
    }
    if (session.kind === 'application') {
      throw new ApiFailure('AUTH-021', 'The token is not fully authenticated: an application token cannot get download authorizations.');
    }
    if (token !== session.secureToken) {
      throw new ApiFailure(this.code('requiresSecureToken'), 'This operation requires a secure token.');
    }
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
      const instanceField = this.quirks.instanceIdField ?? 'ProductOfferingInstanceId';
      const authorizations =
        status === 'Available'
          ? found.offerings.map((name) => {
              const o = OFFERINGS[name];
              const token = newToken('dlt_');
              this.issuedDownloadTokens.push({ token, imageId, sizeKey, productOfferingType: o.type });
              const a: Record<string, unknown> = {
                DownloadIsFree: o.free,
                DownloadToken: token,
                [instanceField]: o.instanceId ?? null,
                ProductOfferingType: o.type,
              };
              if (o.downloadsRemaining !== undefined) {
                a.DownloadsRemaining = o.downloadsRemaining;
              }
              return a;
            })
          : [];
      return { Authorizations: authorizations, ImageId: imageId, SizeKey: sizeKey, Status: status };
    });
    const listed = this.quirks.omitUnauthorized ? images.filter((i) => i.Status === 'Available') : images;
    return { result: { Images: listed }, warnings };
  }
}
