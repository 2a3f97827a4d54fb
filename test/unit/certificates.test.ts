import * as assert from 'assert';
import { createPrivateKey, X509Certificate } from 'crypto';
import * as fs from 'fs';
import { isIP } from 'net';
import * as os from 'os';
import * as path from 'path';
import { makeCa, SERVER_HOSTS, TLS_CERT_ENV, TLS_KEY_ENV, testServerTls, writeTestCertificates } from '../fake-server/certificates';

suite('test certificates for the HTTPS fake', () => {
  let dir: string;
  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-certs-'));
  });
  teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the server certificate is signed by the run's CA, for every loopback name the tests use; the CAs already trusted stay", async () => {
    const company = await makeCa('a company CA');
    const inheritedFile = path.join(dir, 'company.pem');
    fs.writeFileSync(inheritedFile, company.cert);
    const env = await writeTestCertificates(dir, { NODE_EXTRA_CA_CERTS: inheritedFile });
    assert.deepStrictEqual(Object.keys(env).sort(), ['GETTY_TEST_TLS_CERT', 'GETTY_TEST_TLS_KEY', 'NODE_EXTRA_CA_CERTS']);

    const trusted = fs.readFileSync(env.NODE_EXTRA_CA_CERTS, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    assert.strictEqual(trusted.length, 2);
    assert.strictEqual(new X509Certificate(trusted[0]).subject, 'CN=a company CA', 'the inherited CA comes first');
    const testCa = new X509Certificate(trusted[1]);
    assert.ok(testCa.ca);

    const { key, cert } = testServerTls({ [TLS_KEY_ENV]: env[TLS_KEY_ENV], [TLS_CERT_ENV]: env[TLS_CERT_ENV] });
    const server = new X509Certificate(cert);
    assert.ok(server.verify(testCa.publicKey), 'signed by the test CA');
    assert.ok(!server.ca);
    for (const host of SERVER_HOSTS) {
      assert.ok(isIP(host) ? server.checkIP(host) : server.checkHost(host), host);
    }
    assert.ok(server.checkPrivateKey(createPrivateKey(key)));
    assert.strictEqual(fs.statSync(env[TLS_KEY_ENV]).mode & 0o077, 0, 'the private key is readable by its owner only');
  });

  test('outside `npm test` the missing variables are named', () => {
    assert.throws(() => testServerTls({}), /GETTY_TEST_TLS_KEY and GETTY_TEST_TLS_CERT are not set: run the integration tests through `npm test`/);
  });
});
