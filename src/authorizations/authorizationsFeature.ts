// The download-authorization feature: the check command, the tree view and
// the tree's actions (copy token, copy ID, check again, refresh, clear, export).
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { ConnectApiError, ConnectClient, EndpointError, ImageAuthorization, ImageSize, isAuthFailure, StatusEntry } from '../connect';
import { Log } from '../log';
import { SessionManager, SessionStateError } from '../session/sessionManager';
import { SessionSummary } from '../session/sessionTypes';
import { showError, showInfo, showWarning, SHOW_LOG } from '../ui/notify';
import { accountForSent, NOT_IN_ANSWER, pairKey } from './accounting';
import { AuthorizationNode, AuthorizationsTreeNode, AuthorizationsTreeProvider, ImageNode, tokenMsLeft } from './authorizationsTree';
import { runBatches } from './batches';
import { ACCEPTED_FORMS, CheckInput, InputError, resolveCheckInput } from './checkInput';
import { JsonInputError } from './imageIds';

/** Requests in flight at once: enough to hide latency, few enough to be polite. */
const CONCURRENCY = 3;
const TITLE = 'Check Download Authorization';

export class AuthorizationsFeature implements vscode.Disposable {
  readonly tree = new AuthorizationsTreeProvider();
  private view: vscode.TreeView<AuthorizationsTreeNode> | undefined;

  constructor(
    private readonly sessions: SessionManager,
    private readonly client: () => ConnectClient,
    private readonly log: Log,
  ) {}

  register(): vscode.Disposable[] {
    this.view = vscode.window.createTreeView('gettyConnect.authorizations', { treeDataProvider: this.tree, showCollapseAll: true });
    return [
      this.view,
      vscode.commands.registerCommand('gettyConnect.checkDownloadAuthorization', (arg?: unknown, extra?: unknown) => this.check(arg, extra)),
      vscode.commands.registerCommand('gettyConnect.copyDownloadToken', (node?: AuthorizationsTreeNode) => this.copyToken(node ?? this.selected())),
      vscode.commands.registerCommand('gettyConnect.copyImageId', (node?: AuthorizationsTreeNode) => this.copyImageId(node ?? this.selected())),
      vscode.commands.registerCommand('gettyConnect.checkAgain', (node?: AuthorizationsTreeNode) => this.checkAgain(node ?? this.selected())),
      vscode.commands.registerCommand('gettyConnect.refreshAuthorizations', () => this.refreshAll()),
      vscode.commands.registerCommand('gettyConnect.clearAuthorizations', () => this.tree.clear()),
      vscode.commands.registerCommand('gettyConnect.exportAuthorizations', () => this.exportResults()),
    ];
  }

  dispose(): void {
    this.tree.dispose();
  }

  /** The command: find the IDs, make sure of a user session, ask in batches, show the tree. */
  async check(arg?: unknown, extra?: unknown): Promise<ImageAuthorization[] | undefined> {
    let input: CheckInput | undefined;
    try {
      input = await resolveCheckInput(arg, extra);
    } catch (err) {
      if (err instanceof InputError || err instanceof JsonInputError) {
        showError(TITLE, err);
        return undefined;
      }
      throw err;
    }
    if (!input || input.extraction.images.length === 0) {
      const skipped = input?.extraction.skipped.length ? ` (skipped: ${input.extraction.skipped.slice(0, 5).join(', ')})` : '';
      showWarning(`No image IDs found in ${input?.source ?? 'the selection or at the cursor'}${skipped}. ${ACCEPTED_FORMS}`);
      return undefined;
    }
    const imageSizes = await this.withSizeKeys(input);
    if (!imageSizes) {
      return undefined;
    }
    const results = await this.perform(imageSizes, input.source);
    if (results?.length) {
      const nodes = this.tree.add(results);
      void this.view?.reveal(nodes[0], { select: false, focus: false, expand: true }).then(undefined, () => undefined);
    }
    return results;
  }

  copyToken(node: AuthorizationsTreeNode | undefined): Promise<boolean> {
    if (!node || node.type !== 'authorization') {
      showWarning('Select an authorization in the Download Authorizations view to copy its download token.');
      return Promise.resolve(false);
    }
    return this.copyTokenOf(node);
  }

  private async copyTokenOf(node: AuthorizationNode): Promise<boolean> {
    const { imageId, sizeKey } = node.parent.result;
    if (tokenMsLeft(node) <= 0) {
      const again = 'Check Again';
      const choice = await vscode.window.showWarningMessage(
        `The download token for ${imageId} (${sizeKey}, ${node.authorization.productOfferingType}) has expired: tokens are valid for 24 hours. Check the image again for a fresh one?`,
        again,
      );
      if (choice === again) {
        await this.checkAgain(node.parent);
      }
      return false;
    }
    await vscode.env.clipboard.writeText(node.authorization.downloadToken);
    showInfo(`Copied the download token for ${imageId} (${sizeKey}, ${node.authorization.productOfferingType}).`);
    return true;
  }

  async copyImageId(node: AuthorizationsTreeNode | undefined): Promise<void> {
    const image = node?.type === 'authorization' ? node.parent : node;
    if (image) {
      await vscode.env.clipboard.writeText(image.result.imageId);
      vscode.window.setStatusBarMessage(`$(check) Copied image ID ${image.result.imageId}`, 4000);
    }
  }

  /** Asks again for one image and size and updates its node in place. */
  async checkAgain(node: AuthorizationsTreeNode | undefined): Promise<ImageAuthorization[] | undefined> {
    const image: ImageNode | undefined = node?.type === 'authorization' ? node.parent : node;
    if (!image) {
      return undefined;
    }
    const { imageId, sizeKey } = image.result;
    const results = await this.perform([{ imageId, sizeKey }], imageId);
    if (results?.length === 1) {
      this.tree.update(image, results[0]);
    }
    return results;
  }

  /** Checks every image and size in the tree again. */
  async refreshAll(): Promise<ImageAuthorization[] | undefined> {
    const sizes = this.tree.roots().map((n) => ({ imageId: n.result.imageId, sizeKey: n.result.sizeKey }));
    if (!sizes.length) {
      this.tree.refresh();
      return [];
    }
    const results = await this.perform(sizes, 'the tree');
    if (results?.length) {
      this.tree.add(results);
    }
    return results;
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

  private selected(): AuthorizationsTreeNode | undefined {
    return this.view?.selection[0];
  }

  /** Gives every image a size key: its own, the argument's, the setting's, or one the user picks. */
  private async withSizeKeys(input: CheckInput): Promise<ImageSize[] | undefined> {
    const { images, sizeKeysSeen } = input.extraction;
    let fallback = input.sizeKey || readSettings().defaultSizeKey;
    if (!fallback && images.some((i) => !i.sizeKey)) {
      const picked = await pickSizeKey(sizeKeysSeen);
      if (!picked) {
        return undefined;
      }
      fallback = picked;
    }
    const seen = new Set<string>();
    const sizes: ImageSize[] = [];
    for (const i of images) {
      const size = { imageId: i.imageId, sizeKey: i.sizeKey || fallback };
      const key = pairKey(size.imageId, size.sizeKey);
      if (!seen.has(key)) {
        seen.add(key);
        sizes.push(size);
      }
    }
    const { maxImagesPerCheck, batchSize } = readSettings();
    if (sizes.length > maxImagesPerCheck && !input.confirmLarge) {
      const all = `Check All ${sizes.length}`;
      const first = `Check First ${maxImagesPerCheck}`;
      const choice = await vscode.window.showWarningMessage(
        `${capitalize(input.source)} holds ${sizes.length} image/size pairs: that is ${plural(Math.ceil(sizes.length / batchSize), 'request')} to the Connect API. Check them all?`,
        all,
        first,
      );
      if (choice === first) {
        return sizes.slice(0, maxImagesPerCheck);
      }
      return choice === all ? sizes : undefined;
    }
    return sizes;
  }

  /** Runs the requests; shows what came back and why anything is missing. */
  private async perform(imageSizes: ImageSize[], source: string): Promise<ImageAuthorization[] | undefined> {
    if (!(await this.ensureUserSession())) {
      return undefined;
    }
    const { batchSize } = readSettings();
    const totalBatches = Math.ceil(imageSizes.length / batchSize);
    const notices: StatusEntry[] = [];
    let recovery: Promise<boolean> | undefined;
    const request = async (batch: ImageSize[], signal: AbortSignal): Promise<ImageAuthorization[]> => {
      const res = await this.client().getImageDownloadAuthorizations(this.sessions.userSecureToken(), batch, signal);
      notices.push(...res.notices);
      return accountForSent(batch, res.result);
    };
    const run = async (batch: ImageSize[], _index: number, signal: AbortSignal): Promise<ImageAuthorization[]> => {
      try {
        return await request(batch, signal);
      } catch (err) {
        // A session that ends mid-check is recovered once for every batch, then the check goes on.
        if (this.sessionRefused(err)) {
          recovery ??= this.recoverSession(err);
          if (await recovery) {
            return request(batch, signal);
          }
        }
        throw err;
      }
    };
    const stopOnError = (err: unknown): boolean =>
      isAuthFailure(err) || this.sessionRefused(err) || err instanceof SessionStateError || err instanceof EndpointError;

    const outcome = await vscode.window.withProgress(
      {
        // A notification, so that even a one-request check can be cancelled.
        location: vscode.ProgressLocation.Notification,
        title: `Checking ${imageSizes.length} image${imageSizes.length === 1 ? '' : 's'} from ${source}`,
        cancellable: true,
      },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        return runBatches(imageSizes, { batchSize, concurrency: CONCURRENCY, signal: abort.signal, stopOnError, onProgress: (p) => {
          const pct = (p.done / p.total) * 100;
          progress.report({ increment: pct - reported, message: `${p.done} of ${p.total}` });
          reported = pct;
        } }, run);
      },
    );
    const results = outcome.results;
    this.report(results, notices, outcome, source, totalBatches);
    return results;
  }

  private report(
    results: ImageAuthorization[],
    notices: StatusEntry[],
    outcome: { cancelled: boolean; errors: { error: unknown }[]; completedBatches: number },
    source: string,
    totalBatches: number,
  ): void {
    const counts = new Map<string, number>();
    results.forEach((r) => counts.set(r.status, (counts.get(r.status) ?? 0) + 1));
    const summary = [...counts].map(([status, n]) => `${n} ${status === NOT_IN_ANSWER ? 'not in the answer' : status}`).join(', ');
    if (notices.length) {
      this.log.warn(`The service added ${notices.length} notice(s): ${notices.slice(0, 10).map((n) => `${n.code}: ${n.message}`).join('; ')}`);
    }
    if (outcome.errors.length) {
      const failed = totalBatches - outcome.completedBatches;
      showError(`${failed} of ${totalBatches} request${totalBatches === 1 ? '' : 's'} failed; ${results.length ? `showing the ${results.length} results that came back` : 'no results'}`, outcome.errors[0].error);
      return;
    }
    if (outcome.cancelled) {
      showWarning(`Check cancelled: showing the ${results.length} results that came back.`);
      return;
    }
    // From the statuses, not from a Warning: a service may leave images out without one.
    const partial = results.some((r) => r.status !== 'Available') ? ' Some images are not available: see the tree.' : '';
    showInfo(`Checked ${plural(results.length, 'image')} from ${source}: ${summary || 'no results'}.${partial}`);
  }

  /** True when there is a user session, after offering a sign-in if there is not. */
  private async ensureUserSession(): Promise<boolean> {
    try {
      this.sessions.userSecureToken();
      return true;
    } catch (err) {
      if (!(err instanceof SessionStateError)) {
        throw err;
      }
      const message =
        err.state === 'applicationSession'
          ? 'Download authorizations need a user sign-in: the current session is an anonymous application session, which has no secure token.'
          : err.state === 'expired'
            ? 'The Getty Connect session has expired. Sign in again to check download authorizations.'
            : 'Checking download authorizations needs a Getty Connect user sign-in.';
      const signIn = err.state === 'applicationSession' ? 'Sign In as User' : 'Sign In';
      const choice = await vscode.window.showWarningMessage(message, signIn, SHOW_LOG);
      if (choice === SHOW_LOG) {
        this.log.show();
      }
      if (choice !== signIn) {
        return false;
      }
      const summary = await vscode.commands.executeCommand<SessionSummary | undefined>('gettyConnect.signIn');
      return summary?.kind === 'user';
    }
  }

  /**
   * True when `err` says the session's token no longer works: the session's own clock
   * says it expired, or the service refused it with a code no document names (the
   * documents name none for an expired or replaced token), or asked for a secure token
   * although a user session's secure token was sent.
   */
  private sessionRefused(err: unknown): boolean {
    if (err instanceof SessionStateError) {
      return err.state === 'expired';
    }
    return err instanceof ConnectApiError && (err.reason === 'unknown' || err.reason === 'tokenExpired' || err.reason === 'secureTokenRequired');
  }

  /**
   * Another window may have renewed or replaced the session: adopt what the store holds
   * then. Otherwise the session has ended; offer to sign in again, naming what the
   * service said.
   */
  private async recoverSession(err: unknown): Promise<boolean> {
    if (await this.sessions.adoptStored()) {
      this.log.info('The service refused the token during a check; adopted the session found in the store and went on.');
      return true;
    }
    const expired = err instanceof SessionStateError || this.sessions.state === 'expired';
    const said = err instanceof ConnectApiError ? ` (${err.statusList.map((s) => `${s.code || 'no code'}: ${s.message || 'no message'}`).join('; ') || 'no details'})` : '';
    this.log.warn(`The session ended during a check${said}.`);
    await this.sessions.invalidate();
    const again = 'Sign In Again';
    const message = expired
      ? 'The Getty Connect session expired during the check. Sign in again to go on?'
      : `The Connect service refused the session's token during the check${said}. It may have been replaced by a sign-in or renewal elsewhere, or have expired on the server. Sign in again to go on?`;
    const choice = await vscode.window.showWarningMessage(message, again);
    if (choice !== again) {
      return false;
    }
    const summary = await vscode.commands.executeCommand<SessionSummary | undefined>('gettyConnect.signIn');
    return summary?.kind === 'user';
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function pickSizeKey(seen: string[]): Promise<string | undefined> {
  const typeOwn = '$(edit) Type a size key…';
  const items = [...seen, typeOwn];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Size key for the image IDs given without one',
    placeHolder: seen.length ? 'Sizes found in the input' : 'No size keys in the input: type one (tip: set "gettyConnect.defaultSizeKey")',
    ignoreFocusOut: true,
  });
  if (picked !== typeOwn) {
    return picked;
  }
  const typed = await vscode.window.showInputBox({ title: 'Size key', prompt: 'A SizeKey from GetImageDetails, e.g. Large', ignoreFocusOut: true });
  return typed?.trim() || undefined;
}
