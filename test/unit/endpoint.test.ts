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
});
