/**
 * Finding Getty image IDs in whatever the user hands us: free text (an email,
 * a spreadsheet column), a JSON array of IDs, a GetImageDownloadAuthorizations
 * request, or a saved search / image-details response; JSON may have comments
 * and trailing commas (JSONC).
 *
 * The public entry points; the work is done in imageIdShape (what an ID is),
 * textIds (free text), jsonReader (JSON/JSONC text to a value, or where it is
 * broken) and jsonIds (IDs in a value). Pure: no `vscode` import.
 */
import { Extraction } from './idCollector';
import { walkJson } from './jsonIds';
import { JsonInputError } from './jsonInputError';
import { readJson } from './jsonReader';
import { extractFromPlainText } from './textIds';

export type { Extraction, RequestedImage } from './idCollector';
export { idAtPosition, isImageId } from './imageIdShape';
export { extractFromJson } from './jsonIds';
export { JsonInputError } from './jsonInputError';

/** Text that starts like JSON and has braces or a `"key":` clearly tries to be JSON. */
const LOOKS_LIKE_JSON_OBJECTS = /[{}]|"\s*:/;

/**
 * Text from an editor selection, a document or the clipboard. JSON (or JSONC)
 * is recognised when it reads; text that merely starts with a bracket (e.g.
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
    value = readJson(text, 0, true);
  } catch (error) {
    // Text that starts with `{` always matches: it has a brace.
    if (error instanceof JsonInputError && !LOOKS_LIKE_JSON_OBJECTS.test(trimmed)) {
      return extractFromPlainText(text);
    }
    throw error;
  }
  return walkJson(value, false);
}

/** Contents of a .json or .jsonc file: it must read. A leading BOM is tolerated. */
export function extractFromJsonText(text: string): Extraction {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return walkJson(readJson(bom ? text.slice(1) : text, bom, true), false);
}
