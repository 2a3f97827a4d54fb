// Image IDs in free text: an email, a spreadsheet column, a list typed by hand.
//
// One pass over the character codes rather than split() and a regular
// expression per word: a pasted list can hold 100,000 IDs, and every array,
// match and intermediate string made per word is garbage the collector has to
// copy while the kept IDs pile up. Only an ID (or a skipped word worth
// showing) is sliced out, once.
import { Collector, Extraction } from './idCollector';
import { idEndingAt, isAlnumCode } from './imageIdShape';

// Separators: whitespace, commas, semicolons, quotes, brackets/parens/braces,
// and control characters (binary junk pasted into an editor splits, not joins).
const ASCII_SEPARATOR = new Uint8Array(128);
for (let code = 0; code <= 0x20; code++) ASCII_SEPARATOR[code] = 1;
ASCII_SEPARATOR[0x7f] = 1;
for (const c of ',;\'"`()[]{}') ASCII_SEPARATOR[c.charCodeAt(0)] = 1;

// Beyond ASCII only white space separates, as JavaScript's \s defines it.
const WHITESPACE = /\s/;

function isSeparator(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code < 128 ? ASCII_SEPARATOR[code] === 1 : WHITESPACE.test(text[i]);
}

/** Sentence punctuation that ends a word without being part of it ("see 83454800."). */
function isTrailingPunctuation(code: number): boolean {
  return code === 0x2e /* . */ || code === 0x3a /* : */ || code === 0x21 /* ! */ || code === 0x3f /* ? */;
}

export function extractFromPlainText(text: string): Extraction {
  const out = new Collector();
  scanWords(text, out);
  return out.result('text');
}

// A function of its own: the loop is optimised while it runs (on-stack
// replacement), and nothing after it has run yet to deoptimise that code.
function scanWords(text: string, out: Collector): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    if (isSeparator(text, i)) {
      i++;
      continue;
    }
    const start = i;
    let hasAlnum = false;
    while (i < length && !isSeparator(text, i)) {
      hasAlnum ||= isAlnumCode(text.charCodeAt(i));
      i++;
    }
    let end = i;
    while (end > start && isTrailingPunctuation(text.charCodeAt(end - 1))) {
      end--;
    }
    // The dropped punctuation has no letters or digits, so hasAlnum still holds.
    if (idEndingAt(text, start, end)) {
      out.addRange(text, start, end);
    } else if (hasAlnum && out.wantsSkipped()) {
      out.skip(text.slice(start, end));
    }
  }
}
