// What the bundle takes of jsonc-parser (esbuild.mjs aliases 'jsonc-parser' here): its
// scanner, and the two enums the JSON reader compares with. The package's own entry
// defines them as two-way enum maps among a dozen other exports that do not tree-shake;
// the values are fixed by its API (test/unit/jsoncScanner.test.ts checks them).
// (a relative path: the alias would also rewrite 'jsonc-parser/...')
export { createScanner } from '../node_modules/jsonc-parser/lib/esm/impl/scanner.js';

export const ScanError = {
  None: 0,
  UnexpectedEndOfComment: 1,
  UnexpectedEndOfString: 2,
  UnexpectedEndOfNumber: 3,
  InvalidUnicode: 4,
  InvalidEscapeCharacter: 5,
  InvalidCharacter: 6,
};

export const SyntaxKind = {
  OpenBraceToken: 1,
  CloseBraceToken: 2,
  OpenBracketToken: 3,
  CloseBracketToken: 4,
  CommaToken: 5,
  ColonToken: 6,
  NullKeyword: 7,
  TrueKeyword: 8,
  FalseKeyword: 9,
  StringLiteral: 10,
  NumericLiteral: 11,
  LineCommentTrivia: 12,
  BlockCommentTrivia: 13,
  LineBreakTrivia: 14,
  Trivia: 15,
  Unknown: 16,
  EOF: 17,
};
