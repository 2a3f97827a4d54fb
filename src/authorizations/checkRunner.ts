// Runs a check: the authorization requests in batches (GetImageDownloadAuthorizations
// for pairs with a size key, GetLargestImageDownloadAuthorizations for bare IDs), the
// image details alongside, a cancellable progress notification, the session's recovery
// when the service refuses its token, and the summary a person reads at the end.
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { ConnectApiError, ConnectClient, EndpointError, ImageAuthorization, ImageSize, isAuthFailure, StatusEntry, isThrottled, RequestGate, withRetry } from '../connect';
import { Log } from '../log';
import { SessionManager, SessionStateError } from '../session/sessionManager';
import { Recovery, UserSessionGate } from '../session/userSession';
import { showError, showInfo, showWarning } from '../ui/notify';
import { accountForLargest, accountForSent, pairKey } from './accounting';
import { chunk, runBatches } from './batches';
import { ImageDetailsStore } from './details';
import { statusLabel } from './imageTooltip';

/** Requests in flight at once: enough to hide latency, few enough to be polite. */
const CONCURRENCY = 3;

/** One request's worth: pairs with a size key, or bare IDs for the largest size. */
interface Batch {
  largest: boolean;
  pairs: ImageSize[];
}

export class CheckRunner {
  constructor(
    private readonly sessions: SessionManager,
    private readonly client: () => ConnectClient,
    private readonly log: Log,
    private readonly details: ImageDetailsStore,
    private readonly gate: UserSessionGate,
  ) {}

  /**
   * Checks `plan` (a size key of '' asks for the largest available size); resolves with
   * one result per pair, in plan order, as far as the check got; undefined when no
   * user session could be had.
   */
  async run(plan: ImageSize[], source: string): Promise<ImageAuthorization[] | undefined> {
    if ((await this.gate.ensure('Download authorizations', 'check download authorizations')) === 'declined') {
      return undefined;
    }
    const { batchSize } = readSettings();
    const batches: Batch[] = [
      ...chunk(plan.filter((p) => p.sizeKey), batchSize).map((pairs) => ({ largest: false, pairs })),
      ...chunk(plan.filter((p) => !p.sizeKey), batchSize).map((pairs) => ({ largest: true, pairs })),
    ];
    const notices: StatusEntry[] = [];
    let recovery: Promise<Recovery> | undefined;
    // A throttled or broken request is tried again in its own slot: no more requests in flight than CONCURRENCY.
    const gate = new RequestGate(CONCURRENCY);
    const retrying = <T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> =>
      withRetry(() => gate.run(call), {
        signal,
        onRetry: (err, attempt, ms) => {
          if (isThrottled(err)) gate.throttled();
          this.log.warn(`Retrying in ${(ms / 1000).toFixed(1)} s (attempt ${attempt + 1}): ${err instanceof Error ? err.message : String(err)}`);
        },
      });
    const request = async (batch: Batch, signal: AbortSignal, renewedOnce = false): Promise<ImageAuthorization[]> => {
      const token = this.sessions.userSecureToken();
      try {
        if (batch.largest) {
          const ids = batch.pairs.map((p) => p.imageId);
          const res = await retrying(signal, () => this.client().getLargestImageDownloadAuthorizations(token, ids, signal));
          notices.push(...res.notices);
          return accountForLargest(ids, res.result);
        }
        const res = await retrying(signal, () => this.client().getImageDownloadAuthorizations(token, batch.pairs, signal));
        notices.push(...res.notices);
        return accountForSent(batch.pairs, res.result);
      } catch (err) {
        // A renewal while the request was out ends the token it carried: once more with the new one.
        if (!renewedOnce && err instanceof ConnectApiError && (await this.renewedSince(token))) return request(batch, signal, true);
        throw err;
      }
    };
    const runOne = async ([batch]: Batch[], _index: number, signal: AbortSignal): Promise<ImageAuthorization[]> => {
      try {
        return await request(batch, signal);
      } catch (err) {
        // A session that ends mid-check is recovered once for every batch, then the check goes on.
        if (this.gate.refused(err)) {
          recovery ??= this.gate.recover(err, 'the check');
          if ((await recovery) !== 'declined') {
            return request(batch, signal);
          }
        }
        throw err;
      }
    };
    const stopOnError = (err: unknown): boolean => isAuthFailure(err) || this.gate.refused(err) || err instanceof SessionStateError || err instanceof EndpointError;

    const outcome = await vscode.window.withProgress(
      {
        // A notification, so that even a one-request check can be cancelled.
        location: vscode.ProgressLocation.Notification,
        title: `Checking ${plan.length} image${plan.length === 1 ? '' : 's'} from ${source}`,
        cancellable: true,
      },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const detailsDone = this.fetchDetails(plan, abort.signal);
        let reported = 0;
        let doneItems = 0;
        const result = await runBatches(batches, {
          batchSize: 1,
          concurrency: CONCURRENCY,
          signal: abort.signal,
          stopOnError,
          onProgress: (p) => {
            doneItems = batches.slice(0, p.done).reduce((n, b) => n + b.pairs.length, 0);
            const pct = (p.done / p.total) * 100;
            progress.report({ increment: pct - reported, message: `${doneItems} of ${plan.length}` });
            reported = pct;
          },
        }, runOne);
        if (!result.cancelled) await detailsDone;
        return result;
      },
    );
    const results = this.inPlanOrder(plan, outcome.results);
    this.report(results, notices, outcome, source);
    return results;
  }

  /** True when the session was renewed (or is being renewed, then once it is) since `token` was read. */
  private async renewedSince(token: string): Promise<boolean> {
    if (this.sessions.isRenewing) await this.sessions.renew().catch(() => undefined);
    return this.sessions.userState() === 'ready' && this.sessions.userSecureToken() !== token;
  }

  /** The details of the checked images, alongside the check; a failure is logged, never fatal. */
  private async fetchDetails(plan: ImageSize[], signal: AbortSignal): Promise<void> {
    try {
      const failures = await this.details.fetch(this.client(), this.sessions.userSecureToken(), plan.map((p) => p.imageId), { signal });
      for (const failure of failures) this.log.warn(`Image details could not be fetched; the check goes on without them: ${failure}`);
    } catch (err) {
      this.log.warn(`Image details could not be fetched: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The results in the order of the plan, each with the image's title when known. */
  private inPlanOrder(plan: ImageSize[], results: ImageAuthorization[]): ImageAuthorization[] {
    const order = new Map(plan.map((p, i) => [pairKey(p.imageId, p.sizeKey), i]));
    const rank = (r: ImageAuthorization): number => order.get(pairKey(r.imageId, r.largest ? '' : r.sizeKey)) ?? plan.length;
    return [...results]
      .sort((a, b) => rank(a) - rank(b))
      .map((r) => {
        // GetLargest leaves unknown IDs out like unauthorized ones; the details tell them apart.
        if (r.largest && r.status === 'NoAuthorizations' && this.details.isUnknown(r.imageId)) {
          return { ...r, status: 'ImageNotFound' };
        }
        const title = this.details.get(r.imageId)?.title;
        return title ? { ...r, title } : r;
      });
  }

  private report(
    results: ImageAuthorization[],
    notices: StatusEntry[],
    outcome: { cancelled: boolean; errors: { error: unknown }[]; completedBatches: number; totalBatches: number },
    source: string,
  ): void {
    const counts = new Map<string, number>();
    results.forEach((r) => counts.set(r.status, (counts.get(r.status) ?? 0) + 1));
    const summary = [...counts].map(([status, n]) => `${n} ${statusLabel(status)}`).join(', ');
    if (notices.length) {
      this.log.warn(`The service added ${notices.length} notice(s): ${notices.slice(0, 10).map((n) => `${n.code}: ${n.message}`).join('; ')}`);
    }
    const total = outcome.totalBatches;
    if (outcome.errors.length) {
      const failed = total - outcome.completedBatches;
      showError(`${failed} of ${total} request${total === 1 ? '' : 's'} failed; ${results.length ? `showing the ${cameBack(results.length)}` : 'no results'}`, outcome.errors[0].error);
      return;
    }
    if (outcome.cancelled) {
      showWarning(`Check cancelled: showing the ${cameBack(results.length)}.`);
      return;
    }
    // From the statuses, not from a Warning: a service may leave images out without one.
    const partial = results.some((r) => r.status !== 'Available') ? ' Some images are not available: see the tree.' : '';
    showInfo(`Checked ${results.length} image${results.length === 1 ? '' : 's'} from ${source}: ${summary || 'no results'}.${partial}`);
  }
}

/** "3 results that came back", "1 result that came back". */
function cameBack(n: number): string {
  return `${n} result${n === 1 ? '' : 's'} that came back`;
}
