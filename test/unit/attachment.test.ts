// Fetching a download URL: streamed to a file named by the server, never over an
// existing file, nothing left behind when the download fails or is cancelled, and
// no byte sent to a plain-http host that is not this machine.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { checkAttachmentUrl, DownloadError, downloadAttachment, fileNameFromDisposition } from '../../src/connect';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64 * 1024, 7), Buffer.from([0xff, 0xd9])]);

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

suite('attachment download', () => {
  let server: http.Server;
  let base: string;
  let handler: Handler;
  let folder: string;
  const options = () => ({ folder, fallbackName: '83454800-Large', timeoutMs: 5000 });

  suiteSetup(async () => {
    server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  suiteTeardown(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  setup(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-attachment-'));
    handler = (_req, res) => res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': JPEG.length, 'Content-Disposition': 'attachment; filename="83454800_Large.jpg"' }).end(JPEG);
  });
  teardown(() => fs.rmSync(folder, { recursive: true, force: true }));

  test('the file lands in the folder under the name the server gives, byte for byte, with progress', async () => {
    const seen: number[] = [];
    const saved = await downloadAttachment(`${base}/a`, { ...options(), onProgress: (received, total) => seen.push(received / (total ?? 1)) });
    assert.strictEqual(saved.file, path.join(folder, '83454800_Large.jpg'));
    assert.ok(fs.readFileSync(saved.file).equals(JPEG));
    assert.strictEqual(saved.bytes, JPEG.length);
    assert.strictEqual(seen.at(-1), 1);
  });

  test('an existing file is never overwritten: the new one gets a numbered name', async () => {
    fs.writeFileSync(path.join(folder, '83454800_Large.jpg'), 'mine');
    const first = await downloadAttachment(`${base}/a`, options());
    const second = await downloadAttachment(`${base}/a`, options());
    assert.strictEqual(fs.readFileSync(path.join(folder, '83454800_Large.jpg'), 'utf8'), 'mine');
    assert.deepStrictEqual([path.basename(first.file), path.basename(second.file)], ['83454800_Large (1).jpg', '83454800_Large (2).jpg']);
  });

  test('without Content-Disposition the name is <ImageId>-<SizeKey> with the extension of the content type', async () => {
    handler = (_req, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(JPEG);
    const saved = await downloadAttachment(`${base}/a`, options());
    assert.strictEqual(path.basename(saved.file), '83454800-Large.png');
  });

  test('a download cut halfway leaves no file and says how far it got', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': JPEG.length, 'Content-Disposition': 'attachment; filename="cut.jpg"' });
      res.write(JPEG.subarray(0, JPEG.length / 2), () => req.socket.destroy());
    };
    const err = await downloadAttachment(`${base}/a`, options()).catch((e: unknown) => e);
    assert.ok(err instanceof DownloadError, String(err));
    assert.match(err.message, /cut off after \d+ of 65542 bytes/);
    assert.deepStrictEqual(fs.readdirSync(folder), []);
  });

  test('a cancel in the middle leaves no partial file', async () => {
    const abort = new AbortController();
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': JPEG.length * 4, 'Content-Disposition': 'attachment; filename="slow.jpg"' });
      res.write(JPEG); // then nothing more: the person cancels meanwhile
    };
    const pending = downloadAttachment(`${base}/a`, { ...options(), signal: abort.signal, onProgress: () => abort.abort() });
    const err = await pending.catch((e: unknown) => e);
    assert.ok(err instanceof DownloadError && err.cancelled, String(err));
    assert.deepStrictEqual(fs.readdirSync(folder), []);
  });

  test('an HTTP error is reported and no file is made', async () => {
    handler = (_req, res) => res.writeHead(404).end('gone');
    const err = await downloadAttachment(`${base}/a`, options()).catch((e: unknown) => e);
    assert.ok(err instanceof DownloadError);
    assert.match(err.message, /answered HTTP 404/);
    assert.deepStrictEqual(fs.readdirSync(folder), []);
  });

  test('plain http to another host is refused before a connection is made', async () => {
    let connections = 0;
    const listener = http.createServer(() => connections++);
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
    try {
      assert.throws(() => checkAttachmentUrl('http://downloads.example.com/file.jpg'), /only https:\/\/ is accepted/);
      const err = await downloadAttachment('http://10.0.0.1/file.jpg', options()).catch((e: unknown) => e);
      assert.ok(err instanceof DownloadError);
      assert.match(err.message, /uses http:\/\/ to 10\.0\.0\.1; only https:\/\/ is accepted/);
      assert.strictEqual(connections, 0);
      assert.doesNotThrow(() => checkAttachmentUrl('https://delivery.gettyimages.com/x.jpg'));
      assert.throws(() => checkAttachmentUrl('ftp://x/y'), DownloadError);
      assert.throws(() => checkAttachmentUrl('not a url'), /not a valid URL/);
    } finally {
      listener.close();
    }
  });

  test('file names from Content-Disposition are made safe for a folder', () => {
    assert.strictEqual(fileNameFromDisposition('attachment; filename="a.jpg"'), 'a.jpg');
    assert.strictEqual(fileNameFromDisposition('attachment; filename=b.jpg'), 'b.jpg');
    assert.strictEqual(fileNameFromDisposition("attachment; filename*=UTF-8''caf%C3%A9.jpg; filename=\"cafe.jpg\""), 'café.jpg');
    assert.strictEqual(fileNameFromDisposition('attachment; filename="../../etc/passwd"'), 'passwd');
    assert.strictEqual(fileNameFromDisposition('attachment; filename="C:\\\\x\\\\y:z?.jpg"'), 'y_z_.jpg');
    assert.strictEqual(fileNameFromDisposition('attachment; filename=".."'), undefined);
    assert.strictEqual(fileNameFromDisposition('attachment'), undefined);
    assert.strictEqual(fileNameFromDisposition(undefined), undefined);
  });
});
