// TLS failures: the certificate checks and handshakes that Node reports by an
// error code, told to the user with the endpoint's host, the reason and what
// to do. Certificate verification is never turned off: a server that fails it
// gets no request at all, and there is no retry over an unverified connection.
import { ConnectError } from './errors';
import { Operation } from './types';

export interface TlsFailure {
  /** What went wrong, e.g. "the server's certificate has expired". */
  reason: string;
  /** What to do about it. */
  advice: string;
}

const NOT_TRUSTED = "the server's certificate is not trusted";
// Node verifies the certificate during the handshake, before the request is written.
const NOT_SENT = 'The request was not sent.';
const INSPECTED = `${NOT_SENT} If your network inspects HTTPS (a company proxy or security software), its root certificate must be trusted by this computer; otherwise check "gettyConnect.endpoint".`;
const CLOCK = `${NOT_SENT} Check the date and time of this computer; otherwise the server's certificate needs renewing.`;
const HOST = `${NOT_SENT} Check the host name in "gettyConnect.endpoint".`;

const UNKNOWN_CA = { reason: `${NOT_TRUSTED} (issued by an unknown certificate authority)`, advice: INSPECTED };

const FAILURES: Record<string, TlsFailure> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: { reason: `${NOT_TRUSTED} (self-signed certificate)`, advice: INSPECTED },
  SELF_SIGNED_CERT_IN_CHAIN: { reason: `${NOT_TRUSTED} (self-signed certificate in the chain)`, advice: INSPECTED },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNKNOWN_CA,
  UNABLE_TO_GET_ISSUER_CERT: UNKNOWN_CA,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNKNOWN_CA,
  CERT_UNTRUSTED: { reason: NOT_TRUSTED, advice: INSPECTED },
  CERT_REJECTED: { reason: NOT_TRUSTED, advice: INSPECTED },
  INVALID_CA: { reason: `${NOT_TRUSTED} (its issuer is not a valid certificate authority)`, advice: INSPECTED },
  CERT_SIGNATURE_FAILURE: { reason: `${NOT_TRUSTED} (its signature is invalid)`, advice: INSPECTED },
  CERT_HAS_EXPIRED: { reason: "the server's certificate has expired", advice: CLOCK },
  CERT_NOT_YET_VALID: { reason: "the server's certificate is not valid yet", advice: CLOCK },
  CERT_REVOKED: { reason: "the server's certificate has been revoked", advice: `${NOT_SENT} Check "gettyConnect.endpoint".` },
  ERR_TLS_CERT_ALTNAME_INVALID: { reason: "the server's certificate is for another host name", advice: HOST },
  HOSTNAME_MISMATCH: { reason: "the server's certificate is for another host name", advice: HOST },
  ERR_SSL_WRONG_VERSION_NUMBER: { reason: 'the server did not answer in TLS (is it plain http on that port?)', advice: 'Check the scheme and port in "gettyConnect.endpoint".' },
};

/** Node's codes of TLS failures: OpenSSL's X509 verification results and its own ERR_TLS_/ERR_SSL_ codes. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|CRL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERROR_IN_(CERT|CRL)_|INVALID_(CA|PURPOSE)$|PATH_LENGTH_EXCEEDED$|HOSTNAME_MISMATCH$|EPROTO$)/;

/** What a failure code (and Node's message) means, or undefined when it is not a TLS failure. */
export function describeTlsFailure(code: string, message = ''): TlsFailure | undefined {
  if (/wrong version number/i.test(message)) {
    return FAILURES.ERR_SSL_WRONG_VERSION_NUMBER;
  }
  if (!TLS_CODE.test(code)) {
    return undefined;
  }
  return FAILURES[code] ?? { reason: `the secure connection failed (${code})`, advice: 'Check your network, proxy settings and "gettyConnect.endpoint".' };
}

/** The secure connection to the endpoint could not be made: an untrusted certificate, or a failed handshake. */
export class ConnectTlsError extends ConnectError {
  readonly transient = false;

  /** `host` is the endpoint's host (and port, when not 443); `message` is Node's, used to tell handshake failures apart. */
  constructor(operation: Operation, readonly code: string, readonly host: string, coordinationId: string, message = '') {
    const failure = describeTlsFailure(code, message) ?? { reason: `the secure connection failed (${code})`, advice: '' };
    super(`${operation} failed: could not connect securely to ${host}: ${failure.reason}. ${failure.advice}`.trim(), operation, coordinationId);
  }
}
