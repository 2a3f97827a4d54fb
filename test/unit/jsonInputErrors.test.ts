// What a broken JSON input is reported as: the line, column and offset of the
// token where it goes wrong, and what was expected there. JSONC (comments,
// trailing commas) is read; a key twice in one object is refused.
import * as assert from 'assert';
import { extractFromJsonText, extractFromText, JsonInputError } from '../../src/authorizations/imageIds';

function jsonError(fn: () => unknown): JsonInputError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof JsonInputError, String(err));
    return err;
  }
  return assert.fail('expected a JsonInputError');
}

suite('JSON input errors', () => {
  test('a token out of place is reported where it starts, with what was expected instead and what was found', () => {
    const cases: [text: string, offset: number, detail: string][] = [
      ['[1 2]', 3, '"," or "]" expected, found "2"'],
      ['{"a" 1}', 5, '":" expected, found "1"'],
      ['{"a":1]', 6, '"," or "}" expected, found "]"'],
      ['[1}', 2, '"," or "]" expected, found "}"'],
      ['[01]', 2, '"," or "]" expected, found "1"'],
      ['[,1]', 1, 'a value or "]" expected, found ","'],
      ['[1,,2]', 3, 'a value or "]" expected, found ","'],
      ['{,}', 1, 'a key in double quotes or "}" expected, found ","'],
      ['{"a": }', 6, 'a value expected, found "}"'],
      ['[tru]', 1, 'a value or "]" expected, found "tru"'],
      ['[-]', 1, 'a value or "]" expected, found "-"'],
      ['[1.5e+3, x]', 9, 'a value or "]" expected, found "x"'],
      ["['83454800']", 1, 'a value or "]" expected, found "\'83454800\'"'],
    ];
    for (const [text, offset, detail] of cases) {
      const err = jsonError(() => extractFromJsonText(text));
      assert.strictEqual(err.offset, offset, JSON.stringify(text));
      assert.strictEqual(err.detail, detail, JSON.stringify(text));
      assert.strictEqual(err.message, `Invalid JSON at line 1, column ${offset + 1}: ${err.detail}`);
    }
  });

  test('an unquoted key is named as one', () => {
    const err = jsonError(() => extractFromJsonText('{ImageId: 83454800}'));
    assert.deepStrictEqual([err.offset, err.detail], [1, 'a key in double quotes or "}" expected, found "ImageId" (keys need double quotes)']);
  });

  test('text after the value is reported where it starts', () => {
    for (const [text, offset] of [['1, 2', 1], ['{}x', 2], ['[1], [2]', 3], ['[1,2]]', 5]] as const) {
      const err = jsonError(() => extractFromJsonText(text));
      assert.strictEqual(err.offset, offset, text);
      assert.match(err.detail, /comes after the end of the JSON value \(one value per input: wrap several in \[ \]\)$/);
    }
  });

  test('a broken string, number or comment is reported at its start, saying what is wrong with it', () => {
    const cases: [text: string, offset: number, detail: RegExp][] = [
      ['"abc', 0, /^the string is not closed on its line/],
      ['["ab\ncd"]', 1, /^the string is not closed on its line/],
      ['"a\tb"', 0, /^the string has a control character in it \(write a tab as \\t\)$/],
      ['["a\\x"]', 1, /^the string has a bad escape/],
      ['"\\u12g4"', 0, /^the string has a bad \\u escape \(it needs 4 hex digits\)$/],
      ['[1.]', 1, /^the number is incomplete/],
      ['[1e]', 1, /^the number is incomplete/],
      ['[1] /* note', 4, /^the comment is not closed with \*\/$/],
    ];
    for (const [text, offset, detail] of cases) {
      const err = jsonError(() => extractFromJsonText(text));
      assert.strictEqual(err.offset, offset, JSON.stringify(text));
      assert.match(err.detail, detail, JSON.stringify(text));
    }
  });

  test('an input that ends early is reported at its end, saying what is missing', () => {
    const cases: [text: string, detail: string][] = [
      ['', 'there is no JSON value: the input is empty'],
      ['  \n', 'there is no JSON value: the input is empty'],
      ['// only a comment', 'there is no JSON value: the input is empty'],
      ['[', 'the JSON ends early: a value or "]" expected'],
      ['[1', 'the JSON ends early: "," or "]" expected'],
      ['{"a":', 'the JSON ends early: a value expected'],
      ['{"a"', 'the JSON ends early: ":" expected'],
      ['{"a": [true', 'the JSON ends early: "," or "]" expected'],
      ['[[1], [2]', 'the JSON ends early: "," or "]" expected'],
    ];
    for (const [text, detail] of cases) {
      const err = jsonError(() => extractFromJsonText(text));
      assert.deepStrictEqual([err.offset, err.detail], [text.length, detail], JSON.stringify(text));
    }
  });

  test('line and column are counted from the offset, a newline inside a string included', () => {
    const err = jsonError(() => extractFromJsonText('[\n  "ab",\n  "cd" "ef"\n]'));
    assert.deepStrictEqual([err.line, err.column, err.offset], [3, 8, 17]);
    assert.strictEqual(err.name, 'JsonInputError');
    assert.strictEqual(err.message, 'Invalid JSON at line 3, column 8: "," or "]" expected, found "\\"ef\\""');
    const inString = jsonError(() => extractFromJsonText('[\n  "ab\ncd"\n]'));
    assert.deepStrictEqual([inString.line, inString.column, inString.offset], [2, 3, 4]);
  });

  test('a BOM counts in the first line\'s columns and in the offset, not in later lines', () => {
    const first = jsonError(() => extractFromJsonText('\uFEFF[1,,]'));
    assert.deepStrictEqual([first.line, first.column, first.offset], [1, 5, 4]);
    const later = jsonError(() => extractFromJsonText('\uFEFF[\n1,\n,]'));
    assert.deepStrictEqual([later.line, later.column, later.offset], [3, 1, 6]);
  });

  test('a broken JSON nested 10,000 levels deep is reported where it breaks, without overflowing the stack', () => {
    const depth = 10_000;
    const text = '{"a":'.repeat(depth) + '[1 2]' + '}'.repeat(depth);
    const err = jsonError(() => extractFromJsonText(text));
    assert.deepStrictEqual([err.offset, err.detail], [depth * 5 + 3, '"," or "]" expected, found "2"']);
  });
});

suite('JSON with comments and trailing commas (JSONC) is read', () => {
  test('a tsconfig-like file: line and block comments, trailing commas in arrays and objects', () => {
    const text = [
      '// IDs for the spring campaign',
      '{',
      '  /* the hero images */',
      '  "ImageSizes": [',
      '    { "ImageId": "83454800", "SizeKey": "Large", }, // the cover',
      '    { "ImageId": "sb10069478a-001", "SizeKey": "Medium" },',
      '  ],',
      '  "ImageIds": ["200275431-001", /* later: "1234567" */],',
      '}',
    ].join('\n');
    const result = extractFromJsonText(text);
    assert.strictEqual(result.format, 'json');
    assert.deepStrictEqual(result.images, [
      { imageId: '83454800', sizeKey: 'Large' },
      { imageId: 'sb10069478a-001', sizeKey: 'Medium' },
      { imageId: '200275431-001' },
    ]);
  });

  test('a selection with a trailing comma is read as JSON too', () => {
    const result = extractFromText('[{"ImageId": "83454800",}, "1234567",]');
    assert.strictEqual(result.format, 'json');
    assert.deepStrictEqual(result.images, [{ imageId: '83454800' }, { imageId: '1234567' }]);
  });

  test('comment markers inside strings are text', () => {
    assert.deepStrictEqual(extractFromJsonText('["1234567", "// not a comment", "/* nor this */"]').skipped, ['// not a comment', '/* nor this */']);
  });
});

suite('JSON with a key twice in one object is refused', () => {
  test('the second key is reported with its line and column, and what to do', () => {
    const text = '[\n  { "ImageId": "83454800",\n    "ImageId": "1234567" }\n]';
    const err = jsonError(() => extractFromJsonText(text));
    assert.deepStrictEqual([err.line, err.column], [3, 5]);
    assert.strictEqual(
      err.detail,
      'the key "ImageId" appears twice in one object; JSON keeps only one of the values, so make it one key (or two objects)',
    );
  });

  test('the same key in different objects, or in different case, is not a duplicate', () => {
    const result = extractFromJsonText('[{"ImageId": "83454800"}, {"ImageId": "1234567", "imageId": "7654321"}]');
    assert.deepStrictEqual(result.images.map((i) => i.imageId), ['83454800', '1234567']);
  });

  test('a "__proto__" key is a key like any other', () => {
    const result = extractFromJsonText('{"__proto__": {"ImageId": "83454800"}, "ImageIds": ["1234567"]}');
    assert.deepStrictEqual(result.images.map((i) => i.imageId), ['83454800', '1234567']);
  });
});
