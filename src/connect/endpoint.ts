// Which base URLs the client may talk to: HTTPS anywhere, plain HTTP only on
// this machine, so that no token ever crosses a network in clear.
import { EndpointError } from './errors';

export const DEFAULT_ENDPOINT = 'https://connect.gettyimages.com/v1';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Parses and checks a base URL; the returned string has no trailing slash. */
export function validateEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new EndpointError(`"gettyConnect.endpoint" is not a valid URL: "${raw}". Use for example ${DEFAULT_ENDPOINT}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new EndpointError(`"gettyConnect.endpoint" must start with https:// (got ${url.protocol}//).`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new EndpointError(
      `"gettyConnect.endpoint" uses plain http:// for ${url.hostname}. Tokens would cross the network unencrypted: use https://, or http:// only for localhost/127.0.0.1/[::1].`,
    );
  }
  if (url.username || url.password) {
    throw new EndpointError('"gettyConnect.endpoint" must not contain a user name or password.');
  }
  return url.toString().replace(/\/+$/, '');
}
