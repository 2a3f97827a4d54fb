// Builds the .vsix with @vscode/vsce, fails on any vsce warning or on a file
// that should not be shipped, and prints the file list and the size.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const vsce = require.resolve('@vscode/vsce/vsce');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `${pkg.name}-${pkg.version}.vsix`;
const ALLOWED = new Set([
  'package.json', 'package.nls.json', 'dist/extension.js', 'media/icon.png', 'media/activity.svg',
  'media/walkthrough/sign-in.webp', 'media/walkthrough/check.webp', 'media/walkthrough/results.webp',
  'README.md', 'CHANGELOG.md', 'LICENSE', 'LICENSE.txt',
]);

function vsceRun(args) {
  // The bundle holds axios, so node_modules is not shipped (--no-dependencies).
  return execFileSync(process.execPath, [vsce, ...args, '--no-dependencies'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * vsce rewrites the README's relative links (the screenshots) to absolute ones, guessing
 * the base only for GitHub/GitLab repositories and failing otherwise. For any other host
 * the bases are derived from package.json's repository URL, in the same <repo>/blob|raw/HEAD
 * form vsce uses. Nothing is passed for GitHub/GitLab, where vsce's own guess applies.
 */
function baseUrlArgs(repository) {
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw || /github(\.com\/|:)|gitlab(\.com\/|:)/.test(raw)) return [];
  const base = raw
    .replace(/^git\+/, '')
    .replace(/^(?:ssh:\/\/)?git@([^:/]+)[:/]/, 'https://$1/') // git@host:owner/repo.git
    .replace(/^(?:git|http):\/\//, 'https://')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  return ['--baseContentUrl', `${base}/blob/HEAD`, '--baseImagesUrl', `${base}/raw/HEAD`];
}

/**
 * The README shipped in the .vsix (the Marketplace page and the Extensions view) is
 * README.md without the sections for people working on the extension itself: how to
 * develop and test it, its architecture and its benchmark. The .vsix has a size budget
 * (npm run bench), and a user needs none of them.
 */
const DEVELOPER_SECTIONS = ['Developing', 'Architecture', 'Performance'];
function userReadme() {
  const sections = readFileSync('README.md', 'utf8').split(/^(?=## )/m);
  const kept = sections.filter((s) => !DEVELOPER_SECTIONS.some((name) => s.startsWith(`## ${name}\n`)));
  if (sections.length - kept.length !== DEVELOPER_SECTIONS.length) {
    console.error(`README.md should have the sections ${DEVELOPER_SECTIONS.join(', ')} (## headings) to leave out of the .vsix`);
    process.exit(1);
  }
  mkdirSync('dist', { recursive: true });
  writeFileSync(USER_README, kept.join(''));
}
const USER_README = 'dist/README.md';
userReadme();

let log;
try {
  log = vsceRun(['package', '--out', out, '--readme-path', USER_README, ...baseUrlArgs(pkg.repository)]);
} catch (err) {
  process.stderr.write(`${err.stdout ?? ''}${err.stderr ?? ''}`);
  process.exit(1);
}
process.stdout.write(log);
const files = vsceRun(['ls']).split('\n').map((l) => l.trim()).filter(Boolean);
const unexpected = files.filter((f) => !ALLOWED.has(f));
console.log(`Files in ${out}:\n  ${files.join('\n  ')}`);
console.log(`Size: ${(statSync(out).size / 1024).toFixed(1)} KiB`);
if (/WARNING/i.test(log)) {
  console.error('vsce printed a warning: fix it rather than ship it.');
  process.exit(1);
}
if (unexpected.length) {
  console.error(`Unexpected files in the package: ${unexpected.join(', ')}`);
  process.exit(1);
}
