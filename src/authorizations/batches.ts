/**
 * Running many items through a request that takes them a batch at a time,
 * a few batches at once, with progress and cancellation.
 *
 * Pure module: no `vscode` import, runs in plain Node.
 */

/** Counts of ITEMS (not batches) whose batch has finished, successfully or not. */
export interface BatchProgress {
  done: number;
  total: number;
}

export interface BatchOutcome<R> {
  /** Results of the batches that succeeded, concatenated in batch (= input) order. */
  results: R[];
  /**
   * Batches that succeeded. Failed ones are in `errors`; the rest
   * (totalBatches - completedBatches - errors.length) never ran or were cancelled.
   */
  completedBatches: number;
  totalBatches: number;
  /** True when the signal was aborted before every batch had finished. */
  cancelled: boolean;
  /** Failed batches, in batch order. */
  errors: { batchIndex: number; error: unknown }[];
}

export interface RunBatchesOptions {
  batchSize: number;
  concurrency: number;
  /**
   * When aborted: no new batch is started, in-flight batches see their signal
   * aborted, and the outcome resolves at once with the results so far
   * (`cancelled: true`); whatever in-flight batches return later is dropped.
   */
  signal?: AbortSignal;
  /** Called after each batch finishes. Exceptions thrown from it are ignored. */
  onProgress?: (p: BatchProgress) => void;
  /**
   * Called with a failed batch's error; returning true (or throwing) starts
   * no new batch. In-flight batches are not aborted: the outcome resolves
   * once they have finished, including their results/errors.
   */
  stopOnError?: (error: unknown) => boolean;
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number of at least 1 (got ${String(value)})`);
  }
}

export function chunk<T>(items: T[], size: number): T[][] {
  assertPositiveInteger('size', size);
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    batches.push(items.slice(i, i + size));
  }
  return batches;
}

export async function runBatches<T, R>(
  items: T[],
  options: RunBatchesOptions,
  run: (batch: T[], batchIndex: number, signal: AbortSignal) => Promise<R[]>,
): Promise<BatchOutcome<R>> {
  const { batchSize, concurrency, signal, onProgress, stopOnError } = options;
  assertPositiveInteger('batchSize', batchSize);
  assertPositiveInteger('concurrency', concurrency);

  const batches = chunk(items, batchSize);
  // Results are kept per batch so completion order does not matter.
  const perBatch: (R[] | undefined)[] = new Array<R[] | undefined>(batches.length);
  const errors: BatchOutcome<R>['errors'] = [];
  // One controller of our own, so `run` always gets a signal (even when the
  // caller gave none) and an abort reaches every in-flight batch.
  const controller = new AbortController();

  let next = 0;
  let inFlight = 0;
  let completedBatches = 0;
  let doneItems = 0;
  let stopped = false;
  let finished = false;

  return new Promise<BatchOutcome<R>>((resolve) => {
    const finish = (cancelled: boolean): void => {
      if (finished) {
        return;
      }
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      const results: R[] = [];
      for (const batchResults of perBatch) {
        if (batchResults !== undefined) {
          for (const r of batchResults) {
            results.push(r);
          }
        }
      }
      errors.sort((a, b) => a.batchIndex - b.batchIndex);
      resolve({ results, completedBatches, totalBatches: batches.length, cancelled, errors });
    };

    const onAbort = (): void => {
      controller.abort(signal?.reason);
      finish(true);
    };

    const settle = (index: number, ok: boolean, value: R[] | undefined, error: unknown): void => {
      inFlight--;
      if (finished) {
        return; // cancelled meanwhile: the outcome is already out
      }
      doneItems += batches[index].length;
      if (ok) {
        completedBatches++;
        perBatch[index] = value;
      } else {
        errors.push({ batchIndex: index, error });
        if (stopOnError !== undefined) {
          try {
            stopped ||= stopOnError(error);
          } catch {
            stopped = true;
          }
        }
      }
      try {
        onProgress?.({ done: doneItems, total: items.length });
      } catch {
        // A broken progress display must not break (or hang) the work itself.
      }
      launch();
    };

    const launch = (): void => {
      while (!finished && !stopped && inFlight < concurrency && next < batches.length) {
        const index = next++;
        inFlight++;
        let pending: Promise<R[]>;
        try {
          pending = Promise.resolve(run(batches[index], index, controller.signal));
        } catch (error) {
          pending = Promise.reject(error); // a synchronous throw counts as that batch failing
        }
        pending.then(
          (value) => settle(index, true, value, undefined),
          (error: unknown) => settle(index, false, undefined, error),
        );
      }
      if (!finished && inFlight === 0 && (stopped || next >= batches.length)) {
        finish(false);
      }
    };

    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    launch();
  });
}
