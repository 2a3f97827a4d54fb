// The fake Connect server's three more operations (../shared/seeds/more-operations.md),
// their quirks and switches, and the picture and attachment routes, through raw HTTP:
// the extension has no client for these operations yet.
import * as assert from 'assert';
import * as http from 'http';
import { DEMO_SYSTEM, DEMO_USER, OFFERINGS } from '../fake-server/catalog';
import { ATTACHMENT_JPEG, FakeConnectServer, fixtureJpeg, MAX_IMAGE_IDS_PER_DETAILS_REQUEST } from '../fake-server/fakeConnectServer';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Set when the response broke off (socket destroyed before the end). */
  error?: Error;
}

/** One HTTP request without keep-alive; resolves with whatever arrived, also on a broken response. */
function request(url: string, options: { method?: string; body?: string; header?: Record<string, string> } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', agent: false, headers: options.header }, (res) => {
      const chunks: Buffer[] = [];
      let settled = false;
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), error });
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => finish(res.complete ? undefined : new Error('incomplete')));
      res.on('error', (e) => finish(e));
      res.on('close', () => finish(res.complete ? undefined : new Error('closed before the end')));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const GROUPS: Record<string, string> = {
  CreateSession: 'session',
  CreateApplicationSession: 'session',
  GetImageDownloadAuthorizations: 'download',
  GetLargestImageDownloadAuthorizations: 'download',
  GetImageDetails: 'search',
  CreateDownloadRequest: 'download',
};

type Json = Record<string, unknown>;
interface Answer {
  httpStatus: number;
  text: string;
  header: { Status: string; StatusList: { Type: string; Code: string; Message: string }[]; CoordinationId: string | null };
  result: Json | undefined;
}

const SYSTEM = { SystemId: DEMO_SYSTEM.systemId, SystemPassword: DEMO_SYSTEM.systemPassword };
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

suite('Fake Connect server: the three more operations, raw HTTP', () => {
  let server: FakeConnectServer;

  suiteSetup(async () => {
    server = await FakeConnectServer.start();
  });
  suiteTeardown(async () => {
    await server.stop();
  });
  setup(() => server.reset());

  async function call(operation: string, token: string | null, body: Json, header: Json = {}): Promise<Answer> {
    const res = await request(`${server.url}/${GROUPS[operation]}/${operation}`, {
      method: 'POST',
      header: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ RequestHeader: { Token: token, CoordinationId: 'co-1', ...header }, [`${operation}RequestBody`]: body }),
    });
    const text = res.body.toString('utf8');
    const parsed = JSON.parse(text) as Json;
    return { httpStatus: res.status, text, header: parsed.ResponseHeader as Answer['header'], result: parsed[`${operation}Result`] as Json | undefined };
  }

  async function signIn(): Promise<{ token: string; secureToken: string }> {
    const a = await call('CreateSession', null, { ...SYSTEM, UserName: DEMO_USER.userName, UserPassword: DEMO_USER.userPassword });
    return { token: a.result?.Token as string, secureToken: a.result?.SecureToken as string };
  }

  async function appToken(): Promise<string> {
    const a = await call('CreateApplicationSession', null, SYSTEM);
    return a.result?.Token as string;
  }

  function assertError(a: Answer, code: string): void {
    assert.strictEqual(a.httpStatus, 200);
    assert.strictEqual(a.header.Status, 'Error');
    assert.deepStrictEqual(
      a.header.StatusList.map((s) => [s.Type, s.Code]),
      [['Error', code]],
    );
    assert.strictEqual(a.result, undefined);
  }

  type Authorization = Record<string, unknown>;
  type LargestImage = { ImageId: string; Authorizations: Authorization[] };

  async function largest(secureToken: string, ids: string[]): Promise<LargestImage[]> {
    const a = await call('GetLargestImageDownloadAuthorizations', secureToken, { Images: ids.map((ImageId) => ({ ImageId })) });
    assert.strictEqual(a.header.Status, 'Success', JSON.stringify(a.header));
    return (a.result as { Images: LargestImage[] }).Images;
  }

  /** A DownloadToken of `offering` for `imageId`, from GetLargestImageDownloadAuthorizations. */
  async function downloadToken(secureToken: string, imageId: string, offering: string): Promise<string> {
    const [image] = await largest(secureToken, [imageId]);
    return image.Authorizations.find((a) => a.ProductOfferingType === offering)?.DownloadToken as string;
  }

  type DownloadUrl = { ImageId: string | null; SizeName: null; Status: string; UrlAttachment: string | null };

  async function download(secureToken: string, tokens: unknown[]): Promise<DownloadUrl[]> {
    const a = await call('CreateDownloadRequest', secureToken, { DownloadItems: tokens.map((DownloadToken) => ({ DownloadToken })) });
    assert.strictEqual(a.header.Status, 'Success', JSON.stringify(a.header));
    return (a.result as { DownloadUrls: DownloadUrl[] }).DownloadUrls;
  }

  suite('GetLargestImageDownloadAuthorizations', () => {
    test('each offering grants its own largest size, in the documented shape and envelope', async () => {
      const { secureToken } = await signIn();
      const a = await call('GetLargestImageDownloadAuthorizations', secureToken, { Images: [{ ImageId: '83454800' }, { ImageId: '200275431-001' }, { ImageId: 'sb10069478a-001' }] });
      assert.strictEqual(a.httpStatus, 200);
      assert.deepStrictEqual(a.header, { Status: 'Success', StatusList: [], CoordinationId: 'co-1' });
      const images = (a.result as { Images: LargestImage[] }).Images;
      assert.deepStrictEqual(
        images.map((i) => [i.ImageId, i.Authorizations.map((x) => [x.ProductOfferingType, x.SizeKey, x.ProductOfferingInstanceId, x.DownloadIsFree])]),
        [
          ['83454800', [['RoyaltyFreeSubscription', 'Original', 'RFS-2001', true], ['ImagePack', 'Medium', 'IP-3001', false]]],
          ['200275431-001', [['PremiumAccess', 'XLarge', 'PA-5001', false], ['EasyAccess', 'Large', null, false], ['ImagePack', 'Medium', 'IP-3001', false]]],
          ['sb10069478a-001', [['EditorialSubscription', 'Large', 'ES-4001', true]]],
        ],
      );
      assert.deepStrictEqual(Object.keys(images[0]), ['ImageId', 'Authorizations'], 'no Status: none is documented');
      assert.deepStrictEqual(Object.keys(images[0].Authorizations[1]), ['DownloadIsFree', 'DownloadToken', 'ProductOfferingInstanceId', 'ProductOfferingType', 'SizeKey', 'DownloadsRemaining']);
      assert.deepStrictEqual(Object.keys(images[1].Authorizations[0]), ['DownloadIsFree', 'DownloadToken', 'ProductOfferingInstanceId', 'ProductOfferingType', 'SizeKey']);
      assert.match(images[0].Authorizations[0].DownloadToken as string, /^dlt_/);
    });

    test('records each issued DownloadToken with its size key and offering', async () => {
      const { secureToken } = await signIn();
      const [image] = await largest(secureToken, ['83454800']);
      assert.deepStrictEqual(
        server.issuedDownloadTokens.map((t) => [t.token, t.imageId, t.sizeKey, t.productOfferingType, t.downloadIsFree, t.issuedAt > 0]),
        image.Authorizations.map((a) => [a.DownloadToken, '83454800', a.SizeKey, a.ProductOfferingType, a.DownloadIsFree, true]),
      );
    });

    test('leaves out images with no authorization by default (not found, no authorizations)', async () => {
      const { secureToken } = await signIn();
      const images = await largest(secureToken, ['99999999', '12345678', '83454800', '00012345', 'not-an-id', '55555555']);
      assert.deepStrictEqual(
        images.map((i) => i.ImageId),
        ['83454800', '55555555'],
      );
      assert.deepStrictEqual(
        images[1].Authorizations.map((a) => [a.ProductOfferingType, a.SizeKey]),
        [['RoyaltyFreeSubscription', 'Original']],
      );
    });

    test('largestListsUnauthorized: lists them with empty Authorizations, still without a status', async () => {
      const { secureToken } = await signIn();
      server.quirks.largestListsUnauthorized = true;
      const images = await largest(secureToken, ['99999999', '83454800', '12345678']);
      assert.deepStrictEqual(
        images.map((i) => [i.ImageId, i.Authorizations.length]),
        [['99999999', 0], ['83454800', 2], ['12345678', 0]],
      );
      assert.deepStrictEqual(Object.keys(images[0]), ['ImageId', 'Authorizations']);
    });

    test('instanceIdField and warnOnPartial quirks apply as for GetImageDownloadAuthorizations', async () => {
      const { secureToken } = await signIn();
      server.quirks.instanceIdField = 'InstanceId';
      server.quirks.warnOnPartial = true;
      const a = await call('GetLargestImageDownloadAuthorizations', secureToken, { Images: [{ ImageId: '83454800' }, { ImageId: '12345678' }] });
      assert.strictEqual(a.header.Status, 'Warning');
      assert.deepStrictEqual(
        a.header.StatusList.map((s) => [s.Type, s.Code]),
        [['Warning', 'NoAuthorizations']],
      );
      const auth = (a.result as { Images: LargestImage[] }).Images[0].Authorizations[0];
      assert.strictEqual(auth.InstanceId, 'RFS-2001');
      assert.ok(!('ProductOfferingInstanceId' in auth));
    });

    test('needs a user session secure token: AUTH-021 for an application token, AUTH-023 for the plain token', async () => {
      const { token } = await signIn();
      assertError(await call('GetLargestImageDownloadAuthorizations', await appToken(), { Images: [{ ImageId: '83454800' }] }), 'AUTH-021');
      assertError(await call('GetLargestImageDownloadAuthorizations', token, { Images: [{ ImageId: '83454800' }] }), 'AUTH-023');
      assertError(await call('GetLargestImageDownloadAuthorizations', 'sec_unknown', { Images: [{ ImageId: '83454800' }] }), 'InvalidRequest');
    });

    test('an empty Images list or an entry without ImageId is an InvalidRequest Error with HTTP 200', async () => {
      const { secureToken } = await signIn();
      assertError(await call('GetLargestImageDownloadAuthorizations', secureToken, { Images: [] }), 'InvalidRequest');
      assertError(await call('GetLargestImageDownloadAuthorizations', secureToken, { Images: [{ SizeKey: 'Large' }] }), 'InvalidRequest');
    });
  });

  suite('GetImageDetails', () => {
    type Details = Record<string, unknown> & { ImageId: string; SizesDownloadableImages: Json[] };

    async function details(ids: string[], extra: Json = {}): Promise<{ answer: Answer; images: Details[] }> {
      const { secureToken } = await signIn();
      const answer = await call('GetImageDetails', secureToken, { ImageIds: ids, ...extra });
      return { answer, images: ((answer.result ?? {}) as { Images?: Details[] }).Images ?? [] };
    }

    test('answers every documented field of an image, with its downloadable sizes', async () => {
      const { answer, images } = await details(['83454800']);
      assert.deepStrictEqual(answer.header, { Status: 'Success', StatusList: [], CoordinationId: 'co-1' });
      const origin = new URL(server.url).origin;
      const { SizesDownloadableImages: sizes, ...image } = images[0];
      assert.deepStrictEqual(image, {
        ImageId: '83454800',
        Title: 'Hot-air balloons over a valley at sunrise',
        Caption: 'Dozens of hot-air balloons drift over a rocky valley as the sun rises.',
        Artist: 'Ana Lindqvist',
        CollectionName: 'Fake Creative Stock',
        CreditLine: 'Ana Lindqvist/Fake Creative Stock',
        DateCreated: '/Date(1297286970531-0800)/',
        ImageFamily: 'Creative',
        LicensingModel: 'RoyaltyFree',
        ApplicableProductOfferings: ['RoyaltyFreeSubscription', 'ImagePack'],
        UrlThumb: `${origin}/images/83454800/thumb.jpg`,
        UrlPreview: `${origin}/images/83454800/preview.jpg`,
        UrlComp: `${origin}/images/83454800/comp.jpg`,
        UrlWatermarkPreview: `${origin}/images/83454800/watermark-preview.jpg`,
        UrlWatermarkComp: `${origin}/images/83454800/watermark-comp.jpg`,
      });
      assert.deepStrictEqual(
        sizes.map((s) => s.SizeKey),
        ['Small', 'Medium', 'Large', 'XLarge', 'Original'],
      );
      assert.deepStrictEqual(sizes[4], {
        SizeKey: 'Original',
        SizeName: 'Original',
        PixelWidth: 5616,
        PixelHeight: 3744,
        FileSizeInBytes: 6307891,
        ResolutionDpi: 300,
        InchesWidth: 18.72,
        InchesHeight: 12.48,
      });
      assert.deepStrictEqual(sizes[0], { SizeKey: 'Small', SizeName: 'Small', PixelWidth: 594, PixelHeight: 396, FileSizeInBytes: 70567, ResolutionDpi: 72, InchesWidth: 8.25, InchesHeight: 5.5 });
      assert.strictEqual(sizes[3].SizeName, 'X-Large');
    });

    test('writes dates in the ASP.NET form with escaped slashes, as .NET serializers do', async () => {
      const { answer, images } = await details(['83454800', 'sb10069478a-001']);
      assert.ok(answer.text.includes('"DateCreated":"\\/Date(1297286970531-0800)\\/"'), answer.text.slice(0, 400));
      assert.ok(answer.text.includes('"DateCreated":"\\/Date(1205496000000+0100)\\/"'));
      assert.ok(!answer.text.includes('"/Date('));
      assert.deepStrictEqual(
        images.map((i) => i.DateCreated),
        ['/Date(1297286970531-0800)/', '/Date(1205496000000+0100)/'],
      );
    });

    test('unknown IDs are missing; an image with no authorization has no offerings; any well-formed ID has details', async () => {
      const { answer, images } = await details(['99999999', '12345678', 'sb10069478a-001', '40412345', '55555555', '12345678', 'nonsense']);
      assert.strictEqual(answer.header.Status, 'Success');
      assert.deepStrictEqual(
        images.map((i) => [i.ImageId, i.ImageFamily, i.LicensingModel, i.ApplicableProductOfferings, (i.SizesDownloadableImages as Json[]).length]),
        [
          ['12345678', 'Creative', 'RoyaltyFree', [], 3],
          ['sb10069478a-001', 'Editorial', 'RightsManaged', ['EditorialSubscription'], 3],
          ['55555555', 'Creative', 'RoyaltyFree', ['RoyaltyFreeSubscription'], 5],
        ],
      );
      assert.strictEqual(images[2].Title, 'Sample image 55555555');
    });

    test(`at most ${MAX_IMAGE_IDS_PER_DETAILS_REQUEST} IDs: more is an InvalidRequest Error`, async () => {
      const ids = Array.from({ length: MAX_IMAGE_IDS_PER_DETAILS_REQUEST + 1 }, (_, i) => String(50_000_000 + i));
      const ok = await details(ids.slice(0, MAX_IMAGE_IDS_PER_DETAILS_REQUEST));
      assert.strictEqual(ok.images.length, 90);
      assertError((await details(ids)).answer, 'InvalidRequest');
      assertError((await details([])).answer, 'InvalidRequest');
    });

    test('Language: en-US answers plainly; another language gets the DefaultLanguageUsed Warning with the full result', async () => {
      assert.strictEqual((await details(['83454800'], { Language: 'en-US' })).answer.header.Status, 'Success');
      const { answer, images } = await details(['83454800'], { Language: 'de-DE' });
      assert.strictEqual(answer.header.Status, 'Warning');
      assert.deepStrictEqual(
        answer.header.StatusList.map((s) => [s.Type, s.Code]),
        [['Warning', 'DefaultLanguageUsed']],
      );
      assert.strictEqual(images[0].Title, 'Hot-air balloons over a valley at sunrise');
    });

    test('needs a user session secure token too', async () => {
      const { token } = await signIn();
      assertError(await call('GetImageDetails', await appToken(), { ImageIds: ['83454800'] }), 'AUTH-021');
      assertError(await call('GetImageDetails', token, { ImageIds: ['83454800'] }), 'AUTH-023');
    });

    test('the picture URLs serve real JPEGs from the fake; other paths are 404', async () => {
      const { images } = await details(['83454800', '55555555']);
      const thumb = await request(images[0].UrlThumb as string);
      assert.strictEqual(thumb.status, 200);
      assert.strictEqual(thumb.headers['content-type'], 'image/jpeg');
      assert.strictEqual(Number(thumb.headers['content-length']), thumb.body.length);
      assert.deepStrictEqual(thumb.body.subarray(0, 3), JPEG_MAGIC);
      assert.deepStrictEqual(thumb.body, fixtureJpeg('thumb-83454800.jpg'));
      const generic = await request(images[1].UrlThumb as string);
      assert.deepStrictEqual(generic.body, fixtureJpeg('thumb-generic.jpg'));
      const preview = await request(images[0].UrlWatermarkPreview as string);
      assert.deepStrictEqual(preview.body, fixtureJpeg('watermark-640x480.jpg'));
      assert.deepStrictEqual((await request(images[0].UrlComp as string)).body.subarray(0, 3), JPEG_MAGIC);
      const origin = new URL(server.url).origin;
      assert.strictEqual((await request(`${origin}/images/99999999/thumb.jpg`)).status, 404);
      assert.strictEqual((await request(`${origin}/images/83454800/huge.jpg`)).status, 404);
      assert.strictEqual((await request(`${origin}/images/%E0%A4%A/thumb.jpg`)).status, 404);
      assert.deepStrictEqual(
        server.pictureRequests.map((r) => [r.imageId, r.httpStatus]),
        [['83454800', 200], ['55555555', 200], ['83454800', 200], ['83454800', 200], [null, 404], [null, 404], [null, 404]],
      );
    });
  });

  suite('CreateDownloadRequest', () => {
    test('one DownloadUrl per item, in order: Success with an attachment URL on the fake, InvalidToken for an unknown token', async () => {
      const { secureToken } = await signIn();
      const pack = await downloadToken(secureToken, '83454800', 'ImagePack');
      const a = await call('CreateDownloadRequest', secureToken, { DownloadItems: [{ DownloadToken: pack }, { DownloadToken: 'dlt_nope' }, {}] });
      assert.deepStrictEqual(a.header, { Status: 'Success', StatusList: [], CoordinationId: 'co-1' });
      const urls = (a.result as { DownloadUrls: DownloadUrl[] }).DownloadUrls;
      assert.deepStrictEqual(Object.keys(urls[0]), ['ImageId', 'SizeName', 'Status', 'UrlAttachment']);
      assert.deepStrictEqual(
        urls.map((u) => [u.ImageId, u.SizeName, u.Status, u.UrlAttachment === null]),
        [['83454800', null, 'Success', false], [null, null, 'InvalidToken', true], [null, null, 'InvalidToken', true]],
      );
      assert.match(urls[0].UrlAttachment ?? '', new RegExp(`^${new URL(server.url).origin}/attachments/[0-9a-f]{32}$`));
    });

    test('takes the secure token from RequestHeader.SecureToken (the JSON example) as well as from Token', async () => {
      const { secureToken } = await signIn();
      const pack = await downloadToken(secureToken, '83454800', 'ImagePack');
      const a = await call('CreateDownloadRequest', null, { DownloadItems: [{ DownloadToken: pack }] }, { Token: undefined, SecureToken: secureToken });
      assert.strictEqual(a.header.Status, 'Success');
      assert.strictEqual((a.result as { DownloadUrls: DownloadUrl[] }).DownloadUrls[0].Status, 'Success');
      const [logged] = server.requestsFor('CreateDownloadRequest');
      assert.strictEqual(logged.token, secureToken);
      assert.strictEqual(logged.tokenField, 'SecureToken');
      const viaToken = await call('CreateDownloadRequest', secureToken, { DownloadItems: [{ DownloadToken: pack }] });
      assert.strictEqual(viaToken.header.Status, 'Success');
      assert.strictEqual(server.requestsFor('CreateDownloadRequest')[1].tokenField, 'Token');
    });

    test('a DownloadToken expires 24 hours after it was issued, on the fake clock: ExpiredToken', async () => {
      const first = await signIn();
      const pack = await downloadToken(first.secureToken, '83454800', 'ImagePack');
      const rfs = await downloadToken(first.secureToken, '83454800', 'RoyaltyFreeSubscription');
      server.advanceClock(24 * 60 - 1);
      assert.strictEqual((await download((await signIn()).secureToken, [pack]))[0].Status, 'Success');
      server.advanceClock(1);
      const urls = await download((await signIn()).secureToken, [pack, rfs]);
      assert.deepStrictEqual(
        urls.map((u) => [u.ImageId, u.Status, u.UrlAttachment]),
        [['83454800', 'ExpiredToken', null], ['83454800', 'ExpiredToken', null]],
      );
    });

    test('each non-free download uses up one of its offering; free ones do not; at zero: NoAccess', async () => {
      const { secureToken } = await signIn();
      assert.strictEqual(server.downloadsRemaining('ImagePack'), 10);
      assert.strictEqual(server.downloadsRemaining('RoyaltyFreeSubscription'), 250);
      assert.strictEqual(server.downloadsRemaining('PremiumAccess'), undefined);
      const pack = await downloadToken(secureToken, '83454800', 'ImagePack');
      const rfs = await downloadToken(secureToken, '83454800', 'RoyaltyFreeSubscription');
      const premium = await downloadToken(secureToken, '200275431-001', 'PremiumAccess');
      await download(secureToken, [pack, rfs, premium]);
      assert.strictEqual(server.downloadsRemaining('ImagePack'), 9);
      assert.strictEqual(server.downloadsRemaining('RoyaltyFreeSubscription'), 250, 'DownloadIsFree does not count');
      assert.strictEqual(server.downloadsRemaining('PremiumAccess'), undefined);

      server.setDownloadsRemaining('ImagePack', 1);
      const urls = await download(secureToken, [pack, pack, rfs]);
      assert.deepStrictEqual(
        urls.map((u) => [u.ImageId, u.Status, u.UrlAttachment === null]),
        [['83454800', 'Success', false], ['83454800', 'NoAccess', true], ['83454800', 'Success', false]],
      );
      assert.strictEqual(server.downloadsRemaining('ImagePack'), 0);
    });

    test('the authorizations handed out afterwards carry the current DownloadsRemaining', async () => {
      const { secureToken } = await signIn();
      const pack = await downloadToken(secureToken, '83454800', 'ImagePack');
      await download(secureToken, [pack, pack, pack]);
      const [image] = await largest(secureToken, ['83454800']);
      assert.strictEqual(image.Authorizations.find((a) => a.ProductOfferingType === 'ImagePack')?.DownloadsRemaining, 7);
      const a = await call('GetImageDownloadAuthorizations', secureToken, { ImageSizes: [{ ImageId: '83454800', SizeKey: 'Small' }] });
      const auths = (a.result as { Images: { Authorizations: Authorization[] }[] }).Images[0].Authorizations;
      assert.deepStrictEqual(
        auths.map((x) => [x.ProductOfferingType, x.DownloadsRemaining]),
        [['RoyaltyFreeSubscription', 250], ['ImagePack', 7]],
      );
    });

    test('unavailableImages: Unavailable, and no download used up', async () => {
      const { secureToken } = await signIn();
      const pack = await downloadToken(secureToken, '83454800', 'ImagePack');
      const premium = await downloadToken(secureToken, '200275431-001', 'PremiumAccess');
      server.quirks.unavailableImages = ['83454800'];
      const urls = await download(secureToken, [pack, premium]);
      assert.deepStrictEqual(
        urls.map((u) => [u.ImageId, u.Status, u.UrlAttachment === null]),
        [['83454800', 'Unavailable', true], ['200275431-001', 'Success', false]],
      );
      assert.strictEqual(server.downloadsRemaining('ImagePack'), 10);
    });

    test('downloadStatusAvailable: "Available" instead of "Success", still with the URL', async () => {
      const { secureToken } = await signIn();
      server.quirks.downloadStatusAvailable = true;
      const [url] = await download(secureToken, [await downloadToken(secureToken, 'sb10069478a-001', 'EditorialSubscription')]);
      assert.strictEqual(url.Status, 'Available');
      assert.ok(url.UrlAttachment);
    });

    test('needs a user session secure token; an empty DownloadItems is InvalidRequest', async () => {
      const { secureToken, token } = await signIn();
      const pack = await downloadToken(secureToken, '83454800', 'ImagePack');
      assertError(await call('CreateDownloadRequest', await appToken(), { DownloadItems: [{ DownloadToken: pack }] }), 'AUTH-021');
      assertError(await call('CreateDownloadRequest', token, { DownloadItems: [{ DownloadToken: pack }] }), 'AUTH-023');
      assertError(await call('CreateDownloadRequest', secureToken, { DownloadItems: [] }), 'InvalidRequest');
      assert.strictEqual(server.downloadsRemaining('ImagePack'), 10);
    });

    test('httpsOnly over plain http: AUTH-002 (OperationRequiresHttps) for CreateDownloadRequest, AUTH-014 for the others', async () => {
      const { secureToken } = await signIn();
      server.quirks.httpsOnly = true;
      assertError(await call('CreateDownloadRequest', secureToken, { DownloadItems: [{ DownloadToken: 'x' }] }), 'AUTH-002');
      assertError(await call('GetImageDetails', secureToken, { ImageIds: ['83454800'] }), 'AUTH-014');
      assertError(await call('GetLargestImageDownloadAuthorizations', secureToken, { Images: [{ ImageId: '83454800' }] }), 'AUTH-014');
      server.quirks.namedCodes = true;
      assertError(await call('CreateDownloadRequest', secureToken, { DownloadItems: [{ DownloadToken: 'x' }] }), 'OperationRequiresHttps');
    });
  });

  suite('attachments', () => {
    async function attachmentUrl(imageId = '83454800', offering = 'ImagePack'): Promise<string> {
      const { secureToken } = await signIn();
      const [url] = await download(secureToken, [await downloadToken(secureToken, imageId, offering)]);
      return url.UrlAttachment as string;
    }

    test('a GET returns the JPEG with its content type, length and attachment file name', async () => {
      const res = await request(await attachmentUrl('83454800', 'ImagePack'));
      assert.strictEqual(res.status, 200);
      assert.strictEqual(res.headers['content-type'], 'image/jpeg');
      assert.strictEqual(res.headers['content-disposition'], 'attachment; filename="83454800_Medium.jpg"');
      assert.strictEqual(Number(res.headers['content-length']), res.body.length);
      assert.deepStrictEqual(res.body.subarray(0, 3), JPEG_MAGIC);
      assert.deepStrictEqual(res.body, fixtureJpeg(ATTACHMENT_JPEG));
      assert.deepStrictEqual(
        server.attachmentRequests.map((r) => [r.imageId, r.sizeKey, r.httpStatus, r.bytesSent, r.fault]),
        [['83454800', 'Medium', 200, res.body.length, undefined]],
      );
    });

    test('the file name carries the size the token authorized', async () => {
      const res = await request(await attachmentUrl('200275431-001', 'PremiumAccess'));
      assert.strictEqual(res.headers['content-disposition'], 'attachment; filename="200275431-001_XLarge.jpg"');
    });

    test('an unknown attachment is a 404, logged', async () => {
      const res = await request(`${new URL(server.url).origin}/attachments/0123abcd`);
      assert.strictEqual(res.status, 404);
      assert.deepStrictEqual(
        server.attachmentRequests.map((r) => [r.path, r.httpStatus]),
        [['/attachments/0123abcd', 404]],
      );
    });

    test('truncate fault: the full Content-Length, half the bytes, then the connection drops', async () => {
      const url = await attachmentUrl();
      server.injectFault({ kind: 'truncate' }, { operation: 'Attachment', times: 1 });
      const res = await request(url);
      const full = fixtureJpeg(ATTACHMENT_JPEG).length;
      assert.strictEqual(res.status, 200);
      assert.strictEqual(Number(res.headers['content-length']), full);
      assert.ok(res.error, 'the response broke off');
      assert.strictEqual(res.body.length, Math.floor(full / 2));
      assert.deepStrictEqual(res.body, fixtureJpeg(ATTACHMENT_JPEG).subarray(0, Math.floor(full / 2)));
      assert.deepStrictEqual(
        server.attachmentRequests.map((r) => [r.fault, r.bytesSent]),
        [['truncate', Math.floor(full / 2)]],
      );
      const again = await request(url);
      assert.strictEqual(again.body.length, full, 'times: 1');
    });

    test('delay and HTTP error status faults; an unscoped fault leaves attachments alone', async () => {
      const url = await attachmentUrl();
      server.injectFault({ kind: 'http500' });
      assert.strictEqual((await request(url)).status, 200, 'a fault without a target is for the operations only');
      server.clearFaults();
      server.injectFault({ kind: 'delay', ms: 150 }, { operation: 'Attachment', times: 1 });
      const started = Date.now();
      const delayed = await request(url);
      assert.ok(Date.now() - started >= 140, `took ${Date.now() - started} ms`);
      assert.strictEqual(delayed.status, 200);
      server.injectFault({ kind: 'httpStatus', status: 403 }, { operation: 'Attachment', times: 1 });
      assert.strictEqual((await request(url)).status, 403);
      server.injectFault({ kind: 'http500' }, { operation: 'Attachment', times: 1 });
      assert.strictEqual((await request(url)).status, 500);
      server.injectFault({ kind: 'httpStatus', status: 503, retryAfterSeconds: 2 }, { operation: 'Attachment', times: 1 });
      const busy = await request(url);
      assert.strictEqual(busy.status, 503);
      assert.strictEqual(busy.headers['retry-after'], '2');
      assert.deepStrictEqual(
        server.attachmentRequests.map((r) => [r.httpStatus, r.fault]),
        [[200, undefined], [200, 'delay 150'], [403, 'httpStatus'], [500, 'http500'], [503, 'httpStatus']],
      );
    });

    test('attachmentBytes: a big attachment, the JPEG then generated bytes, streamed', async () => {
      const size = 20 * 1024 * 1024 + 123;
      server.quirks.attachmentBytes = size;
      const url = await attachmentUrl();
      const res = await new Promise<{ length: number; head: Buffer; complete: boolean; contentLength: number }>((resolve, reject) => {
        http
          .get(url, { agent: false }, (r) => {
            let length = 0;
            let head = Buffer.alloc(0);
            r.on('data', (c: Buffer) => {
              if (head.length < 4) head = Buffer.concat([head, c]).subarray(0, 4);
              length += c.length;
            });
            r.on('end', () => resolve({ length, head, complete: r.complete, contentLength: Number(r.headers['content-length']) }));
          })
          .on('error', reject);
      });
      assert.deepStrictEqual(res, { length: size, head: fixtureJpeg(ATTACHMENT_JPEG).subarray(0, 4), complete: true, contentLength: size });
      assert.strictEqual(server.attachmentRequests[0].bytesSent, size);
    });
  });

  suite('faults of the new operations', () => {
    for (const [operation, body] of [
      ['GetLargestImageDownloadAuthorizations', { Images: [{ ImageId: '83454800' }] }],
      ['GetImageDetails', { ImageIds: ['83454800'] }],
      ['CreateDownloadRequest', { DownloadItems: [{ DownloadToken: 'dlt_x' }] }],
    ] as const) {
      test(`${operation}: an injected Error status, HTTP status and truncated body hit it and nothing else`, async () => {
        const { secureToken } = await signIn();
        server.injectFault({ kind: 'status', status: 'Error', code: 'SystemError', message: 'down' }, { operation, times: 1 });
        assertError(await call('GetImageDownloadAuthorizations', 'sec_nope', { ImageSizes: [{ ImageId: '1', SizeKey: 'Small' }] }), 'InvalidRequest');
        assertError(await call(operation, secureToken, body), 'SystemError');
        assert.strictEqual((await call(operation, secureToken, body)).header.Status, 'Success');

        server.injectFault({ kind: 'httpStatus', status: 429 }, { operation, times: 1 });
        const url = `${server.url}/${GROUPS[operation]}/${operation}`;
        const payload = JSON.stringify({ RequestHeader: { Token: secureToken }, [`${operation}RequestBody`]: body });
        const limited = await request(url, { method: 'POST', body: payload });
        assert.strictEqual(limited.status, 429);

        server.injectFault({ kind: 'truncate' }, { operation, times: 1 });
        const cut = await request(url, { method: 'POST', body: payload });
        assert.strictEqual(cut.status, 200);
        assert.ok(cut.error);
        assert.ok(cut.body.length < Number(cut.headers['content-length']));
        assert.throws(() => JSON.parse(cut.body.toString('utf8')));
        assert.deepStrictEqual(
          server.requestsFor(operation).map((r) => [r.httpStatus, r.fault ?? null]),
          [[200, 'status'], [200, null], [429, 'httpStatus'], [200, 'truncate']],
        );
      });
    }
  });

  test('reset() puts every new switch, counter, token and log back', async () => {
    const { secureToken } = await signIn();
    const pack = await downloadToken(secureToken, '83454800', 'ImagePack');
    const [url] = await download(secureToken, [pack]);
    await request(url.UrlAttachment as string);
    server.setDownloadsRemaining('RoyaltyFreeSubscription', 0);
    server.quirks = { largestListsUnauthorized: true, downloadStatusAvailable: true, unavailableImages: ['83454800'], attachmentBytes: 1e6 };
    server.injectFault({ kind: 'truncate' }, { operation: 'Attachment' });

    server.reset();
    assert.deepStrictEqual(server.quirks, {});
    assert.strictEqual(server.downloadsRemaining('ImagePack'), OFFERINGS.ImagePack.downloadsRemaining);
    assert.strictEqual(server.downloadsRemaining('RoyaltyFreeSubscription'), 250);
    assert.deepStrictEqual([server.issuedDownloadTokens.length, server.attachmentRequests.length, server.pictureRequests.length, server.requests.length], [0, 0, 0, 0]);
    assert.strictEqual((await request(url.UrlAttachment as string)).status, 404, 'attachments are forgotten');
    const fresh = await signIn();
    assert.strictEqual((await download(fresh.secureToken, [pack]))[0].Status, 'InvalidToken', 'DownloadTokens are forgotten');
    const freshUrl = (await download(fresh.secureToken, [await downloadToken(fresh.secureToken, '83454800', 'ImagePack')]))[0].UrlAttachment as string;
    const res = await request(freshUrl);
    assert.strictEqual(res.body.length, fixtureJpeg(ATTACHMENT_JPEG).length, 'no fault, normal size');
  });
});
