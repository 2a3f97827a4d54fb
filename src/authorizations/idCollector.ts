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

/**
 * Finds the first image of an ID again, by a hash kept in typed arrays (open
 * addressing, linear probing). A Map<string, …> cost up to 20 × the time for
 * 10 × the IDs: V8 hashes every new string, rebuilds an ever larger table on
 * the heap, and the collector copies it with the kept IDs. Here a slot is 8
 * bytes off the heap and nothing is allocated per ID; free text is looked up
 * by position, so a repeated ID is never even cut out of the text.
 */
class FirstImageIndex {
  /** Index in `images` + 1 of the first image of an ID; 0 is an empty slot. At most half full. */
  private slots = new Int32Array(1024);
  /** The hash of the ID in the same slot, so that probing and growing need not read the strings. */
  private slotHashes = new Int32Array(1024);
  private count = 0;

  constructor(private readonly images: readonly RequestedImage[]) {}

  /** The index in `images` of the first image whose ID is text[start, end), or -1. */
  find(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) {
        return -1;
      }
      if (this.slotHashes[slot] === hash && sameChars(this.images[entry - 1].imageId, text, start, end)) {
        return entry - 1;
      }
    }
  }

  /** Records images[imageIndex] as the first image of an ID that find() did not find. */
  insert(imageIndex: number, hash: number): void {
    this.count++;
    if (this.count * 2 > this.slots.length) {
      const { slots, slotHashes } = this;
      this.slots = new Int32Array(slots.length * 2);
      this.slotHashes = new Int32Array(slots.length * 2);
      for (let slot = 0; slot < slots.length; slot++) {
        if (slots[slot] !== 0) {
          this.place(slots[slot], slotHashes[slot]);
        }
      }
    }
    this.place(imageIndex + 1, hash);
  }

  private place(entry: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) {
      slot = (slot + 1) & mask;
    }
    this.slots[slot] = entry;
    this.slotHashes[slot] = hash;
  }
}

/** A 32-bit hash of text[start, end) (FNV-1a, then mixed so the low bits vary). */
function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function sameChars(id: string, text: string, start: number, end: number): boolean {
  if (id.length !== end - start) {
    return false;
  }
  for (let i = 0; i < id.length; i++) {
    if (id.charCodeAt(i) !== text.charCodeAt(start + i)) {
      return false;
    }
  }
  return true;
}

export class Collector {
  private readonly images: RequestedImage[] = [];
  private readonly firstImages = new FirstImageIndex(this.images);
  // The first image of an ID holds its first size key (none = ''); the rare
  // further sizes of that ID are kept here, under that image's index.
  private readonly moreSizes = new Map<number, Set<string>>();
  private readonly sizeKeys: string[] = [];
  private readonly sizeKeySet = new Set<string>();
  private readonly skipped: string[] = [];

  add(imageId: string, sizeKey: string | undefined): void {
    this.addRange(imageId, 0, imageId.length, sizeKey);
  }

  /** add(text.slice(start, end), sizeKey), slicing only an ID not seen before. */
  addRange(text: string, start: number, end: number, sizeKey?: string): void {
    const hash = hashRange(text, start, end);
    const found = this.firstImages.find(text, start, end, hash);
    let imageId: string;
    if (found === -1) {
      imageId = start === 0 && end === text.length ? text : text.slice(start, end);
      this.firstImages.insert(this.images.length, hash);
    } else {
      const first = this.images[found];
      const size = sizeKey ?? '';
      const more = this.moreSizes.get(found);
      if ((first.sizeKey ?? '') === size || more?.has(size)) {
        return;
      }
      if (more === undefined) {
        this.moreSizes.set(found, new Set([size]));
      } else {
        more.add(size);
      }
      imageId = first.imageId;
    }
    this.images.push(sizeKey === undefined ? { imageId } : { imageId, sizeKey });
    if (sizeKey !== undefined && !this.sizeKeySet.has(sizeKey)) {
      this.sizeKeySet.add(sizeKey);
      this.sizeKeys.push(sizeKey);
    }
  }

  /** False once the list of skipped words is full: callers need not cut out more words. */
  wantsSkipped(): boolean {
    return this.skipped.length < MAX_SKIPPED;
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
