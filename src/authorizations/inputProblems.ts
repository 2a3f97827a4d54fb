// What can be wrong with an input before any ID is looked for: binary data
// instead of text, a file that cannot be read. Each gives a sentence that
// names the input, what is wrong and what to do. Pure: no `vscode` import.

/** 1-based line and column of `offset` in `text`, as an editor shows them. */
function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/**
 * Why the bytes of file `name` are not text, or undefined when they are
 * UTF-8 text. A NUL byte is what binary files (and UTF-16 text) have and
 * text never has.
 */
export function binaryFileProblem(bytes: Uint8Array, name: string): string | undefined {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return `${name} is not a text file (it has a NUL byte at offset ${nul}). Choose a JSON file of image IDs saved as UTF-8.`;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return `${name} is not UTF-8 text. Save it as UTF-8 (VS Code: "Save with Encoding"), then check it again.`;
  }
  return undefined;
}

/** Why the text of `source` (a selection, a document) is not text, or undefined when it is. */
export function binaryTextProblem(text: string, source: string): string | undefined {
  const nul = text.indexOf('\u0000');
  if (nul === -1) {
    return undefined;
  }
  return `${source} holds binary data, not text (a NUL character at ${lineAndColumn(text, nul)}). Select image IDs in a text document.`;
}

/** The codes of vscode.FileSystemError and the Node errors behind them. */
const FILE_ERRORS: Record<string, (name: string) => string> = {
  FileNotFound: (name) => `${name} no longer exists: it was moved or deleted after it was chosen. Choose the file again.`,
  ENOENT: (name) => FILE_ERRORS.FileNotFound(name),
  FileIsADirectory: (name) => `${name} is a folder, not a file. Choose a JSON file of image IDs.`,
  EISDIR: (name) => FILE_ERRORS.FileIsADirectory(name),
  NoPermissions: (name) => `${name} cannot be read: permission denied. Check the file's permissions, or open it and select the IDs.`,
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
  const detail = err instanceof Error ? err.message : String(err);
  return `${name} cannot be read (${detail}). Check that it is still there and readable, then try again.`;
}
