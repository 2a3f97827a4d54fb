import * as assert from 'assert';
import { getEventListeners } from 'events';
import { BatchProgress, chunk, runBatches } from '../../src/authorizations/batches';

/** Resolves after `ms` (real timers; the delays are a few milliseconds). */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise plus its resolve/reject, to finish batches exactly when a test says so. */
interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

suite('batches: chunk', () => {
  test('splits into slices of at most `size`, the last one shorter', () => {
    assert.deepStrictEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepStrictEqual(chunk([], 3), []);
  });

  test('a size below 1 or not whole is a RangeError', () => {
    assert.throws(() => chunk([1], 0), RangeError);
    assert.throws(() => chunk([1], 1.5), RangeError);
  });

  test('the RangeError names the size and the value given', () => {
    assert.throws(() => chunk([1], 0), (e: unknown) => e instanceof RangeError && e.message === 'size must be a whole number of at least 1 (got 0)');
  });
});

suite('batches: runBatches', () => {
  test('1000 items in batches of 50: 20 batches of at most 50, results in input order', async () => {
    const seen: number[][] = [];
    const progress: BatchProgress[] = [];
    const outcome = await runBatches(
      range(1000),
      { batchSize: 50, concurrency: 4, onProgress: (p) => progress.push(p) },
      async (batch, index) => {
        seen.push(batch);
        await delay((index * 7) % 5); // finish out of order
        return batch.map((n) => `r${n}`);
      },
    );
    assert.strictEqual(seen.length, 20);
    assert.ok(seen.every((batch) => batch.length <= 50));
    assert.deepStrictEqual(outcome.results, range(1000).map((n) => `r${n}`));
    assert.strictEqual(outcome.completedBatches, 20);
    assert.strictEqual(outcome.totalBatches, 20);
    assert.strictEqual(outcome.cancelled, false);
    assert.deepStrictEqual(outcome.errors, []);
    assert.strictEqual(progress.length, 20);
    assert.deepStrictEqual(progress[progress.length - 1], { done: 1000, total: 1000 });
    assert.ok(progress.every((p, i) => i === 0 || p.done > progress[i - 1].done), 'progress only goes up');
  });

  test('never more than `concurrency` batches in flight, and the limit is used', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    await runBatches(range(100), { batchSize: 3, concurrency: 3 }, async (batch) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await delay(1 + (batch[0] % 3));
      inFlight--;
      return batch;
    });
    assert.strictEqual(maxInFlight, 3);
  });

  test('no items: resolves at once with nothing', async () => {
    const outcome = await runBatches([], { batchSize: 5, concurrency: 2 }, async () => assert.fail('not called'));
    assert.deepStrictEqual(outcome, { results: [], completedBatches: 0, totalBatches: 0, cancelled: false, errors: [] });
  });

  test('cancelling mid-way returns what came back, aborts in-flight batches and starts no new one', async () => {
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    const pending: Deferred<string[]>[] = [];
    const started: number[] = [];
    const run = runBatches(range(10), { batchSize: 2, concurrency: 2, signal: controller.signal }, (_batch, index, signal) => {
      started.push(index);
      signals[index] = signal;
      pending[index] = deferred<string[]>();
      return pending[index].promise;
    });
    pending[1].resolve(['b', 'c']);
    await delay(0);
    pending[0].resolve(['a']);
    await delay(0);
    assert.deepStrictEqual(started, [0, 1, 2, 3]);

    controller.abort();
    const outcome = await run;
    assert.deepStrictEqual(outcome.results, ['a', 'b', 'c']);
    assert.strictEqual(outcome.cancelled, true);
    assert.strictEqual(outcome.completedBatches, 2);
    assert.strictEqual(outcome.totalBatches, 5);
    assert.ok(signals[2].aborted && signals[3].aborted, 'in-flight batches see the abort');

    // Late answers from the aborted batches change nothing and start nothing.
    pending[2].resolve(['late']);
    pending[3].reject(new Error('aborted'));
    await delay(5);
    assert.deepStrictEqual(started, [0, 1, 2, 3]);
    assert.deepStrictEqual(outcome.errors, []);
  });

  test('an already aborted signal runs nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await runBatches(range(5), { batchSize: 1, concurrency: 1, signal: controller.signal }, async () => assert.fail('not called'));
    assert.strictEqual(outcome.cancelled, true);
    assert.strictEqual(outcome.completedBatches, 0);
  });

  test('failed batches are collected, not thrown, and the rest still run', async () => {
    const outcome = await runBatches(range(10), { batchSize: 2, concurrency: 3 }, async (batch, index) => {
      await delay(index % 2);
      if (index === 1) {
        throw new Error('HTTP 500');
      }
      if (index === 3) {
        throw 'plain string'; // not an Error: kept as is
      }
      return batch;
    });
    assert.deepStrictEqual(outcome.results, [0, 1, 4, 5, 8, 9]);
    assert.deepStrictEqual(outcome.errors.map((e) => e.batchIndex), [1, 3]);
    assert.match(String(outcome.errors[0].error), /HTTP 500/);
    assert.strictEqual(outcome.errors[1].error, 'plain string');
    assert.strictEqual(outcome.completedBatches, 3, 'only successful batches count as completed');
    assert.strictEqual(outcome.cancelled, false);
  });

  test('a synchronous throw from `run` counts as that batch failing', async () => {
    const outcome = await runBatches(range(2), { batchSize: 1, concurrency: 1 }, (batch, index) => {
      if (index === 0) {
        throw new Error('boom');
      }
      return Promise.resolve(batch);
    });
    assert.deepStrictEqual(outcome.results, [1]);
    assert.deepStrictEqual(outcome.errors.map((e) => e.batchIndex), [0]);
  });

  test('stopOnError: no new batch after a fatal error, in-flight ones still finish', async () => {
    const started: number[] = [];
    const outcome = await runBatches(
      range(20),
      { batchSize: 2, concurrency: 2, stopOnError: (error) => error instanceof Error && error.message === 'session expired' },
      async (batch, index) => {
        started.push(index);
        if (index === 0) {
          throw new Error('temporary'); // not fatal: carry on
        }
        if (index === 2) {
          await delay(1);
          throw new Error('session expired');
        }
        if (index === 3) {
          await delay(10); // still in flight when batch 2 fails
        }
        return batch;
      },
    );
    assert.deepStrictEqual(started, [0, 1, 2, 3]);
    assert.deepStrictEqual(outcome.results, [2, 3, 6, 7]);
    assert.deepStrictEqual(outcome.errors.map((e) => e.batchIndex), [0, 2]);
    assert.strictEqual(outcome.completedBatches, 2);
    assert.strictEqual(outcome.totalBatches, 10);
    assert.strictEqual(outcome.cancelled, false);
  });

  test('a throwing progress callback does not break the run', async () => {
    const outcome = await runBatches(range(4), { batchSize: 1, concurrency: 2, onProgress: () => { throw new Error('ui gone'); } }, async (b) => b);
    assert.deepStrictEqual(outcome.results, [0, 1, 2, 3]);
  });

  test('batchSize or concurrency below 1 is a RangeError naming the option', async () => {
    const run = async (batch: number[]): Promise<number[]> => batch;
    await assert.rejects(runBatches([1], { batchSize: 0, concurrency: 1 }, run), (e: unknown) => e instanceof RangeError && /batchSize/.test(e.message));
    await assert.rejects(runBatches([1], { batchSize: 1, concurrency: 0 }, run), (e: unknown) => e instanceof RangeError && /concurrency/.test(e.message));
    await assert.rejects(runBatches([1], { batchSize: Number.NaN, concurrency: 1 }, run), RangeError);
  });

  test('errors come back in batch order, whatever order the batches failed in', async () => {
    const outcome = await runBatches(range(4), { batchSize: 1, concurrency: 4 }, async (_batch, index) => {
      await delay((3 - index) * 5);
      throw new Error(`batch ${index}`);
    });
    assert.deepStrictEqual(outcome.errors.map((e) => e.batchIndex), [0, 1, 2, 3]);
  });

  test('a stopOnError that throws stops the run like a fatal error', async () => {
    const started: number[] = [];
    const outcome = await runBatches(range(6), { batchSize: 1, concurrency: 1, stopOnError: () => { throw new Error('broken check'); } }, async (batch, index) => {
      started.push(index);
      if (index === 1) {
        throw new Error('failed');
      }
      return batch;
    });
    assert.deepStrictEqual(started, [0, 1]);
    assert.deepStrictEqual(outcome.results, [0]);
    assert.strictEqual(outcome.cancelled, false);
  });

  test('a finished run leaves no listener on the caller\'s signal', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 3; i++) {
      await runBatches(range(3), { batchSize: 1, concurrency: 2, signal: controller.signal }, async (b) => b);
    }
    assert.strictEqual(getEventListeners(controller.signal, 'abort').length, 0);
  });
});
