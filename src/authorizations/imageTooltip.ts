// What an image is and what the check said about it, as Markdown: the tree's
// tooltip and the editor's hover show the same content (the hover adds command links).
import * as vscode from 'vscode';
import { DownloadableSize, ImageAuthorization, ImageDetails } from '../connect';
import { NOT_IN_ANSWER } from './accounting';

/** Why an image has its status, in words a person can act on (translated when read, not at load). */
const STATUS_INFO = (): Record<string, { icon: string; color?: string; explain: string }> => ({
  Available: { icon: 'pass', color: 'testing.iconPassed', explain: vscode.l10n.t('You may download this image; expand to see which product offerings authorize it.') },
  InvalidSizeKey: { icon: 'symbol-ruler', color: 'list.warningForeground', explain: vscode.l10n.t('This size key does not exist for this image. Use Check Other Size… to pick one of its sizes.') },
  ImageNotFound: { icon: 'question', color: 'list.errorForeground', explain: vscode.l10n.t('No image has this ID. Check the ID for typos.') },
  NoAuthorizations: { icon: 'lock', color: 'list.warningForeground', explain: vscode.l10n.t('The image exists, but none of your product offerings authorizes downloading it at this size.') },
  [NOT_IN_ANSWER]: {
    icon: 'circle-slash',
    color: 'list.warningForeground',
    explain:
      vscode.l10n.t("The service's answer did not list this image. The documentation says the answer lists each requested image you are authorized to download, so most likely none of your product offerings authorizes it at this size, or no image has this ID. Check Again to ask once more."),
  },
});

const LARGEST_ABSENT = (): string =>
  vscode.l10n.t('GetLargestImageDownloadAuthorizations did not list this image: none of your product offerings authorizes downloading it at any size, or no image has this ID.');

export function statusInfo(result: ImageAuthorization): { icon: string; color?: string; explain: string } {
  const info = STATUS_INFO()[result.status] ?? { icon: 'info', explain: vscode.l10n.t('The service reported the status "{0}".', result.status) };
  return result.largest && result.status === 'NoAuthorizations' ? { ...info, explain: LARGEST_ABSENT() } : info;
}

/** "Large", or "largest available" for a check without a size key. */
export function sizeLabel(result: ImageAuthorization): string {
  return result.largest ? vscode.l10n.t('largest available') : result.sizeKey || vscode.l10n.t('no size');
}

export function statusLabel(status: string): string {
  return status === NOT_IN_ANSWER ? vscode.l10n.t('not in the answer') : status;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return vscode.l10n.t('{0} KB', (bytes / 1024).toFixed(0));
  return vscode.l10n.t('{0} MB', (bytes / 1024 / 1024).toFixed(1));
}

/** "X-Large, 4096 × 2731 px, 3.2 MB": the size's name when it differs from its key, pixels, bytes. */
export function sizeFacts(size: DownloadableSize): string {
  return [
    size.sizeName && size.sizeName !== size.sizeKey ? size.sizeName : undefined,
    size.pixelWidth && size.pixelHeight ? vscode.l10n.t('{0} × {1} px', size.pixelWidth, size.pixelHeight) : undefined,
    size.fileSizeInBytes !== undefined ? formatBytes(size.fileSizeInBytes) : undefined,
  ].filter(Boolean).join(', ');
}

/** "Large — 3000 × 2000 px, 4.2 MB" */
export function describeSize(size: DownloadableSize): string {
  const facts = sizeFacts(size);
  return facts ? `${size.sizeKey} — ${facts}` : size.sizeKey;
}

/** Markdown-escapes text that comes from the service. */
function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/**
 * The tooltip of an image: thumbnail, title, caption, artist, collection, family,
 * licensing model, creation date, the downloadable sizes, then the check's status.
 * `links` are appended as command links (the editor's hover).
 */
export function imageMarkdown(
  result: ImageAuthorization,
  details: ImageDetails | undefined,
  links: { title: string; command: string; args: unknown[] }[] = [],
  thumbnail?: string,
): vscode.MarkdownString {
  const lines: string[] = [];
  const picture = thumbnail ?? (details?.urlThumb && /^https:\/\//.test(details.urlThumb) ? details.urlThumb : undefined);
  if (picture) {
    const alt = (details?.title ?? result.imageId).replace(/[[\]\\]/g, '');
    lines.push(`![${alt}](${picture.replace(/[()\s]/g, encodeURIComponent)})`, '');
  }
  lines.push(`**${md(details?.title ?? result.imageId)}**${details?.title ? ` — ${md(result.imageId)}` : ''}`, '');
  if (details?.caption) lines.push(md(details.caption), '');
  const facts = [
    details?.artist ? vscode.l10n.t('Artist: {0}', md(details.artist)) : undefined,
    details?.collectionName ? vscode.l10n.t('Collection: {0}', md(details.collectionName)) : undefined,
    details?.imageFamily || details?.licensingModel ? `${[details.imageFamily, details.licensingModel].filter(Boolean).map((v) => md(v ?? '')).join(', ')}` : undefined,
    details?.dateCreated ? vscode.l10n.t('Created: {0}', details.dateCreated.toISOString().slice(0, 10)) : undefined,
  ].filter((f): f is string => f !== undefined);
  if (facts.length) lines.push(facts.map((f) => `- ${f}`).join('\n'), '');
  if (details?.sizes.length) lines.push(vscode.l10n.t('Downloadable sizes:'), details.sizes.map((s) => `- ${md(describeSize(s))}`).join('\n'), '');
  const info = statusInfo(result);
  lines.push(vscode.l10n.t('At size **{0}**: {1}. {2}', md(sizeLabel(result)), md(statusLabel(result.status)), md(info.explain)));
  if (links.length) {
    lines.push('', links.map((l) => `[${l.title}](command:${l.command}?${encodeURIComponent(JSON.stringify(l.args))})`).join(' · '));
  }
  const markdown = new vscode.MarkdownString(lines.join('\n'));
  if (links.length) markdown.isTrusted = { enabledCommands: links.map((l) => l.command) };
  return markdown;
}
