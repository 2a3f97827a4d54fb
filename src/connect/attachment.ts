// Fetches a CreateDownloadRequest UrlAttachment into a folder: streamed to disk
// (never held in memory), named from Content-Disposition, never over an existing
// file, and removed again when the download fails or is cancelled.
//
// No `vscode` import: runs and is tested in plain Node. In the extension host,
// Node's http/https go through VS Code's proxy support.
import axios, { AxiosError } from 'axios';
import * as fs from 'fs';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import { isLoopbackHost } from './endpoint';
import { DownloadError } from './errors';
import { errorMessage } from './failures';
import { l10n } from '../l10n';

export interface AttachmentOptions {
  folder: string;
  /** The name without extension when the server names none, e.g. `83454800-Large`. */
  fallbackName: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | undefined) => void;
}

export interface SavedAttachment {
  file: string;
  bytes: number;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/jpg': '.jpg',
  'image/png': '.png',
  'image/tiff': '.tif',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/postscript': '.eps',
  'application/pdf': '.pdf',
};

/** Refuses anything but https, and plain http to this machine, before a byte is sent. */
export function checkAttachmentUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DownloadError(l10n.t('The service gave a download URL that is not a valid URL.'));
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new DownloadError(l10n.t('The download URL uses {0}// to {1}; only https:// is accepted, so the file was not fetched.', url.protocol, url.hostname));
  }
  return url;
}

/** The file name a Content-Disposition header gives, made safe for a folder; undefined when it names none. */
export function fileNameFromDisposition(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  let name: string | undefined;
  if (extended) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = undefined;
    }
  }
  name ??= /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(header)?.slice(1).find((g) => g !== undefined)?.trim();
  // Only the last path segment, without control characters or characters Windows refuses.
  const safe = name
    ?.split(/[\\/]/)
    .pop()
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    ?.replace(/[\u0000-\u001f<>:"|?*]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 200);
  return safe ? safe : undefined;
}

/** `name.ext`, else `name (1).ext`, `name (2).ext`, … whichever does not exist yet: created empty and exclusively. */
async function createUnique(folder: string, name: string): Promise<{ file: string; handle: fs.promises.FileHandle }> {
  const ext = path.extname(name);
  const base = name.slice(0, name.length - ext.length);
  for (let n = 0; ; n++) {
    const file = path.join(folder, n === 0 ? name : `${base} (${n})${ext}`);
    try {
      return { file, handle: await fs.promises.open(file, 'wx') };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 999) throw err;
    }
  }
}

export async function downloadAttachment(rawUrl: string, options: AttachmentOptions): Promise<SavedAttachment> {
  const url = checkAttachmentUrl(rawUrl);
  let response;
  try {
    response = await axios.get<NodeJS.ReadableStream>(url.toString(), {
      responseType: 'stream',
      timeout: options.timeoutMs,
      signal: options.signal,
      maxRedirects: 0,
      proxy: false,
      validateStatus: () => true,
    });
  } catch (err) {
    throw describe(err, options.signal);
  }
  const body = response.data as NodeJS.ReadableStream & { destroy?(): void };
  if (response.status !== 200) {
    body.destroy?.();
    throw new DownloadError(l10n.t('The download server answered HTTP {0}. Check the image again and retry.', response.status));
  }
  const lengthHeader = Number(response.headers['content-length']);
  const total = Number.isFinite(lengthHeader) && lengthHeader >= 0 ? lengthHeader : undefined;
  const type = String(response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const name = fileNameFromDisposition(response.headers['content-disposition'] as string | undefined) ?? `${options.fallbackName}${EXTENSIONS[type] ?? '.jpg'}`;

  await fs.promises.mkdir(options.folder, { recursive: true });
  const { file, handle } = await createUnique(options.folder, name);
  // Counted by listening alongside the pipe, not by a stream in between: one hop less per chunk
  // (npm run bench, download against http.get). Attached right before the pipe, so no chunk is missed.
  const counter = { received: 0 };
  body.on('data', (chunk: Buffer) => {
    counter.received += chunk.length;
    options.onProgress?.(counter.received, total);
  });
  try {
    await pipeline(body, handle.createWriteStream(), { signal: options.signal });
    if (total !== undefined && counter.received !== total) {
      throw new DownloadError(l10n.t('The download was cut off after {0} of {1} bytes. Try again.', counter.received, total));
    }
    return { file, bytes: counter.received };
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(file, { force: true });
    throw err instanceof DownloadError ? err : describe(err, options.signal, counter.received, total);
  }
}

function describe(err: unknown, signal: AbortSignal | undefined, received?: number, total?: number): DownloadError {
  if (signal?.aborted || axios.isCancel(err) || (err as Error)?.name === 'AbortError') {
    return new DownloadError(l10n.t('The download was cancelled; no partial file was kept.'), true);
  }
  const code = err instanceof AxiosError ? ((err.cause as NodeJS.ErrnoException | undefined)?.code ?? err.code) : (err as NodeJS.ErrnoException)?.code;
  if (received !== undefined) {
    return new DownloadError(l10n.t('The download was cut off after {0}{1} bytes ({2}). Try again.', received, total !== undefined ? l10n.t(' of {0}', total) : '', code ?? l10n.t('connection closed')));
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new DownloadError(l10n.t('The download server did not answer in time. Try again.'));
  }
  return new DownloadError(l10n.t('The download could not start ({0}). Check your network and proxy settings.', code ?? errorMessage(err)));
}

/** A thumbnail is small; anything bigger is not shown inline. */
const MAX_THUMBNAIL_BYTES = 512 * 1024;

/**
 * A picture as a data: URI, for Markdown tooltips: the workbench's content policy may
 * refuse to load an image from the network (a web workbench, a proxy only the extension
 * host knows). https, or loopback http, as for downloads.
 */
export async function fetchImageDataUri(rawUrl: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<string> {
  const url = checkAttachmentUrl(rawUrl);
  const response = await axios.get<ArrayBuffer>(url.toString(), {
    responseType: 'arraybuffer',
    timeout: options.timeoutMs,
    signal: options.signal,
    maxRedirects: 0,
    proxy: false,
    maxContentLength: MAX_THUMBNAIL_BYTES,
  });
  const type = String(response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!/^image\/(jpeg|png|gif|webp)$/.test(type)) {
    throw new DownloadError(l10n.t('The thumbnail is {0}, not a picture.', type || l10n.t('of no content type')));
  }
  return `data:${type};base64,${Buffer.from(response.data).toString('base64')}`;
}
