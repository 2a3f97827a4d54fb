// Turns what the user pointed at (selections, the word under the cursor, a
// JSON file, or a command argument) into the images to check.
import * as vscode from 'vscode';
import { pairKey } from './accounting';
import { Extraction, extractFromJson, extractFromJsonText, extractFromText, idAtPosition, JsonInputError, RequestedImage } from './imageIds';
import { binaryFileProblem, binaryTextProblem, fileReadProblem } from './inputProblems';

/** A file (or selection) larger than this is refused before it is read: no Connect input is that big. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface CheckArgument {
  imageIds?: (string | number)[];
  sizeKey?: string;
  imageSizes?: { ImageId: string; SizeKey: string }[];
  /** Skip the confirmation asked for very large checks (automation). */
  confirmLarge?: boolean;
}

export class InputError extends Error {}

export interface CheckInput {
  extraction: Extraction;
  /** Where the IDs came from, for messages: "the selection", "ids.json", ... */
  source: string;
  sizeKey?: string;
  confirmLarge?: boolean;
  /** The document the IDs were read from, when they came from an editor: its IDs get decorated. */
  document?: vscode.Uri;
}

function merge(parts: Extraction[]): Extraction {
  if (parts.length === 1) {
    return parts[0]; // already without duplicates; a second pass over a million IDs costs as much as the extraction
  }
  const seen = new Set<string>();
  const images: RequestedImage[] = [];
  const sizeKeys = new Set<string>();
  const skipped: string[] = [];
  for (const part of parts) {
    for (const img of part.images) {
      const key = pairKey(img.imageId, img.sizeKey ?? '');
      if (!seen.has(key)) {
        seen.add(key);
        images.push(img);
      }
    }
    part.sizeKeysSeen.forEach((k) => sizeKeys.add(k));
    skipped.push(...part.skipped);
  }
  return { images, sizeKeysSeen: [...sizeKeys], skipped: skipped.slice(0, 20), format: parts.some((p) => p.format === 'json') ? 'json' : 'text' };
}

function isJsonDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'json' || doc.languageId === 'jsonc' || /\.jsonc?$/i.test(doc.uri.path);
}

function fromSelections(editor: vscode.TextEditor): CheckInput | undefined {
  const selected = editor.selections.filter((s) => !s.isEmpty);
  if (!selected.length) {
    return undefined;
  }
  const source = selected.length > 1 ? vscode.l10n.t('the selections') : vscode.l10n.t('the selection');
  const texts = selected.map((s) => editor.document.getText(s));
  checkSize(texts.reduce((sum, t) => sum + Buffer.byteLength(t, 'utf8'), 0), capitalize(source), 'selections');
  return {
    extraction: merge(texts.map((text) => readText(text, source, () => extractFromText(text)))),
    source,
    document: editor.document.uri,
  };
}

/**
 * Runs `extract` on text from `source`, refusing binary data and naming the
 * source in a JSON error (which says line and column only).
 */
function readText(text: string, source: string, extract: () => Extraction): Extraction {
  const subject = source.startsWith('the ') ? capitalize(source) : source;
  const binary = binaryTextProblem(text, subject);
  if (binary) {
    throw new InputError(binary);
  }
  try {
    return extract();
  } catch (err) {
    if (err instanceof JsonInputError) {
      throw new InputError(`${subject}: ${err.message}`);
    }
    throw err;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fromEditor(editor: vscode.TextEditor): CheckInput | undefined {
  const fromSelection = fromSelections(editor);
  if (fromSelection) {
    return fromSelection;
  }
  const doc = editor.document;
  const atCursor = editor.selections
    .map((s) => idAtPosition(doc.lineAt(s.active.line).text, s.active.character))
    .filter((id): id is string => id !== undefined);
  if (atCursor.length) {
    return { extraction: extractFromJson(atCursor), source: vscode.l10n.t('the cursor'), document: doc.uri };
  }
  if (isJsonDocument(doc)) {
    return fromDocument(doc);
  }
  return undefined;
}

/** One size limit for every input: a document open in an editor or on disk, or selections. */
function checkSize(bytes: number, name: string, what = 'files'): void {
  if (bytes > MAX_FILE_BYTES) {
    const size = (bytes / 1024 / 1024).toFixed(1);
    const limit = MAX_FILE_BYTES / 1024 / 1024;
    throw new InputError(
      what === 'files'
        ? vscode.l10n.t('{0} is {1} MB; files over {2} MB are not checked. Split it, or select the IDs to check.', name, size, limit)
        : vscode.l10n.t('{0} is {1} MB; selections over {2} MB are not checked. Select fewer IDs at a time.', name, size, limit),
    );
  }
}

/** The IDs of a whole JSON document open in an editor (unsaved edits count), within the size limit. */
function fromDocument(doc: vscode.TextDocument): CheckInput {
  const text = doc.getText();
  const name = basename(doc.uri);
  checkSize(Buffer.byteLength(text, 'utf8'), name);
  return { extraction: readText(text, name, () => extractFromJsonText(text)), source: name, document: doc.uri };
}

function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString();
}

async function fromFile(uri: vscode.Uri): Promise<CheckInput> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    // Unsaved edits count: check what the user sees.
    return fromDocument(open);
  }
  const name = basename(uri);
  // The file may change between the right-click and here: moved, deleted,
  // replaced by a folder. Each step says so rather than failing unexplained.
  let bytes: Uint8Array;
  try {
    checkSize((await vscode.workspace.fs.stat(uri)).size, name);
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (err) {
    throw err instanceof InputError ? err : new InputError(fileReadProblem(err, name));
  }
  const binary = binaryFileProblem(bytes, name);
  if (binary) {
    throw new InputError(binary);
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  return { extraction: readText(text, name, () => extractFromJsonText(text)), source: name };
}

/** Reads the command's argument (Uri, Uri list, IDs, ImageSizes) or the active editor. */
export async function resolveCheckInput(arg: unknown, extra: unknown): Promise<CheckInput | undefined> {
  if (arg instanceof vscode.Uri) {
    const uris = Array.isArray(extra) && extra.length > 1 && extra.every((u) => u instanceof vscode.Uri) ? (extra as vscode.Uri[]) : [arg];
    // From the editor's context menu the argument is the document itself: a selection
    // wins; without one, the whole file is meant (not the word under the click).
    const editor = vscode.window.activeTextEditor;
    if (uris.length === 1 && editor && editor.document.uri.toString() === arg.toString()) {
      const fromSelection = fromSelections(editor);
      if (fromSelection) {
        return fromSelection;
      }
    }
    const inputs = await Promise.all(uris.map(fromFile));
    return {
      extraction: merge(inputs.map((i) => i.extraction)),
      source: inputs.map((i) => i.source).join(', '),
      document: inputs.length === 1 ? inputs[0].document : undefined,
    };
  }
  if (arg && typeof arg === 'object') {
    const a = arg as CheckArgument;
    if (Array.isArray(a.imageSizes)) {
      return { extraction: extractFromJson({ ImageSizes: a.imageSizes }), source: vscode.l10n.t('the argument'), confirmLarge: a.confirmLarge };
    }
    if (Array.isArray(a.imageIds)) {
      return { extraction: extractFromJson(a.imageIds), source: vscode.l10n.t('the argument'), sizeKey: a.sizeKey, confirmLarge: a.confirmLarge };
    }
    throw new InputError(vscode.l10n.t('The argument must be a file Uri, {0} or {1}.', '{ imageIds: string[], sizeKey? }', '{ imageSizes: { ImageId, SizeKey }[] }'));
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    throw new InputError(vscode.l10n.t('Open a document and select image IDs, or right-click a JSON file of IDs in the Explorer.'));
  }
  return fromEditor(editor);
}

/** What a selection or file may hold, for the message when none of it is an ID (translated when read). */
export function acceptedForms(): string {
  return vscode.l10n.t(
    'Select IDs separated by spaces, commas, semicolons, quotes or brackets (e.g. 83454800, sb10069478a-001), or JSON: an array of IDs, an "ImageSizes" array of {0}, or any objects with an "ImageId".',
    '{ImageId, SizeKey}',
  );
}
