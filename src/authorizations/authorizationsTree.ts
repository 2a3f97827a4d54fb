// The "Download Authorizations" tree: one node per checked image and size,
// newest first, with its authorizations as children.
import * as vscode from 'vscode';
import { DownloadAuthorization, ImageAuthorization } from '../connect';
import { pairKey } from './accounting';
import { ImageDetailsStore } from './details';
import { imageMarkdown, sizeLabel, statusInfo, statusLabel } from './imageTooltip';
import { COMMANDS } from '../names';

/** A tooltip waits this long for its thumbnail, then shows without it. */
const THUMBNAIL_TIMEOUT_MS = 5000;

/** A DownloadToken expires 24 hours after it was issued. */
export const DOWNLOAD_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;

export interface ImageNode {
  type: 'image';
  key: string;
  result: ImageAuthorization;
  receivedAt: number;
  children: AuthorizationNode[];
}

export interface AuthorizationNode {
  type: 'authorization';
  parent: ImageNode;
  authorization: DownloadAuthorization;
}

export type AuthorizationsTreeNode = ImageNode | AuthorizationNode;

export function tokenMsLeft(node: AuthorizationNode, now = Date.now()): number {
  return node.parent.receivedAt + DOWNLOAD_TOKEN_LIFETIME_MS - now;
}

function describeValidity(msLeft: number): string {
  if (msLeft <= 0) {
    return vscode.l10n.t('token expired');
  }
  // Rounded up, like the session countdown: a fresh token reads "24 h".
  const minutes = Math.ceil(msLeft / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return vscode.l10n.t('token valid {0}', [h ? vscode.l10n.t('{0} h', h) : '', m ? vscode.l10n.t('{0} min', m) : ''].filter(Boolean).join(' '));
}

export class AuthorizationsTreeProvider implements vscode.TreeDataProvider<AuthorizationsTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<AuthorizationsTreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private nodes: ImageNode[] = [];

  constructor(readonly details: ImageDetailsStore = new ImageDetailsStore()) {}

  /** Adds results on top; a result for an image and size already shown replaces it. */
  add(results: ImageAuthorization[], receivedAt = Date.now()): ImageNode[] {
    const added = results.map((result) => this.toNode(result, receivedAt));
    const keys = new Set(added.map((n) => n.key));
    this.nodes = [...added, ...this.nodes.filter((n) => !keys.has(n.key))];
    this.changeEmitter.fire();
    return added;
  }

  /** Replaces one node's content in place, refreshing only that node. */
  update(node: ImageNode, result: ImageAuthorization, receivedAt = Date.now()): void {
    const fresh = this.toNode(result, receivedAt);
    node.result = fresh.result;
    node.receivedAt = fresh.receivedAt;
    node.children = fresh.children.map((c) => ({ ...c, parent: node }));
    this.changeEmitter.fire(node);
  }

  clear(): void {
    this.nodes = [];
    this.changeEmitter.fire();
  }

  refresh(): void {
    this.changeEmitter.fire();
  }

  roots(): readonly ImageNode[] {
    return this.nodes;
  }

  /** The node of an image checked at a size ('' for the largest available). */
  find(imageId: string, sizeKey: string): ImageNode | undefined {
    const key = pairKey(imageId, sizeKey);
    return this.nodes.find((n) => n.key === key);
  }

  getChildren(element?: AuthorizationsTreeNode): AuthorizationsTreeNode[] {
    if (!element) {
      return this.nodes;
    }
    return element.type === 'image' ? element.children : [];
  }

  getParent(element: AuthorizationsTreeNode): AuthorizationsTreeNode | undefined {
    return element.type === 'authorization' ? element.parent : undefined;
  }

  getTreeItem(element: AuthorizationsTreeNode): vscode.TreeItem {
    return element.type === 'image' ? this.imageItem(element) : this.authorizationItem(element);
  }

  /** The image tooltip is built when it is hovered: it shows the details that came meanwhile. */
  async resolveTreeItem(item: vscode.TreeItem, element: AuthorizationsTreeNode): Promise<vscode.TreeItem> {
    if (element.type === 'image') {
      const { imageId } = element.result;
      const thumbnail = await this.details.thumbnail(imageId, THUMBNAIL_TIMEOUT_MS);
      item.tooltip = imageMarkdown(element.result, this.details.get(imageId), [], thumbnail);
    }
    return item;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }

  private toNode(result: ImageAuthorization, receivedAt: number): ImageNode {
    const node: ImageNode = { type: 'image', key: pairKey(result.imageId, result.sizeKey), result, receivedAt, children: [] };
    node.children = result.authorizations.map((authorization) => ({ type: 'authorization', parent: node, authorization }));
    return node;
  }

  private imageItem(node: ImageNode): vscode.TreeItem {
    const { imageId, status, authorizations } = node.result;
    const info = statusInfo(node.result);
    const item = new vscode.TreeItem(
      imageId,
      authorizations.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `image:${node.key}`;
    const count = authorizations.length === 1 ? vscode.l10n.t('1 authorization') : vscode.l10n.t('{0} authorizations', authorizations.length);
    const title = this.details.get(imageId)?.title ?? node.result.title;
    item.description = [title, sizeLabel(node.result), status === 'Available' ? count : statusLabel(status)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(info.icon, info.color ? new vscode.ThemeColor(info.color) : undefined);
    item.contextValue = `image.${status}`;
    return item;
  }

  private authorizationItem(node: AuthorizationNode): vscode.TreeItem {
    const a = node.authorization;
    const item = new vscode.TreeItem(a.productOfferingType, vscode.TreeItemCollapsibleState.None);
    const validity = describeValidity(tokenMsLeft(node));
    // Most useful first: a narrow sidebar cuts the end off.
    const parts = [
      a.sizeKey,
      a.downloadIsFree ? vscode.l10n.t('free') : undefined,
      a.downloadsRemaining !== undefined ? vscode.l10n.t('{0} left', a.downloadsRemaining) : undefined,
      validity,
      a.productOfferingInstanceId ? vscode.l10n.t('instance {0}', a.productOfferingInstanceId) : undefined,
    ].filter(Boolean);
    item.description = parts.join(' · ');
    item.tooltip = new vscode.MarkdownString(
      [
        vscode.l10n.t('**{0}** authorizes **{1}** at size **{2}**', a.productOfferingType, node.parent.result.imageId, a.sizeKey ?? node.parent.result.sizeKey),
        vscode.l10n.t('- Instance: {0}', a.productOfferingInstanceId ?? vscode.l10n.t('none (single-instance offering)')),
        `- ${a.downloadIsFree ? 'Free: the download is not debited from the offering' : 'Debited from the offering when downloaded'}`,
        a.downloadsRemaining !== undefined ? vscode.l10n.t('- Downloads remaining: {0}', a.downloadsRemaining) : undefined,
        vscode.l10n.t('- Download token: {0} (24 hours from when it was received)', validity),
        '',
        vscode.l10n.t('Click to copy the download token; right-click to download the file.'),
      ].filter((l) => l !== undefined).join('\n'),
    );
    item.iconPath = new vscode.ThemeIcon(tokenMsLeft(node) > 0 ? 'key' : 'history');
    item.contextValue = 'authorization';
    item.command = { command: COMMANDS.copyDownloadToken, title: vscode.l10n.t('Copy Download Token'), arguments: [node] };
    return item;
  }
}
