// Client overhead: the same image IDs checked (a) through the extension's client
// and batching code (ConnectClient, runBatches, the retry gate, as CheckRunner
// composes them) and (b) by a bare Node `http` loop sending the identical batched
// requests, both to the fake server on loopback, alternating, median of 7. The fake
// runs in a process of its own, as a real server would: its work is not the client's.
import { randomUUID } from 'crypto';
import * as http from 'http';
import { runBatches } from '../../src/authorizations/batches';
import { ConnectClient, ImageAuthorization, ImageSize, RequestGate, withRetry } from '../../src/connect';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { startServerProcess } from './fakeServerProcess';
import { ms, ratio, Row } from './report';
import { alternate } from './stats';

/** The extension's defaults: gettyConnect.batchSize and CheckRunner's requests in flight. */
const BATCH_SIZE = 50;
const CONCURRENCY = 3;

/** `n` distinct IDs; the fake makes any well-formed ID available. */
export function catalogPairs(n: number): ImageSize[] {
  return Array.from({ length: n }, (_, i) => ({ imageId: String(10_000_000 + i), sizeKey: 'Large' }));
}

function barePost(url: URL, body: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function clientOverheadRows(n = 1000, runs = 7): Promise<Row[]> {
  const server = await startServerProcess();
  let sentByClient = 0;
  let sentBare = 0;
  try {
    const client = new ConnectClient({ baseUrl: server.url, timeoutMs: 30_000, onRequest: (e) => e.operation === 'GetImageDownloadAuthorizations' && sentByClient++ });
    const session = await client.createSession({ ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword });
    const token = session.result.secureToken ?? '';
    const pairs = catalogPairs(n);

    const viaExtension = async (): Promise<void> => {
      const gate = new RequestGate(CONCURRENCY);
      const out = await runBatches<ImageSize, ImageAuthorization>(pairs, { batchSize: BATCH_SIZE, concurrency: CONCURRENCY }, (batch, _i, signal) =>
        withRetry(() => gate.run(async () => (await client.getImageDownloadAuthorizations(token, batch, signal)).result), { signal }));
      if (out.results.length !== n) throw new Error(`the client got ${out.results.length} results for ${n} pairs`);
    };

    const url = new URL(`${server.url}/download/GetImageDownloadAuthorizations`);
    const bare = async (): Promise<void> => {
      const batches: ImageSize[][] = [];
      for (let i = 0; i < pairs.length; i += BATCH_SIZE) batches.push(pairs.slice(i, i + BATCH_SIZE));
      let next = 0;
      let results = 0;
      const worker = async (): Promise<void> => {
        for (let b = batches[next++]; b; b = batches[next++]) {
          const body = JSON.stringify({
            RequestHeader: { Token: token, CoordinationId: randomUUID() },
            GetImageDownloadAuthorizationsRequestBody: { ImageSizes: b.map((p) => ({ ImageId: p.imageId, SizeKey: p.sizeKey })) },
          });
          sentBare++;
          const answer = (await barePost(url, body)) as { GetImageDownloadAuthorizationsResult: { Images: unknown[] } };
          results += answer.GetImageDownloadAuthorizationsResult.Images.length;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      if (results !== n) throw new Error(`the bare loop got ${results} results for ${n} pairs`);
    };

    const t = await alternate(runs, viaExtension, bare);
    const expected = (runs + 1) * Math.ceil(n / BATCH_SIZE);
    if (sentByClient !== expected || sentBare !== expected) throw new Error(`expected ${expected} requests each, the client sent ${sentByClient}, the bare loop ${sentBare}`);
    return [
      {
        figure: `client overhead: ${n.toLocaleString('en')} IDs, batches of ${BATCH_SIZE}, ${CONCURRENCY} in flight`,
        baseline: `bare http loop: ${ms(t.b)}`,
        value: `${ratio(t.ratio)} (${ms(t.a)}; CPU ${ratio(t.cpuRatio)})`,
        target: '<= 1.10x',
        pass: t.ratio <= 1.1,
        data: { extensionMs: t.a, bareMs: t.b, ratio: t.ratio, cpuRatio: t.cpuRatio, extensionCpuMs: t.cpuA, bareCpuMs: t.cpuB, runs },
      },
    ];
  } finally {
    await server.stop();
  }
}
