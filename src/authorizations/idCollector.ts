// The result of an extraction, and the collector that builds it with the
// rules every input format shares: duplicates dropped, first-seen order kept,
// a short list of skipped words.

export interface RequestedImage {
  imageId: string;
  sizeKey?: string;
}

export interface Extraction {
  /** Duplicates (same imageId AND same sizeKey) removed, first-seen order kept. */
  images: RequestedImage[];
  /** Distinct SizeKeys of the extracted images, first-seen order. */
  sizeKeysSeen: string[];
  /** Distinct words/values that looked like candidates but cannot be IDs (at most MAX_SKIPPED). */
  skipped: string[];
  format: 'text' | 'json';
}

export const MAX_SKIPPED = 20;

/** A skipped word is shown in a message: longer ones are cut to this many characters. */
const MAX_SKIPPED_LENGTH = 80;

// A word worth mentioning as skipped has at least one letter or digit; lone
// dashes, ellipses and the like are just noise.
export const HAS_ALNUM = /[A-Za-z0-9]/;

export class Collector {
  private readonly images: RequestedImage[] = [];
  // imageId -> the size keys already taken for it ('' = none). Keyed by the ID
  // itself (no concatenated pair key): hashing fresh strings was the main cost
  // on 100,000-ID inputs. Almost every ID has one size, so a Set only when needed.
  private readonly seen = new Map<string, string | Set<string>>();
  private readonly sizeKeys: string[] = [];
  private readonly sizeKeySet = new Set<string>();
  private readonly skipped: string[] = [];

  add(imageId: string, sizeKey: string | undefined): void {
    const size = sizeKey ?? '';
    const taken = this.seen.get(imageId);
    if (taken === undefined) {
      this.seen.set(imageId, size);
    } else if (taken === size || (typeof taken !== 'string' && taken.has(size))) {
      return;
    } else if (typeof taken === 'string') {
      this.seen.set(imageId, new Set([taken, size]));
    } else {
      taken.add(size);
    }
    this.images.push(sizeKey === undefined ? { imageId } : { imageId, sizeKey });
    if (sizeKey !== undefined && !this.sizeKeySet.has(sizeKey)) {
      this.sizeKeySet.add(sizeKey);
      this.sizeKeys.push(sizeKey);
    }
  }

  skip(word: string): void {
    // Only a short list is ever shown, so stop collecting (and comparing) at the cap.
    if (this.skipped.length < MAX_SKIPPED) {
      const shown = word.length > MAX_SKIPPED_LENGTH ? `${word.slice(0, MAX_SKIPPED_LENGTH)}…` : word;
      if (!this.skipped.includes(shown)) {
        this.skipped.push(shown);
      }
    }
  }

  result(format: Extraction['format']): Extraction {
    return { images: this.images, sizeKeysSeen: this.sizeKeys, skipped: this.skipped, format };
  }
}
