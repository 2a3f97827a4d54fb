import * as assert from 'assert';
import {
  Extraction,
  JsonInputError,
  extractFromJson,
  extractFromJsonText,
  extractFromText,
  idAtPosition,
  isImageId,
} from '../../src/authorizations/imageIds';

/** Just the IDs, in order. */
function ids(extraction: Extraction): string[] {
  return extraction.images.map((image) => image.imageId);
}

suite('image IDs: isImageId', () => {
  test('accepts the ID shapes Getty uses', () => {
    for (const id of ['83454800', 'sb10069478a-001', '200275431-001', 'AB12345', 'a_1.b']) {
      assert.ok(isImageId(id), id);
    }
  });

  test('refuses words without digits, wrong lengths, edge dashes and other punctuation', () => {
    const refused = ['image', 'the', 'ab', '12', '-12345', '12345-', '_12345', '12345.', 'a'.repeat(63) + '12', 'foo=bar1', 'https://x/1', '12 34', ''];
    for (const word of refused) {
      assert.ok(!isImageId(word), word);
    }
    assert.ok(isImageId('a'.repeat(62) + '12'), '64 characters is the limit');
    assert.ok(isImageId('123'), '3 characters is the minimum');
  });
});

suite('image IDs: plain text', () => {
  test('every separator splits IDs: whitespace, commas, semicolons, quotes, brackets', () => {
    const text = "83454800 1000001\t1000002\n1000003,1000004;1000005 '1000006' \"1000007\" `1000008` (1000009) [1000010] {1000011}";
    const result = extractFromText(text);
    assert.strictEqual(result.format, 'text');
    assert.deepStrictEqual(ids(result), [
      '83454800', '1000001', '1000002', '1000003', '1000004', '1000005',
      '1000006', '1000007', '1000008', '1000009', '1000010', '1000011',
    ]);
    assert.deepStrictEqual(result.skipped, []);
    assert.deepStrictEqual(result.sizeKeysSeen, []);
  });

  test('the three ID shapes survive intact (dashes and letters are part of the ID)', () => {
    const result = extractFromText('sb10069478a-001, 200275431-001 and AB12345');
    assert.deepStrictEqual(ids(result), ['sb10069478a-001', '200275431-001', 'AB12345']);
    assert.deepStrictEqual(result.images[0], { imageId: 'sb10069478a-001' }, 'text carries no size key');
  });

  test('sentence punctuation at the end of a word is dropped', () => {
    assert.deepStrictEqual(ids(extractFromText('Please license 83454800. Also: 1234567: and 7654321!')), ['83454800', '1234567', '7654321']);
  });

  test('a run of sentence punctuation is dropped whole', () => {
    assert.deepStrictEqual(ids(extractFromText('Really 83454800?! Or 1234567... or 7654321:.')), ['83454800', '1234567', '7654321']);
  });

  test('words that cannot be IDs are skipped and listed once each', () => {
    const result = extractFromText('the image 83454800 see https://example.com/1 foo=bar9 the image');
    assert.deepStrictEqual(ids(result), ['83454800']);
    assert.deepStrictEqual(result.skipped, ['the', 'image', 'see', 'https://example.com/1', 'foo=bar9']);
  });

  test('lone punctuation is not reported as skipped', () => {
    assert.deepStrictEqual(extractFromText('83454800 - … -- 1234567').skipped, []);
  });

  test('at most 20 skipped words are listed', () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${'x'.repeat(i)}!x`);
    assert.strictEqual(extractFromText(words.join(' ')).skipped.length, 20);
  });

  test('a skipped word is listed whole up to 80 characters, and cut to 80 with an ellipsis beyond', () => {
    const exact = 'w'.repeat(80);
    const long = 'v'.repeat(81);
    assert.deepStrictEqual(extractFromText(`${exact} ${long}`).skipped, [exact, `${'v'.repeat(80)}…`]);
  });

  test('duplicates are removed and first-seen order is kept', () => {
    assert.deepStrictEqual(ids(extractFromText('3000 1000, 3000 2000 1000 300')), ['3000', '1000', '2000', '300']);
  });

  test('an array-looking text that is not valid JSON is read as text', () => {
    const result = extractFromText('[83454800, sb10069478a-001, 83454800]');
    assert.strictEqual(result.format, 'text');
    assert.deepStrictEqual(ids(result), ['83454800', 'sb10069478a-001']);
  });

  test('text that starts with a bracket but clearly tries to be JSON reports where it is broken', () => {
    assert.throws(() => extractFromText('[{"ImageId": "83454800" "SizeKey": "Large"}]'), JsonInputError);
    assert.throws(() => extractFromText('{ImageId: 83454800}'), JsonInputError);
    assert.throws(() => extractFromText('["ImageId": 1]'), JsonInputError);
  });

  test('a key with a space before its colon still counts as trying to be JSON', () => {
    const err = (() => {
      try {
        extractFromText('["ImageId" : 83454800]');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof JsonInputError, String(err));
    assert.strictEqual(err.name, 'JsonInputError');
  });

  test('text that does not start with a bracket is never treated as JSON', () => {
    const result = extractFromText('IDs: {"ImageId": "83454800"}');
    assert.strictEqual(result.format, 'text');
    assert.deepStrictEqual(ids(result), ['83454800']);
  });
});

suite('image IDs: JSON', () => {
  test('an array of strings and numbers (numbers become strings), nested arrays too', () => {
    const result = extractFromText(' [83454800, "sb10069478a-001", [200275431, ["AB12345"]], 83454800] ');
    assert.strictEqual(result.format, 'json');
    assert.deepStrictEqual(ids(result), ['83454800', 'sb10069478a-001', '200275431', 'AB12345']);
  });

  test('values that cannot be IDs are skipped, including numbers too big to be exact', () => {
    // 12345678901234567890 is not exactly representable: String() of it would invent another ID.
    const result = extractFromText('[83454800, "not an id", -5, 1.5e300, 12345678901234567890, null, true, ""]');
    assert.deepStrictEqual(ids(result), ['83454800']);
    assert.deepStrictEqual(result.skipped, ['not an id', '-5', '1.5e+300', '12345678901234567000']);
  });

  test('an ImageSizes array gives IDs with their size keys', () => {
    const result = extractFromJson({
      ImageSizes: [
        { ImageId: '83454800', SizeKey: 'Large' },
        { ImageId: 'sb10069478a-001', SizeKey: 'Medium' },
        { ImageId: '83454800', SizeKey: 'Medium' },
        { ImageId: '83454800', SizeKey: 'Large' },
      ],
    });
    assert.deepStrictEqual(result.images, [
      { imageId: '83454800', sizeKey: 'Large' },
      { imageId: 'sb10069478a-001', sizeKey: 'Medium' },
      { imageId: '83454800', sizeKey: 'Medium' },
    ], 'same ID with another size is kept; exact repeats are not');
    assert.deepStrictEqual(result.sizeKeysSeen, ['Large', 'Medium']);
  });

  test('a whole GetImageDownloadAuthorizations request works', () => {
    const request = JSON.stringify({
      RequestHeader: { Token: 'abc123token', CoordinationId: 'c-42' },
      GetImageDownloadAuthorizationsRequestBody: {
        ImageSizes: [
          { ImageId: '83454800', SizeKey: 'OriginalFile' },
          { ImageId: '200275431-001', SizeKey: 'Small' },
        ],
      },
    }, null, 2);
    const result = extractFromText(request);
    assert.strictEqual(result.format, 'json');
    assert.deepStrictEqual(result.images, [
      { imageId: '83454800', sizeKey: 'OriginalFile' },
      { imageId: '200275431-001', sizeKey: 'Small' },
    ]);
    assert.deepStrictEqual(result.skipped, [], 'the token and coordination id are not candidates');
  });

  test('search results / image details: ImageId at any depth, SizeKey only from the same object', () => {
    const response = {
      ResponseHeader: { Status: 'success' },
      SearchForImagesResult: {
        Images: [
          { ImageId: '1000001', Title: 'Cat 2000 on a mat', Caption: 'Shot 3000003 in 2010', SizeKey: 'Large' },
          { ImageId: 1000002, Artist: 'A1234', Sizes: [{ SizeKey: 'Small', Width: 640 }] },
          { Related: { Deeper: [{ ImageId: 'sb10069478a-001' }] } },
        ],
      },
    };
    const result = extractFromJson(response);
    assert.deepStrictEqual(result.images, [
      { imageId: '1000001', sizeKey: 'Large' },
      { imageId: '1000002' },
      { imageId: 'sb10069478a-001' },
    ]);
    assert.deepStrictEqual(result.sizeKeysSeen, ['Large']);
    assert.deepStrictEqual(result.skipped, []);
  });

  test('key names match without case, and ImageIds arrays are read', () => {
    const result = extractFromJson({
      images: [{ imageid: '1000001', sizekey: 'Small' }, { IMAGEID: '1000002', SIZEKEY: 'Large' }],
      imageIds: ['1000003', 1000004],
      RelatedImageIDs: [['1000005']],
      Keywords: ['kw12345', 'other'],
    });
    assert.deepStrictEqual(result.images, [
      { imageId: '1000001', sizeKey: 'Small' },
      { imageId: '1000002', sizeKey: 'Large' },
      { imageId: '1000003' },
      { imageId: '1000004' },
      { imageId: '1000005' },
    ]);
    assert.deepStrictEqual(result.sizeKeysSeen, ['Small', 'Large']);
  });

  test('one ID with three or more size keys: each pair once, however often it repeats', () => {
    const result = extractFromJson(['Large', 'Medium', 'Small', 'Medium', 'Small', 'Large', 'Small'].map((SizeKey) => ({ ImageId: '83454800', SizeKey })));
    assert.deepStrictEqual(result.images.map((i) => i.sizeKey), ['Large', 'Medium', 'Small']);
    assert.deepStrictEqual(result.sizeKeysSeen, ['Large', 'Medium', 'Small']);
  });

  test('spaces around an ID or a size key in JSON are dropped; a blank size key is no size key', () => {
    const result = extractFromJson([
      '  1000001 ',
      { ImageId: ' 1000002\t', SizeKey: ' Large ' },
      { ImageId: '1000003', SizeKey: '   ' },
      { ImageId: '1000004', SizeKey: '' },
      { ImageId: '1000005', SizeKey: 7 },
    ]);
    assert.deepStrictEqual(result.images, [
      { imageId: '1000001' },
      { imageId: '1000002', sizeKey: 'Large' },
      { imageId: '1000003' },
      { imageId: '1000004' },
      { imageId: '1000005' },
    ]);
    assert.deepStrictEqual(result.sizeKeysSeen, ['Large']);
  });

  test('an object\'s first ImageId and first SizeKey count, wherever other keys are', () => {
    const result = extractFromJson([
      { SizeKey: 'Large', ImageId: '1000001', Title: 'Cat 2000' },
      { ImageId: '1000002', imageId: '1000099', SizeKey: 'Small', sizekey: 'Medium' },
    ]);
    assert.deepStrictEqual(result.images, [
      { imageId: '1000001', sizeKey: 'Large' },
      { imageId: '1000002', sizeKey: 'Small' },
    ]);
  });

  test('an ImageId that cannot be an ID is skipped', () => {
    const result = extractFromJson([{ ImageId: 'n/a', SizeKey: 'Large' }, { ImageId: '83454800' }]);
    assert.deepStrictEqual(ids(result), ['83454800']);
    assert.deepStrictEqual(result.skipped, ['n/a']);
    assert.deepStrictEqual(result.sizeKeysSeen, []);
  });

  test('a .json file with a BOM parses', () => {
    assert.deepStrictEqual(ids(extractFromJsonText('\uFEFF["83454800"]')), ['83454800']);
  });

  test('a broken multi-line .json file reports line and column', () => {
    const text = ['{', '  "ImageSizes": [', '    { "ImageId": "1" "SizeKey": "Large" }', '  ]', '}'].join('\n');
    assert.throws(() => extractFromJsonText(text), (error: unknown) => {
      assert.ok(error instanceof JsonInputError);
      assert.strictEqual(error.line, 3);
      assert.strictEqual(error.column, 22);
      assert.match(error.message, /^Invalid JSON at line 3, column 22: \S/);
      assert.doesNotMatch(error.message, /position \d+/);
      return true;
    });
  });

  test('errors are located by line and column (unexpected token, early end)', () => {
    const cases: [string, number, number][] = [
      ['[\n  1,\n  2\n}', 4, 1],
      ['{\n  "a": }', 2, 8],
      ['[1,\n 2', 2, 3],
      ['', 1, 1],
      ['\r\n\r\n  [tru]', 3, 4],
    ];
    for (const [text, line, column] of cases) {
      assert.throws(() => extractFromJsonText(text), (error: unknown) => {
        assert.ok(error instanceof JsonInputError, JSON.stringify(text));
        assert.deepStrictEqual([error.line, error.column], [line, column], JSON.stringify(text));
        return true;
      });
    }
  });

  test('line/column from extractFromText count from the start of the given text', () => {
    assert.throws(() => extractFromText('\n\n  {"ImageId": 1\n]'), (error: unknown) => {
      assert.ok(error instanceof JsonInputError);
      assert.deepStrictEqual([error.line, error.column], [4, 1]);
      return true;
    });
  });

  test('deep nesting does not overflow the stack', () => {
    const depth = 10_000;
    const arrays = '['.repeat(depth) + '"83454800"' + ']'.repeat(depth);
    assert.deepStrictEqual(ids(extractFromJsonText(arrays)), ['83454800']);
    const objects = '{"a":'.repeat(depth) + '{"ImageId":"1234567","SizeKey":"Large"}' + '}'.repeat(depth);
    assert.deepStrictEqual(extractFromText(objects).images, [{ imageId: '1234567', sizeKey: 'Large' }]);

    let built: unknown = { ImageId: '7654321' };
    for (let i = 0; i < 100_000; i++) {
      built = [{ next: built }];
    }
    assert.deepStrictEqual(ids(extractFromJson(built)), ['7654321']);
  });

  test('a cyclic value is walked once', () => {
    const node: Record<string, unknown> = { ImageId: '83454800' };
    node.self = node;
    node.list = [node];
    assert.deepStrictEqual(ids(extractFromJson(node)), ['83454800']);
  });

  test('100,000 IDs in a large JSON array are all extracted', () => {
    const all = Array.from({ length: 100_000 }, (_, i) => ({ ImageId: `sb${100_000_000 + i}-001`, SizeKey: i % 2 ? 'OriginalFile' : 'Medium' }));
    const text = JSON.stringify(all);
    assert.ok(text.length > 5_000_000, `input is ${text.length} characters`);
    const result = extractFromText(text);
    assert.strictEqual(result.images.length, 100_000);
    assert.deepStrictEqual(result.images[99_999], { imageId: 'sb100099999-001', sizeKey: 'OriginalFile' });
    assert.deepStrictEqual(result.sizeKeysSeen, ['Medium', 'OriginalFile']);
  });

  test('100,000 IDs in plain text are all extracted', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `${10_000_000 + i}${i % 3 ? ', ' : '.\n'}`).join('');
    const result = extractFromText(text);
    assert.strictEqual(result.images.length, 100_000);
    assert.strictEqual(result.images[0].imageId, '10000000');
  });
});

suite('image IDs: idAtPosition', () => {
  const line = 'See 83454800, sb10069478a-001 and the image.';

  test('the ID around the cursor, from the middle, the first and the last character', () => {
    assert.strictEqual(idAtPosition(line, 7), '83454800');
    assert.strictEqual(idAtPosition(line, 4), '83454800', 'cursor before the first character');
    assert.strictEqual(idAtPosition(line, 12), '83454800', 'cursor just after the last character');
    assert.strictEqual(idAtPosition(line, 20), 'sb10069478a-001');
    assert.strictEqual(idAtPosition(line, 29), 'sb10069478a-001');
  });

  test('an ID at the start or end of the line, and followed by a full stop', () => {
    assert.strictEqual(idAtPosition('83454800', 0), '83454800');
    assert.strictEqual(idAtPosition('83454800', 8), '83454800');
    assert.strictEqual(idAtPosition('license 83454800.', 17), '83454800');
    assert.strictEqual(idAtPosition('id=83454800', 6), '83454800');
  });

  test('only the full stops at the end are dropped: a dot inside the ID stays', () => {
    assert.strictEqual(idAtPosition('a_1.b2', 2), 'a_1.b2');
    assert.strictEqual(idAtPosition('see a_1.b2.', 6), 'a_1.b2');
    assert.strictEqual(idAtPosition('see 83454800..', 6), '83454800');
  });

  test('nothing on a plain word, on spaces, or out of range', () => {
    assert.strictEqual(idAtPosition(line, 1), undefined);
    assert.strictEqual(idAtPosition(line, 40), undefined);
    assert.strictEqual(idAtPosition('a  b', 2), undefined);
    assert.strictEqual(idAtPosition('', 0), undefined);
    assert.strictEqual(idAtPosition('83454800', 99), '83454800', 'clamped to the end of the line');
  });
});
