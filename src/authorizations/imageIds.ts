/**
 * Finding Getty image IDs in whatever the user hands us: free text (an email,
 * a spreadsheet column), a JSON array of IDs, a GetImageDownloadAuthorizations
 * request, or a saved search / image-details response.
 *
 * Pure module: no `vscode` import, runs in plain Node.
 */

export interface RequestedImage {
  imageId: string;
  sizeKey?: string;
}

export interface Extraction {
  /** Duplicates (same imageId AND same sizeKey) removed, first-seen order kept. */
  images: RequestedImage[];
  /** Distinct SizeKeys of the extracted images, first-seen order. */
  sizeKeysSeen: string[];
  /** Distinct words/values that looked like candidates but cannot be IDs (at most MAX_SKIPPED). */
  skipped: string[];
  format: 'text' | 'json';
}

/** Thrown for input that is (or clearly tries to be) JSON but does not parse. */
export class JsonInputError extends Error {
  override readonly name = 'JsonInputError';

  constructor(
    /** The parser's own complaint, without its position suffix. */
    readonly detail: string,
    /** 1-based. */
    readonly line: number,
    /** 1-based, in UTF-16 code units (what editors count). */
    readonly column: number,
    /** 0-based offset into the text that was given. */
    readonly offset: number,
  ) {
    super(`Invalid JSON at line ${line}, column ${column}: ${detail}`);
  }
}

const MAX_SKIPPED = 20;

// 3..64 chars; letters, digits and dashes, with `_` and `.` allowed inside;
// must start and end with a letter or digit; must contain a digit somewhere.
const IMAGE_ID = /^(?=[^0-9]*[0-9])[A-Za-z0-9][A-Za-z0-9._-]{1,62}[A-Za-z0-9]$/;

export function isImageId(word: string): boolean {
  return IMAGE_ID.test(word);
}

/** Characters an ID may be built from (used by idAtPosition). */
const ID_CHAR = /[A-Za-z0-9._-]/;

// Text separators: whitespace, commas, semicolons, quotes, brackets/parens/braces.
const SEPARATORS = /[\s,;'"`()[\]{}]+/;

// Sentence punctuation that ends a word without being part of it ("see 83454800.").
const TRAILING_PUNCTUATION = /[.:!?]+$/;

// A word worth mentioning as skipped has at least one letter or digit; lone
// dashes, ellipses and the like are just noise.
const HAS_ALNUM = /[A-Za-z0-9]/;

/** Collects results with the dedupe/order/limit rules shared by text and JSON. */
class Collector {
  private readonly images: RequestedImage[] = [];
  // imageId -> the size keys already taken for it ('' = none). Keyed by the ID
  // itself (no concatenated pair key): hashing fresh strings was the main cost
  // on 100,000-ID inputs. Almost every ID has one size, so a Set only when needed.
  private readonly seen = new Map<string, string | Set<string>>();
  private readonly sizeKeys: string[] = [];
  private readonly sizeKeySet = new Set<string>();
  private readonly skipped: string[] = [];

  add(imageId: string, sizeKey: string | undefined): void {
    const size = sizeKey ?? '';
    const taken = this.seen.get(imageId);
    if (taken === undefined) {
      this.seen.set(imageId, size);
    } else if (taken === size || (typeof taken !== 'string' && taken.has(size))) {
      return;
    } else if (typeof taken === 'string') {
      this.seen.set(imageId, new Set([taken, size]));
    } else {
      taken.add(size);
    }
    this.images.push(sizeKey === undefined ? { imageId } : { imageId, sizeKey });
    if (sizeKey !== undefined && !this.sizeKeySet.has(sizeKey)) {
      this.sizeKeySet.add(sizeKey);
      this.sizeKeys.push(sizeKey);
    }
  }

  skip(word: string): void {
    // Only a short list is ever shown, so stop collecting (and comparing) at the cap.
    if (this.skipped.length < MAX_SKIPPED && !this.skipped.includes(word)) {
      this.skipped.push(word);
    }
  }

  result(format: Extraction['format']): Extraction {
    return { images: this.images, sizeKeysSeen: this.sizeKeys, skipped: this.skipped, format };
  }
}

/* ------------------------------------------------------------------ text -- */

function extractFromPlainText(text: string): Extraction {
  const out = new Collector();
  for (const raw of text.split(SEPARATORS)) {
    const word = raw.replace(TRAILING_PUNCTUATION, '');
    if (isImageId(word)) {
      out.add(word, undefined);
    } else if (HAS_ALNUM.test(word)) {
      out.skip(word);
    }
  }
  return out.result('text');
}

/**
 * Text from an editor selection, a document or the clipboard. JSON is
 * recognised when it parses; text that merely starts with a bracket (e.g.
 * `[83454800, sb10069478a-001]`) is read as plain text, unless it clearly
 * tries to be JSON (starts with `{`, or has braces or `"key":`), in which
 * case the user gets told where it is broken rather than a confusing list.
 */
export function extractFromText(text: string): Extraction {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) {
    return extractFromPlainText(text);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (trimmed.startsWith('{') || /[{}]|"\s*:/.test(trimmed)) {
      throw toJsonInputError(text, error, 0);
    }
    return extractFromPlainText(text);
  }
  return walkJson(value, false);
}

/** Contents of a .json file: it must parse. A leading BOM is tolerated. */
export function extractFromJsonText(text: string): Extraction {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw toJsonInputError(body, error, bom);
  }
  return walkJson(value, false);
}

/* ------------------------------------------------------------------ json -- */

/**
 * A value in an ID position as an ID string, or undefined when it is not a
 * scalar at all (null, booleans: ignored silently). Only safe integers are
 * accepted as numbers: String(12345678901234567890) would be a different ID.
 */
function scalarCandidate(value: unknown, out: Collector): string | undefined {
  if (typeof value === 'string') {
    const id = value.trim();
    if (isImageId(id)) {
      return id;
    }
    if (HAS_ALNUM.test(id)) {
      out.skip(value);
    }
  } else if (typeof value === 'number') {
    const id = String(value);
    if (Number.isSafeInteger(value) && isImageId(id)) {
      return id;
    }
    out.skip(id);
  }
  return undefined;
}

/**
 * A parsed JSON value (or any plain data). Finds IDs in:
 *  - arrays of IDs at the top level (nested arrays too),
 *  - any object with an `ImageId` key, at any depth, with that object's `SizeKey`,
 *  - arrays under keys containing "imageid" (`ImageIds: [...]`).
 * Key names are matched without case. Other strings (titles, captions...) are ignored.
 *
 * The walk uses an explicit stack, so nesting depth is bounded by memory, not
 * by the call stack; shared or cyclic references are visited once.
 */
export function extractFromJson(value: unknown): Extraction {
  return walkJson(value, true);
}

/**
 * `guardCycles` is off for values fresh from JSON.parse, which cannot contain
 * cycles or shared references; remembering 100,000 visited objects costs as
 * much as the rest of the walk.
 */
function walkJson(value: unknown, guardCycles: boolean): Extraction {
  const out = new Collector();
  const visited = guardCycles ? new Set<object>() : undefined;
  // Two parallel stacks (node, "bare scalars here are IDs") rather than one
  // of small objects: this loop runs once per value of a possibly huge file.
  // Children are pushed in reverse so they pop in document order.
  const nodes: unknown[] = [value];
  const idContexts: boolean[] = [true];

  while (nodes.length > 0) {
    const node = nodes.pop();
    const idContext = idContexts.pop()!;

    if (typeof node !== 'object' || node === null) {
      if (idContext) {
        const id = scalarCandidate(node, out);
        if (id !== undefined) {
          out.add(id, undefined);
        }
      }
      continue;
    }
    if (visited !== undefined) {
      if (visited.has(node)) {
        continue;
      }
      visited.add(node);
    }

    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        nodes.push(node[i]);
        idContexts.push(idContext);
      }
    } else {
      visitObject(node as Record<string, unknown>, out, nodes, idContexts);
    }
  }
  return out.result('json');
}

/** Case-insensitive key test; the length check skips the lower-casing for most keys. */
function keyIs(key: string, lowerName: string): boolean {
  return key.length === lowerName.length && key.toLowerCase() === lowerName;
}

function visitObject(node: Record<string, unknown>, out: Collector, nodes: unknown[], idContexts: boolean[]): void {
  const keys = Object.keys(node);
  let imageIdKey: string | undefined;
  let sizeKeyKey: string | undefined;
  for (const key of keys) {
    if (imageIdKey === undefined && keyIs(key, 'imageid')) {
      imageIdKey = key;
    } else if (sizeKeyKey === undefined && keyIs(key, 'sizekey')) {
      sizeKeyKey = key;
    }
  }

  if (imageIdKey !== undefined) {
    const id = scalarCandidate(node[imageIdKey], out);
    if (id !== undefined) {
      const size = sizeKeyKey === undefined ? undefined : node[sizeKeyKey];
      const sizeKey = typeof size === 'string' && size.trim() !== '' ? size.trim() : undefined;
      out.add(id, sizeKey);
    }
  }

  for (let k = keys.length - 1; k >= 0; k--) {
    const child = node[keys[k]];
    // Scalars of an object are never bare IDs (ImageId was handled above).
    if (typeof child === 'object' && child !== null) {
      nodes.push(child);
      // `ImageIds: [...]`: bare values in that array are IDs; elsewhere they are not.
      idContexts.push(Array.isArray(child) && keys[k].toLowerCase().includes('imageid'));
    }
  }
}

/* ---------------------------------------------------------- json errors -- */

function toJsonInputError(text: string, error: unknown, offsetBase: number): JsonInputError {
  const message = error instanceof Error ? error.message : String(error);
  // Node 18: "... in JSON at position N"; Node 20: same or no position at all
  // ("Unexpected token '}', "{"a": }" is not valid JSON"); Node 22+ also
  // appends " (line L column C)". Use the position when given, otherwise find
  // the spot ourselves, and always compute line/column from the offset.
  const match = /at position (\d+)/.exec(message);
  let offset = match ? Number(match[1]) : locateJsonError(text);
  offset = Math.min(Math.max(offset, 0), text.length);

  const detail =
    message
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/\s*in JSON at position \d+/, '')
      .replace(/,\s*".*" is not valid JSON$/s, '')
      .trim() || 'Syntax error';

  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  // The BOM (offsetBase) only shifts columns on the first line.
  const column = offset - lineStart + 1 + (line === 1 ? offsetBase : 0);
  return new JsonInputError(detail, line, column, offset + offsetBase);
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * Offset of the first syntax error in `s` (s.length for a premature end), for
 * parser messages that do not say where. A flat state machine with a stack of
 * open brackets, so it copes with any nesting depth.
 */
function locateJsonError(s: string): number {
  const closers: string[] = [];
  type State = 'value' | 'firstValue' | 'key' | 'firstKey' | 'colon' | 'after';
  let state: State = 'value';
  let i = 0;
  for (;;) {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) {
      i++;
    }
    if (i >= s.length) {
      return state === 'after' && closers.length === 0 ? -1 : s.length;
    }
    const c = s[i];
    switch (state) {
      case 'firstValue':
      case 'value': {
        if (state === 'firstValue' && c === ']') {
          closers.pop();
          i++;
          state = 'after';
        } else if (c === '[' || c === '{') {
          closers.push(c === '[' ? ']' : '}');
          i++;
          state = c === '[' ? 'firstValue' : 'firstKey';
        } else {
          const end = scanScalar(s, i);
          if (end < 0) {
            return -end - 1;
          }
          i = end;
          state = 'after';
        }
        break;
      }
      case 'firstKey':
      case 'key': {
        if (state === 'firstKey' && c === '}') {
          closers.pop();
          i++;
          state = 'after';
        } else if (c === '"') {
          const end = scanString(s, i);
          if (end < 0) {
            return -end - 1;
          }
          i = end;
          state = 'colon';
        } else {
          return i;
        }
        break;
      }
      case 'colon':
        if (c !== ':') {
          return i;
        }
        i++;
        state = 'value';
        break;
      case 'after': {
        const top = closers[closers.length - 1];
        if (c === ',' && top !== undefined) {
          i++;
          state = top === '}' ? 'key' : 'value';
        } else if (c === top) {
          closers.pop();
          i++;
        } else {
          return i;
        }
        break;
      }
    }
  }
}

/** End offset of the scalar at i, or -(errorOffset + 1). */
function scanScalar(s: string, i: number): number {
  if (s[i] === '"') {
    return scanString(s, i);
  }
  for (const literal of ['true', 'false', 'null']) {
    if (s[i] === literal[0]) {
      let n = 0;
      while (n < literal.length && s[i + n] === literal[n]) {
        n++;
      }
      return n === literal.length ? i + n : -(i + n) - 1;
    }
  }
  NUMBER.lastIndex = i;
  return NUMBER.test(s) ? NUMBER.lastIndex : -i - 1;
}

/** End offset of the string starting at the quote at i, or -(errorOffset + 1). */
function scanString(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const code = s.charCodeAt(j);
    if (code === 0x22) {
      return j + 1;
    }
    if (code < 0x20) {
      return -j - 1;
    }
    if (code === 0x5c) {
      const next = s[j + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(s.slice(j + 2, j + 6))) {
          return -j - 1;
        }
        j += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
        j++;
      } else {
        return -j - 1;
      }
    }
  }
  return -s.length - 1;
}

/* ---------------------------------------------------------------- cursor -- */

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
  const word = lineText.slice(start, end).replace(/\.+$/, '');
  return isImageId(word) ? word : undefined;
}
