// A clock the test moves by hand: timers fire only when the test moves past them.
import { Clock } from '../../../src/session/clock';

export class ManualClock implements Clock {
  t = Date.parse('2026-11-22T10:00:00Z');
  timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = this.next++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }

  /** The earliest timer due by `end`, taken off the list, with the time moved to it. */
  private takeDue(end: number): (() => void) | undefined {
    const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
    if (!due) return undefined;
    this.timers = this.timers.filter((x) => x !== due);
    this.t = Math.max(this.t, due.at);
    return due.fn;
  }

  /** Moves time on by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (let fn = this.takeDue(end); fn; fn = this.takeDue(end)) fn();
    this.t = end;
  }

  /** Fires the next timer, whenever it is due. */
  fire(): void {
    this.takeDue(Infinity)?.();
  }

  /** Like advance, but real time passes between timers (so I/O, a fake server's answers, go on). */
  async run(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await new Promise((r) => setTimeout(r, 10)); // timers set meanwhile are seen
      const fn = this.takeDue(end);
      if (!fn) break;
      fn();
    }
    this.t = end;
  }

  /** How long until each timer, in the order they were set. */
  get pending(): number[] {
    return this.timers.map((x) => x.at - this.t);
  }
}
