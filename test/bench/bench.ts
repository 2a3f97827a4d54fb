// `npm run bench`: prints speed figures (no pass/fail). Image-ID extraction
// from large inputs, and GetImageDownloadAuthorizations throughput against the
// fake server on loopback with the extension's batch sizes.
import { performance } from 'perf_hooks';
import { extractFromJsonText, extractFromText } from '../../src/authorizations/imageIds';
import { runBatches } from '../../src/authorizations/batches';
import { ConnectClient, forgetSecrets, ImageAuthorization, ImageSize, redact, registerSecret } from '../../src/connect';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

function row(label: string, ms: number, extra = ''): void {
  console.log(`${label.padEnd(58)} ${ms.toFixed(1).padStart(9)} ms ${extra}`);
}

async function main(): Promise<void> {
  const ids = Array.from({ length: 100_000 }, (_, i) => String(10_000_000 + i));
  const text = ids.join(', ');
  const json = JSON.stringify({ ImageSizes: ids.map((id) => ({ ImageId: id, SizeKey: 'Large' })) });
  console.log('Image-ID extraction (best of 5)');
  row(`100,000 IDs in ${(text.length / 1e6).toFixed(1)} MB of text`, best(5, () => extractFromText(text)));
  row(`100,000 ImageSizes in ${(json.length / 1e6).toFixed(1)} MB of JSON`, best(5, () => extractFromJsonText(json)));

  // Masking a log line: one pass whatever the number of secrets (the baseline is 10 secrets).
  const token = (i: number): string => `dlt_${(i * 2654435761) % 4294967296}_${i.toString(36)}`;
  const line = Array.from({ length: 5000 }, (_, i) => (i % 1000 === 3 ? token(i % 10) : `word${i} tok_ dlt_${i}`)).join(' ');
  console.log(`\nRedacting a ${(line.length / 1000).toFixed(0)} kB log line (best of 5; ratio to 10 secrets)`);
  let baseline = 0;
  for (const n of [10, 1000, 10_000]) {
    forgetSecrets();
    registerSecret(...Array.from({ length: n }, (_, i) => token(i)));
    redact(line); // builds the index once per change, as the first line after a change does
    const ms = best(5, () => redact(line));
    baseline ||= ms;
    row(`${n} secrets`, ms, `×${(ms / baseline).toFixed(2)}`);
  }
  forgetSecrets();

  const server = await FakeConnectServer.start();
  try {
    const client = new ConnectClient({ baseUrl: server.url, timeoutMs: 30_000 });
    const session = await client.createSession({ ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword });
    const token = session.result.secureToken ?? '';
    const sizes: ImageSize[] = ids.slice(0, 1000).map((imageId) => ({ imageId, sizeKey: 'Large' }));
    console.log('\nGetImageDownloadAuthorizations, 1,000 image/size pairs on loopback (best of 3)');
    for (const [batchSize, concurrency] of [[50, 1], [50, 3], [100, 3], [10, 3]]) {
      let ms = Infinity;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        const out = await runBatches<ImageSize, ImageAuthorization>(sizes, { batchSize, concurrency }, async (batch, _i, signal) =>
          (await client.getImageDownloadAuthorizations(token, batch, signal)).result);
        ms = Math.min(ms, performance.now() - t);
        if (out.results.length !== sizes.length) {
          throw new Error(`expected ${sizes.length} results, got ${out.results.length}`);
        }
      }
      row(`batch size ${batchSize}, ${concurrency} in flight (${Math.ceil(1000 / batchSize)} requests)`, ms, `${Math.round(1000 / (ms / 1000))} images/s`);
    }
    const n = 200;
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      await client.getImageDownloadAuthorizations(token, [{ imageId: '83454800', sizeKey: 'Large' }]);
    }
    row(`\none request, mean of ${n} sequential`, (performance.now() - t) / n);
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
