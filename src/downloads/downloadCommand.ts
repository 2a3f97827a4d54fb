// Download and Copy Download Link: CreateDownloadRequest for one or several
// authorizations (after a confirmation when downloads are debited), then the file
// streamed into the download folder, or the link put on the clipboard.
import * as path from 'path';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { ConnectClient, DownloadError, downloadAttachment, DownloadUrl, errorMessage } from '../connect';
import { Log } from '../log';
import { SessionManager } from '../session/sessionManager';
import { recovered, SessionRecovery } from '../session/sessionRecovery';
import { showError, showInfo, showWarning } from '../ui/notify';
import { AuthorizationNode } from '../authorizations/authorizationsTree';
import { formatBytes } from '../authorizations/imageTooltip';
import { confirmationText, DownloadTarget } from './confirmation';

export type { DownloadTarget };

export interface DownloadOptions {
  /** false skips the confirmation. */
  confirm?: boolean;
  folder?: vscode.Uri;
}

export interface DownloadResult {
  imageId: string;
  /** The item's status from CreateDownloadRequest, or `Failed` / `Cancelled` when the file could not be fetched. */
  status: string;
  file?: string;
}

export function targetOf(node: AuthorizationNode): DownloadTarget {
  const a = node.authorization;
  return {
    imageId: node.parent.result.imageId,
    downloadToken: a.downloadToken,
    productOfferingType: a.productOfferingType,
    downloadIsFree: a.downloadIsFree,
    downloadsRemaining: a.downloadsRemaining,
    sizeKey: a.sizeKey ?? node.parent.result.sizeKey,
  };
}

export function isDownloadTarget(value: unknown): value is DownloadTarget {
  const v = value as Partial<DownloadTarget> | undefined;
  return typeof v?.imageId === 'string' && typeof v.downloadToken === 'string';
}

/** Why an item has no download URL; translated when read, not at load. */
const STATUS_MESSAGES = (): Record<string, string> => ({
  NoAccess: vscode.l10n.t('the account has no access to it, or no downloads left on this product offering. Contact your Getty Images account manager.'),
  Unavailable: vscode.l10n.t('the image is not available for download at the moment. Try again later.'),
  ExpiredToken: vscode.l10n.t('its download token has expired (tokens last 24 hours). Check the image again for a fresh one.'),
  InvalidToken: vscode.l10n.t('its download token is not valid. Check the image again for a fresh one.'),
});

export class DownloadCommands {
  constructor(
    private readonly sessions: SessionManager,
    private readonly client: () => ConnectClient,
    private readonly log: Log,
    private readonly recovery: SessionRecovery,
    private readonly checkAgain: (target: DownloadTarget) => Promise<unknown>,
  ) {}

  /** Resolves with one result per target, or undefined when the person cancelled before anything was sent. */
  async download(targets: DownloadTarget[], options: DownloadOptions = {}): Promise<DownloadResult[] | undefined> {
    const urls = await this.request(targets, options, 'Download');
    if (!urls) return undefined;
    const folder = await this.folderFor(targets, options);
    if (!folder) return undefined;
    const results: DownloadResult[] = [];
    for (const [i, target] of targets.entries()) {
      results.push(await this.fetchOne(target, urls[i], folder));
    }
    return results;
  }

  /** The same request, but the URL goes to the clipboard. */
  async copyLink(target: DownloadTarget, options: DownloadOptions = {}): Promise<string | undefined> {
    const urls = await this.request([target], options, vscode.l10n.t('Copy Link'));
    const url = urls?.[0];
    if (!url) return undefined;
    if (!this.usable(url)) {
      this.reportStatus(target, url.status);
      return undefined;
    }
    await vscode.env.clipboard.writeText(url.urlAttachment ?? '');
    showInfo(vscode.l10n.t('Copied the download link for {0}. Anyone with the link can fetch the file: keep it private.', target.imageId));
    return url.status;
  }

  private usable(url: DownloadUrl | undefined): url is DownloadUrl & { urlAttachment: string } {
    return !!url?.urlAttachment && (url.status === 'Success' || url.status === 'Available' || url.status === '');
  }

  /** Confirmation, session, one CreateDownloadRequest for every target. */
  private async request(targets: DownloadTarget[], options: DownloadOptions, action: string): Promise<(DownloadUrl | undefined)[] | undefined> {
    const question = confirmationText(targets);
    if (question && options.confirm !== false) {
      const what = targets.length === 1 ? `${targets[0].imageId}${targets[0].sizeKey ? ` (${targets[0].sizeKey})` : ''}` : vscode.l10n.t('{0} images', targets.length);
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Download {0}? {1}', what, question), action);
      if (choice !== action) return undefined;
    }
    if ((await this.recovery.ensure('Downloads', vscode.l10n.t('download images'))) === 'declined') return undefined;
    const tokens = targets.map((t) => t.downloadToken);
    try {
      const access = this.sessions.userAccess();
      if ('problem' in access) throw access.problem; // recovered below like a refused token
      const res = await this.client().createDownloadRequest(access.secureToken, tokens);
      // One URL per item, in order; an answer naming images is matched by image ID when the order differs.
      return targets.map((t, i) => (res.result[i]?.imageId === undefined || res.result[i]?.imageId === t.imageId ? res.result[i] : res.result.find((u) => u.imageId === t.imageId)));
    } catch (err) {
      if (recovered(await this.recovery.recover(err, vscode.l10n.t('the download')))) {
        return this.request(targets, { ...options, confirm: false }, action);
      }
      this.log.error(`CreateDownloadRequest failed: ${errorMessage(err)}`);
      showError(vscode.l10n.t('{0} failed', targets.length === 1 ? vscode.l10n.t('Download of {0}', targets[0].imageId) : vscode.l10n.t('Download')), err);
      return undefined;
    }
  }

  /**
   * The folder in gettyConnect.downloadFolder (relative to the first workspace folder),
   * else getty-images/ in the first workspace folder; with no workspace, a Save dialog.
   */
  private async folderFor(targets: DownloadTarget[], options: DownloadOptions): Promise<string | undefined> {
    if (options.folder) return options.folder.fsPath;
    const setting = readSettings().downloadFolder;
    const workspace = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    if (setting && path.isAbsolute(setting)) return setting;
    if (workspace) return path.join(workspace.uri.fsPath, setting || 'getty-images');
    const first = targets[0];
    const chosen = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Where to save the downloaded image'),
      defaultUri: vscode.Uri.file(path.join(process.env.HOME ?? process.cwd(), `${first.imageId}-${first.sizeKey || 'largest'}.jpg`)),
    });
    return chosen ? path.dirname(chosen.fsPath) : undefined;
  }

  private async fetchOne(target: DownloadTarget, url: DownloadUrl | undefined, folder: string): Promise<DownloadResult> {
    if (!this.usable(url)) {
      const status = url?.status || 'NoUrl';
      this.reportStatus(target, status);
      return { imageId: target.imageId, status };
    }
    try {
      const saved = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Downloading {0}', target.imageId), cancellable: true },
        (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          let last = 0;
          return downloadAttachment(url.urlAttachment, {
            folder,
            fallbackName: `${target.imageId}-${target.sizeKey || 'largest'}`,
            timeoutMs: readSettings().requestTimeoutSeconds * 1000,
            signal: abort.signal,
            onProgress: (received, total) => {
              const pct = total ? (received / total) * 100 : 0;
              progress.report({ increment: pct - last, message: `${formatBytes(received)}${total ? ` of ${formatBytes(total)}` : ''}` });
              last = pct;
            },
          });
        },
      );
      this.log.info(`Downloaded ${target.imageId} (${formatBytes(saved.bytes)}) to ${saved.file}.`);
      const where = vscode.workspace.asRelativePath(saved.file);
      const open = vscode.l10n.t('Open');
      const reveal = vscode.l10n.t('Reveal in Explorer');
      void Promise.resolve(vscode.window.showInformationMessage(vscode.l10n.t('Downloaded {0} to {1}.', target.imageId, where), open, reveal)).then((choice) => {
        if (choice === open) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(saved.file));
        if (choice === reveal) void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(saved.file));
      });
      return { imageId: target.imageId, status: url.status || 'Success', file: saved.file };
    } catch (err) {
      if (err instanceof DownloadError && err.cancelled) {
        showWarning(vscode.l10n.t('Download of {0} cancelled; no partial file was kept.', target.imageId));
        return { imageId: target.imageId, status: 'Cancelled' };
      }
      this.log.error(`Download of ${target.imageId} failed: ${errorMessage(err)}`);
      showError(vscode.l10n.t('Download of {0} failed', target.imageId), err);
      return { imageId: target.imageId, status: 'Failed' };
    }
  }

  private reportStatus(target: DownloadTarget, status: string): void {
    const why = STATUS_MESSAGES()[status] ?? vscode.l10n.t('the service answered "{0}" without a download URL.', status);
    this.log.warn(`${target.imageId} cannot be downloaded: ${why}`);
    if (status === 'ExpiredToken' || status === 'InvalidToken') {
      const again = vscode.l10n.t('Check Again');
      void Promise.resolve(vscode.window.showWarningMessage(vscode.l10n.t('{0} cannot be downloaded: {1}', target.imageId, why), again)).then((c) => c === again && this.checkAgain(target));
      return;
    }
    showError(vscode.l10n.t('{0} cannot be downloaded', target.imageId), new DownloadError(why));
  }
}
