// A heuristic scan of src/: a user-visible string literal left outside l10n fails the
// test. It looks at the arguments of the calls that show text (messages, buttons, input
// boxes, pickers, status-bar messages, errors thrown) and at the properties that hold
// it (title, tooltip, placeholder, prompt, label, description, detail, message, advice,
// explain, a status-bar item's text). A literal counts when it reads like words: two
// letters or more, and a space, a capital first letter or closing punctuation; codes in
// capitals (ERR_BAD_RESPONSE) are not words. Log lines are not scanned: the log is for support.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Files or literals knowingly left as they are, each with why. */
const ALLOWED: { file: string; literal?: RegExp; why: string }[] = [
  { file: 'src/connect/client.ts', literal: /^GetImageDetails takes at most/, why: 'a RangeError for a programming mistake, never shown to a person' },
  { file: 'src/authorizations/batches.ts', literal: /must be a whole number/, why: 'a RangeError for a programming mistake, never shown to a person' },
];

const CALLS = /\b(showInformationMessage|showWarningMessage|showErrorMessage|showInfo|showWarning|showError|setStatusBarMessage|showQuickPick|showInputBox|showSaveDialog|showOpenDialog|withProgress|new \w*Error)\(/g;
const PROPERTIES = /(?:\b(?:title|tooltip|placeHolder|placeholder|prompt|label|description|detail|message|advice|explain)\s*[:=]|\.text\s*=)\s*(['"`])/g;

function sources(dir = path.join(ROOT, 'src')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The text with comments blanked out (string contents kept). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`])\/\/.*$/gm, (m, keep: string | undefined) => (keep ?? '') + ' '.repeat(m.length - (keep ?? '').length));
}

/** The literal that starts at `i` (a quote or backtick): its text, and where it ends. */
function literalAt(code: string, i: number): { text: string; end: number } {
  const quote = code[i];
  let j = i + 1;
  let depth = 0;
  while (j < code.length && (code[j] !== quote || depth > 0)) {
    if (code[j] === '\\') j++;
    else if (quote === '`' && code.startsWith('${', j)) {
      depth++;
      j++;
    }
    else if (quote === '`' && depth > 0 && code[j] === '}') depth--;
    j++;
  }
  return { text: code.slice(i + 1, j), end: j + 1 };
}

/** The top-level arguments of the call whose `(` is at `open`, as source text. */
function argumentsAt(code: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '"' || c === "'" || c === '`') {
      i = literalAt(code, i).end - 1;
    } else if ('([{'.includes(c)) {
      depth++;
    } else if (')]}'.includes(c)) {
      depth--;
      if (depth === 0) {
        args.push(code.slice(start, i));
        return args;
      }
    } else if (c === ',' && depth === 1) {
      args.push(code.slice(start, i));
      start = i + 1;
    }
  }
  return args;
}

function readsLikeWords(text: string): boolean {
  const words = text.replace(/\$\{[^}]*\}/g, '');
  if (/^[A-Z0-9_]+$/.test(words)) return false; // a code (ERR_BAD_RESPONSE), not words
  return /[A-Za-z]{2}/.test(words) && (/\s/.test(words) || /^[A-Z]/.test(words) || /[.!?…:]$/.test(words));
}

function violations(): string[] {
  const found: string[] = [];
  for (const full of sources()) {
    const file = path.relative(ROOT, full).split(path.sep).join('/');
    const allowed = ALLOWED.filter((a) => a.file === file);
    if (allowed.some((a) => !a.literal)) continue;
    const code = withoutComments(fs.readFileSync(full, 'utf8'));
    const line = (i: number): number => code.slice(0, i).split('\n').length;
    const report = (i: number, text: string): void => {
      if (readsLikeWords(text) && !allowed.some((a) => a.literal?.test(text))) found.push(`${file}:${line(i)}: ${text.slice(0, 80)}`);
    };
    for (const m of code.matchAll(CALLS)) {
      const open = (m.index ?? 0) + m[0].length - 1;
      let at = open + 1;
      for (const arg of argumentsAt(code, open)) {
        const trimmed = arg.trim();
        if (/^['"`]/.test(trimmed)) report(at, literalAt(trimmed, 0).text);
        at += arg.length + 1;
      }
    }
    for (const m of code.matchAll(PROPERTIES)) {
      const start = (m.index ?? 0) + m[0].length - 1;
      report(start, literalAt(code, start).text);
    }
  }
  return found;
}

suite('l10n: user-visible text in src/ goes through l10n.t', () => {
  test('no user-visible string literal is left outside l10n', () => {
    assert.deepStrictEqual(violations(), []);
  });

  test('the scan finds what it is meant to find', () => {
    const sample = withoutComments("showWarning('Select an image first.', SHOW_LOG());\nitem.tooltip = `Signed in as ${who}`;\nconst ok = vscode.l10n.t('Fine');\n// showInfo('in a comment')");
    const seen: string[] = [];
    for (const m of sample.matchAll(CALLS)) {
      const open = (m.index ?? 0) + m[0].length - 1;
      for (const arg of argumentsAt(sample, open)) if (/^['"`]/.test(arg.trim()) && readsLikeWords(literalAt(arg.trim(), 0).text)) seen.push(literalAt(arg.trim(), 0).text);
    }
    for (const m of sample.matchAll(PROPERTIES)) seen.push(literalAt(sample, (m.index ?? 0) + m[0].length - 1).text);
    assert.deepStrictEqual(seen, ['Select an image first.', 'Signed in as ${who}']);
  });
});
