// The summary a person reads when a check ends: what came back, by status; what
// failed; what the service noted (in the log).
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

/** "3 results that came back", "1 result that came back". */
function cameBack(n: number): string {
  return `${n} result${n === 1 ? '' : 's'} that came back`;
}
