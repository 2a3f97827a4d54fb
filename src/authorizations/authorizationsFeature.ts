// The download-authorization feature: the check command, the tree view and the
// tree's actions (copy token, copy ID, check again, check other size, refresh,
// clear, export). The requests themselves run in checkRunner.ts.
import * as vscode from 'vscode';
import { ImageAuthorization } from '../connect';
import { IdDecorations } from '../editor/idDecorations';
import { showError, showInfo, showWarning } from '../ui/notify';
import { AuthorizationNode, AuthorizationsTreeNode, AuthorizationsTreeProvider, ImageNode, tokenMsLeft } from './authorizationsTree';
import { acceptedForms, CheckInput, InputError, resolveCheckInput } from './checkInput';
import { planCheck } from './checkPlan';
import { CheckRunner } from './checkRunner';
import { JsonInputError } from './imageIds';
import { pickOtherSize } from './otherSize';
import { COMMANDS, VIEWS } from '../names';


/** A tree node, or what a hover's command link carries: `{ imageId, sizeKey }`. */
export type NodeArgument = AuthorizationsTreeNode | { imageId: string; sizeKey: string; offering?: string } | undefined;

export class AuthorizationsFeature implements vscode.Disposable {
  private view: vscode.TreeView<AuthorizationsTreeNode> | undefined;

  constructor(
    readonly tree: AuthorizationsTreeProvider,
    private readonly runner: CheckRunner,
    private readonly decorations: IdDecorations,
  ) {}

  register(): vscode.Disposable[] {
    this.view = vscode.window.createTreeView(VIEWS.authorizations, { treeDataProvider: this.tree, showCollapseAll: true, canSelectMany: true });
    return [
      this.view,
      vscode.commands.registerCommand(COMMANDS.checkDownloadAuthorization, (arg?: unknown, extra?: unknown) => this.check(arg, extra)),
      vscode.commands.registerCommand(COMMANDS.copyDownloadToken, (node?: NodeArgument) => this.copyToken(this.node(node))),
      vscode.commands.registerCommand(COMMANDS.copyImageId, (node?: NodeArgument) => this.copyImageId(this.node(node))),
      vscode.commands.registerCommand(COMMANDS.checkAgain, (node?: NodeArgument) => this.checkAgain(this.node(node))),
      vscode.commands.registerCommand(COMMANDS.checkOtherSize, (node?: NodeArgument, typed?: string) => this.checkOtherSize(this.node(node), typed)),
      vscode.commands.registerCommand(COMMANDS.refreshAuthorizations, () => this.refreshAll()),
      vscode.commands.registerCommand(COMMANDS.clearAuthorizations, () => this.clear()),
      vscode.commands.registerCommand(COMMANDS.exportAuthorizations, () => this.exportResults()),
    ];
  }

  dispose(): void {
    this.tree.dispose();
  }

  /** The node an argument names; the tree's selection when there is none. */
  node(arg: NodeArgument): AuthorizationsTreeNode | undefined {
    if (!arg) return this.view?.selection[0];
    if ('type' in arg) return arg;
    const image = this.tree.find(arg.imageId, arg.sizeKey);
    if (!image || !arg.offering) return image;
    return image.children.find((c) => c.authorization.productOfferingType === arg.offering) ?? image.children[0];
  }

  /** The authorization nodes selected in the tree (several with Ctrl/Cmd-click). */
  selectedAuthorizations(): AuthorizationNode[] {
    return (this.view?.selection ?? []).filter((n): n is AuthorizationNode => n.type === 'authorization');
  }

  /** The command: find the IDs, make sure of a user session, ask in batches, show the tree. */
  async check(arg?: unknown, extra?: unknown): Promise<ImageAuthorization[] | undefined> {
    let input: CheckInput | undefined;
    try {
      input = await resolveCheckInput(arg, extra);
    } catch (err) {
      if (err instanceof InputError || err instanceof JsonInputError) {
        showError(vscode.l10n.t('Check Download Authorization'), err);
        return undefined;
      }
      throw err;
    }
    if (!input || input.extraction.images.length === 0) {
      const skipped = input?.extraction.skipped.length ? vscode.l10n.t(' (skipped: {0})', input.extraction.skipped.slice(0, 5).join(', ')) : '';
      showWarning(vscode.l10n.t('No image IDs found in {0}{1}. {2}', input?.source ?? vscode.l10n.t('the selection or at the cursor'), skipped, acceptedForms()));
      return undefined;
    }
    const plan = await planCheck(input);
    if (!plan) {
      return undefined;
    }
    const results = await this.runner.run(plan, input.source);
    if (results?.length) {
      const nodes = this.tree.add(results);
      void this.view?.reveal(nodes[0], { select: false, focus: false, expand: true }).then(undefined, () => undefined);
      if (input.document) this.decorations.show(input.document, results);
    }
    return results;
  }

  copyToken(node: AuthorizationsTreeNode | undefined): Promise<boolean> {
    if (!node || node.type !== 'authorization') {
      showWarning(vscode.l10n.t('Select an authorization in the Download Authorizations view to copy its download token.'));
      return Promise.resolve(false);
    }
    return this.copyTokenOf(node);
  }

  private async copyTokenOf(node: AuthorizationNode): Promise<boolean> {
    const { imageId } = node.parent.result;
    const size = node.authorization.sizeKey ?? node.parent.result.sizeKey;
    if (tokenMsLeft(node) <= 0) {
      const again = vscode.l10n.t('Check Again');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('The download token for {0} ({1}, {2}) has expired: tokens are valid for 24 hours. Check the image again for a fresh one?', imageId, size, node.authorization.productOfferingType),
        again,
      );
      if (choice === again) {
        await this.checkAgain(node.parent);
      }
      return false;
    }
    await vscode.env.clipboard.writeText(node.authorization.downloadToken);
    showInfo(vscode.l10n.t('Copied the download token for {0} ({1}, {2}).', imageId, size, node.authorization.productOfferingType));
    return true;
  }

  async copyImageId(node: AuthorizationsTreeNode | undefined): Promise<void> {
    const image = node?.type === 'authorization' ? node.parent : node;
    if (image) {
      await vscode.env.clipboard.writeText(image.result.imageId);
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied image ID {0}', image.result.imageId), 4000);
    }
  }

  /** Asks again for one image and size and updates its node in place. */
  async checkAgain(node: AuthorizationsTreeNode | undefined): Promise<ImageAuthorization[] | undefined> {
    const image: ImageNode | undefined = node?.type === 'authorization' ? node.parent : node;
    if (!image) {
      return undefined;
    }
    const { imageId, sizeKey, largest } = image.result;
    const results = await this.runner.run([{ imageId, sizeKey: largest ? '' : sizeKey }], imageId);
    if (results?.length === 1) {
      this.tree.update(image, results[0]);
      this.decorations.refresh(results);
    }
    return results;
  }

  /** Lists the sizes that exist for the image (GetImageDetails) and checks the one picked or typed. */
  async checkOtherSize(node: AuthorizationsTreeNode | undefined, typed?: string): Promise<ImageAuthorization[] | undefined> {
    const image: ImageNode | undefined = node?.type === 'authorization' ? node.parent : node;
    if (!image) {
      showWarning(vscode.l10n.t('Select an image in the Download Authorizations view to check it at another size.'));
      return undefined;
    }
    const { imageId } = image.result;
    const sizeKey = typed?.trim() || (await pickOtherSize(imageId, this.tree.details.get(imageId), image.result.sizeKey));
    if (!sizeKey) {
      return undefined;
    }
    const results = await this.runner.run([{ imageId, sizeKey }], imageId);
    if (results?.length) {
      const nodes = this.tree.add(results);
      void this.view?.reveal(nodes[0], { select: true, focus: false, expand: true }).then(undefined, () => undefined);
    }
    return results;
  }

  /** Checks every image and size in the tree again. */
  async refreshAll(): Promise<ImageAuthorization[] | undefined> {
    const plan = this.tree.roots().map((n) => ({ imageId: n.result.imageId, sizeKey: n.result.largest ? '' : n.result.sizeKey }));
    if (!plan.length) {
      this.tree.refresh();
      return [];
    }
    const results = await this.runner.run(plan, vscode.l10n.t('the tree'));
    if (results?.length) {
      this.tree.add(results);
      this.decorations.refresh(results);
    }
    return results;
  }

  clear(): void {
    this.tree.clear();
    this.decorations.clear();
  }

  async exportResults(): Promise<vscode.TextDocument> {
    const content = JSON.stringify(
      this.tree.roots().map((n) => ({ ...n.result, receivedAt: new Date(n.receivedAt).toISOString() })),
      null,
      2,
    );
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content });
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }
}
