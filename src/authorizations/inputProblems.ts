// What can be wrong with an input before any ID is looked for: binary data
// instead of text, a file that cannot be read. Each gives a sentence that
// names the input, what is wrong and what to do. Pure: no `vscode` import.

import { errorMessage } from '../connect/failures';
import { l10n } from '../l10n';

/** 1-based line and column of `offset` in `text`, as an editor shows them. */
function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return l10n.t('line {0}, column {1}', line, offset - lineStart + 1);
}

/**
 * Why the bytes of file `name` are not text, or undefined when they are
 * UTF-8 text. A NUL byte is what binary files (and UTF-16 text) have and
 * text never has.
 */
export function binaryFileProblem(bytes: Uint8Array, name: string): string | undefined {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return l10n.t('{0} is not a text file (it has a NUL byte at offset {1}). Choose a JSON file of image IDs saved as UTF-8.', name, nul);
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return l10n.t('{0} is not UTF-8 text. Save it as UTF-8 (VS Code: "Save with Encoding"), then check it again.', name);
  }
  return undefined;
}

/** Why the text of `source` (a selection, a document) is not text, or undefined when it is. */
export function binaryTextProblem(text: string, source: string): string | undefined {
  const nul = text.indexOf('\u0000');
  if (nul === -1) {
    return undefined;
  }
  return l10n.t('{0} holds binary data, not text (a NUL character at {1}). Select image IDs in a text document.', source, lineAndColumn(text, nul));
}

/** The codes of vscode.FileSystemError and the Node errors behind them. */
const FILE_ERRORS: Record<string, (name: string) => string> = {
  FileNotFound: (name) => l10n.t('{0} no longer exists: it was moved or deleted after it was chosen. Choose the file again.', name),
  ENOENT: (name) => FILE_ERRORS.FileNotFound(name),
  FileIsADirectory: (name) => l10n.t('{0} is a folder, not a file. Choose a JSON file of image IDs.', name),
  EISDIR: (name) => FILE_ERRORS.FileIsADirectory(name),
  NoPermissions: (name) => l10n.t("{0} cannot be read: permission denied. Check the file's permissions, or open it and select the IDs.", name),
  EACCES: (name) => FILE_ERRORS.NoPermissions(name),
  EPERM: (name) => FILE_ERRORS.NoPermissions(name),
};

/** A sentence for a failed stat or read of file `name`. */
export function fileReadProblem(err: unknown, name: string): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  // A FileSystemError from another provider may carry only the Node code, in its message.
  const nodeCode = /\b(ENOENT|EISDIR|EACCES|EPERM)\b/.exec(err instanceof Error ? err.message : '')?.[1];
  const known = FILE_ERRORS[code] ?? (nodeCode && FILE_ERRORS[nodeCode]);
  if (known) {
    return known(name);
  }
  const detail = errorMessage(err);
  return l10n.t('{0} cannot be read ({1}). Check that it is still there and readable, then try again.', name, detail);
}
