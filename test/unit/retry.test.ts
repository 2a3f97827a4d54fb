// Retrying like a good citizen: what is retried, how long it waits, how often.
import * as assert from 'assert';
import { ConnectApiError, ConnectHttpError, ConnectNetworkError, ConnectTimeoutError, MAX_ATTEMPTS, RequestGate, retryDelay, withRetry } from '../../src/connect';
import { parseRetryAfter } from '../../src/connect/transport';

const http = (status: number, retryAfterMs?: number) => new ConnectHttpError('GetImageDownloadAuthorizations', status, '', 'c', retryAfterMs);

suite('retry', () => {
  test('429 and 503 are retried, with Retry-After honoured, and broken connections too', () => {
    assert.strictEqual(retryDelay(http(429, 2000), 1), 2000);
    assert.strictEqual(retryDelay(http(503, 0), 3, () => 0), 1000, 'at least what the server asked, with the backoff as a floor');
    assert.ok((retryDelay(http(429), 1, () => 0) ?? -1) === 250);
    assert.ok((retryDelay(http(503), 1, () => 0.999) ?? -1) <= 500);
    assert.strictEqual(retryDelay(new ConnectNetworkError('GetImageDetails', 'ECONNRESET', 'c'), 2, () => 1), 1000);
  });

  test('the backoff doubles, with jitter, up to a ceiling', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((n) => retryDelay(http(503), n, () => 1));
    assert.deepStrictEqual(delays, [500, 1000, 2000, 4000, 8000, 8000]);
    const low = retryDelay(http(503), 3, () => 0);
    assert.strictEqual(low, 1000, 'jitter takes off at most half');
  });

  test('nothing else is retried: other HTTP errors, API errors, timeouts; nor a Retry-After too long to wait silently', () => {
    for (const err of [
      http(500), http(404), http(429, 120_000),
      new ConnectApiError('CreateSession', [{ type: 'Error', code: 'InvalidRequest', message: '' }], 'c'),
      new ConnectTimeoutError('GetImageDetails', 30_000, 'c'),
      new Error('boom'),
    ]) {
      assert.strictEqual(retryDelay(err, 1), undefined, err.message);
    }
  });

  test('withRetry tries at most MAX_ATTEMPTS times, waiting what retryDelay says', async () => {
    const waits: number[] = [];
    let calls = 0;
    const err = await withRetry(async () => {
      calls++;
      throw http(429, 1500);
    }, { sleep: async (ms) => void waits.push(ms), random: () => 0 }).catch((e: unknown) => e);
    assert.ok(err instanceof ConnectHttpError);
    assert.strictEqual(calls, MAX_ATTEMPTS);
    assert.deepStrictEqual(waits, Array.from({ length: MAX_ATTEMPTS - 1 }, () => 1500));
  });

  test('withRetry returns the first success and stops', async () => {
    let calls = 0;
    const result = await withRetry(async () => (++calls < 3 ? Promise.reject(http(503)) : 'ok'), { sleep: async () => undefined });
    assert.deepStrictEqual([result, calls], ['ok', 3]);
  });

  test('an abort during the wait ends it at once, without another request', async () => {
    const abort = new AbortController();
    let calls = 0;
    const pending = withRetry(async () => {
      calls++;
      throw http(429, 10_000);
    }, { signal: abort.signal });
    setTimeout(() => abort.abort(new Error('cancelled')), 20);
    const started = Date.now();
    await assert.rejects(pending, /cancelled/);
    assert.ok(Date.now() - started < 2000);
    assert.strictEqual(calls, 1);
  });

  test('the request gate: at most its limit at once; one at a time once throttled', async () => {
    const gate = new RequestGate(3);
    let active = 0;
    let most = 0;
    const work = () => gate.run(async () => {
      most = Math.max(most, ++active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
    });
    await Promise.all(Array.from({ length: 10 }, work));
    assert.strictEqual(most, 3);
    gate.throttled();
    most = 0;
    await Promise.all(Array.from({ length: 5 }, work));
    assert.strictEqual(most, 1);
    assert.strictEqual(gate.limit, 1);
  });

  test('Retry-After in seconds or as an HTTP date', () => {
    assert.strictEqual(parseRetryAfter('3'), 3000);
    assert.strictEqual(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10_000);
    assert.strictEqual(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:29:00 GMT')), 0);
    for (const bad of ['', 'soon', undefined, 5]) assert.strictEqual(parseRetryAfter(bad), undefined);
  });
});
