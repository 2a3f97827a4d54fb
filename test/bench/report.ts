// The benchmark's rows, the machine they were measured on, the table printed and
// the JSON written to test-artifacts/bench.json. No `vscode` import.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface Row {
  figure: string;
  /** What the figure is compared with, in words and (when there is one) its measured value. */
  baseline: string;
  /** The measured value or the ratio against the baseline, as printed. */
  value: string;
  target: string;
  pass: boolean;
  /** Raw numbers behind the row (milliseconds, bytes, counts). */
  data?: Record<string, number | string | boolean>;
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length, node: process.version, platform: `${os.platform()} ${os.arch()}` };
}

/** A Markdown table: readable in a terminal, pasted as-is into the README. */
export function table(rows: Row[], m: Machine): string {
  const head = ['figure', 'baseline', 'ratio or value', 'target', 'pass'];
  const lines = [head, ['---', '---', '---', '---', '---'], ...rows.map((r) => [r.figure, r.baseline, r.value, r.target, r.pass ? 'yes' : '**NO**'])];
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    ...lines.map((cells) => `| ${cells.map(esc).join(' | ')} |`),
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, Node ${m.node} (${m.platform}).`,
  ].join('\n');
}

export function writeJson(file: string, rows: Row[], m: Machine): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: m, rows }, null, 2)}\n`);
}

export const ms = (x: number): string => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;
/** Kilobytes of 1,000 bytes, as the targets are written (150 KB = 150,000 bytes). */
export const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;
export const ratio = (x: number): string => `${x.toFixed(2)}x`;
