// Runs a check: the authorization requests in batches (GetImageDownloadAuthorizations
// for pairs with a size key, GetLargestImageDownloadAuthorizations for bare IDs), the
// image details alongside, a cancellable progress notification, the session's recovery
// when the service refuses its token, and the summary a person reads at the end.
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { classifyFailure, ConnectApiError, ConnectClient, errorMessage, ImageAuthorization, ImageSize, StatusEntry, RequestGate, withRetry } from '../connect';
import { Log } from '../log';
import { SessionManager } from '../session/sessionManager';
import { recovered, SessionRecovery } from '../session/sessionRecovery';
import { accountForLargest, accountForSent, pairKey } from './accounting';
import { chunk, runBatches } from './batches';
import { reportCheck } from './checkReport';
import { ImageDetailsStore } from './details';

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
    private readonly recovery: SessionRecovery,
  ) {}

  /**
   * Checks `plan` (a size key of '' asks for the largest available size); resolves with
   * one result per pair, in plan order, as far as the check got; undefined when no
   * user session could be had.
   */
  async run(plan: ImageSize[], source: string): Promise<ImageAuthorization[] | undefined> {
    if ((await this.recovery.ensure(vscode.l10n.t('Download authorizations'), vscode.l10n.t('check download authorizations'))) === 'declined') {
      return undefined;
    }
    const { batchSize } = readSettings();
    const batches: Batch[] = [
      ...chunk(plan.filter((p) => p.sizeKey), batchSize).map((pairs) => ({ largest: false, pairs })),
      ...chunk(plan.filter((p) => !p.sizeKey), batchSize).map((pairs) => ({ largest: true, pairs })),
    ];
    const notices: StatusEntry[] = [];
    // A session that ends mid-check is recovered once for every batch, then the check goes on.
    const recover = this.recovery.sharedBy(vscode.l10n.t('the check'));
    // A throttled or broken request is tried again in its own slot: no more requests in flight than CONCURRENCY.
    const gate = new RequestGate(CONCURRENCY);
    const retrying = <T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> =>
      withRetry(() => gate.run(call), {
        signal,
        onRetry: (err, attempt, ms) => {
          if (classifyFailure(err).throttled) gate.throttled();
          this.log.warn(`Retrying in ${(ms / 1000).toFixed(1)} s (attempt ${attempt + 1}): ${errorMessage(err)}`);
        },
      });
    const request = async (batch: Batch, signal: AbortSignal, renewedOnce = false): Promise<ImageAuthorization[]> => {
      // The session may have ended since the last batch: the batch fails with what is missing.
      const access = this.sessions.userAccess();
      if ('problem' in access) throw access.problem;
      const token = access.secureToken;
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
        if (recovered(await recover(err))) return request(batch, signal);
        throw err;
      }
    };
    const stopOnError = (err: unknown): boolean => classifyFailure(err).stopsCheck;

    const outcome = await vscode.window.withProgress(
      {
        // A notification, so that even a one-request check can be cancelled.
        location: vscode.ProgressLocation.Notification,
        title: plan.length === 1 ? vscode.l10n.t('Checking 1 image from {0}', source) : vscode.l10n.t('Checking {0} images from {1}', plan.length, source),
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
            progress.report({ increment: pct - reported, message: vscode.l10n.t('{0} of {1}', doneItems, plan.length) });
            reported = pct;
          },
        }, runOne);
        if (!result.cancelled) await detailsDone;
        return result;
      },
    );
    const results = this.inPlanOrder(plan, outcome.results);
    reportCheck(this.log, results, notices, outcome, source);
    return results;
  }

  /** True when the session was renewed (or is being renewed, then once it is) since `token` was read. */
  private async renewedSince(token: string): Promise<boolean> {
    if (this.sessions.isRenewing) await this.sessions.renew().catch(() => undefined);
    const access = this.sessions.userAccess();
    return !('problem' in access) && access.secureToken !== token;
  }

  /** The details of the checked images, alongside the check; a failure is logged, never fatal. */
  private async fetchDetails(plan: ImageSize[], signal: AbortSignal): Promise<void> {
    const access = this.sessions.userAccess();
    if ('problem' in access) {
      this.log.warn(`Image details could not be fetched: ${access.problem.message}`);
      return;
    }
    try {
      const failures = await this.details.fetch(this.client(), access.secureToken, plan.map((p) => p.imageId), { signal });
      for (const failure of failures) this.log.warn(`Image details could not be fetched; the check goes on without them: ${failure}`);
    } catch (err) {
      this.log.warn(`Image details could not be fetched: ${errorMessage(err)}`);
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
}
