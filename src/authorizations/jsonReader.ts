// Reads JSON as VS Code's own JSON files are read (JSONC: `//` and `/* */`
// comments, trailing commas), refuses duplicate keys, and says where and what
// is wrong otherwise.
//
// Tokens come from Microsoft's jsonc-parser (its scanner: strings and their
// escapes, numbers, comments, with an error code per token). Its parse() and
// visit() are recursive and overflow the stack at about 5,000 nested objects,
// so the grammar on top of the tokens is this loop with an explicit stack:
// any nesting depth is read, in time linear in the text.
import { createScanner, ScanError, SyntaxKind } from 'jsonc-parser';
import { JsonInputError, jsonInputErrorAt } from './jsonInputError';
import { l10n } from '../l10n';

/** Functions, so that the text is translated when read, not at module load. */
const SCAN_ERRORS: Record<ScanError, () => string> = {
  [ScanError.None]: () => '',
  [ScanError.UnexpectedEndOfComment]: () => l10n.t('the comment is not closed with */'),
  [ScanError.UnexpectedEndOfString]: () => l10n.t('the string is not closed on its line (a string needs its closing " before the line ends)'),
  [ScanError.UnexpectedEndOfNumber]: () => l10n.t('the number is incomplete (digits expected after "." or "e")'),
  [ScanError.InvalidUnicode]: () => l10n.t('the string has a bad \\u escape (it needs 4 hex digits)'),
  [ScanError.InvalidEscapeCharacter]: () => l10n.t('the string has a bad escape (use \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)'),
  [ScanError.InvalidCharacter]: () => l10n.t('the string has a control character in it (write a tab as \\t)'),
};

/** What comes next: a value (`close` also allows `]`), a key (`close` also allows `}`), a colon, a comma or a close, or the end. */
type Expect = 'value' | 'valueOrClose' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

type Container = unknown[] | Record<string, unknown>;

/** The case-insensitive key names whose scalar values the ID walk (jsonIds) reads in an object. */
function isIdKey(key: string): boolean {
  if (key.length !== 7) {
    return false;
  }
  const lower = key.toLowerCase();
  return lower === 'imageid' || lower === 'sizekey';
}

/**
 * The value of a JSON or JSONC text, as JSON.parse would give it (a
 * "__proto__" key is an own key like any other). Throws JsonInputError.
 *
 * With `idsOnly`, scalars that the ID walk (walkJson) never reads are kept as
 * null: those of an object under any key but ImageId and SizeKey, and those
 * of an array that is not a list of IDs (the top level, arrays within it, and
 * arrays under a key containing "imageid", as walkJson decides). Keys are all
 * kept, so duplicates are still refused. A 100,000-image search response
 * otherwise keeps every title and date alive until the walk, and the garbage
 * collector copies them all.
 */
export function readJson(text: string, offsetBase = 0, idsOnly = false): unknown {
  const scanner = createScanner(text, false);
  const fail = (offset: number, detail: string): JsonInputError => jsonInputErrorAt(text, offset, detail, offsetBase);

  /** The next token that is not a comment, a line break or white space. */
  const next = (): SyntaxKind => {
    for (;;) {
      const kind = scanner.scan();
      const error = scanner.getTokenError();
      if (error !== ScanError.None) {
        throw fail(scanner.getTokenOffset(), SCAN_ERRORS[error]());
      }
      if (kind < SyntaxKind.LineCommentTrivia || kind > SyntaxKind.Trivia) {
        return kind;
      }
    }
  };

  const containers: Container[] = [];
  /** For each open object, the key whose value comes next (undefined for arrays). */
  const keys: (string | undefined)[] = [];
  /** For each open array, whether its scalars may be IDs (idsOnly). */
  const idLists: boolean[] = [];
  let root: unknown;
  let expect: Expect = 'value';

  /** Puts a finished value where it belongs and says what may follow it. */
  const place = (value: unknown): Expect => {
    const depth = containers.length;
    if (depth === 0) {
      root = value;
      return 'end';
    }
    const container = containers[depth - 1];
    const key = keys[depth - 1];
    if (idsOnly && typeof value !== 'object' && (key === undefined ? !idLists[depth - 1] : !isIdKey(key))) {
      value = null;
    }
    if (key === undefined) {
      (container as unknown[]).push(value);
    } else if (key === '__proto__') {
      // Assigning would set the prototype; JSON.parse makes it an own key, and so do we.
      Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
      (container as Record<string, unknown>)[key] = value;
    }
    return 'commaOrClose';
  };

  const unexpected = (kind: SyntaxKind, wanted: string): JsonInputError => {
    const offset = scanner.getTokenOffset();
    if (kind === SyntaxKind.EOF) {
      const open = containers.length;
      return fail(offset, open === 0 ? l10n.t('there is no JSON value: the input is empty') : l10n.t('the JSON ends early: {0} expected', wanted));
    }
    const token = text.substr(offset, Math.min(scanner.getTokenLength(), 20));
    const hint = kind === SyntaxKind.Unknown && /^[A-Za-z_$]/.test(token) && expect === 'keyOrClose' ? l10n.t(' (keys need double quotes)') : '';
    return fail(offset, l10n.t('{0} expected, found {1}{2}', wanted, JSON.stringify(token), hint));
  };

  for (;;) {
    const kind = next();
    switch (expect) {
      case 'value':
      case 'valueOrClose':
        if (kind === SyntaxKind.OpenBracketToken) {
          if (idsOnly) {
            const depth = containers.length;
            const key = keys[depth - 1];
            idLists.push(depth === 0 || (key === undefined ? idLists[depth - 1] : key.toLowerCase().includes('imageid')));
          }
          containers.push([]);
          keys.push(undefined);
          expect = 'valueOrClose';
        } else if (kind === SyntaxKind.OpenBraceToken) {
          if (idsOnly) {
            idLists.push(false);
          }
          containers.push({});
          keys.push(undefined);
          expect = 'keyOrClose';
        } else if (kind === SyntaxKind.CloseBracketToken && expect === 'valueOrClose') {
          keys.pop();
          idLists.pop();
          expect = place(containers.pop());
        } else if (kind === SyntaxKind.StringLiteral) {
          expect = place(scanner.getTokenValue());
        } else if (kind === SyntaxKind.NumericLiteral) {
          expect = place(Number(scanner.getTokenValue()));
        } else if (kind === SyntaxKind.TrueKeyword || kind === SyntaxKind.FalseKeyword || kind === SyntaxKind.NullKeyword) {
          expect = place(kind === SyntaxKind.NullKeyword ? null : kind === SyntaxKind.TrueKeyword);
        } else {
          throw unexpected(kind, expect === 'value' ? l10n.t('a value') : l10n.t('a value or "]"'));
        }
        break;
      case 'keyOrClose':
        if (kind === SyntaxKind.CloseBraceToken) {
          keys.pop();
          idLists.pop();
          expect = place(containers.pop());
        } else if (kind === SyntaxKind.StringLiteral) {
          const key = scanner.getTokenValue();
          if (Object.prototype.hasOwnProperty.call(containers[containers.length - 1], key)) {
            throw fail(
              scanner.getTokenOffset(),
              l10n.t('the key {0} appears twice in one object; JSON keeps only one of the values, so make it one key (or two objects)', JSON.stringify(key)),
            );
          }
          keys[keys.length - 1] = key;
          expect = 'colon';
        } else {
          throw unexpected(kind, l10n.t('a key in double quotes or "}"'));
        }
        break;
      case 'colon':
        if (kind !== SyntaxKind.ColonToken) {
          throw unexpected(kind, '":"');
        }
        expect = 'value';
        break;
      case 'commaOrClose': {
        const inArray = Array.isArray(containers[containers.length - 1]);
        if (kind === SyntaxKind.CommaToken) {
          // A comma may also be the last thing before the close (JSONC's trailing comma).
          expect = inArray ? 'valueOrClose' : 'keyOrClose';
        } else if (kind === (inArray ? SyntaxKind.CloseBracketToken : SyntaxKind.CloseBraceToken)) {
          keys.pop();
          idLists.pop();
          expect = place(containers.pop());
        } else {
          throw unexpected(kind, inArray ? l10n.t('"," or "]"') : l10n.t('"," or "}"'));
        }
        break;
      }
      case 'end':
        if (kind !== SyntaxKind.EOF) {
          const token = text.substr(scanner.getTokenOffset(), Math.min(scanner.getTokenLength(), 20));
          throw fail(scanner.getTokenOffset(), l10n.t('{0} comes after the end of the JSON value (one value per input: wrap several in [ ])', JSON.stringify(token)));
        }
        return root;
    }
  }
}
