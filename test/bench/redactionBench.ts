// Masking a log line: one pass whatever the number of secrets. The baseline is the
// same line with 10 secrets registered; 1,000 and 10,000 secrets should cost about
// the same, not 100x or 1,000x (which one pass per secret would).
import { forgetSecrets, redact, registerSecret } from '../../src/connect';
import { ratio, Row } from './report';
import { median, timeSync } from './stats';

const token = (i: number): string => `tok_${i.toString(36).padStart(8, '0')}_${'x'.repeat(24)}`;

export function redactionRows(runs = 7): Row[] {
  // A long line that mentions a few of the secrets among ordinary words.
  const line = Array.from({ length: 2000 }, (_, i) => (i % 250 === 0 ? token(i % 10) : `word${i}`)).join(' ');
  const timeWith = (n: number): number => {
    forgetSecrets();
    registerSecret(...Array.from({ length: n }, (_, i) => token(i)));
    redact(line); // the first line after a change builds the matcher
    return median(Array.from({ length: runs }, () => timeSync(() => redact(line))));
  };
  try {
    const base = timeWith(10);
    return [1000, 10_000].map((n) => {
      const t = timeWith(n);
      return {
        figure: `redaction: a ${(line.length / 1000).toFixed(0)} kB log line with ${n.toLocaleString('en')} secrets registered`,
        baseline: `10 secrets: ${base.toFixed(3)} ms`,
        value: ratio(t / base),
        target: '<= 3x (one pass per secret would be 100x or more)',
        pass: t / base <= 3,
        data: { ms: t, baselineMs: base, secrets: n },
      };
    });
  } finally {
    forgetSecrets();
  }
}
