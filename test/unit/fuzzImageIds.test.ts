// Fuzzing the image-ID extraction: generated and mutated texts, JSON and
// JSONC documents, JavaScript values and cursor positions. Whatever comes in,
// the result is an Extraction that keeps its promises, or a JsonInputError
// that says where; nothing else escapes. Valid JSON is read exactly as
// JSON.parse reads it. Then the same functions at growing sizes, to show
// every path is linear.
import * as assert from 'assert';
import * as fc from 'fast-check';
import {
  Extraction,
  extractFromJson,
  extractFromJsonText,
  extractFromText,
  idAtPosition,
  isImageId,
  JsonInputError,
} from '../../src/authorizations/imageIds';
import { readJson } from '../../src/authorizations/jsonReader';
import { figure, FUZZ_RUNS, FUZZ_SEED, measureGrowth } from './support/fuzz';

/** What every extraction promises, whatever the input. */
function assertExtraction(result: Extraction, format?: Extraction['format']): void {
  if (format) assert.strictEqual(result.format, format);
  const pairs = new Set<string>();
  for (const image of result.images) {
    assert.ok(isImageId(image.imageId), `${JSON.stringify(image.imageId)} is an ID`);
    const pair = JSON.stringify([image.imageId, image.sizeKey ?? null]);
    assert.ok(!pairs.has(pair), `${pair} once`);
    pairs.add(pair);
    if (image.sizeKey !== undefined) {
      assert.ok(image.sizeKey.trim() !== '' && result.sizeKeysSeen.includes(image.sizeKey), 'a size key is listed in sizeKeysSeen');
    }
  }
  assert.ok(result.skipped.length <= 20, 'at most 20 skipped words');
  assert.ok(result.skipped.every((word) => word.length <= 81), 'skipped words are short enough to show');
}

function assertJsonError(err: unknown, text: string): void {
  assert.ok(err instanceof JsonInputError, `only JsonInputError may escape, got ${String(err)}`);
  assert.ok(err.offset >= 0 && err.offset <= text.length, `offset ${err.offset} is inside the text`);
  assert.ok(err.line >= 1 && err.column >= 1, 'line and column count from 1');
  assert.match(err.message, /^Invalid JSON at line \d+, column \d+: \S/);
}

/* ------------------------------------------------------------ generators -- */

const id = fc.oneof(
  fc.integer({ min: 100, max: 9_999_999_999 }).map(String),
  fc.stringMatching(/^[a-z]{1,3}[0-9]{5,10}[a-z]?(-[0-9]{3})?$/),
);
const noise = fc.constantFrom(
  ' ', ',', ';', '\n', '\r\n', '\t', '"', "'", '`', '(', ')', '[', ']', '{', '}', ':', '.', '...', '!', '?', '-', '_', '/', '\\',
  '//', '/*', '*/', '\u0000', '\u0001', '\u007f', '\uFEFF', '\u00a0', '\u2028', '\uD800', '\uDC00', 'é', '🙂', 'null', 'true', '"ImageId":', '"SizeKey":',
  'ImageIds', 'the', 'image', 'https://x.test/1', '1e400', '-5', '0x1F',
);
/** Text made of IDs, words, separators, JSON pieces and binary junk, in any order. */
const mixedText = fc.array(fc.oneof(id, noise, fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 40 }).map((parts) => parts.join(''));

/** JSON values shaped like Connect inputs: ID lists, ImageSizes, nested objects with ImageId. */
const connectJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    id,
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 8 }),
    fc.constantFrom(null, true, false, '', ' 83454800 '),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.record({ ImageId: fc.oneof(id, tie('value')), SizeKey: fc.oneof(fc.constantFrom('Large', 'Medium', ' ', ''), tie('value')) }, { requiredKeys: [] }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('ImageIds', 'imageid', 'Images', '__proto__', 'toString')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Edits that break a document: cut it, drop a piece, or insert a token (comments and trailing commas among them). */
const edit = fc.record({
  at: fc.nat(),
  cut: fc.integer({ min: 0, max: 6 }),
  insert: fc.constantFrom('', '', ',', ',,', '"', '\\', '{', '}', '[', ']', ':', '//c\n', '/* c */', '/*', '\u0000', '\n', 'x', '01', '-', '1e', '"ImageId": 1', '\uD800'),
});

function applyEdits(text: string, edits: { at: number; cut: number; insert: string }[]): string {
  let out = text;
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    out = out.slice(0, at) + e.insert + out.slice(at + e.cut);
  }
  return out;
}

/** A JSON document, pretty-printed or not, then broken by a few edits. */
const mutatedJson = fc
  .tuple(connectJson, fc.constantFrom(undefined, 2, '\t'), fc.array(edit, { maxLength: 3 }))
  .map(([value, indent, edits]) => applyEdits(JSON.stringify(value, null, indent) ?? 'null', edits));

/* -------------------------------------------------------------- the fuzz -- */

/** Runs a synchronous property FUZZ_RUNS times with the fixed seed and prints the figure line. */
function fuzz<T>(target: string, input: fc.Arbitrary<T>, check: (value: T) => 'value' | 'error'): void {
  const outcomes = { value: 0, error: 0 };
  let escape = '';
  const details = fc.check(
    fc.property(input, (value) => {
      try {
        outcomes[check(value)]++;
      } catch (err) {
        escape ||= err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        throw err;
      }
    }),
    { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
  );
  figure(`fuzz ${target}: ${details.numRuns} inputs, seed ${FUZZ_SEED}, ${details.failed ? 1 : 0} escapes (${outcomes.value} results, ${outcomes.error} JsonInputErrors)`);
  assert.ok(!details.failed, `${escape}\n${fc.defaultReportMessage(details) ?? ''}`);
  assert.ok(details.numRuns >= FUZZ_RUNS);
}

suite('fuzz: image-ID extraction', function () {
  this.timeout(60_000);

  test(`extractFromText: ${FUZZ_RUNS} generated and mutated texts give an extraction or a JsonInputError`, () => {
    fuzz('extractFromText', fc.oneof(mixedText, mutatedJson), (text) => {
      try {
        assertExtraction(extractFromText(text));
        return 'value';
      } catch (err) {
        if (err instanceof assert.AssertionError) throw err;
        assertJsonError(err, text);
        assert.match(text.trim(), /^[[{]/, 'only text that starts like JSON is reported as broken JSON');
        return 'error';
      }
    });
  });

  test(`extractFromJsonText: ${FUZZ_RUNS} mutated JSON and JSONC documents give an extraction or a JsonInputError`, () => {
    fuzz('extractFromJsonText', fc.oneof({ weight: 4, arbitrary: mutatedJson }, { weight: 1, arbitrary: mixedText }), (text) => {
      try {
        assertExtraction(extractFromJsonText(text), 'json');
        return 'value';
      } catch (err) {
        if (err instanceof assert.AssertionError) throw err;
        assertJsonError(err, text);
        return 'error';
      }
    });
  });

  test(`the JSON reader: ${FUZZ_RUNS} valid JSON documents read exactly as JSON.parse reads them`, () => {
    fuzz('JSON reader vs JSON.parse', fc.tuple(fc.oneof(fc.jsonValue(), connectJson), fc.constantFrom(undefined, 1, '\t')), ([value, indent]) => {
      const text = JSON.stringify(value, null, indent) ?? 'null';
      assert.deepStrictEqual(readJson(text), JSON.parse(text));
      return 'value';
    });
  });

  test(`the JSON reader keeping only ID values: ${FUZZ_RUNS} documents give the same IDs, sizes and skipped words as the full reading`, () => {
    fuzz('JSON reader idsOnly vs full', fc.tuple(fc.oneof(fc.jsonValue(), connectJson), fc.constantFrom(undefined, 1, '\t')), ([value, indent]) => {
      const text = JSON.stringify(value, null, indent) ?? 'null';
      assert.deepStrictEqual(extractFromJson(readJson(text, 0, true)), extractFromJson(readJson(text)));
      return 'value';
    });
  });

  test(`extractFromJson: ${FUZZ_RUNS} arbitrary JavaScript values, cycles included, give an extraction`, () => {
    const cyclic = fc.tuple(connectJson, fc.boolean()).map(([value, loop]) => {
      if (loop && typeof value === 'object' && value !== null) (value as Record<string, unknown>).self = value;
      return value;
    });
    fuzz('extractFromJson', fc.oneof(fc.anything(), cyclic), (value) => {
      assertExtraction(extractFromJson(value), 'json');
      return 'value';
    });
  });

  test(`idAtPosition: ${FUZZ_RUNS} lines and cursor positions give an ID from that line or nothing`, () => {
    fuzz('idAtPosition', fc.tuple(mixedText, fc.oneof(fc.nat({ max: 300 }), fc.integer(), fc.double())), ([line, character]) => {
      const found = idAtPosition(line, character);
      if (found !== undefined) {
        assert.ok(isImageId(found) && line.includes(found), `${found} is an ID on the line`);
      }
      return 'value';
    });
  });
});

/* ----------------------------------------------------------------- growth -- */

suite('fuzz: image-ID extraction takes linear time', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => String(10_000_000 + i));
  const swallow = (fn: (text: string) => unknown) => (text: string) => {
    try {
      fn(text);
    } catch (err) {
      if (!(err instanceof JsonInputError)) throw err;
    }
  };
  /**
   * Allocates `depth` nested arrays and nothing else. Even this grows faster than
   * the depth (the collector on a long chain of live objects: up to 8 x per level
   * from 16,000 to 1,000,000 levels), so deep inputs are held to it, not to n.
   */
  const nestArrays = (depth: number) => () => {
    const stack: unknown[][] = [[]];
    for (let i = 1; i < depth; i++) {
      const inner: unknown[] = [];
      stack[stack.length - 1].push(inner);
      stack.push(inner);
    }
  };
  const cases: [name: string, small: number, make: (n: number) => string, run: (text: string) => void, baseline?: (text: string) => void][] = [
    ['text of n IDs', 2_000, (n) => ids(n).join(', '), (t) => extractFromText(t)],
    ['a run of n full stops inside a word', 2_000, (n) => `83454800${'.'.repeat(n)}x`, (t) => extractFromText(t)],
    ['one word of n characters', 10_000, (n) => 'ab1'.repeat(n), (t) => extractFromText(t)],
    ['n distinct words that are not IDs', 2_000, (n) => ids(n).map((i) => `w${i}!x`).join(' '), (t) => extractFromText(t)],
    ['n quotes and spaces before a bracket', 2_000, (n) => '[' + '" '.repeat(n), (t) => extractFromText(t)],
    ['JSON array of n ImageSizes', 1_000, (n) => JSON.stringify({ ImageSizes: ids(n).map((ImageId) => ({ ImageId, SizeKey: 'Large' })) }), (t) => extractFromJsonText(t)],
    ['JSONC of n commented lines', 1_000, (n) => '[\n' + ids(n).map((i) => `  "${i}", // id ${i}\n`).join('') + ']', (t) => extractFromJsonText(t)],
    ['arrays nested n deep', 1_000, (n) => '['.repeat(n) + '"83454800"' + ']'.repeat(n), (t) => extractFromJsonText(t), (t) => nestArrays(t.length >> 1)()],
    ['objects nested n deep', 1_000, (n) => '{"a":'.repeat(n) + '{"ImageId":"1234567"}' + '}'.repeat(n), (t) => extractFromText(t), (t) => nestArrays(t.length / 6)()],
    ['one object with n keys', 1_000, (n) => JSON.stringify(Object.fromEntries(ids(n).map((i) => [`k${i}`, i]))), (t) => extractFromJsonText(t)],
    ['a string of n escapes', 2_000, (n) => `["${'\\n\\u00e9'.repeat(n)}"]`, (t) => extractFromJsonText(t)],
    ['n lines, then an error', 1_000, (n) => '[\n' + '  "1234567",\n'.repeat(n) + '  x]', swallow((t) => extractFromJsonText(t))],
    ['n open brackets, never closed', 2_000, (n) => '[{"a":'.repeat(n), swallow((t) => extractFromJsonText(t)), (t) => nestArrays(t.length / 3)()],
    ['an unclosed string of n characters', 10_000, (n) => `["${'a'.repeat(n)}`, swallow((t) => extractFromJsonText(t))],
    ['an unclosed comment of n characters', 10_000, (n) => `[1] /*${'*'.repeat(n)}`, swallow((t) => extractFromJsonText(t))],
    ['a line of n ID characters under the cursor', 10_000, (n) => '1'.repeat(n), (t) => idAtPosition(t, t.length >> 1)],
    ['an ID followed by n full stops under the cursor', 10_000, (n) => `83454800${'.'.repeat(n)}`, (t) => idAtPosition(t, 3)],
  ];
  for (const [name, small, make, run, baseline] of cases) {
    test(`${name}: 16 × the size costs at most ${baseline ? '4 × what allocating the same nesting alone grows by' : '96 × the time'}`, () => {
      const growth = measureGrowth(small, make, run, baseline ? 4 : 6, baseline);
      const base =
        growth.baselineRatio === undefined
          ? ` (bound ${growth.bound})`
          : `; allocating the nesting alone × ${growth.baselineRatio.toFixed(1)}: relative × ${(growth.ratio / growth.baselineRatio).toFixed(2)} (bound 4, quadratic ≈ 16)`;
      figure(`growth ID extraction, ${name}: × ${growth.sizeRatio} size (up to n = ${growth.size}) → × ${growth.ratio.toFixed(1)} time${base}`);
      assert.ok(growth.ratio <= growth.bound, `${name}: × ${growth.ratio.toFixed(1)} time for × ${growth.sizeRatio} size`);
    });
  }
});
