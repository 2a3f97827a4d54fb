// src/names.ts against package.json and the code: every declared command has a handler,
// every handler a declaration, and views, context keys and settings match.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AUTH_PROVIDER_ID, COMMANDS, CONTEXT_KEYS, settingName, SETTINGS, SETTINGS_SECTION, VIEW_CONTAINER, VIEWS } from '../../src/names';

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface Manifest {
  activationEvents: string[];
  contributes: {
    authentication: { id: string }[];
    commands: { command: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    viewsContainers: { activitybar: { id: string }[] };
    views: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; when?: string; contents: string }[];
    configuration: { properties: Record<string, unknown> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const c = manifest.contributes;

function sources(dir = path.join(ROOT, 'src')): { file: string; text: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [{ file: path.relative(ROOT, full), text: fs.readFileSync(full, 'utf8') }] : [];
  });
}

const sorted = (values: Iterable<string>): string[] => [...values].sort();
const whenClauses = (): string[] => [
  ...Object.values(c.menus).flatMap((items) => items.map((i) => i.when ?? '')),
  ...c.viewsWelcome.map((w) => w.when ?? ''),
];

suite('names: src/names.ts against package.json', () => {
  test('every declared command has a handler, and every handler a declaration', () => {
    const declared = sorted(c.commands.map((x) => x.command));
    assert.deepStrictEqual(sorted(Object.values(COMMANDS)), declared, 'COMMANDS lists exactly the commands package.json declares');
    const registered: string[] = [];
    for (const { file, text } of sources()) {
      for (const m of text.matchAll(/registerCommand\(\s*([^,]+),/g)) {
        const key = /^COMMANDS\.(\w+)$/.exec(m[1].trim())?.[1];
        assert.ok(key && key in COMMANDS, `${file} registers ${m[1].trim()}, which is no COMMANDS entry`);
        registered.push(COMMANDS[key as keyof typeof COMMANDS]);
      }
    }
    assert.deepStrictEqual(sorted(registered), declared, 'each declared command is registered exactly once');
  });

  test('menus and welcome views name only declared commands', () => {
    const known = new Set<string>(Object.values(COMMANDS));
    for (const [menu, items] of Object.entries(c.menus)) {
      for (const item of items) assert.ok(known.has(item.command), `${menu} names ${item.command}`);
    }
    for (const w of c.viewsWelcome) {
      for (const m of w.contents.matchAll(/\(command:([\w.]+)/g)) assert.ok(known.has(m[1]), `a welcome view links ${m[1]}`);
    }
  });

  test('views and the view container are those of names.ts, and when clauses name only them', () => {
    assert.deepStrictEqual(c.viewsContainers.activitybar.map((v) => v.id), [VIEW_CONTAINER]);
    assert.deepStrictEqual(sorted(Object.values(c.views).flat().map((v) => v.id)), sorted(Object.values(VIEWS)));
    assert.deepStrictEqual(Object.keys(c.views), [VIEW_CONTAINER]);
    const views = new Set<string>(Object.values(VIEWS));
    for (const w of c.viewsWelcome) assert.ok(views.has(w.view), `a welcome view is for ${w.view}`);
    for (const when of whenClauses()) {
      for (const m of when.matchAll(/\bview == ([\w.]+)/g)) assert.ok(views.has(m[1]), `"${when}" names view ${m[1]}`);
    }
  });

  test('context keys read by when clauses are the ones the code sets, and each is read', () => {
    const keys = new Set<string>(Object.values(CONTEXT_KEYS));
    const read = new Set<string>();
    for (const when of whenClauses()) {
      for (const m of when.matchAll(/\b(gettyConnect\.\w+)\b/g)) {
        if ((Object.values(VIEWS) as string[]).includes(m[1])) continue;
        assert.ok(keys.has(m[1]), `"${when}" reads ${m[1]}, which is no CONTEXT_KEYS entry`);
        read.add(m[1]);
      }
    }
    assert.deepStrictEqual(sorted(read), sorted(keys), 'every context key is read by some when clause');
    const set = sources().flatMap(({ text }) => [...text.matchAll(/'setContext',\s*CONTEXT_KEYS\.(\w+)/g)].map((m) => m[1]));
    assert.deepStrictEqual(sorted(new Set(set)), sorted(Object.keys(CONTEXT_KEYS)), 'the code sets every context key, through CONTEXT_KEYS');
  });

  test('settings: package.json declares exactly the keys of SETTINGS', () => {
    assert.deepStrictEqual(sorted(Object.keys(c.configuration.properties)), sorted(Object.values(SETTINGS).map(settingName)));
    assert.ok(Object.keys(c.configuration.properties).every((k) => k.startsWith(`${SETTINGS_SECTION}.`)));
  });

  test('the authentication provider and its activation event', () => {
    assert.deepStrictEqual(c.authentication.map((a) => a.id), [AUTH_PROVIDER_ID]);
    assert.ok(manifest.activationEvents.includes(`onAuthenticationRequest:${AUTH_PROVIDER_ID}`));
  });

  test('no name is spelt out in src/ outside names.ts', () => {
    for (const { file, text } of sources()) {
      if (file.endsWith(path.join('src', 'names.ts'))) continue;
      const code = text.replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1'); // comments may name them
      const literal = /['`](gettyConnect\.\w+|getty-connect)['`]/.exec(code);
      assert.ok(!literal, `${file} spells out ${literal?.[1]}: use src/names.ts`);
    }
  });
});
