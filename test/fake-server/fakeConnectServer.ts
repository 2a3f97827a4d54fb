// A fake Connect API v1 server that follows the specification in the
// project's seed documents: the four operations, token lifetimes on its own
// clock, renewal that invalidates old tokens, per-image statuses, Warning
// responses and switchable faults. Plain Node `http` on 127.0.0.1.
import { randomBytes } from 'crypto';
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import { DEMO_SYSTEM, DEMO_USER, lookUpImage, OFFERINGS, SIZE_KEYS } from './catalog';

export type FakeOperation = 'CreateSession' | 'CreateApplicationSession' | 'RenewSession' | 'GetImageDownloadAuthorizations';

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
  | { kind: 'status'; status: 'Error' | 'Warning'; code: string; message: string };

export interface LoggedRequest {
  time: number;
  operation: string;
  coordinationId: string | null;
  /** The HTTP request headers as received (names in lower case). */
  headers: http.IncomingHttpHeaders;
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
}

export interface FakeServerOptions {
  port?: number;
  tokenLifetimeMinutes?: number;
  quirks?: Quirks;
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
  private readonly server: http.Server;

  private constructor(options: FakeServerOptions) {
    this.tokenLifetimeMinutes = options.tokenLifetimeMinutes ?? 30;
    this.quirks = { ...options.quirks };
    this.server = http.createServer((req, res) => void this.handle(req, res));
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

  /** Base URL to give the client, e.g. http://127.0.0.1:41234/v1. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/v1`;
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
    const entry: LoggedRequest = { time: this.now(), operation, headers: req.headers, coordinationId: null, token: null, body: undefined, httpStatus: 200, codes: [] };
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
      throw new ApiFailure('AUTH-023', 'This operation requires a secure token.');
    }
    if (session.expiresAt <= this.now()) {
      throw new ApiFailure('FailedToRenewToken', 'The token has expired; an expired token cannot be renewed.');
    }
    this.checkSystem(body);
    session.valid = false;
    return this.issue({ kind: session.kind, systemId: session.systemId, userName: session.userName, accountId: session.accountId });
  }

  private getImageDownloadAuthorizations(token: string | null, body: Record<string, unknown>): { result: Record<string, unknown>; warnings: StatusEntry[] } {
    const session = token ? this.sessions.get(token) : undefined;
    if (!session || !session.valid) {
      throw new ApiFailure('InvalidToken', 'The token is not valid.');
    }
    if (session.expiresAt <= this.now()) {
      throw new ApiFailure('TokenExpired', 'The token has expired.');
    }
    if (session.kind === 'application') {
      throw new ApiFailure('AUTH-021', 'The token is not fully authenticated: an application token cannot get download authorizations.');
    }
    if (token !== session.secureToken) {
      throw new ApiFailure('AUTH-023', 'This operation requires a secure token.');
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
      if (status !== 'Available') {
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
    return { result: { Images: images }, warnings };
  }
}
