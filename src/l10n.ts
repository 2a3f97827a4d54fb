// Localized text for the modules that cannot import `vscode` (connect/, the session
// model, the download confirmation). They call `l10n.t` from here; extension.ts points it
// at `vscode.l10n.t` on activation, so their strings are translated like every other.
// In plain Node (unit tests) it formats the English text itself, as vscode.l10n.t does
// with no translation: `{0}`, `{1}`… are replaced by the arguments, other braces are kept.
// A shim rather than the @vscode/l10n package: no new dependency, no bundle to configure,
// and one translator (VS Code's) for the whole extension.
// No `vscode` import.

export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

function format(message: string, ...args: (string | number | boolean)[]): string {
  return args.length ? message.replace(/\{(\d+)\}/g, (match, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : match)) : message;
}

let translate: Translate = format;

export const l10n = {
  /** `message` in the display language, with `{0}`, `{1}`… replaced by `args`. */
  t(message: string, ...args: (string | number | boolean)[]): string {
    return translate(message, ...args);
  },
};

/** Called once by extension.ts with vscode.l10n.t. */
export function useTranslator(t: Translate): void {
  translate = t;
}
