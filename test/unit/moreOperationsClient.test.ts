// The client's three more operations against the fake server: what is sent, what
// comes back, and that every token and link they hand out is masked from then on.
import * as assert from 'assert';
import { ConnectClient, fetchImageDataUri, DownloadError, MAX_DETAILS_PER_REQUEST, redact, RequestEvent } from '../../src/connect';
import { DEMO_SYSTEM, DEMO_USER } from '../fake-server/catalog';
import { FakeConnectServer } from '../fake-server/fakeConnectServer';

const USER = { ...DEMO_SYSTEM, userName: DEMO_USER.userName, userPassword: DEMO_USER.userPassword };

suite('ConnectClient: GetLargest, GetImageDetails, CreateDownloadRequest', () => {
  let server: FakeConnectServer;
  let client: ConnectClient;
  let events: RequestEvent[];
  let token: string;

  suiteSetup(async () => {
    server = await FakeConnectServer.start();
  });
  suiteTeardown(() => server.stop());
  setup(async () => {
    server.reset();
    events = [];
    client = new ConnectClient({ baseUrl: server.url, timeoutMs: 5000, onRequest: (e) => events.push(e) });
    token = (await client.createSession(USER)).result.secureToken as string;
    server.clearLog();
    events.length = 0;
  });

  test('GetLargest sends the IDs as Images and reads each offering\'s size; its download tokens are masked', async () => {
    const res = await client.getLargestImageDownloadAuthorizations(token, ['83454800', '12345678']);
    assert.deepStrictEqual(server.requestsFor('GetLargestImageDownloadAuthorizations')[0].body, { Images: [{ ImageId: '83454800' }, { ImageId: '12345678' }] });
    assert.strictEqual(server.requestsFor('GetLargestImageDownloadAuthorizations')[0].token, token);
    assert.deepStrictEqual(res.result.map((r) => [r.imageId, r.largest, r.authorizations.map((a) => a.sizeKey)]), [['83454800', true, ['Original', 'Medium']]]);
    for (const a of res.result[0].authorizations) assert.strictEqual(redact(`token ${a.downloadToken}`), 'token «redacted»');
    assert.deepStrictEqual(events.map((e) => [e.operation, e.outcome]), [['GetLargestImageDownloadAuthorizations', 'Success']]);
  });

  test('GetImageDetails sends ImageIds and reads the details; unknown IDs are simply missing', async () => {
    const res = await client.getImageDetails(token, ['83454800', '99999999']);
    assert.deepStrictEqual(server.requestsFor('GetImageDetails')[0].body, { ImageIds: ['83454800', '99999999'] });
    assert.deepStrictEqual(res.result.map((d) => [d.imageId, d.title, d.dateCreated?.toISOString().slice(0, 10), d.sizes.length]), [['83454800', 'Hot-air balloons over a valley at sunrise', '2011-02-09', 5]]);
  });

  test(`GetImageDetails refuses more than ${MAX_DETAILS_PER_REQUEST} IDs before sending anything`, async () => {
    const ids = Array.from({ length: MAX_DETAILS_PER_REQUEST + 1 }, (_, i) => String(10_000_000 + i));
    await assert.rejects(client.getImageDetails(token, ids), /at most 90 image IDs per request \(got 91\)/);
    assert.strictEqual(server.requests.length, 0);
    const ok = await client.getImageDetails(token, ids.slice(0, MAX_DETAILS_PER_REQUEST));
    assert.strictEqual(ok.result.length, MAX_DETAILS_PER_REQUEST);
  });

  test('CreateDownloadRequest sends the tokens as DownloadItems in RequestHeader.Token; the links are masked like tokens', async () => {
    const [image] = (await client.getLargestImageDownloadAuthorizations(token, ['83454800'])).result;
    const downloadTokens = image.authorizations.map((a) => a.downloadToken);
    const res = await client.createDownloadRequest(token, [...downloadTokens, 'dlt_unknown']);
    const [request] = server.requestsFor('CreateDownloadRequest');
    assert.deepStrictEqual(request.body, { DownloadItems: [...downloadTokens, 'dlt_unknown'].map((t) => ({ DownloadToken: t })) });
    assert.strictEqual(request.tokenField, 'Token');
    assert.deepStrictEqual(res.result.map((u) => [u.imageId, u.status, Boolean(u.urlAttachment)]), [
      ['83454800', 'Success', true], ['83454800', 'Success', true], [undefined, 'InvalidToken', false],
    ]);
    assert.strictEqual(redact(`link ${res.result[0].urlAttachment}`), 'link «redacted»');
    assert.strictEqual(redact('dlt_unknown was refused'), '«redacted» was refused', 'even a refused token is masked');
    assert.deepStrictEqual(events.map((e) => e.operation), ['GetLargestImageDownloadAuthorizations', 'CreateDownloadRequest']);
  });

  test('a thumbnail comes back as a data: URI of the JPEG the URL serves', async () => {
    const [details] = (await client.getImageDetails(token, ['83454800'])).result;
    const uri = await fetchImageDataUri(details.urlThumb ?? '', { timeoutMs: 5000 });
    assert.match(uri, /^data:image\/jpeg;base64,\/9j\//);
    const bytes = Buffer.from(uri.slice('data:image/jpeg;base64,'.length), 'base64');
    assert.strictEqual(bytes.length, server.pictureRequests[0].bytesSent);
  });

  test('a thumbnail URL that serves no picture, or a plain-http remote one, gives no data: URI', async () => {
    await assert.rejects(fetchImageDataUri(`${server.url}/session/CreateSession`, { timeoutMs: 5000 }), (e: unknown) => e instanceof Error);
    await assert.rejects(fetchImageDataUri('http://images.example.com/t.jpg', { timeoutMs: 5000 }), (e: unknown) => e instanceof DownloadError && /only https/.test(e.message));
    await assert.rejects(fetchImageDataUri(`${server.url.replace(/\/v1$/, '')}/attachments/nothing`, { timeoutMs: 5000 }), /404/);
  });
});
