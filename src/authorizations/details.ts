// What the checked images are: GetImageDetails in batches of at most 90, run
// alongside the authorization requests. A failure of details never fails a check:
// the images just show no title.
//
// Pure module: no `vscode` import, runs in plain Node.
import { ConnectClient, errorMessage, fetchImageDataUri, ImageDetails, MAX_DETAILS_PER_REQUEST } from '../connect';
import { runBatches } from './batches';

export class ImageDetailsStore {
  private readonly known = new Map<string, ImageDetails>();
  /** IDs a successful GetImageDetails answer left out: "Unknown IDs are simply missing". */
  private readonly unknown = new Set<string>();

  get(imageId: string): ImageDetails | undefined {
    return this.known.get(imageId);
  }

  /**
   * Fetches the details of `imageIds` (those not known yet, unless `refresh`) and keeps
   * them; resolves with the failures' messages, never rejects.
   */
  async fetch(client: ConnectClient, secureToken: string, imageIds: string[], options: { signal?: AbortSignal; refresh?: boolean } = {}): Promise<string[]> {
    const wanted = [...new Set(imageIds)].filter((id) => options.refresh || !this.known.has(id));
    if (!wanted.length) return [];
    const outcome = await runBatches(wanted, { batchSize: MAX_DETAILS_PER_REQUEST, concurrency: 2, signal: options.signal }, async (batch, _i, signal) => {
      const res = await client.getImageDetails(secureToken, batch, signal);
      const answered = new Set(res.result.map((d) => d.imageId));
      batch.filter((id) => !answered.has(id)).forEach((id) => this.unknown.add(id));
      return res.result;
    });
    for (const details of outcome.results) {
      this.known.set(details.imageId, details);
      this.unknown.delete(details.imageId);
    }
    return outcome.errors.map((e) => errorMessage(e.error));
  }

  private readonly thumbnails = new Map<string, Promise<string | undefined>>();

  /**
   * The image's thumbnail as a data: URI (fetched once, by the extension host), or
   * undefined when there is none or it could not be fetched.
   */
  thumbnail(imageId: string, timeoutMs: number): Promise<string | undefined> {
    const url = this.known.get(imageId)?.urlThumb;
    if (!url) return Promise.resolve(undefined);
    let pending = this.thumbnails.get(imageId);
    if (!pending) {
      pending = fetchImageDataUri(url, { timeoutMs }).catch(() => undefined);
      this.thumbnails.set(imageId, pending);
    }
    return pending;
  }

  /** True when GetImageDetails answered without this ID: no image has it. */
  isUnknown(imageId: string): boolean {
    return this.unknown.has(imageId);
  }

  clear(): void {
    this.known.clear();
    this.unknown.clear();
    this.thumbnails.clear();
  }
}
