// Which base URLs the client may talk to: HTTPS anywhere, plain HTTP only on
// this machine, so that no token ever crosses a network in clear.
import { EndpointError } from './errors';
import { l10n } from '../l10n';

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
    throw new EndpointError(l10n.t('"gettyConnect.endpoint" is not a valid URL: "{0}". Use for example {1}.', raw, DEFAULT_ENDPOINT));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new EndpointError(l10n.t('"gettyConnect.endpoint" must start with https:// (got {0}//).', url.protocol));
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new EndpointError(
      l10n.t('"gettyConnect.endpoint" uses plain http:// for {0}. Tokens would cross the network unencrypted: use https://, or http:// only for localhost/127.0.0.1/[::1].', url.hostname),
    );
  }
  if (url.username || url.password) {
    throw new EndpointError(l10n.t('"gettyConnect.endpoint" must not contain a user name or password.'));
  }
  return url.toString().replace(/\/+$/, '');
}
