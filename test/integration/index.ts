// Entry point that VS Code's extension host loads as `extensionTestsPath`: runs
// every *.test.js next to this file (out/test/integration) whose source still
// exists, with mocha inside the extension host, so the tests use the real `vscode` API.
// A `.only` left in a file fails the run (forbidOnly).
//
// env (reaches the extension host through runTests' extensionTestsEnv):
//   GETTY_TEST_GREP     only run tests whose full title matches this pattern
//   GETTY_TEST_RESULTS  file to write {"passed":N,"failed":N} to
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';

const SOURCE_DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'integration');

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 30000, color: false, reporter: 'spec', forbidOnly: true });
  const grep = process.env.GETTY_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js') && fs.existsSync(path.join(SOURCE_DIR, file.replace(/\.js$/, '.ts')))) mocha.addFile(path.join(__dirname, file));
  }

  return new Promise((resolve, reject) => {
    let runner: Mocha.Runner | undefined;
    const finish = (failures: number): void => {
      const passed = runner?.stats?.passes ?? 0;
      const failed = runner?.stats?.failures ?? failures;
      const resultsFile = process.env.GETTY_TEST_RESULTS;
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ passed, failed }));
      console.log(`${passed} passed, ${failed} failed`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    };
    try {
      runner = mocha.run(finish);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
