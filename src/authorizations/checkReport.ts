// The summary a person reads when a check ends: what came back, by status; what
// failed; what the service noted (in the log).
import * as vscode from 'vscode';
import { StatusEntry } from '../connect';
import { Log } from '../log';
import { showError, showInfo, showWarning } from '../ui/notify';
import { ImageAuthorization } from '../connect';
import { statusLabel } from './imageTooltip';

export interface CheckOutcome {
  cancelled: boolean;
  errors: { error: unknown }[];
  completedBatches: number;
  totalBatches: number;
}

export function reportCheck(log: Log, results: ImageAuthorization[], notices: StatusEntry[], outcome: CheckOutcome, source: string): void {
  const counts = new Map<string, number>();
  results.forEach((r) => counts.set(r.status, (counts.get(r.status) ?? 0) + 1));
  const summary = [...counts].map(([status, n]) => `${n} ${statusLabel(status)}`).join(', ');
  if (notices.length) {
    log.warn(`The service added ${notices.length} notice(s): ${notices.slice(0, 10).map((n) => `${n.code}: ${n.message}`).join('; ')}`);
  }
  const total = outcome.totalBatches;
  if (outcome.errors.length) {
    const failed = total - outcome.completedBatches;
    const shown = results.length ? vscode.l10n.t('showing the {0}', cameBack(results.length)) : vscode.l10n.t('no results');
    showError(total === 1 ? vscode.l10n.t('{0} of 1 request failed; {1}', failed, shown) : vscode.l10n.t('{0} of {1} requests failed; {2}', failed, total, shown), outcome.errors[0].error);
    return;
  }
  if (outcome.cancelled) {
    showWarning(vscode.l10n.t('Check cancelled: showing the {0}.', cameBack(results.length)));
    return;
  }
  // From the statuses, not from a Warning: a service may leave images out without one.
  const partial = results.some((r) => r.status !== 'Available') ? vscode.l10n.t(' Some images are not available: see the tree.') : '';
  const found = summary || vscode.l10n.t('no results');
  showInfo(
    results.length === 1
      ? vscode.l10n.t('Checked 1 image from {0}: {1}.{2}', source, found, partial)
      : vscode.l10n.t('Checked {0} images from {1}: {2}.{3}', results.length, source, found, partial),
  );
}

/** "3 results that came back", "1 result that came back". */
function cameBack(n: number): string {
  return n === 1 ? vscode.l10n.t('1 result that came back') : vscode.l10n.t('{0} results that came back', n);
}
