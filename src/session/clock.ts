// The one clock the session model and the status bar read: the system clock plus
// an offset that tests move with `advance`, to stand for a machine that slept or a
// long wait. Listeners hear of every jump, as they must of a real one.
//
// No `vscode` import: the session model runs in plain Node.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class SystemClock implements Clock {
  private offsetMs = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly jumpListeners = new Set<() => void>();

  now(): number {
    return Date.now() + this.offsetMs;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const handle = setTimeout(() => {
      this.timers.delete(handle);
      fn();
    }, ms);
    this.timers.add(handle);
    return handle;
  }

  clearTimeout(handle: unknown): void {
    clearTimeout(handle as NodeJS.Timeout);
    this.timers.delete(handle as NodeJS.Timeout);
  }

  /** Timers set and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves the clock forward by `ms` and tells the listeners. */
  advance(ms: number): void {
    this.offsetMs += ms;
    for (const listener of [...this.jumpListeners]) listener();
  }

  /** Back to the system time (tests, between cases). */
  reset(): void {
    this.advance(-this.offsetMs);
  }

  onDidJump(listener: () => void): { dispose(): void } {
    this.jumpListeners.add(listener);
    return { dispose: () => this.jumpListeners.delete(listener) };
  }
}
