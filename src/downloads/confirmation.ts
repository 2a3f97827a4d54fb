// What a download will cost, said before anything is spent. Pure: no `vscode` import.
import { l10n } from '../l10n';

/** An authorization from checkDownloadAuthorization's result, plus its image ID. */
export interface DownloadTarget {
  imageId: string;
  downloadToken: string;
  productOfferingType?: string;
  downloadIsFree?: boolean;
  downloadsRemaining?: number;
  sizeKey?: string;
}

/** "This uses one download of EasyAccess (12 left)." or "This uses 3 downloads: 2 of ImagePack (10 left), 1 of EasyAccess." */
export function confirmationText(targets: DownloadTarget[]): string | undefined {
  const debited = targets.filter((t) => !t.downloadIsFree);
  if (!debited.length) return undefined;
  const byOffering = new Map<string, { n: number; left?: number }>();
  for (const t of debited) {
    const name = t.productOfferingType ?? l10n.t('its product offering');
    const entry = byOffering.get(name) ?? { n: 0, left: t.downloadsRemaining };
    entry.n++;
    byOffering.set(name, entry);
  }
  const parts = [...byOffering].map(([name, e]) => l10n.t('{0} of {1}{2}', e.n === 1 && debited.length === 1 ? l10n.t('one download') : e.n, name, e.left !== undefined ? l10n.t(' ({0} left)', e.left) : ''));
  return debited.length === 1 ? l10n.t('This uses {0}.', parts[0]) : l10n.t('This uses {0} downloads: {1}.', debited.length, parts.join(', '));
}

