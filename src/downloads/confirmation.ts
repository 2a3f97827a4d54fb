// What a download will cost, said before anything is spent. Pure: no `vscode` import.

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
    const name = t.productOfferingType ?? 'its product offering';
    const entry = byOffering.get(name) ?? { n: 0, left: t.downloadsRemaining };
    entry.n++;
    byOffering.set(name, entry);
  }
  const parts = [...byOffering].map(([name, e]) => `${e.n === 1 && debited.length === 1 ? 'one download' : e.n} of ${name}${e.left !== undefined ? ` (${e.left} left)` : ''}`);
  return debited.length === 1 ? `This uses ${parts[0]}.` : `This uses ${debited.length} downloads: ${parts.join(', ')}.`;
}

