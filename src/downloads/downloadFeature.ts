// The download commands, public contract:
//   gettyConnect.downloadImage(target, options?)   target: a tree node, or { imageId, downloadToken,
//     productOfferingType?, downloadIsFree?, sizeKey? }; options: { confirm?: boolean, folder?: Uri };
//     resolves to { imageId, status, file? } (file: an fsPath), or undefined when cancelled.
//     Several authorizations selected in the tree download in one request: an array of results.
//   gettyConnect.copyDownloadLink(target, options?)  the same request; the URL goes to the clipboard.
import * as vscode from 'vscode';
import { AuthorizationsFeature, NodeArgument } from '../authorizations/authorizationsFeature';
import { AuthorizationNode } from '../authorizations/authorizationsTree';
import { showWarning } from '../ui/notify';
import { DownloadCommands, DownloadOptions, DownloadResult, DownloadTarget, isDownloadTarget, targetOf } from './downloadCommand';
import { COMMANDS } from '../names';

export function registerDownloads(downloads: DownloadCommands, authorizations: AuthorizationsFeature): vscode.Disposable[] {
  /** The targets of a command: an explicit target, the clicked node (with the rest of the selection), or the selection. */
  const targets = (arg: unknown, selected: unknown): DownloadTarget[] => {
    if (isDownloadTarget(arg)) return [arg];
    const many = Array.isArray(selected) ? selected.filter((n): n is AuthorizationNode => n?.type === 'authorization') : [];
    if (many.length > 1) return many.map(targetOf);
    const node = authorizations.node(arg as NodeArgument);
    if (node?.type === 'authorization') return [targetOf(node)];
    return authorizations.selectedAuthorizations().map(targetOf);
  };
  const none = (): undefined => {
    showWarning(vscode.l10n.t('Select an authorization (a product offering under an available image) in the Download Authorizations view to download it.'));
    return undefined;
  };
  return [
    vscode.commands.registerCommand(COMMANDS.downloadImage, async (arg?: unknown, second?: unknown): Promise<DownloadResult | DownloadResult[] | undefined> => {
      const options = (isDownloadTarget(arg) || !Array.isArray(second) ? second : undefined) as DownloadOptions | undefined;
      const list = targets(arg, second);
      if (!list.length) return none();
      const results = await downloads.download(list, options ?? {});
      return results && list.length === 1 ? results[0] : results;
    }),
    vscode.commands.registerCommand(COMMANDS.copyDownloadLink, async (arg?: unknown, options?: unknown) => {
      const [target] = targets(arg, undefined);
      if (!target) return none();
      return downloads.copyLink(target, (options ?? {}) as DownloadOptions);
    }),
  ];
}
