// Image IDs in free text: an email, a spreadsheet column, a list typed by hand.
import { Collector, Extraction, HAS_ALNUM } from './idCollector';
import { isImageId, withoutTrailing } from './imageIdShape';

// Separators: whitespace, commas, semicolons, quotes, brackets/parens/braces,
// and control characters (binary junk pasted into an editor splits, not joins).
// eslint-disable-next-line no-control-regex
const SEPARATORS = /[\s\x00-\x1f\x7f,;'"`()[\]{}]+/;

// Sentence punctuation that ends a word without being part of it ("see 83454800.").
const TRAILING_PUNCTUATION = '.:!?';

export function extractFromPlainText(text: string): Extraction {
  const out = new Collector();
  for (const raw of text.split(SEPARATORS)) {
    const word = withoutTrailing(raw, TRAILING_PUNCTUATION);
    if (isImageId(word)) {
      out.add(word, undefined);
    } else if (HAS_ALNUM.test(word)) {
      out.skip(word);
    }
  }
  return out.result('text');
}
