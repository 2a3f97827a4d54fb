// Every image and size sent gets exactly one result. The documentation says an
// answer "contains an Image entry for each requested image the customer is
// authorized to download" while also listing per-image statuses, so a real answer
// may leave images out: those get the status NotInAnswer instead of vanishing.
//
// Pure module: no `vscode` import, runs in plain Node.
import { ImageAuthorization, ImageSize } from '../connect';

/** The status of a pair the service's answer did not list. */
export const NOT_IN_ANSWER = 'NotInAnswer';

/** `${imageId}\u0000${sizeKey}`: one image at one size (size keys compared without case). */
export function pairKey(imageId: string, sizeKey: string): string {
  return `${imageId}\u0000${sizeKey.toLowerCase()}`;
}

/**
 * One result per pair in `sent`, in the order sent: the answer's entry for it, or a
 * NotInAnswer entry. An answered entry without a size key stands for the first pair
 * of its image not yet matched. Entries for pairs that were not sent come last.
 */
export function accountForSent(sent: ImageSize[], answered: ImageAuthorization[]): ImageAuthorization[] {
  const byPair = new Map<string, ImageAuthorization>();
  const withoutSize = new Map<string, ImageAuthorization[]>();
  const extra: ImageAuthorization[] = [];
  for (const a of answered) {
    if (a.sizeKey) {
      if (byPair.has(pairKey(a.imageId, a.sizeKey))) extra.push(a);
      else byPair.set(pairKey(a.imageId, a.sizeKey), a);
    } else {
      withoutSize.set(a.imageId, [...(withoutSize.get(a.imageId) ?? []), a]);
    }
  }
  const results = sent.map((s): ImageAuthorization => {
    const key = pairKey(s.imageId, s.sizeKey);
    const exact = byPair.get(key);
    if (exact) {
      byPair.delete(key);
      return exact;
    }
    const loose = withoutSize.get(s.imageId)?.shift();
    if (loose) return { ...loose, sizeKey: s.sizeKey };
    return { imageId: s.imageId, sizeKey: s.sizeKey, status: NOT_IN_ANSWER, authorizations: [] };
  });
  return [...results, ...byPair.values(), ...[...withoutSize.values()].flat(), ...extra];
}

/**
 * One result per image sent to GetLargestImageDownloadAuthorizations, in the order
 * sent. The result lists "each requested image the customer is authorized to
 * download": an image left out has no authorization, so it is NoAuthorizations.
 */
export function accountForLargest(sent: string[], answered: ImageAuthorization[]): ImageAuthorization[] {
  const byId = new Map(answered.map((a) => [a.imageId, a]));
  return sent.map((imageId) => byId.get(imageId) ?? { imageId, sizeKey: '', status: 'NoAuthorizations', authorizations: [], largest: true });
}
