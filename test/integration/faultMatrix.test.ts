// Every operation, at the command a person runs, against every fault the network or the
// service can throw at it. Each pair must end with a clear message, no unhandled
// rejection, the session the user had before still there, the tree as it was (and no
// half-made node), and the same command succeeding once the fault is gone.
// Prints the matrix size and how many pairs passed ([figure] lines).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImageNode } from '../../src/authorizations/authorizationsTree';
import type { ImageAuthorization, Operation } from '../../src/connect';
import type { TestApi } from '../../src/extension';
import { DEMO_SYSTEM } from '../fake-server/catalog';
import { Fault, FakeConnectServer } from '../fake-server/fakeConnectServer';
import { extensionApi, fakeServer, resetState, setSetting, tick, Ui, USER_ARGS } from './support';

const CHECK = 'gettyConnect.checkDownloadAuthorization';

/** The request timeout the matrix runs with (the setting's minimum): a delay of 1.6 s is past it. */
const TIMEOUT_SECONDS = 1;

interface FaultCase {
  name: string;
  fault: Fault;
  /** What the message (shown, or logged for the image details) must say. */
  says: RegExp;
}

const FAULTS: FaultCase[] = [
  { name: 'a delay past the timeout', fault: { kind: 'delay', ms: 1600 }, says: /timed out after 1 s/ },
  { name: 'HTTP 500 with an HTML body', fault: { kind: 'http500' }, says: /HTTP 500.*try again later/i },
  { name: 'malformed JSON', fault: { kind: 'malformedJson' }, says: /response is malformed: the body is not valid JSON/ },
  { name: 'a truncated body', fault: { kind: 'truncate' }, says: /cut off|malformed/ },
  { name: 'a reset connection', fault: { kind: 'reset' }, says: /connection was reset|response was cut off/ },
  { name: 'a wrong CoordinationId echo', fault: { kind: 'wrongCoordinationId' }, says: /echoes CoordinationId not-.* so it answers another request/ },
  { name: 'a Warning with no result', fault: { kind: 'warningNoResult' }, says: /response is malformed: it has no \w+Result/ },
  { name: 'an Error with an empty StatusList', fault: { kind: 'emptyErrorList' }, says: /reported an error without details \(CoordinationId [0-9a-f-]{36}\)/ },
  { name: 'an unknown status code', fault: { kind: 'status', status: 'Error', code: 'XQ-4711', message: 'Flux capacitor misaligned' }, says: /XQ-4711: Flux capacitor misaligned; CoordinationId/ },
  { name: 'HTTP 429', fault: { kind: 'httpStatus', status: 429 }, says: /HTTP 429.*limiting requests/ },
];

interface OperationCase {
  operation: Operation;
  /** Runs the command that sends the operation; resolves with what the command returned. */
  run(): Thenable<unknown>;
  /** The command's result once the fault is gone: it worked. */
  succeeded(result: unknown): void;
}

/** The lines of the log's tail written since `before` was taken (the tail drops its oldest lines as it grows). */
function linesAfter(before: readonly string[], after: readonly string[]): string[] {
  if (!before.length) return [...after];
  const at = after.lastIndexOf(before[before.length - 1]);
  return at >= 0 ? after.slice(at + 1) : [...after];
}

suite('Fault matrix: every operation × every fault, at the command level (in the extension host)', () => {
  let api: TestApi;
  let server: FakeConnectServer;
  let ui: Ui;
  let folder: string;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => void rejections.push(reason);
  const onException = (error: unknown): void => void rejections.push(error);
  let pairs = 0;
  let passed = 0;
  /** The titles of the matrix's pairs (the two tests of the other renewal reading are not pairs). */
  const matrix = new Set<string>();

  /** The image already in the tree before each pair: it must come out of every pair unchanged. */
  const PREVIOUS = '112233445';
  const roots = (): ImageNode[] => api.authorizations.tree.roots() as ImageNode[];
  const snapshot = (): string[] =>
    roots().map((n) => `${n.result.imageId}|${n.result.largest ? '' : n.result.sizeKey}|${n.result.status}|${n.result.authorizations.map((a) => a.downloadToken).join(',')}`);

  const OPERATIONS: OperationCase[] = [
    {
      operation: 'CreateSession',
      run: () => vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS),
      succeeded: (r) => assert.strictEqual((r as { kind?: string } | undefined)?.kind, 'user'),
    },
    {
      operation: 'CreateApplicationSession',
      run: () => vscode.commands.executeCommand('gettyConnect.signInApplication', DEMO_SYSTEM),
      succeeded: (r) => assert.strictEqual((r as { kind?: string } | undefined)?.kind, 'application'),
    },
    {
      operation: 'RenewSession',
      run: () => vscode.commands.executeCommand('gettyConnect.renewSession'),
      succeeded: (r) => assert.ok((r as { minutesRemaining?: number } | undefined)?.minutesRemaining, 'renewed'),
    },
    {
      operation: 'GetImageDownloadAuthorizations',
      run: () => vscode.commands.executeCommand(CHECK, { imageIds: ['83454800'], sizeKey: 'Large' }),
      succeeded: (r) => assert.deepStrictEqual((r as ImageAuthorization[]).map((a) => [a.imageId, a.sizeKey, a.status]), [['83454800', 'Large', 'Available']]),
    },
    {
      operation: 'GetLargestImageDownloadAuthorizations',
      run: () => vscode.commands.executeCommand(CHECK, { imageIds: ['90020130'] }),
      succeeded: (r) => assert.deepStrictEqual((r as ImageAuthorization[]).map((a) => [a.imageId, a.status]), [['90020130', 'Available']]),
    },
    {
      operation: 'GetImageDetails',
      run: () => vscode.commands.executeCommand(CHECK, { imageIds: ['83454800'] }),
      succeeded: () => assert.ok(api.authorizations.tree.details.get('83454800')?.title, 'the details came'),
    },
    {
      operation: 'CreateDownloadRequest',
      run: () => {
        const node = roots().find((n) => n.result.imageId === PREVIOUS)?.children.find((c) => c.authorization.downloadIsFree);
        assert.ok(node, 'a free authorization of the previous image');
        return vscode.commands.executeCommand('gettyConnect.downloadImage', node, { folder: vscode.Uri.file(folder), confirm: false });
      },
      succeeded: (r) => {
        assert.strictEqual((r as { status?: string } | undefined)?.status, 'Success');
        assert.strictEqual(fs.readdirSync(folder).length, 1, 'the file is there');
      },
    },
  ];

  suiteSetup(async () => {
    api = await extensionApi();
    server = await fakeServer();
    await resetState(api);
    await setSetting('requestTimeoutSeconds', TIMEOUT_SECONDS);
    ui = new Ui().install();
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
  });

  suiteTeardown(async () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    ui.restore();
    await resetState(api);
    console.log(`[figure] fault matrix: ${OPERATIONS.length} operations × ${FAULTS.length} faults = ${pairs} pairs, ${passed} passed`);
  });

  setup(async () => {
    server.clearFaults();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-fault-matrix-'));
    api.authorizations.clear();
    api.authorizations.tree.details.clear();
    if (api.sessions.userState() !== 'ready') {
      await vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS);
    }
    // The previous state every pair must leave as it was: a user session and one image in the tree.
    const seeded = await vscode.commands.executeCommand<ImageAuthorization[]>(CHECK, { imageIds: [PREVIOUS] });
    assert.strictEqual(seeded?.[0]?.status, 'Available', 'the tree starts with the previous image');
    await tick();
    server.clearLog();
    ui.shown.length = 0;
    ui.clicks = [];
    rejections.length = 0;
  });

  teardown(function () {
    if (matrix.has(this.currentTest?.title ?? '')) {
      pairs++;
      if (this.currentTest?.state === 'passed') passed++;
    }
    server.clearFaults();
    server.quirks = {};
    fs.rmSync(folder, { recursive: true, force: true });
  });

  // The fake's default reading: a renewal ends the old token. When the service renewed but its
  // answer is lost, neither token works any more: the session cannot be kept, and the person
  // hears so at once (not at the next request), and signs in again.
  for (const f of FAULTS.filter((x) => x.fault.kind === 'truncate' || x.fault.kind === 'wrongCoordinationId')) {
    test(`RenewSession × ${f.name}, when the service renewed and a renewal ends the old token: ended at once, said so, signing in again works`, async () => {
      const tree = snapshot();
      server.injectFault(f.fault, { operation: 'RenewSession' });
      const result = await vscode.commands.executeCommand('gettyConnect.renewSession');
      await tick(50);
      assert.strictEqual(result, undefined);
      const warning = ui.only('warning');
      assert.match(warning.message, /could not be renewed and has ended: The renewal's answer was lost \(RenewSession failed: .*\) and the service no longer accepts the old token: sign in again\./);
      assert.deepStrictEqual(warning.actions, ['Sign In Again', 'Show Log']);
      assert.notStrictEqual(api.sessions.state, 'active');
      assert.deepStrictEqual(rejections, [], 'no unhandled rejection');
      assert.deepStrictEqual(snapshot(), tree, 'the tree is untouched');
      server.clearFaults();
      const again = await vscode.commands.executeCommand<{ kind?: string }>('gettyConnect.signIn', USER_ARGS);
      assert.strictEqual(again?.kind, 'user');
      assert.ok(await vscode.commands.executeCommand('gettyConnect.renewSession'), 'renewed');
    });
  }

  for (const op of OPERATIONS) {
    for (const f of FAULTS) {
      matrix.add(`${op.operation} × ${f.name}`);
      test(`${op.operation} × ${f.name}`, async () => {
        const before = api.sessions.current();
        assert.ok(before?.secureToken, 'signed in as a user');
        const tree = snapshot();
        const logBefore = [...api.log.lines()];
        // The documents do not say whether a renewal ends the old token. Read here as not: then a
        // renewal whose answer is lost leaves the session as it was. The other reading is below.
        if (op.operation === 'RenewSession') server.quirks.renewalKeepsOldToken = true;
        server.injectFault(f.fault, { operation: op.operation });

        await op.run();
        await tick(50);

        // A clear message: shown to the person (or, for the image details, which never fail a check, logged).
        const shown = ui.shown.filter((m) => m.kind !== 'info').map((m) => m.message);
        const logged = linesAfter(logBefore, api.log.lines());
        const where = op.operation === 'GetImageDetails' ? logged : shown;
        assert.ok(where.some((m) => f.says.test(m) && m.includes(op.operation)), `a message naming ${op.operation} and saying ${f.says}; shown: ${JSON.stringify(shown)}; logged: ${JSON.stringify(logged)}`);
        assert.ok(server.requestsFor(op.operation).some((r) => r.fault), 'the fault was met');

        assert.deepStrictEqual(rejections, [], 'no unhandled rejection');

        const after = api.sessions.current();
        assert.strictEqual(after?.token, before.token, 'the session is the one from before');
        assert.strictEqual(api.sessions.state, 'active');

        const now = snapshot();
        assert.deepStrictEqual(tree.filter((t) => !now.includes(t)), [], 'the tree still holds what it held, unchanged');
        assert.strictEqual(new Set(now.map((s) => s.split('|').slice(0, 2).join('|'))).size, now.length, 'no image/size twice');
        for (const n of roots()) {
          assert.strictEqual(n.result.status === 'Available', n.result.authorizations.length > 0, `${n.result.imageId}: Available exactly when it has authorizations`);
        }
        if (op.operation === 'CreateDownloadRequest') assert.deepStrictEqual(fs.readdirSync(folder), [], 'no file, no partial file');

        server.clearFaults();
        ui.shown.length = 0;
        op.succeeded(await op.run());
        assert.deepStrictEqual(ui.shown.filter((m) => m.kind === 'error'), [], 'no error the second time');
        await tick();
        assert.deepStrictEqual(rejections, [], 'no unhandled rejection');
      });
    }
  }
});
