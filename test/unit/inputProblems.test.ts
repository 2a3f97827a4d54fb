// What is said about an input that is not text, or a file that cannot be read.
import * as assert from 'assert';
import { binaryFileProblem, binaryTextProblem, fileReadProblem } from '../../src/authorizations/inputProblems';

suite('input problems: binary data and unreadable files', () => {
  test('a file with a NUL byte is not text, and the message says where and what to do', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
    assert.strictEqual(binaryFileProblem(png, 'photo.json'), 'photo.json is not a text file (it has a NUL byte at offset 8). Choose a JSON file of image IDs saved as UTF-8.');
  });

  test('UTF-16 text has NUL bytes too, and is refused the same way', () => {
    const utf16 = Buffer.from('\uFEFF["83454800"]', 'utf16le');
    assert.match(binaryFileProblem(utf16, 'ids.json') ?? '', /^ids\.json is not a text file \(it has a NUL byte at offset 3\)/);
  });

  test('bytes that are not UTF-8 are refused, naming the encoding to save in', () => {
    const latin1 = Buffer.from('["caf\u00e9 83454800"]', 'latin1');
    assert.strictEqual(binaryFileProblem(latin1, 'ids.json'), 'ids.json is not UTF-8 text. Save it as UTF-8 (VS Code: "Save with Encoding"), then check it again.');
  });

  test('UTF-8 text, with a BOM or characters beyond ASCII, is text', () => {
    assert.strictEqual(binaryFileProblem(Buffer.from('\uFEFF["83454800", "café 🙂"]', 'utf8'), 'ids.json'), undefined);
    assert.strictEqual(binaryFileProblem(new Uint8Array(0), 'empty.json'), undefined);
  });

  test('a NUL character in a selection is binary data, placed by line and column', () => {
    assert.strictEqual(
      binaryTextProblem('83454800\nPNG\u0000\u0000IHDR', 'The selection'),
      'The selection holds binary data, not text (a NUL character at line 2, column 4). Select image IDs in a text document.',
    );
    assert.strictEqual(binaryTextProblem('83454800\t\u0001 1234567', 'The selection'), undefined, 'other control characters only separate words');
  });

  test('a file gone, a folder or a permission problem each get their own sentence; anything else its detail', () => {
    const coded = (code: string) => Object.assign(new Error(`${code}: something`), { code });
    assert.strictEqual(fileReadProblem(coded('FileNotFound'), 'ids.json'), 'ids.json no longer exists: it was moved or deleted after it was chosen. Choose the file again.');
    assert.strictEqual(fileReadProblem(coded('ENOENT'), 'ids.json'), fileReadProblem(coded('FileNotFound'), 'ids.json'));
    assert.strictEqual(fileReadProblem(coded('EISDIR'), 'ids.json'), 'ids.json is a folder, not a file. Choose a JSON file of image IDs.');
    assert.match(fileReadProblem(coded('NoPermissions'), 'ids.json'), /^ids\.json cannot be read: permission denied\./);
    assert.strictEqual(fileReadProblem(coded('EACCES'), 'ids.json'), fileReadProblem(coded('NoPermissions'), 'ids.json'));
    assert.strictEqual(
      fileReadProblem(new Error('EIO: i/o error'), 'ids.json'),
      'ids.json cannot be read (EIO: i/o error). Check that it is still there and readable, then try again.',
    );
    assert.match(fileReadProblem('odd', 'ids.json'), /\(odd\)/);
    const unknownWithNodeCode = Object.assign(new Error("EISDIR: illegal operation on a directory, read"), { code: 'Unknown' });
    assert.strictEqual(fileReadProblem(unknownWithNodeCode, 'ids.json'), fileReadProblem(coded('EISDIR'), 'ids.json'), 'the Node code in the message counts');
  });
});
