import * as assert from 'assert';
import { ConnectClient, DEFAULT_ENDPOINT, EndpointError, isLoopbackHost, validateEndpoint } from '../../src/connect';

suite('endpoint validation', () => {
  test('the default is the documented HTTPS endpoint', () => {
    assert.strictEqual(validateEndpoint(DEFAULT_ENDPOINT), 'https://connect.gettyimages.com/v1');
  });

  test('plain http is accepted for loopback hosts only', () => {
    for (const url of ['http://localhost:8080/v1', 'http://127.0.0.1:9/v1', 'http://127.5.6.7/v1', 'http://[::1]:3000/v1']) {
      assert.strictEqual(validateEndpoint(url + '/'), url);
    }
    for (const url of ['http://connect.gettyimages.com/v1', 'http://10.0.0.5/v1', 'http://localhost.evil.com/v1', 'http://128.0.0.1/v1']) {
      assert.throws(() => validateEndpoint(url), (e: Error) => e instanceof EndpointError && /plain http:\/\//.test(e.message), url);
    }
  });

  test('other schemes, garbage and embedded credentials are refused with the setting named', () => {
    assert.throws(() => validateEndpoint('ftp://example.com/v1'), /must start with https:\/\//);
    assert.throws(() => validateEndpoint('not a url'), /"gettyConnect.endpoint" is not a valid URL/);
    assert.throws(() => validateEndpoint('https://user:pw@example.com/v1'), /must not contain a user name or password/);
  });

  test('the client refuses an insecure endpoint before sending anything', () => {
    assert.throws(() => new ConnectClient({ baseUrl: 'http://example.com/v1', timeoutMs: 1000 }), EndpointError);
  });

  test('loopback detection', () => {
    assert.ok(isLoopbackHost('LOCALHOST'));
    assert.ok(isLoopbackHost('[::1]'));
    assert.ok(!isLoopbackHost('127.0.0.1.nip.io'));
  });

  test('every address of 127.0.0.0/8 is loopback, with octets of one to three digits', () => {
    for (const url of ['http://127.10.20.30/v1', 'http://127.255.255.254:8080/v1', 'http://127.0.0.1/v1']) {
      assert.strictEqual(validateEndpoint(url), url);
    }
    assert.ok(isLoopbackHost('127.100.200.250'));
  });

  test('a host that only contains a loopback address, or stray brackets, is not loopback', () => {
    for (const host of ['my127.0.0.1', 'x127.0.0.1', '10.127.0.0.1', 'local[host', 'local]host', '[localhost]x', '::1]x']) {
      assert.ok(!isLoopbackHost(host), host);
    }
  });

  test('a user name alone is refused too: no credential goes into the address', () => {
    assert.throws(() => validateEndpoint('https://user@example.com/v1'), /must not contain a user name or password/);
    assert.throws(() => validateEndpoint('https://:secret@example.com/v1'), /must not contain a user name or password/);
  });

  test('every trailing slash goes, and spaces pasted around the address (also non-breaking ones) are ignored', () => {
    assert.strictEqual(validateEndpoint('https://connect.gettyimages.com/v1///'), 'https://connect.gettyimages.com/v1');
    assert.strictEqual(validateEndpoint('\u00a0https://connect.gettyimages.com/v1\u00a0'), 'https://connect.gettyimages.com/v1');
    assert.strictEqual(validateEndpoint('  http://localhost:8080/v1/ \n'), 'http://localhost:8080/v1');
  });

  test('the refusal of plain http names the host and the way out', () => {
    assert.throws(
      () => validateEndpoint('http://connect.gettyimages.com/v1'),
      (e: Error) =>
        e.message ===
        '"gettyConnect.endpoint" uses plain http:// for connect.gettyimages.com. Tokens would cross the network unencrypted: use https://, or http:// only for localhost/127.0.0.1/[::1].',
    );
    assert.throws(() => validateEndpoint('ftp://example.com/v1'), (e: Error) => e.message === '"gettyConnect.endpoint" must start with https:// (got ftp://).');
    assert.throws(
      () => validateEndpoint('connect.gettyimages.com'),
      (e: Error) => e.message === '"gettyConnect.endpoint" is not a valid URL: "connect.gettyimages.com". Use for example https://connect.gettyimages.com/v1.',
    );
  });
});
