// TLS failures: the certificate checks and handshakes that Node reports by an
// error code, told to the user with the endpoint's host, the reason and what
// to do. Certificate verification is never turned off: a server that fails it
// gets no request at all, and there is no retry over an unverified connection.
import { ConnectError } from './errors';
import { Operation } from './types';
import { l10n } from '../l10n';

export interface TlsFailure {
  /** What went wrong, e.g. "the server's certificate has expired". */
  reason: string;
  /** What to do about it. */
  advice: string;
}

/** The failures Node names, translated when read (the translator is set on activation, after this module loads). */
function failures(): Record<string, TlsFailure> {
  const NOT_TRUSTED = l10n.t("the server's certificate is not trusted");
  // Node verifies the certificate during the handshake, before the request is written.
  const NOT_SENT = l10n.t('The request was not sent.');
  const INSPECTED = l10n.t('{0} If your network inspects HTTPS (a company proxy or security software), its root certificate must be trusted by this computer; otherwise check "gettyConnect.endpoint".', NOT_SENT);
  const CLOCK = l10n.t("{0} Check the date and time of this computer; otherwise the server's certificate needs renewing.", NOT_SENT);
  const HOST = l10n.t('{0} Check the host name in "gettyConnect.endpoint".', NOT_SENT);

  const UNKNOWN_CA = { reason: l10n.t('{0} (issued by an unknown certificate authority)', NOT_TRUSTED), advice: INSPECTED };

  return {
    DEPTH_ZERO_SELF_SIGNED_CERT: { reason: l10n.t('{0} (self-signed certificate)', NOT_TRUSTED), advice: INSPECTED },
    SELF_SIGNED_CERT_IN_CHAIN: { reason: l10n.t('{0} (self-signed certificate in the chain)', NOT_TRUSTED), advice: INSPECTED },
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNKNOWN_CA,
    UNABLE_TO_GET_ISSUER_CERT: UNKNOWN_CA,
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNKNOWN_CA,
    CERT_UNTRUSTED: { reason: NOT_TRUSTED, advice: INSPECTED },
    CERT_REJECTED: { reason: NOT_TRUSTED, advice: INSPECTED },
    INVALID_CA: { reason: l10n.t('{0} (its issuer is not a valid certificate authority)', NOT_TRUSTED), advice: INSPECTED },
    CERT_SIGNATURE_FAILURE: { reason: l10n.t('{0} (its signature is invalid)', NOT_TRUSTED), advice: INSPECTED },
    CERT_HAS_EXPIRED: { reason: l10n.t("the server's certificate has expired"), advice: CLOCK },
    CERT_NOT_YET_VALID: { reason: l10n.t("the server's certificate is not valid yet"), advice: CLOCK },
    CERT_REVOKED: { reason: l10n.t("the server's certificate has been revoked"), advice: l10n.t('{0} Check "gettyConnect.endpoint".', NOT_SENT) },
    ERR_TLS_CERT_ALTNAME_INVALID: { reason: l10n.t("the server's certificate is for another host name"), advice: HOST },
    HOSTNAME_MISMATCH: { reason: l10n.t("the server's certificate is for another host name"), advice: HOST },
    ERR_SSL_WRONG_VERSION_NUMBER: { reason: l10n.t('the server did not answer in TLS (is it plain http on that port?)'), advice: l10n.t('Check the scheme and port in "gettyConnect.endpoint".') },
  };
}

/** Node's codes of TLS failures: OpenSSL's X509 verification results and its own ERR_TLS_/ERR_SSL_ codes. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|CRL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERROR_IN_(CERT|CRL)_|INVALID_(CA|PURPOSE)$|PATH_LENGTH_EXCEEDED$|HOSTNAME_MISMATCH$|EPROTO$)/;

/** What a failure code (and Node's message) means, or undefined when it is not a TLS failure. */
export function describeTlsFailure(code: string, message = ''): TlsFailure | undefined {
  if (/wrong version number/i.test(message)) {
    return failures().ERR_SSL_WRONG_VERSION_NUMBER;
  }
  if (!TLS_CODE.test(code)) {
    return undefined;
  }
  return failures()[code] ?? { reason: l10n.t('the secure connection failed ({0})', code), advice: l10n.t('Check your network, proxy settings and "gettyConnect.endpoint".') };
}

/** The secure connection to the endpoint could not be made: an untrusted certificate, or a failed handshake. */
export class ConnectTlsError extends ConnectError {
  readonly transient = false;

  /** `host` is the endpoint's host (and port, when not 443); `message` is Node's, used to tell handshake failures apart. */
  constructor(operation: Operation, readonly code: string, readonly host: string, coordinationId: string, message = '') {
    const failure = describeTlsFailure(code, message) ?? { reason: l10n.t('the secure connection failed ({0})', code), advice: '' };
    super(l10n.t('{0} failed: could not connect securely to {1}: {2}. {3}', operation, host, failure.reason, failure.advice).trim(), operation, coordinationId);
  }
}
