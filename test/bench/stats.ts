// Timing helpers for the benchmark.
import { performance } from 'perf_hooks';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function timeSync(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Wall time and this process's CPU time (user + system) of one run, in milliseconds. */
async function timeBoth(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const wall = await timeAsync(fn);
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

export interface Alternated {
  a: number;
  b: number;
  ratio: number;
  /** The same from this process's CPU time: steadier than wall time on a busy machine. */
  cpuA: number;
  cpuB: number;
  cpuRatio: number;
}

/**
 * Runs a and b `runs` times each, alternating (a b b a a b …, so neither always goes
 * first after a pause), after one warm-up of each; the medians and their ratio.
 */
export async function alternate(runs: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<Alternated> {
  await a();
  await b();
  const ta: { wall: number; cpu: number }[] = [];
  const tb: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      ta.push(await timeBoth(a));
      tb.push(await timeBoth(b));
    } else {
      tb.push(await timeBoth(b));
      ta.push(await timeBoth(a));
    }
  }
  const ma = median(ta.map((t) => t.wall));
  const mb = median(tb.map((t) => t.wall));
  const ca = median(ta.map((t) => t.cpu));
  const cb = median(tb.map((t) => t.cpu));
  return { a: ma, b: mb, ratio: ma / mb, cpuA: ca, cpuB: cb, cpuRatio: ca / cb };
}
