// The VS Code version the extension claims (engines.vscode) is the one its tests run
// on: the local host pinned in test/host/install.sh (code-server 4.X.Y serves VS Code
// 1.X.Y). Claiming an older VS Code would promise what no test has seen; an older
// host could not be installed here (see CHANGELOG 0.1.0, "Changed").
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pinnedVersions, REPO_ROOT } from '../host/vscodeHost';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  engines: { vscode: string };
  devDependencies: Record<string, string>;
};

/** [major, minor, patch] of a version or a caret range. */
function parts(version: string): number[] {
  const m = /^\^?(\d+)\.(\d+)\.(\d+)$/.exec(version);
  assert.ok(m, `"${version}" is a version or a caret range`);
  return m.slice(1).map(Number);
}

suite('engines.vscode', () => {
  test('claims exactly the VS Code minor version the tests run on, and no older one', () => {
    const [, testedMinor] = parts(pinnedVersions().codeServer);
    const [major, claimedMinor] = parts(pkg.engines.vscode);
    assert.strictEqual(pkg.engines.vscode.startsWith('^'), true, 'a caret range: any later 1.x VS Code');
    assert.deepStrictEqual([major, claimedMinor], [1, testedMinor], `engines.vscode ${pkg.engines.vscode} vs the test host code-server ${pinnedVersions().codeServer}`);
  });

  test('@types/vscode is no newer than the claim, so no API newer than the claimed VS Code is typed', () => {
    const [, typesMinor] = parts(pkg.devDependencies['@types/vscode']);
    const [, claimedMinor] = parts(pkg.engines.vscode);
    assert.ok(typesMinor <= claimedMinor, `@types/vscode ${pkg.devDependencies['@types/vscode']} <= ${pkg.engines.vscode}`);
  });
});
