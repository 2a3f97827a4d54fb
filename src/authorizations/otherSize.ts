// The size picker of "Check Other Size…": the sizes GetImageDetails lists for the
// image, and whatever the person types, used as typed when Enter is pressed.
import * as vscode from 'vscode';
import { ImageDetails } from '../connect';
import { sizeFacts } from './imageTooltip';

interface SizeItem extends vscode.QuickPickItem {
  sizeKey: string;
}

/** The size key picked or typed; undefined when the picker is dismissed. */
export function pickOtherSize(imageId: string, details: ImageDetails | undefined, current: string): Promise<string | undefined> {
  const known: SizeItem[] = (details?.sizes ?? []).map((s) => ({
    label: s.sizeKey,
    description: sizeFacts(s) || undefined,
    detail: s.sizeKey === current ? vscode.l10n.t('checked already') : undefined,
    sizeKey: s.sizeKey,
  }));
  const pick = vscode.window.createQuickPick<SizeItem>();
  pick.title = vscode.l10n.t('Check {0} at another size', imageId);
  pick.placeholder = known.length
    ? vscode.l10n.t('Pick a size, or type a size key and press Enter')
    : vscode.l10n.t('The image details list no sizes: type a size key (e.g. Large) and press Enter');
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  pick.items = known;
  // Typed text that is no listed size becomes an item of its own, so Enter always does something.
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    const listed = known.some((k) => k.sizeKey.toLowerCase() === typed.toLowerCase());
    pick.items = typed && !listed ? [{ label: typed, description: vscode.l10n.t('use this size key as typed'), sizeKey: typed, alwaysShow: true }, ...known] : known;
  });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.sizeKey ?? pick.activeItems[0]?.sizeKey ?? (pick.value.trim() || undefined);
      resolve(chosen);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
