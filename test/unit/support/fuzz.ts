// Shared pieces of the fuzz tests: one fixed seed (printed, overridable to
// explore), the `[figure]` lines, and the growth check that tells linear from
// worse by comparing run times of the same input shape at growing sizes.
import { performance } from 'perf_hooks';

/** Fixed so that every run tries the same inputs; GETTY_FUZZ_SEED=<n> explores others. */
export const FUZZ_SEED = Number(process.env.GETTY_FUZZ_SEED ?? 20261130);

/** Generated or mutated inputs per fuzz target (the issue asks for at least 10,000). */
export const FUZZ_RUNS = 10_000;

export function figure(text: string): void {
  console.log(`[figure] ${text}`);
}

/** Best of `runs` wall-clock times of `fn`, in milliseconds. */
function bestTime(fn: () => void, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

export interface Growth {
  /** Time at the largest size over time at the smallest. */
  ratio: number;
  /** Largest size over smallest size. */
  sizeRatio: number;
  /** The same ratio for the baseline, when there is one. */
  baselineRatio?: number;
  /** The most the ratio may be: `slack` times the size ratio (or the baseline's ratio, if larger). */
  bound: number;
  /** The largest size tried. */
  size: number;
}

/**
 * Times `run(make(n))` at a size n that takes at least 1 ms (starting from
 * `small`, doubled until it does) and at 16 × n, and returns the ratio.
 * Linear work gives about 16; quadratic work gives about 256. The bound is
 * `slack` × 16 (96 by default): generous, because the machine is shared and
 * the collector's work on a large live input grows a little faster than the
 * input (ratios up to about 70 were seen under a load of 9 on 2 cores), and
 * still far below quadratic.
 *
 * `baseline`, when given, is the least work of the same shape (e.g. just
 * allocating the same nesting) timed on the same inputs: where even that grows
 * faster than the size (the collector on deep chains), the bound is `slack`
 * times its ratio instead: work quadratic on top of it would be 16 times it.
 */
export function measureGrowth<T>(small: number, make: (n: number) => T, run: (input: T) => void, slack = 6, baseline?: (input: T) => void): Growth {
  const sizeRatio = 16;
  let n = small;
  let smallInput = make(n);
  run(smallInput); // warm up the code paths before timing
  let tSmall = bestTime(() => run(smallInput), 5);
  while (tSmall < 1 && n < small * 64) {
    n *= 2;
    smallInput = make(n);
    tSmall = bestTime(() => run(smallInput), 5);
  }
  const largeInput = make(n * sizeRatio);
  let baselineRatio: number | undefined;
  if (baseline) {
    baseline(smallInput);
    baselineRatio = bestTime(() => baseline(largeInput), 5) / Math.max(bestTime(() => baseline(smallInput), 5), 0.05);
  }
  const bound = slack * Math.max(sizeRatio, baselineRatio ?? 0);
  // Other processes share the machine: a ratio over the bound is measured again
  // (twice at most) and the best kept. Quadratic work fails every time.
  let ratio = Infinity;
  for (let attempt = 0; attempt < 3 && ratio > bound; attempt++) {
    if (attempt > 0) tSmall = bestTime(() => run(smallInput), 5);
    ratio = Math.min(ratio, bestTime(() => run(largeInput), 5) / tSmall);
  }
  return { ratio, sizeRatio, baselineRatio, bound, size: n * sizeRatio };
}
