// The error for input that is (or clearly tries to be) JSON but cannot be
// read, placed by line and column as an editor counts them.

import { l10n } from '../l10n';

/** Thrown for input that is (or clearly tries to be) JSON but does not parse. */
export class JsonInputError extends Error {
  override readonly name = 'JsonInputError';

  constructor(
    /** What is wrong there, e.g. `expected "," or "]"`. */
    readonly detail: string,
    /** 1-based. */
    readonly line: number,
    /** 1-based, in UTF-16 code units (what editors count). */
    readonly column: number,
    /** 0-based offset into the text that was given. */
    readonly offset: number,
  ) {
    super(l10n.t('Invalid JSON at line {0}, column {1}: {2}', line, column, detail));
  }
}

/**
 * The error at `offset` of `text`. `offsetBase` counts characters dropped
 * before `text` (a BOM): they shift the offset, and columns on the first line only.
 */
export function jsonInputErrorAt(text: string, offset: number, detail: string, offsetBase = 0): JsonInputError {
  const at = Math.min(Math.max(offset, 0), text.length);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const column = at - lineStart + 1 + (line === 1 ? offsetBase : 0);
  return new JsonInputError(detail, line, column, at + offsetBase);
}
