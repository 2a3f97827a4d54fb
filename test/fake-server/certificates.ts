// Certificates for the HTTPS fake Connect server, made fresh for every run
// (selfsigned; EC P-256 keys, which take milliseconds where RSA takes seconds).
//
// `npm test` makes a test CA and a server certificate signed by it before the
// integration suite (writeTestCertificates), and the extension host trusts that
// CA alone, through NODE_EXTRA_CA_CERTS (see test/runner/testCommand.ts for why
// that variable). Tests make other certificates here too: self-signed ones that
// nothing trusts, expired ones, ones for another host name.
import * as fs from 'fs';
import { isIP } from 'net';
import * as path from 'path';
import { generate } from 'selfsigned';

/** A private key and its certificate (chain), PEM. */
export interface Pem {
  key: string;
  cert: string;
}

/**
 * Host names and addresses the server certificate is for: loopback, where the
 * fake listens, plus 127.0.0.9, the endpoint host of the proxy tests (VS Code's
 * proxy resolver sends localhost and 127.0.0.1 direct, so a proxied request
 * must name another loopback address).
 */
export const PROXIED_HOST = '127.0.0.9';
export const SERVER_HOSTS = ['127.0.0.1', 'localhost', '::1', PROXIED_HOST];

/** Where the runner tells the extension host to find the server's key and certificate. */
export const TLS_KEY_ENV = 'GETTY_TEST_TLS_KEY';
export const TLS_CERT_ENV = 'GETTY_TEST_TLS_CERT';

const DAY_MS = 86_400_000;

/** A certificate authority: may sign certificates, nothing else. */
export async function makeCa(commonName: string): Promise<Pem> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY_MS),
    notAfterDate: new Date(Date.now() + 30 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

export interface ServerCertOptions {
  /** Host names and IP addresses (the subjectAltName); default SERVER_HOSTS. */
  hosts?: string[];
  /** Signed by this CA; self-signed without one. */
  ca?: Pem;
  notBefore?: Date;
  notAfter?: Date;
}

/** A TLS server certificate for `hosts`. */
export async function makeServerCert(options: ServerCertOptions = {}): Promise<Pem> {
  const hosts = options.hosts ?? SERVER_HOSTS;
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY_MS);
  const pems = await generate([{ name: 'commonName', value: hosts[0] }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: options.notAfter ?? new Date(notBefore.getTime() + 30 * DAY_MS),
    ...(options.ca ? { ca: options.ca } : {}),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: hosts.map((h) => (isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h })) },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * Makes a test CA and a server certificate it signed into `dir`; returns the
 * environment for the extension host: NODE_EXTRA_CA_CERTS (the CA, so the host
 * trusts the fake) and where the fake finds its key and certificate. The CAs of
 * a NODE_EXTRA_CA_CERTS already set (a company's, say) stay in the file: the
 * host keeps trusting what it trusted.
 */
export async function writeTestCertificates(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, string>> {
  const ca = await makeCa('Getty Connect test CA (this test run only)');
  const server = await makeServerCert({ ca });
  const file = (name: string, content: string): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, content, { mode: 0o600 });
    return f;
  };
  const inherited = env.NODE_EXTRA_CA_CERTS && fs.existsSync(env.NODE_EXTRA_CA_CERTS) ? fs.readFileSync(env.NODE_EXTRA_CA_CERTS, 'utf8').trimEnd() + '\n' : '';
  return {
    NODE_EXTRA_CA_CERTS: file('test-ca.pem', inherited + ca.cert),
    [TLS_KEY_ENV]: file('server-key.pem', server.key),
    [TLS_CERT_ENV]: file('server-cert.pem', server.cert),
  };
}

/** The server key and certificate the runner made, read from the paths in the environment. */
export function testServerTls(env: NodeJS.ProcessEnv = process.env): Pem {
  const keyFile = env[TLS_KEY_ENV];
  const certFile = env[TLS_CERT_ENV];
  if (!keyFile || !certFile) {
    throw new Error(`${TLS_KEY_ENV} and ${TLS_CERT_ENV} are not set: run the integration tests through \`npm test\`, which makes the test certificates`);
  }
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
}
