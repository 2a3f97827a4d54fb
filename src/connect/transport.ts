// Sends one Connect request and returns the parsed envelope, turning every
// transport failure into a typed error. Built on axios; knows nothing of
// the operations themselves.
import axios, { AxiosInstance, AxiosError } from 'axios';
import {
  ConnectCancelledError,
  ConnectHttpError,
  ConnectNetworkError,
  ConnectProtocolError,
  ConnectTimeoutError,
} from './errors';
import { ConnectTlsError, describeTlsFailure } from './tls';
import { Operation } from './types';
import { l10n } from '../l10n';

/** Connect answers are small; anything bigger is not a Connect answer. */
const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
}

export interface RawResponse {
  httpStatus: number;
  /** The parsed JSON body, or undefined when the body was not JSON. */
  body: unknown;
  /** Why the body could not be parsed, when it could not. */
  parseError?: string;
  statusText: string;
  /** Retry-After, in milliseconds, when the server sent one (seconds or an HTTP date). */
  retryAfterMs?: number;
}

/** Retry-After as milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class Transport {
  private readonly http: AxiosInstance;

  constructor(readonly options: TransportOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      headers: { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json' },
      // Parse ourselves so that a malformed body becomes a clear error, not a string.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // The body is already a JSON string: axios' default would parse it again to check it (npm run bench).
      transformRequest: [(data: unknown) => data],
      validateStatus: () => true,
      maxContentLength: MAX_RESPONSE_BYTES,
      maxRedirects: 0,
      // axios' own env-variable proxy support cannot tunnel HTTPS; leave proxying
      // to the agent VS Code's extension host installs (it reads "http.proxy").
      proxy: false,
    });
  }

  async post(operation: Operation, path: string, payload: unknown, coordinationId: string, signal?: AbortSignal): Promise<RawResponse> {
    let response;
    try {
      response = await this.http.post<string>(path, JSON.stringify(payload), { signal });
    } catch (err) {
      throw this.toConnectError(operation, err, coordinationId, signal);
    }
    const text = typeof response.data === 'string' ? response.data : '';
    const raw: RawResponse = { httpStatus: response.status, body: undefined, statusText: response.statusText ?? '' };
    const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
    if (retryAfterMs !== undefined) raw.retryAfterMs = retryAfterMs;
    if (text.trim() === '') {
      raw.parseError = l10n.t('the body is empty');
      return raw;
    }
    try {
      raw.body = JSON.parse(text) as unknown;
    } catch (err) {
      const ctype = String(response.headers['content-type'] ?? l10n.t('no content type'));
      raw.parseError = l10n.t('the body is not valid JSON ({0}; content type {1})', (err as Error).message, ctype);
    }
    return raw;
  }

  private toConnectError(operation: Operation, err: unknown, coordinationId: string, signal?: AbortSignal): Error {
    if (signal?.aborted || axios.isCancel(err)) {
      return new ConnectCancelledError(operation, coordinationId);
    }
    if (err instanceof AxiosError) {
      if (err.code === 'ECONNABORTED' || (err.code === 'ETIMEDOUT' && /timeout/i.test(err.message))) {
        return new ConnectTimeoutError(operation, this.options.timeoutMs, coordinationId);
      }
      if (err.code === 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED' || /maxContentLength/i.test(err.message)) {
        return new ConnectProtocolError(operation, l10n.t('the body is larger than {0} MB', MAX_RESPONSE_BYTES / 1024 / 1024), coordinationId);
      }
      if (err.response && err.response.status >= 400) {
        return new ConnectHttpError(operation, err.response.status, err.response.statusText, coordinationId);
      }
      if (err.response) {
        // The headers came, then the connection broke mid-body (axios keeps the response).
        return new ConnectNetworkError(operation, 'ERR_BAD_RESPONSE', coordinationId);
      }
      const cause = err.cause as NodeJS.ErrnoException | undefined;
      const code = cause?.code ?? err.code ?? 'unknown';
      const message = cause?.message ?? err.message;
      if (describeTlsFailure(code, message)) {
        return new ConnectTlsError(operation, code, new URL(this.options.baseUrl).host, coordinationId, message);
      }
      return new ConnectNetworkError(operation, code, coordinationId);
    }
    return new ConnectNetworkError(operation, (err as NodeJS.ErrnoException)?.code ?? 'unknown', coordinationId);
  }
}
