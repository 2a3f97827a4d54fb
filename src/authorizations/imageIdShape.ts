// What a Getty image ID looks like, and the ID under the cursor. Pure: no
// `vscode` import.

// 3..64 chars; letters, digits and dashes, with `_` and `.` allowed inside;
// must start and end with a letter or digit; must contain a digit somewhere.
const IMAGE_ID = /^(?=[^0-9]*[0-9])[A-Za-z0-9][A-Za-z0-9._-]{1,62}[A-Za-z0-9]$/;

export function isImageId(word: string): boolean {
  return IMAGE_ID.test(word);
}

/** A letter or digit (ASCII), by character code. */
export function isAlnumCode(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * isImageId(text.slice(start, end)) without making the slice: free text is
 * scanned in place and only IDs are cut out. The same rules as IMAGE_ID.
 */
export function idEndingAt(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 3 || length > 64 || !isAlnumCode(text.charCodeAt(start)) || !isAlnumCode(text.charCodeAt(end - 1))) {
    return false;
  }
  let hasDigit = false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) {
      hasDigit = true;
    } else if (!isAlnumCode(code) && code !== 0x2e /* . */ && code !== 0x5f /* _ */ && code !== 0x2d /* - */) {
      return false;
    }
  }
  return hasDigit;
}

/** Characters an ID may be built from (used by idAtPosition). */
const ID_CHAR = /[A-Za-z0-9._-]/;

/**
 * `word` without the run of `chars` at its end. A loop, not a regular
 * expression like /[.:!?]+$/: that one retries from every character of a run
 * that is not at the end, which is quadratic in the run's length (a 40,000-dot
 * word took over a second).
 */
export function withoutTrailing(word: string, chars: string): string {
  let end = word.length;
  while (end > 0 && chars.includes(word[end - 1])) {
    end--;
  }
  return end === word.length ? word : word.slice(0, end);
}

/**
 * The ID under the cursor: the maximal run of ID characters touching
 * `character` (so a cursor just after the last digit still counts), with
 * sentence punctuation at its end dropped, if that is an ID.
 */
export function idAtPosition(lineText: string, character: number): string | undefined {
  const at = Math.min(Math.max(Math.trunc(character), 0), lineText.length);
  let start = at;
  while (start > 0 && ID_CHAR.test(lineText[start - 1])) {
    start--;
  }
  let end = at;
  while (end < lineText.length && ID_CHAR.test(lineText[end])) {
    end++;
  }
  const word = withoutTrailing(lineText.slice(start, end), '.');
  return isImageId(word) ? word : undefined;
}
