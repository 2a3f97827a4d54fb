// Which image/size pairs a check asks for: each image's own size key, the argument's,
// the setting's, or '' for the largest available (GetLargestImageDownloadAuthorizations:
// no question asked); and a confirmation before a very large check.
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { ImageSize } from '../connect';
import { pairKey } from './accounting';
import { CheckInput } from './checkInput';

/** The pairs to check, without duplicates; undefined when the person declined a large check. */
export async function planCheck(input: CheckInput): Promise<ImageSize[] | undefined> {
  const fallback = input.sizeKey || readSettings().defaultSizeKey;
  const seen = new Set<string>();
  const plan: ImageSize[] = [];
  for (const i of input.extraction.images) {
    const size = { imageId: i.imageId, sizeKey: i.sizeKey || fallback };
    const key = pairKey(size.imageId, size.sizeKey);
    if (!seen.has(key)) {
      seen.add(key);
      plan.push(size);
    }
  }
  const { maxImagesPerCheck, batchSize } = readSettings();
  if (plan.length > maxImagesPerCheck && !input.confirmLarge) {
    const all = vscode.l10n.t('Check All {0}', plan.length);
    const first = vscode.l10n.t('Check First {0}', maxImagesPerCheck);
    const requests = Math.ceil(plan.length / batchSize);
    const choice = await vscode.window.showWarningMessage(
      requests === 1
        ? vscode.l10n.t('{0} holds {1} image/size pairs: that is 1 request to the Connect API. Check them all?', capitalize(input.source), plan.length)
        : vscode.l10n.t('{0} holds {1} image/size pairs: that is {2} requests to the Connect API. Check them all?', capitalize(input.source), plan.length, requests),
      all,
      first,
    );
    if (choice === first) {
      return plan.slice(0, maxImagesPerCheck);
    }
    return choice === all ? plan : undefined;
  }
  return plan;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
