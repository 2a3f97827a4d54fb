// The bundle takes jsonc-parser's scanner through scripts/jsoncScanner.mjs, which
// writes out the two enums the JSON reader compares with. They must be the package's.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as jsonc from 'jsonc-parser';

const SHIM = path.resolve(__dirname, '..', '..', '..', 'scripts', 'jsoncScanner.mjs');

/** The `export const NAME = { ... }` object literal of the shim, as name → value. */
function shimEnum(name: string): Record<string, number> {
  const text = fs.readFileSync(SHIM, 'utf8');
  const body = new RegExp(`export const ${name} = \\{([^}]*)\\}`).exec(text)?.[1];
  assert.ok(body, `${SHIM} exports ${name}`);
  return Object.fromEntries([...body.matchAll(/(\w+): (\d+)/g)].map((m) => [m[1], Number(m[2])]));
}

/** A TypeScript enum object's name → value entries (its reverse number → name entries left out). */
function packageEnum(e: object): Record<string, number> {
  return Object.fromEntries(Object.entries(e).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}

suite('the bundled jsonc-parser scanner', () => {
  test('ScanError and SyntaxKind in scripts/jsoncScanner.mjs are the package\'s values', () => {
    // The unit tests load the package's own build, where the const enums exist at run time.
    const pkg = jsonc as unknown as { ScanError: object; SyntaxKind: object };
    assert.deepStrictEqual(shimEnum('ScanError'), packageEnum(pkg.ScanError));
    assert.deepStrictEqual(shimEnum('SyntaxKind'), packageEnum(pkg.SyntaxKind));
  });
});
