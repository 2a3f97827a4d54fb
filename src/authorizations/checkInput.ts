// Turns what the user pointed at (selections, the word under the cursor, a
// JSON file, or a command argument) into the images to check.
import * as vscode from 'vscode';
import { pairKey } from './accounting';
import { Extraction, extractFromJson, extractFromJsonText, extractFromText, idAtPosition, RequestedImage } from './imageIds';

/** A file larger than this is refused before it is read: no Connect input is that big. */
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
  return doc.languageId === 'json' || doc.languageId === 'jsonc' || doc.uri.path.toLowerCase().endsWith('.json');
}

function fromSelections(editor: vscode.TextEditor): CheckInput | undefined {
  const selected = editor.selections.filter((s) => !s.isEmpty);
  if (!selected.length) {
    return undefined;
  }
  return {
    extraction: merge(selected.map((s) => extractFromText(editor.document.getText(s)))),
    source: selected.length > 1 ? 'the selections' : 'the selection',
    document: editor.document.uri,
  };
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
    return { extraction: extractFromJson(atCursor), source: 'the cursor', document: doc.uri };
  }
  if (isJsonDocument(doc)) {
    return { extraction: extractFromJsonText(documentText(doc)), source: basename(doc.uri), document: doc.uri };
  }
  return undefined;
}

/** One size limit for every input that is a whole document, open in an editor or on disk. */
function checkSize(bytes: number, name: string): void {
  if (bytes > MAX_FILE_BYTES) {
    throw new InputError(
      `${name} is ${(bytes / 1024 / 1024).toFixed(1)} MB; files over ${MAX_FILE_BYTES / 1024 / 1024} MB are not checked. Split it, or select the IDs to check.`,
    );
  }
}

/** The text of an open document, within the size limit. */
function documentText(doc: vscode.TextDocument): string {
  const text = doc.getText();
  checkSize(Buffer.byteLength(text, 'utf8'), basename(doc.uri));
  return text;
}

function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString();
}

async function fromFile(uri: vscode.Uri): Promise<CheckInput> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    // Unsaved edits count: check what the user sees.
    return { extraction: extractFromJsonText(documentText(open)), source: basename(uri), document: open.uri };
  }
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch (err) {
    throw new InputError(`Cannot read ${basename(uri)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  checkSize(stat.size, basename(uri));
  const bytes = await vscode.workspace.fs.readFile(uri);
  return { extraction: extractFromJsonText(new TextDecoder('utf-8').decode(bytes)), source: basename(uri) };
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
      return { extraction: extractFromJson({ ImageSizes: a.imageSizes }), source: 'the argument', confirmLarge: a.confirmLarge };
    }
    if (Array.isArray(a.imageIds)) {
      return { extraction: extractFromJson(a.imageIds), source: 'the argument', sizeKey: a.sizeKey, confirmLarge: a.confirmLarge };
    }
    throw new InputError('The argument must be a file Uri, { imageIds: string[], sizeKey? } or { imageSizes: { ImageId, SizeKey }[] }.');
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    throw new InputError('Open a document and select image IDs, or right-click a JSON file of IDs in the Explorer.');
  }
  return fromEditor(editor);
}

export const ACCEPTED_FORMS =
  'Select IDs separated by spaces, commas, semicolons, quotes or brackets (e.g. 83454800, sb10069478a-001), or JSON: an array of IDs, an "ImageSizes" array of {ImageId, SizeKey}, or any objects with an "ImageId".';
