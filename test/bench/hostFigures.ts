// The figures that need the real VS Code extension host: the requests a check sends,
// the tree with many images, and the wake-ups while signed in and idle. Run by the
// benchmark's host entry (host/index.ts) and, with tiny sizes, by the integration
// smoke test.
import * as vscode from 'vscode';
import { AuthorizationsTreeNode, AuthorizationsTreeProvider } from '../../src/authorizations/authorizationsTree';
import { ImageDetailsStore } from '../../src/authorizations/details';
import { MAX_DETAILS_PER_REQUEST } from '../../src/connect';
import type { ImageAuthorization } from '../../src/connect';
import type { TestApi } from '../../src/extension';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { ms, Row } from './report';
import { median, timeSync } from './stats';

export const EXTENSION_ID = 'connect-tools.getty-connect';
const USER_ARGS = { ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword };
const AUTH_OPERATIONS = ['GetImageDownloadAuthorizations', 'GetLargestImageDownloadAuthorizations'];

async function settings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('gettyConnect');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
}

export async function signIn(api: TestApi, server: FakeConnectServer): Promise<void> {
  await settings({ endpoint: server.url });
  await api.sessions.signOut();
  await vscode.commands.executeCommand('gettyConnect.signIn', USER_ARGS);
  if (api.sessions.state !== 'active') throw new Error('the benchmark could not sign in to the fake server');
}

const ids = (n: number, from = 20_000_000): string[] => Array.from({ length: n }, (_, i) => String(from + i));

/** Requests a check of `n` bare IDs sends: ceil(n / batchSize) authorization requests, ceil(n / 90) details requests. */
export async function requestRows(api: TestApi, server: FakeConnectServer, sizes: number[]): Promise<Row[]> {
  const rows: Row[] = [];
  const batchSize = vscode.workspace.getConfiguration('gettyConnect').get<number>('batchSize') ?? 50;
  for (const n of sizes) {
    // A fresh start: details already fetched by an earlier check are not asked for again.
    api.authorizations.clear();
    api.authorizations.tree.details.clear();
    server.clearLog();
    await vscode.commands.executeCommand('gettyConnect.checkDownloadAuthorization', { imageIds: ids(n), confirmLarge: true });
    const auth = server.requests.filter((r) => AUTH_OPERATIONS.includes(r.operation)).length;
    const details = server.requests.filter((r) => r.operation === 'GetImageDetails').length;
    const wantAuth = Math.ceil(n / batchSize);
    const wantDetails = Math.ceil(n / MAX_DETAILS_PER_REQUEST);
    rows.push({
      figure: `requests: a check of ${n.toLocaleString('en')} IDs`,
      baseline: `ceil(n/${batchSize}) = ${wantAuth} authorization, ceil(n/${MAX_DETAILS_PER_REQUEST}) = ${wantDetails} details`,
      value: `${auth} authorization, ${details} details`,
      target: 'exactly the baseline',
      pass: auth === wantAuth && details === wantDetails,
      data: { ids: n, authorizationRequests: auth, detailsRequests: details, expectedAuthorization: wantAuth, expectedDetails: wantDetails },
    });
  }
  api.authorizations.clear();
  return rows;
}

function result(imageId: string): ImageAuthorization {
  return {
    imageId,
    sizeKey: 'Large',
    status: 'Available',
    authorizations: [{ productOfferingType: 'RoyaltyFreeSubscription', downloadToken: `dlt_${imageId}`, downloadIsFree: true, sizeKey: 'Large' }],
  };
}

const settle = (msDelay: number): Promise<void> => new Promise((r) => setTimeout(r, msDelay));

/**
 * getChildren for the root and for one image with `n` images shown (median of 5), and
 * the items VS Code asks for again after one image changes: the changed one and its
 * children only, in the real view.
 */
export async function treeRows(api: TestApi, n: number): Promise<Row[]> {
  const tree = new AuthorizationsTreeProvider(new ImageDetailsStore());
  // IDs of their own: nothing a check left behind (details still arriving) touches them.
  tree.add(ids(n, 30_000_000).map(result));
  const rootMs = median(Array.from({ length: 5 }, () => timeSync(() => tree.getChildren())));
  const first = tree.roots()[0];
  const imageMs = median(Array.from({ length: 5 }, () => timeSync(() => tree.getChildren(first))));
  tree.dispose();

  // The extension's own view, shown, with n images; then one of them changes.
  const real = api.authorizations.tree;
  const asked: AuthorizationsTreeNode[] = [];
  const original = real.getTreeItem.bind(real);
  // Where VS Code asks from, when it asks for more than the changed image and its children.
  let armed = false;
  let firstStack: string | undefined;
  real.getTreeItem = (element) => {
    asked.push(element);
    if (armed && firstStack === undefined && asked.length > 3) firstStack = (new Error().stack ?? '').split('\n').slice(2, 9).map((l) => l.trim().replace(/\(.*[\\/]/, '(')).join(' < ');
    return original(element);
  };
  let rootFetches = 0;
  const originalChildren = real.getChildren.bind(real);
  real.getChildren = (element) => {
    if (!element) rootFetches++;
    return originalChildren(element);
  };
  let rebuilt: number;
  try {
    await vscode.commands.executeCommand('gettyConnect.authorizations.focus');
    const added = real.add(ids(n, 30_000_000).map(result));
    // Until the view has asked for every item it shows, then nothing new for a second
    // (a busy workbench may ask seconds after the change).
    for (let waited = 0; asked.length < n && waited < 120_000; waited += 100) await settle(100);
    for (let seen = -1, waited = 0; seen !== asked.length && waited < 30_000; waited += 2000) {
      seen = asked.length;
      await settle(2000);
    }
    asked.length = 0;
    rootFetches = 0;
    armed = true;
    const changed = added[Math.floor(n / 2)];
    real.update(changed, { ...result(changed.result.imageId), status: 'NoAuthorizations', authorizations: [] });
    await settle(1000);
    rebuilt = asked.filter((e) => (e.type === 'image' ? e : e.parent) !== changed).length;
  } finally {
    real.getTreeItem = original;
    real.getChildren = originalChildren;
    api.authorizations.clear();
  }
  return [
    { figure: `tree: getChildren(root) with ${n.toLocaleString('en')} images`, baseline: 'none (absolute)', value: ms(rootMs), target: '< 20 ms', pass: rootMs < 20, data: { ms: rootMs, images: n } },
    { figure: `tree: getChildren(image) with ${n.toLocaleString('en')} images`, baseline: 'none (absolute)', value: ms(imageMs), target: '< 20 ms', pass: imageMs < 20, data: { ms: imageMs, images: n } },
    {
      figure: `tree: refresh after one of ${n.toLocaleString('en')} images changes`,
      baseline: 'items of unchanged images asked for again',
      value: String(rebuilt),
      target: '0',
      pass: rebuilt === 0,
      data: { rebuiltUnchanged: rebuilt, rootFetches, images: n, ...(rebuilt ? { askedFrom: firstStack } : {}) },
    },
  ];
}

/**
 * Wake-ups while signed in and idle: the extension's clock is replaced by a virtual one
 * that counts every timer it fires; `minutes` of idle time pass (renewals reach the fake
 * server for real). Every timer of the extension goes through that clock.
 */
export async function idleRows(api: TestApi, server: FakeConnectServer, minutes: number): Promise<Row[]> {
  await signIn(api, server);
  const clock = api.clock as unknown as Record<string, unknown>;
  const saved = { now: clock.now, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout };
  let t = api.clock.now();
  let nextId = 1;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let fired = 0;
  let wakeUps = 0;
  let firstAt: number | undefined;
  let lastAt = 0;
  clock.now = () => t;
  clock.setTimeout = (fn: () => void, msDelay: number) => {
    const id = nextId++;
    timers.push({ at: t + msDelay, fn, id });
    return { fake: id };
  };
  clock.clearTimeout = (handle: unknown) => {
    const fake = (handle as { fake?: number } | undefined)?.fake;
    if (fake === undefined) (saved.clearTimeout as (h: unknown) => void).call(api.clock, handle);
    else timers = timers.filter((x) => x.id !== fake);
  };
  try {
    // Timers already set move to the virtual clock.
    api.sessions.reschedule();
    api.statusBar.update();
    const end = t + minutes * 60_000;
    for (;;) {
      await settle(5); // renewals and redraws run; timers they set are seen
      const due = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((x) => x !== due);
      t = Math.max(t, due.at);
      fired++;
      // Timers within a second of the previous one (a renewal's own short waits) are one wake-up.
      if (t - lastAt >= 1000) wakeUps++;
      firstAt ??= t;
      lastAt = t;
      due.fn();
      // A renewal reads SecretStorage and the network: virtual time waits for it, unless it
      // waits itself for a short timer (the claim between windows), which is fired next.
      for (let waited = 0; api.sessions.isRenewing && !timers.some((x) => x.at <= t + 1000) && waited < 10_000; waited += 10) await settle(10);
    }
    t = end;
    await settle(50);
  } finally {
    Object.assign(clock, saved);
    delete clock.now;
    delete clock.setTimeout;
    delete clock.clearTimeout;
    api.sessions.reschedule();
    api.statusBar.update();
  }
  // Rates between the first and the last: counting in a fixed window adds or drops one at
  // its edges, depending on where the minute ticks fall.
  const span = (lastAt - (firstAt ?? lastAt)) / 60_000;
  const rate = (count: number): number => (count > 1 && span > 0 ? (count - 1) / span : count / minutes);
  const perMinute = rate(wakeUps);
  const timersPerMinute = rate(fired);
  const renewals = server.requests.filter((r) => r.operation === 'RenewSession').length;
  return [
    {
      figure: `idle: wake-ups per minute, signed in, ${minutes} virtual minutes (timers < 1 s apart: one wake-up)`,
      baseline: `${fired} timers (${timersPerMinute.toFixed(2)}/min), ${renewals} renewals, in ${minutes} min`,
      value: `${wakeUps} wake-ups, ${perMinute.toFixed(2)}/min`,
      target: '<= 1 per minute',
      pass: perMinute <= 1,
      data: { fired, wakeUps, minutes, perMinute, timersPerMinute, renewals, firstToLastMinutes: span },
    },
  ];
}
