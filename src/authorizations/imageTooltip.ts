// What an image is and what the check said about it, as Markdown: the tree's
// tooltip and the editor's hover show the same content (the hover adds command links).
import * as vscode from 'vscode';
import { DownloadableSize, ImageAuthorization, ImageDetails } from '../connect';
import { NOT_IN_ANSWER } from './accounting';

/** Why an image has its status, in words a person can act on. */
export const STATUS_INFO: Record<string, { icon: string; color?: string; explain: string }> = {
  Available: { icon: 'pass', color: 'testing.iconPassed', explain: 'You may download this image; expand to see which product offerings authorize it.' },
  InvalidSizeKey: { icon: 'symbol-ruler', color: 'list.warningForeground', explain: 'This size key does not exist for this image. Use Check Other Size… to pick one of its sizes.' },
  ImageNotFound: { icon: 'question', color: 'list.errorForeground', explain: 'No image has this ID. Check the ID for typos.' },
  NoAuthorizations: { icon: 'lock', color: 'list.warningForeground', explain: 'The image exists, but none of your product offerings authorizes downloading it at this size.' },
  [NOT_IN_ANSWER]: {
    icon: 'circle-slash',
    color: 'list.warningForeground',
    explain:
      "The service's answer did not list this image. The documentation says the answer lists each requested image you are authorized to download, so most likely none of your product offerings authorizes it at this size, or no image has this ID. Check Again to ask once more.",
  },
};

const LARGEST_ABSENT =
  'GetLargestImageDownloadAuthorizations did not list this image: none of your product offerings authorizes downloading it at any size, or no image has this ID.';

export function statusInfo(result: ImageAuthorization): { icon: string; color?: string; explain: string } {
  const info = STATUS_INFO[result.status] ?? { icon: 'info', explain: `The service reported the status "${result.status}".` };
  return result.largest && result.status === 'NoAuthorizations' ? { ...info, explain: LARGEST_ABSENT } : info;
}

/** "Large", or "largest available" for a check without a size key. */
export function sizeLabel(result: ImageAuthorization): string {
  return result.largest ? 'largest available' : result.sizeKey || 'no size';
}

export function statusLabel(status: string): string {
  return status === NOT_IN_ANSWER ? 'not in the answer' : status;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "X-Large, 4096 × 2731 px, 3.2 MB": the size's name when it differs from its key, pixels, bytes. */
export function sizeFacts(size: DownloadableSize): string {
  return [
    size.sizeName && size.sizeName !== size.sizeKey ? size.sizeName : undefined,
    size.pixelWidth && size.pixelHeight ? `${size.pixelWidth} × ${size.pixelHeight} px` : undefined,
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
    details?.artist ? `Artist: ${md(details.artist)}` : undefined,
    details?.collectionName ? `Collection: ${md(details.collectionName)}` : undefined,
    details?.imageFamily || details?.licensingModel ? `${[details.imageFamily, details.licensingModel].filter(Boolean).map((v) => md(v ?? '')).join(', ')}` : undefined,
    details?.dateCreated ? `Created: ${details.dateCreated.toISOString().slice(0, 10)}` : undefined,
  ].filter((f): f is string => f !== undefined);
  if (facts.length) lines.push(facts.map((f) => `- ${f}`).join('\n'), '');
  if (details?.sizes.length) lines.push('Downloadable sizes:', details.sizes.map((s) => `- ${md(describeSize(s))}`).join('\n'), '');
  const info = statusInfo(result);
  lines.push(`At size **${md(sizeLabel(result))}**: ${md(statusLabel(result.status))}. ${md(info.explain)}`);
  if (links.length) {
    lines.push('', links.map((l) => `[${l.title}](command:${l.command}?${encodeURIComponent(JSON.stringify(l.args))})`).join(' · '));
  }
  const markdown = new vscode.MarkdownString(lines.join('\n'));
  if (links.length) markdown.isTrusted = { enabledCommands: links.map((l) => l.command) };
  return markdown;
}
