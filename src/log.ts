// The extension's log: a LogOutputChannel, every line passed through `redact`.
// A short in-memory tail lets tests (and "Show Log") check what was written.
import * as vscode from 'vscode';
import { redact, RequestEvent } from './connect';

const TAIL_LINES = 500;

export class Log implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly tail: string[] = [];

  constructor(name = 'Getty Connect') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  info(message: string): void {
    this.channel.info(this.keep(message));
  }

  warn(message: string): void {
    this.channel.warn(this.keep(message));
  }

  error(message: string): void {
    this.channel.error(this.keep(message));
  }

  /** One line per Connect request: operation, CoordinationId, outcome, codes and duration. */
  request(e: RequestEvent): void {
    const codes = e.codes.length ? ` [${e.codes.join(', ')}]` : '';
    const line = `${e.operation} ${e.outcome}${codes} in ${e.durationMs} ms (CoordinationId ${e.coordinationId})`;
    if (e.outcome === 'Success') {
      this.info(line);
    } else if (e.outcome === 'Warning' || e.outcome === 'cancelled') {
      this.warn(line);
    } else {
      this.error(line);
    }
  }

  /** The last lines written, already redacted. */
  lines(): readonly string[] {
    return this.tail;
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private keep(message: string): string {
    const safe = redact(message);
    this.tail.push(safe);
    if (this.tail.length > TAIL_LINES) {
      this.tail.shift();
    }
    return safe;
  }
}
