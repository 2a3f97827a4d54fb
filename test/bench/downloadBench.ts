// Download: a large file from the fake server through the extension's download
// path (downloadAttachment) against a bare `http.get` piped to a file, alternating,
// median of 5; and how much the resident memory grows while the extension's
// download runs (streamed to disk, never buffered), the most over the timed runs. The fake server runs in a
// process of its own, so that its memory does not count.
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import { ConnectClient, downloadAttachment } from '../../src/connect';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { startServerProcess } from './fakeServerProcess';
import { kb, ms, ratio, Row } from './report';
import { alternate } from './stats';

const MB = 1024 * 1024;

export async function downloadRows(bytes = 50 * MB, runs = 5): Promise<Row[]> {
  const server = await startServerProcess(bytes);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-bench-download-'));
  try {
    const client = new ConnectClient({ baseUrl: server.url, timeoutMs: 60_000 });
    const session = await client.createSession({ ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword });
    const token = session.result.secureToken ?? '';
    const auth = await client.getImageDownloadAuthorizations(token, [{ imageId: '83454800', sizeKey: 'Large' }]);
    const downloadToken = auth.result[0].authorizations[0].downloadToken;
    const fresh = async (): Promise<string> => (await client.createDownloadRequest(token, [downloadToken])).result[0].urlAttachment ?? '';

    /** Peak RSS growth over `fn`, sampled every 5 ms. */
    const growth = async (fn: () => Promise<void>): Promise<number> => {
      const before = process.memoryUsage().rss;
      let peak = 0;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss - before)), 5);
      try {
        await fn();
      } finally {
        clearInterval(timer);
      }
      return Math.max(peak, process.memoryUsage().rss - before);
    };
    // Per download; the first of each (alternate's warm-up) also pays one-time costs (code, buffer pools) and is left out.
    const growthExtension: number[] = [];
    const growthBare: number[] = [];
    const viaExtension = async (): Promise<void> => {
      const url = await fresh();
      growthExtension.push(
        await growth(async () => {
          const saved = await downloadAttachment(url, { folder, fallbackName: 'bench', timeoutMs: 60_000 });
          if (saved.bytes !== bytes) throw new Error(`the extension saved ${saved.bytes} of ${bytes} bytes`);
          fs.rmSync(saved.file);
        }),
      );
    };
    const bare = async (): Promise<void> => {
      const url = await fresh();
      const file = path.join(folder, 'bare.jpg');
      growthBare.push(
        await growth(async () => {
          const res = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(url, resolve).on('error', reject));
          await pipeline(res, fs.createWriteStream(file));
          if (fs.statSync(file).size !== bytes) throw new Error('the bare download is short');
          fs.rmSync(file);
        }),
      );
    };

    const t = await alternate(runs, viaExtension, bare);
    const peakGrowth = Math.max(0, ...growthExtension.slice(1));
    const peakBare = Math.max(0, ...growthBare.slice(1));
    const size = `${(bytes / MB).toFixed(bytes < MB ? 2 : 0)} MB`;
    return [
      {
        figure: `download: ${size} file from the fake server`,
        baseline: `bare http.get piped to a file: ${ms(t.b)}`,
        value: `${ratio(t.ratio)} (${ms(t.a)}; CPU ${ratio(t.cpuRatio)})`,
        target: '<= 1.10x',
        pass: t.ratio <= 1.1,
        data: { extensionMs: t.a, bareMs: t.b, ratio: t.ratio, cpuRatio: t.cpuRatio, extensionCpuMs: t.cpuA, bareCpuMs: t.cpuB, bytes },
      },
      {
        figure: `download: resident memory growth during a ${size} download`,
        baseline: `bare http.get: ${kb(peakBare)}`,
        value: kb(peakGrowth),
        target: '< 10 MB',
        pass: peakGrowth < 10 * MB,
        data: { rssGrowthBytes: peakGrowth, bareRssGrowthBytes: peakBare, bytes },
      },
    ];
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    await server.stop();
  }
}
