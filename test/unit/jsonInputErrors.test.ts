// Where a broken JSON input is reported broken (line, column, offset) and what
// it says, whichever wording the runtime's JSON parser uses.
import * as assert from 'assert';
import { extractFromJsonText, JsonInputError } from '../../src/authorizations/imageIds';

function jsonError(fn: () => unknown): JsonInputError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof JsonInputError, String(err));
    return err;
  }
  return assert.fail('expected a JsonInputError');
}

/** Where this runtime's JSON.parse says `text` breaks, or undefined when its message gives no position. */
function parserPosition(text: string): number | undefined {
  try {
    JSON.parse(text);
  } catch (err) {
    const match = /at position (\d+)/.exec((err as Error).message);
    return match ? Number(match[1]) : undefined;
  }
  return assert.fail(`${JSON.stringify(text)} parses`);
}

/**
 * Runs `fn` while JSON.parse fails with `message` (by default one without a
 * position, as some parsers word their errors) wherever the real parser fails.
 */
function withParserMessage<T>(fn: () => T, message = 'Unexpected token'): T {
  const parse = JSON.parse;
  JSON.parse = ((text: string) => {
    try {
      return parse(text);
    } catch {
      throw new SyntaxError(message);
    }
  }) as typeof JSON.parse;
  try {
    return fn();
  } finally {
    JSON.parse = parse;
  }
}

// Inputs whose first error this runtime's parser reports with a position.
const POSITIONED = [
  '1, 2',
  '[1], [2]',
  '[1, 2',
  '[1 2]',
  '[\t1,\t2 3]',
  '{"a" 1}',
  '{a: 1}',
  '"abc',
  '"a\tb"',
  '["ab\ncd"]',
  '{"a":1,}',
  '{,}',
  '[01]',
  '{}x',
  '[]]',
  '{"a":1]',
  '[1}',
  '[1,2]]',
  '{',
  '{"a"',
  '{"a":1}}',
  '[true',
  '[true false]',
  '[1e5x]',
  '{"a":[]]',
  '{"k":"v",',
  '{"a\\"b": 1 x',
  '[[], {}, [1,[2]], {"a":{}} x]',
  '{"a":[1,{"b":2]]}',
  '[-0.5E-2, 1 2]',
  '{"a":1 "b":2}',
  '{"k\\u00e9y": [1.5e+10, -0.25E-3, 0, 1e10, 2E5, true, false, null, "a\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00E9 x"], "o": {}, "e": [] 1}',
];

suite('JSON input errors', () => {
  test('the reported place is where the parser says the JSON breaks', () => {
    for (const text of POSITIONED) {
      const position = parserPosition(text);
      assert.notStrictEqual(position, undefined, `${JSON.stringify(text)} is reported with a position`);
      assert.strictEqual(jsonError(() => extractFromJsonText(text)).offset, position, JSON.stringify(text));
    }
  });

  test('the same place is found when the parser does not say where', () => {
    for (const text of POSITIONED) {
      const position = parserPosition(text);
      assert.strictEqual(withParserMessage(() => jsonError(() => extractFromJsonText(text))).offset, position, JSON.stringify(text));
    }
  });

  test('errors reported without a position are located: unexpected tokens and early ends', () => {
    const cases: [text: string, offset: number][] = [
      ['{"a": }', 6],
      ['[tru]', 4],
      ['[fals]', 5],
      ['[nul]', 4],
      ['nul', 3],
      ['[1,]', 3],
      ['[,1]', 1],
      ['', 0],
      ['  ', 2],
      ['[', 1],
      ['{"a":', 5],
      ['{"k" :', 6],
      ['["a\\', 3],
      ['"\\', 1],
      ['[1.5e+3, x]', 9],
      ['[1.25, .5]', 7],
      ['[\t1\r\n,\t]', 7],
      ['["a b", "c\\"d", true, false, null, [], {}, x]', 43],
      ['{"a": 1, "b": }', 14],
      ['{"a": [1, 2], "b": {}, "c": }', 28],
    ];
    for (const [text, offset] of cases) {
      assert.strictEqual(parserPosition(text), undefined, `${JSON.stringify(text)} has no position from the parser`);
      assert.strictEqual(jsonError(() => extractFromJsonText(text)).offset, offset, JSON.stringify(text));
    }
  });

  test('without a position from the parser, a bad escape or number is reported where it starts to go wrong', () => {
    const cases: [text: string, offset: number][] = [
      ['"a\\x"', 2],
      ['"\\u12g4"', 1],
      ['"abc\\u00"', 4],
      ['"\\u00e9x\\q"', 8],
      ['{"a\\x": 1}', 3],
      ['[-]', 1],
      ['[1.]', 2],
      ['[1e]', 2],
      ['[1e+]', 2],
      ['-', 0],
    ];
    for (const [text, offset] of cases) {
      assert.strictEqual(withParserMessage(() => jsonError(() => extractFromJsonText(text))).offset, offset, JSON.stringify(text));
    }
  });

  test('an incomplete document without a position from the parser is reported at its end', () => {
    for (const text of ['[1', '{"a": [true', '  ', '[[1], [2]']) {
      assert.strictEqual(withParserMessage(() => jsonError(() => extractFromJsonText(text))).offset, text.length, JSON.stringify(text));
    }
  });

  test('line and column are counted from the offset, a newline inside a string included', () => {
    const err = jsonError(() => extractFromJsonText('[\n  "ab\ncd"\n]'));
    assert.deepStrictEqual([err.line, err.column, err.offset], [2, 6, 7]);
    assert.strictEqual(err.name, 'JsonInputError');
    assert.match(err.message, /^Invalid JSON at line 2, column 6: Bad control character in string literal$/);
  });

  test('a BOM counts in the first line\'s columns and in the offset, not in later lines', () => {
    const first = jsonError(() => extractFromJsonText('\uFEFF[1,]'));
    assert.deepStrictEqual([first.line, first.column, first.offset], [1, 5, 4]);
    const later = jsonError(() => extractFromJsonText('\uFEFF[\n1,\n]'));
    assert.deepStrictEqual([later.line, later.column, later.offset], [3, 1, 6]);
  });

  test('the parser\'s own position and quoting of the input are removed from the message, whichever runtime wrote it', () => {
    const cases: [message: string, detail: string][] = [
      ['Unexpected token } in JSON at position 12', 'Unexpected token }'],
      ["Expected ',' or ']' after array element in JSON at position 5 (line 12 column 34)", "Expected ',' or ']' after array element"],
      ['Unexpected token \']\', "[\n  1,\n]" is not valid JSON', "Unexpected token ']'"],
      ['Unexpected end of JSON input', 'Unexpected end of JSON input'],
      ['', 'Syntax error'],
    ];
    for (const [message, detail] of cases) {
      const err = withParserMessage(() => jsonError(() => extractFromJsonText('[1,]')), message);
      assert.strictEqual(err.detail, detail, JSON.stringify(message));
      assert.strictEqual(err.message, `Invalid JSON at line 1, column ${err.column}: ${detail}`);
    }
  });

  test('the position the parser gives is used as given', () => {
    const err = withParserMessage(() => jsonError(() => extractFromJsonText('[1,]')), 'Unexpected token ] in JSON at position 2');
    assert.deepStrictEqual([err.offset, err.column], [2, 3]);
  });
});
