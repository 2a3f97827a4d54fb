// After a check, the image IDs in the checked document show what the check found:
// available, not authorized, or not found. Hovering an ID shows what its tree node's
// tooltip shows, with command links. Clear removes it all.
import * as vscode from 'vscode';
import { ImageAuthorization } from '../connect';
import { ImageDetailsStore } from '../authorizations/details';
import { imageMarkdown } from '../authorizations/imageTooltip';
import { COMMANDS } from '../names';

type Verdict = 'available' | 'notAuthorized' | 'notFound';

/** Words that may be IDs; trailing dots and dashes are not part of an ID (as in imageIds.ts). */
const WORD = /[A-Za-z0-9][A-Za-z0-9._-]*/g;

function verdictOf(results: ImageAuthorization[]): Verdict {
  if (results.some((r) => r.status === 'Available')) return 'available';
  return results.every((r) => r.status === 'ImageNotFound') ? 'notFound' : 'notAuthorized';
}

/** How each verdict looks; the labels are translated when read, not at load. */
const STYLE = (): Record<Verdict, { glyph: string; color: string; label: string }> => ({
  available: { glyph: '✓', color: 'testing.iconPassed', label: vscode.l10n.t('available') },
  notAuthorized: { glyph: '⊘', color: 'list.warningForeground', label: vscode.l10n.t('not authorized') },
  notFound: { glyph: '?', color: 'list.errorForeground', label: vscode.l10n.t('not found') },
});

export class IdDecorations implements vscode.Disposable, vscode.HoverProvider {
  /** Per document: the results of each checked image ID. */
  private readonly byDocument = new Map<string, Map<string, ImageAuthorization[]>>();
  private readonly types: Record<Verdict, vscode.TextEditorDecorationType>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly details: ImageDetailsStore) {
    const style = STYLE();
    this.types = Object.fromEntries(
      (Object.keys(style) as Verdict[]).map((v) => [
        v,
        vscode.window.createTextEditorDecorationType({
          textDecoration: 'underline dotted',
          overviewRulerColor: new vscode.ThemeColor(style[v].color),
          overviewRulerLane: vscode.OverviewRulerLane.Right,
          after: { contentText: ` ${style[v].glyph}`, color: new vscode.ThemeColor(style[v].color) },
        }),
      ]),
    ) as Record<Verdict, vscode.TextEditorDecorationType>;
    this.disposables.push(
      ...Object.values(this.types),
      vscode.languages.registerHoverProvider({ pattern: '**' }, this),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.apply(e))),
      vscode.workspace.onDidChangeTextDocument((e) => this.editorsOf(e.document.uri).forEach((ed) => this.apply(ed))),
    );
  }

  /** Decorates the IDs of `uri` with `results` (replacing what an earlier check of them said). */
  show(uri: vscode.Uri, results: ImageAuthorization[]): void {
    const known = this.byDocument.get(uri.toString()) ?? new Map<string, ImageAuthorization[]>();
    const fresh = new Map<string, ImageAuthorization[]>();
    for (const r of results) fresh.set(r.imageId, [...(fresh.get(r.imageId) ?? []), r]);
    for (const [id, rs] of fresh) known.set(id, rs);
    this.byDocument.set(uri.toString(), known);
    this.editorsOf(uri).forEach((e) => this.apply(e));
  }

  /** New results for images already decorated somewhere (Check Again, Refresh). */
  refresh(results: ImageAuthorization[]): void {
    for (const [uri, known] of this.byDocument) {
      const mine = results.filter((r) => known.has(r.imageId));
      if (mine.length) this.show(vscode.Uri.parse(uri), mine);
    }
  }

  clear(): void {
    this.byDocument.clear();
    for (const editor of vscode.window.visibleTextEditors) this.apply(editor);
  }

  /** The decorated ranges of a document, by verdict (for tests and the hover). */
  ranges(document: vscode.TextDocument): { verdict: Verdict; imageId: string; range: vscode.Range }[] {
    const known = this.byDocument.get(document.uri.toString());
    if (!known) return [];
    const text = document.getText();
    const found: { verdict: Verdict; imageId: string; range: vscode.Range }[] = [];
    for (const m of text.matchAll(WORD)) {
      const word = m[0].replace(/[._-]+$/, '');
      const results = known.get(word);
      if (results) {
        const start = m.index ?? 0;
        found.push({ verdict: verdictOf(results), imageId: word, range: new vscode.Range(document.positionAt(start), document.positionAt(start + word.length)) });
      }
    }
    return found;
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const hit = this.ranges(document).find((r) => r.range.contains(position));
    const results = hit && this.byDocument.get(document.uri.toString())?.get(hit.imageId);
    if (!hit || !results) return undefined;
    const thumbnail = await this.details.thumbnail(hit.imageId, 5000);
    const contents = results.map((r) => {
      const target = { imageId: r.imageId, sizeKey: r.largest ? '' : r.sizeKey };
      const first = r.authorizations[0];
      const links = [
        ...(first ? [
          { title: vscode.l10n.t('Copy Download Token'), command: COMMANDS.copyDownloadToken, args: [{ ...target, offering: first.productOfferingType }] },
          { title: vscode.l10n.t('Download'), command: COMMANDS.downloadImage, args: [{ ...target, offering: first.productOfferingType }] },
        ] : []),
        { title: vscode.l10n.t('Check Again'), command: COMMANDS.checkAgain, args: [target] },
      ];
      return imageMarkdown(r, this.details.get(r.imageId), links, thumbnail);
    });
    return new vscode.Hover(contents, hit.range);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  private editorsOf(uri: vscode.Uri): readonly vscode.TextEditor[] {
    return vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === uri.toString());
  }

  private apply(editor: vscode.TextEditor): void {
    const ranges = this.ranges(editor.document);
    for (const verdict of Object.keys(this.types) as Verdict[]) {
      editor.setDecorations(
        this.types[verdict],
        ranges.filter((r) => r.verdict === verdict).map((r) => ({ range: r.range, hoverMessage: undefined, renderOptions: {} })),
      );
    }
  }
}

export function verdictLabel(verdict: Verdict): string {
  return STYLE()[verdict].label;
}
