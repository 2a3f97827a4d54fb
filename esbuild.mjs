// Bundles the extension into dist/extension.js. `--production` minifies (used by
// `vsce package`); `--watch` rebuilds on change for the F5 development loop.
import * as esbuild from 'esbuild';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
/** `--outfile=PATH` builds elsewhere than dist/extension.js (the benchmark does). */
const outfile = process.argv.find((a) => a.startsWith('--outfile='))?.slice('--outfile='.length) ?? 'dist/extension.js';
/** `--metafile` writes meta.json next to the bundle, for https://esbuild.github.io/analyze/ or `npm run bench`. */
const writeMetafile = process.argv.includes('--metafile');

/** Prints errors in the `file:line:col: error: text` form the tasks.json problem matcher reads. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    if (watch) build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/**
 * axios carries code for every environment and option; the extension uses its Node
 * http adapter only, always with `maxRedirects: 0` and `proxy: false` (VS Code's own
 * proxy agent applies), and never sends FormData. Those unused paths pulled in
 * form-data with mime-db (a 130 KB MIME table), follow-redirects with debug, and
 * https-proxy-agent: two thirds of the bundle. They are replaced by stubs that fail
 * loudly if a future change ever reaches them, so nothing breaks silently.
 * `npm run bench` reports the bundle size (metafile: `node esbuild.mjs --production --metafile`).
 */
const notBundled = (what) => `throw new Error('${what} is not bundled (esbuild.mjs)');`;
const AXIOS_STUBS = {
  // Module names as axios imports them.
  'form-data': `module.exports = class FormData { constructor() { ${notBundled('form-data')} } };`,
  'follow-redirects': `const no = { request() { ${notBundled('follow-redirects (maxRedirects must stay 0)')} } }; module.exports = { http: no, https: no };`,
  'https-proxy-agent': `module.exports = class HttpsProxyAgent { constructor() { ${notBundled('https-proxy-agent (proxy must stay false)')} } };`,
  'proxy-from-env': `module.exports = { getProxyForUrl: () => '' };`,
  // axios' own files, relative to node_modules/axios/lib. The browser adapters are never chosen in Node.
  'adapters/xhr.js': 'export default false;',
  'adapters/fetch.js': 'export const getFetch = () => false; export default false;',
  'helpers/shouldBypassProxy.js': 'export default () => true;',
  // Request bodies are JSON strings, never FormData.
  'helpers/formDataToStream.js': `export default () => { ${notBundled('FormData bodies')} };`,
  'helpers/formDataToJSON.js': `export default () => { ${notBundled('FormData bodies')} };`,
  // data: URLs are refused before axios sees them (checkAttachmentUrl, validateEndpoint).
  'helpers/fromDataURI.js': `export default () => { ${notBundled('data: URLs')} };`,
  'helpers/estimateDataURLDecodedBytes.js': `export const estimateDataURLBufferAllocation = () => { ${notBundled('data: URLs')} }; export default estimateDataURLBufferAllocation;`,
  // A table of status names (axios.HttpStatusCode) the extension does not read.
  'helpers/HttpStatusCode.js': 'export default {};',
  // Object bodies and params turned into forms: the transport's transformRequest passes its JSON string on as is.
  'helpers/toFormData.js': `export const DEFAULT_FORM_DATA_MAX_DEPTH = 100; export default () => { ${notBundled('form serialisation')} };`,
  // Blob bodies: never sent.
  'helpers/readBlob.js': `export default () => { ${notBundled('Blob bodies')} };`,
  // Progress events and rate limits (onUploadProgress, onDownloadProgress, maxRate): never set.
  'helpers/AxiosTransformStream.js': `export default class AxiosTransformStream { constructor() { ${notBundled('progress events and rate limits')} } };`,
  'helpers/progressEventReducer.js': `const no = () => { ${notBundled('progress events')} }; export const progressEventReducer = no, progressEventDecorator = no, asyncDecorator = no;`,
  // Cancellation goes through AbortSignal; axios.CancelToken is only exported, never constructed here.
  'cancel/CancelToken.js': `export default class CancelToken { constructor() { ${notBundled('CancelToken (use an AbortSignal)')} } static source() { ${notBundled('CancelToken (use an AbortSignal)')} } };`,
  // Query parameters (params) are never passed: URLs are built by the client.
  'helpers/AxiosURLSearchParams.js': `export default class AxiosURLSearchParams { constructor() { ${notBundled('params')} } };`,
  'core/assertParamsAcyclic.js': 'export default () => {};',
  'helpers/toURLEncodedForm.js': `export default () => { ${notBundled('form-encoded bodies')} };`,
  // The checks of a request's options against axios' option list: the transport's options are fixed.
  'helpers/validator.js': 'const any = () => () => true; export default { assertOptions() {}, validators: { transitional: any, boolean: any, function: any, spelling: any } };',
  // HTTP/2 (httpVersion: 2): never asked for; the session pool is created at load, so its constructor stays harmless.
  'helpers/Http2Sessions.js': `export default class Http2Sessions { getSession() { ${notBundled('HTTP/2')} } };`,
};
const axiosLib = path.join(path.dirname(createRequire(import.meta.url).resolve('axios/package.json')), 'lib');

const axiosStubsPlugin = {
  name: 'axios-stubs',
  setup(build) {
    build.onResolve({ filter: /^(form-data|follow-redirects|https-proxy-agent|proxy-from-env)$/ }, (args) =>
      args.importer.includes(`${path.sep}axios${path.sep}`) ? { path: args.path, namespace: 'axios-stub' } : undefined);
    build.onResolve({ filter: /\/[\w]+\.js$/ }, (args) => {
      const rel = path.relative(axiosLib, path.resolve(args.resolveDir, args.path)).split(path.sep).join('/');
      return rel in AXIOS_STUBS ? { path: rel, namespace: 'axios-stub' } : undefined;
    });
    // A stub that no longer matches a file (axios moved it) fails the build instead of bundling the original.
    build.onEnd((result) => {
      const used = new Set(Object.keys(result.metafile?.inputs ?? {}).map((f) => f.replace(/^axios-stub:/, '')));
      const unused = Object.keys(AXIOS_STUBS).filter((k) => !used.has(k));
      if (result.metafile && unused.length) {
        result.errors.push({ text: `esbuild.mjs: axios stubs that matched nothing: ${unused.join(', ')}` });
      }
    });
    build.onLoad({ filter: /.*/, namespace: 'axios-stub' }, (args) => ({
      contents: AXIOS_STUBS[args.path],
      loader: 'js',
    }));
  },
};

const ctx = await esbuild.context({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  // VS Code 1.139 (engines.vscode) runs extensions on Node 22: no need to lower ?. ?? and class fields.
  target: 'node20',
  outfile,
  external: ['vscode'],
  // jsonc-parser's "main" is a UMD build whose inner require() calls esbuild
  // cannot follow (the bundle would look for ./impl/*.js at run time); its ES
  // module scanner bundles, with the two enums the reader uses (scripts/jsoncScanner.mjs).
  alias: { 'jsonc-parser': './scripts/jsoncScanner.mjs' },
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  metafile: true,
  plugins: [axiosStubsPlugin, problemMatcherPlugin],
});

if (watch) {
  await ctx.watch();
} else {
  const result = await ctx.rebuild().catch(() => undefined);
  await ctx.dispose();
  if (!result || result.errors.length) process.exit(1);
  if (writeMetafile) writeFileSync(path.join(path.dirname(outfile), 'meta.json'), JSON.stringify(result.metafile));
}
