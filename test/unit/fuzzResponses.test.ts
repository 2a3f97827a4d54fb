// Fuzzing the response parsing of every Connect operation: generated and
// mutated response bodies go through the real client (transport's body
// parsing, the envelope check, the operation's mapping) with only the network
// replaced (an axios adapter answers). Whatever arrives, the call ends with a
// result of the documented shape or one of the typed ConnectErrors; nothing
// else escapes. Then the same parsing at growing sizes, to show it is linear.
import * as assert from 'assert';
import axios, { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import * as fc from 'fast-check';
import { ConnectClient, ConnectError, forgetSecrets, Operation } from '../../src/connect';
import { readResponse } from '../../src/connect/envelope';
import { toDownloadUrls, toImageAuthorizations, toImageDetails, toLargestAuthorizations, toSessionTokens } from '../../src/connect/mapping';
import { figure, FUZZ_RUNS, FUZZ_SEED, measureGrowth } from './support/fuzz';

const OPERATIONS: Operation[] = [
  'CreateSession',
  'CreateApplicationSession',
  'RenewSession',
  'GetImageDownloadAuthorizations',
  'GetLargestImageDownloadAuthorizations',
  'GetImageDetails',
  'CreateDownloadRequest',
];

/** Stands for the request's CoordinationId in a generated body; the fake network puts the real one in. */
const CID = '@@cid@@';

/** What the fake network answers: an HTTP status, headers and a body. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Calls `operation` on `client` the way the extension does. */
function call(client: ConnectClient, operation: Operation): Promise<unknown> {
  const creds = { systemId: 'sys', systemPassword: 'system-secret' };
  switch (operation) {
    case 'CreateSession':
      return client.createSession({ ...creds, userName: 'user', userPassword: 'user-secret' });
    case 'CreateApplicationSession':
      return client.createApplicationSession(creds);
    case 'RenewSession':
      return client.renewSession('secure-token', creds);
    case 'GetImageDownloadAuthorizations':
      return client.getImageDownloadAuthorizations('secure-token', [{ imageId: '83454800', sizeKey: 'Large' }]);
    case 'GetLargestImageDownloadAuthorizations':
      return client.getLargestImageDownloadAuthorizations('secure-token', ['83454800']);
    case 'GetImageDetails':
      return client.getImageDetails('secure-token', ['83454800']);
    case 'CreateDownloadRequest':
      return client.createDownloadRequest('secure-token', ['download-token']);
  }
}

/* ------------------------------------------------------------ generators -- */

// Keys that trip careless code: prototype names, and the documented names in other casings.
const trickyKey = fc.constantFrom('toString', 'valueOf', '__proto__', 'constructor', 'hasOwnProperty', '', ' ', 'ImageId', 'imageid', 'Status');
const anyKey = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 1, arbitrary: trickyKey });

/** Any JSON value, keys included tricky ones, nested a few levels. */
const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.string({ maxLength: 12 }),
    fc.constantFrom('', ' ', 'true', 'false', '30', '-1', 'NaN', '1e400', '/Date(1297286970531-0800)/', '/Date(x)/', '2024-13-45'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(anyKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** `good` nine times in ten, else one of `bad`. */
function mostly<T>(good: T, ...bad: T[]): fc.Arbitrary<T> {
  return fc.oneof({ weight: 9, arbitrary: fc.constant(good) }, { weight: 1, arbitrary: fc.constantFrom(...bad) });
}

/** A field that is usually the documented kind of value and sometimes anything at all. */
function usually<T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: fc.constant(undefined) });
}

const text = fc.string({ maxLength: 16 });
const token = fc.oneof({ weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{4,24}$/) }, { weight: 1, arbitrary: fc.constantFrom('', 'abc', 'null') });
const number = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -5, max: 100 }) }, { weight: 1, arbitrary: fc.constantFrom('30', ' 30 ', '', 'x', '1e3', '-0') });
const bool = fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'True', 'yes', 0, 1) });

/** A record of `fields` (a field `usually` gives undefined is left out), sometimes in lower case or with extra keys beside it. */
function record(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(fc.record(fields), fc.dictionary(anyKey, anyJson, { maxKeys: 2 }), fc.boolean())
    .map(([known, extra, recase]) => {
      const out: Record<string, unknown> = { ...extra };
      for (const [key, value] of Object.entries(known)) {
        if (value !== undefined) out[recase ? key.toLowerCase() : key] = value;
      }
      return out;
    });
}

function list(item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return usually(fc.array(usually(item), { maxLength: 3 }));
}

const authorization = record({
  ProductOfferingType: usually(text),
  ProductOfferingInstanceId: usually(text),
  InstanceId: usually(text),
  DownloadIsFree: usually(bool),
  DownloadToken: usually(token),
  DownloadsRemaining: usually(number),
  SizeKey: usually(text),
});

const RESULTS: Record<Operation, fc.Arbitrary<Record<string, unknown>>> = {
  CreateSession: record({ Token: usually(token), SecureToken: usually(token), TokenDurationMinutes: usually(number), AccountId: usually(text) }),
  CreateApplicationSession: record({ Token: usually(token), TokenDurationMinutes: usually(number) }),
  RenewSession: record({ Token: usually(token), SecureToken: usually(token), TokenDurationMinutes: usually(number) }),
  GetImageDownloadAuthorizations: record({
    Images: list(record({ ImageId: usually(text), SizeKey: usually(text), Status: usually(text), Authorizations: list(authorization) })),
  }),
  GetLargestImageDownloadAuthorizations: record({
    Images: list(record({ ImageId: usually(text), Authorizations: list(authorization) })),
  }),
  GetImageDetails: record({
    Images: list(
      record({
        ImageId: usually(text),
        Title: usually(text),
        Caption: usually(text),
        DateCreated: usually(fc.oneof(fc.integer().map((ms) => `/Date(${ms}-0800)/`), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()))),
        ApplicableProductOfferings: list(text),
        SizesDownloadableImages: list(
          record({ SizeKey: usually(text), SizeName: usually(text), PixelWidth: usually(number), PixelHeight: usually(number), FileSizeInBytes: usually(number) }),
        ),
      }),
    ),
  }),
  CreateDownloadRequest: record({
    DownloadUrls: list(record({ ImageId: usually(text), SizeName: usually(text), Status: usually(text), UrlAttachment: usually(text) })),
  }),
};

const statusEntry = record({ Type: usually(fc.constantFrom('Error', 'Warning', 'Information')), Code: usually(text), Message: usually(text) });

/** A Connect envelope for `operation`, mostly well-formed, with every part liable to be wrong. */
function envelope(operation: Operation): fc.Arbitrary<unknown> {
  return fc
    .record({
      status: usually(fc.oneof({ weight: 4, arbitrary: fc.constant('Success') }, fc.constantFrom('success', 'Warning', 'Error', 'error', 'Pending'))),
      statusList: list(statusEntry),
      echo: mostly<'same' | 'absent' | 'other' | 'null' | 'object'>('same', 'absent', 'other', 'null', 'object'),
      headerKey: mostly('ResponseHeader', 'responseheader', 'Header'),
      resultKey: mostly(`${operation}Result`, `${operation}result`.toLowerCase(), 'Result'),
      result: fc.oneof({ weight: 12, arbitrary: RESULTS[operation] }, { weight: 1, arbitrary: anyJson }),
    })
    .map((e) => {
      const echoed = { same: CID, absent: undefined, other: 'another-request', null: null, object: { toString: 1 } }[e.echo];
      const header: Record<string, unknown> = { Status: e.status, StatusList: e.statusList };
      if (echoed !== undefined) header.CoordinationId = echoed;
      return { [e.headerKey]: header, [e.resultKey]: e.result };
    });
}

/** Text edits that break a body the way a cut connection or a bad proxy does. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('"', ',', '{', ']', '\\', '\u0000', 'null', '}}', '\uD800', '/*') }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(body: string, edits: Mutation[]): string {
  let out = body;
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % (out.length + 1);
    if (edit.kind === 'truncate') out = out.slice(0, at);
    else if (edit.kind === 'delete') out = out.slice(0, at) + out.slice(at + edit.length);
    else out = out.slice(0, at) + edit.text + out.slice(at);
  }
  return out;
}

function answer(operation: Operation): fc.Arbitrary<Answer> {
  const body = fc.oneof(
    { weight: 10, arbitrary: envelope(operation).map((e) => JSON.stringify(e)) },
    {
      weight: 3,
      arbitrary: fc.tuple(envelope(operation), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([e, edits]) => mutate(JSON.stringify(e), edits)),
    },
    { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? '') },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '<html><body>502 Bad Gateway</body></html>', 'null', '[]', '{}', '"text"') },
  );
  return fc.record({
    status: fc.oneof({ weight: 8, arbitrary: fc.constant(200) }, { weight: 1, arbitrary: fc.constantFrom(204, 301, 400, 401, 404, 408, 429, 500, 502, 503) }),
    headers: fc.oneof(
      fc.constant({ 'content-type': 'application/json' }),
      fc.record({ 'retry-after': fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('5', 'Wed, 21 Oct 2015 07:28:00 GMT', '-1', '99999999999')) }),
    ),
    body,
  });
}

/* -------------------------------------------------------------- the fuzz -- */

/** Answers every request with `next`, echoing or not the request's CoordinationId as the answer says. */
function fakeNetwork(next: () => Answer): AxiosAdapter {
  return (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    const request = JSON.parse(String(config.data)) as { RequestHeader: { CoordinationId: string } };
    const a = next();
    return Promise.resolve({ data: a.body.split(CID).join(request.RequestHeader.CoordinationId), status: a.status, statusText: '', headers: a.headers, config, request: {} });
  };
}

/** The documented shape of a successful result, so that a wrong "success" fails too. */
function assertShape(operation: Operation, result: unknown): void {
  if (operation === 'CreateSession' || operation === 'CreateApplicationSession' || operation === 'RenewSession') {
    const tokens = result as { token: unknown; tokenDurationMinutes: unknown; secureToken?: unknown };
    assert.ok(typeof tokens.token === 'string' && tokens.token !== '', 'a session has a token');
    assert.ok(typeof tokens.tokenDurationMinutes === 'number' && tokens.tokenDurationMinutes >= 0, 'a duration in minutes');
    if (operation === 'CreateSession') assert.ok(typeof tokens.secureToken === 'string' && tokens.secureToken !== '', 'a user session has a SecureToken');
    return;
  }
  assert.ok(Array.isArray(result), `${operation} gives a list`);
  for (const item of result as Record<string, unknown>[]) {
    if (operation !== 'CreateDownloadRequest') assert.ok(typeof item.imageId === 'string' && item.imageId !== '', 'every image has an ID');
    for (const auth of (item.authorizations ?? []) as Record<string, unknown>[]) {
      assert.ok(typeof auth.downloadToken === 'string' && auth.downloadToken !== '', 'every authorization has a DownloadToken');
      assert.strictEqual(typeof auth.downloadIsFree, 'boolean');
    }
  }
}

suite('fuzz: Connect response parsing, every operation', function () {
  this.timeout(120_000);
  const original = axios.defaults.adapter;
  teardown(() => {
    axios.defaults.adapter = original;
    forgetSecrets();
  });

  for (const operation of OPERATIONS) {
    test(`${operation}: ${FUZZ_RUNS} generated and mutated answers end in a result or a typed error`, async () => {
      let current: Answer | undefined;
      axios.defaults.adapter = fakeNetwork(() => current!);
      const client = new ConnectClient({ baseUrl: 'https://connect.example.test/v1', timeoutMs: 5000 });
      const outcomes = { results: 0, typedErrors: 0 };
      const escapes: string[] = [];
      const details = await fc.check(
        fc.asyncProperty(answer(operation), async (a) => {
          current = a;
          forgetSecrets(); // each input stands alone; the redaction list is not under test here
          try {
            assertShape(operation, (await call(client, operation) as { result: unknown }).result);
            outcomes.results++;
          } catch (err) {
            if (err instanceof assert.AssertionError) throw err;
            if (!(err instanceof ConnectError)) {
              escapes.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
              throw err;
            }
            assert.ok(err.message.length > 0, 'a typed error says what failed');
            outcomes.typedErrors++;
          }
        }),
        { seed: FUZZ_SEED, numRuns: FUZZ_RUNS },
      );
      figure(`fuzz ${operation} response: ${details.numRuns} inputs, seed ${FUZZ_SEED}, ${escapes.length} escapes (${outcomes.results} results, ${outcomes.typedErrors} typed errors)`);
      assert.ok(!details.failed, `${escapes[0] ?? ''}\n${fc.defaultReportMessage(details) ?? 'the property failed'}`);
      assert.ok(details.numRuns >= FUZZ_RUNS);
      assert.ok(outcomes.results > FUZZ_RUNS / 10 && outcomes.typedErrors > FUZZ_RUNS / 10, `both outcomes are exercised: ${JSON.stringify(outcomes)}`);
    });
  }
});

/* ----------------------------------------------------------------- growth -- */

suite('fuzz: Connect response parsing takes linear time', () => {
  const raw = (body: unknown) => ({ httpStatus: 200, statusText: 'OK', body });
  const ok = (operation: Operation, result: unknown, extra: Record<string, unknown> = {}) =>
    raw({ ResponseHeader: { Status: 'Success', StatusList: [], CoordinationId: CID, ...extra }, [`${operation}Result`]: result });
  /** Parses like the client does, typed errors counted as an outcome. */
  const parse = (operation: Operation, map: (r: Record<string, unknown>, where: string) => unknown) => (r: ReturnType<typeof raw>) => {
    try {
      map(readResponse(operation, r, CID).result, `${operation}Result`);
    } catch (err) {
      if (!(err instanceof Error) || err instanceof TypeError || err instanceof RangeError) throw err;
    }
  };
  const auth = (i: number) => ({ ProductOfferingType: 'EditorialSubscription', DownloadIsFree: false, DownloadToken: `dlt_${i}`, SizeKey: 'Large' });

  const cases: [string, number, (n: number) => ReturnType<typeof raw>, (r: ReturnType<typeof raw>) => void][] = [
    ['n images with authorizations', 200, (n) => ok('GetImageDownloadAuthorizations', { Images: Array.from({ length: n }, (_, i) => ({ ImageId: String(1e7 + i), SizeKey: 'Large', Authorizations: [auth(i)] })) }), parse('GetImageDownloadAuthorizations', toImageAuthorizations)],
    ['n largest-size images', 200, (n) => ok('GetLargestImageDownloadAuthorizations', { Images: Array.from({ length: n }, (_, i) => ({ ImageId: String(1e7 + i), Authorizations: [auth(i)] })) }), parse('GetLargestImageDownloadAuthorizations', toLargestAuthorizations)],
    ['n image details', 100, (n) => ok('GetImageDetails', { Images: Array.from({ length: n }, (_, i) => ({ ImageId: String(1e7 + i), Title: 'T', DateCreated: '/Date(1297286970531-0800)/', SizesDownloadableImages: [{ SizeKey: 'Large', PixelWidth: 5 }] })) }), parse('GetImageDetails', toImageDetails)],
    ['n download URLs', 200, (n) => ok('CreateDownloadRequest', { DownloadUrls: Array.from({ length: n }, (_, i) => ({ ImageId: String(i), Status: 'Success', UrlAttachment: `https://x.test/${i}` })) }), parse('CreateDownloadRequest', toDownloadUrls)],
    ['n StatusList entries in an Error', 200, (n) => raw({ ResponseHeader: { Status: 'Error', StatusList: Array.from({ length: n }, (_, i) => ({ Type: 'Error', Code: `Code${i}`, Message: 'm' })) } }), parse('GetImageDetails', toImageDetails)],
    ['a token of n characters', 10_000, (n) => ok('CreateSession', { Token: 'a'.repeat(n), SecureToken: 'b'.repeat(n), TokenDurationMinutes: 30 }), parse('CreateSession', (r, w) => toSessionTokens(r, w, true))],
    ['a DateCreated of n digits', 10_000, (n) => ok('GetImageDetails', { Images: [{ ImageId: '1', DateCreated: `/Date(${'1'.repeat(n)}x` }] }), parse('GetImageDetails', toImageDetails)],
    ['a field nested n levels deep', 1_000, (n) => ok('CreateSession', { Token: 't', SecureToken: 's', TokenDurationMinutes: JSON.parse('['.repeat(n) + ']'.repeat(n)) }), parse('CreateSession', (r, w) => toSessionTokens(r, w, true))],
    ['a wrong Status nested n levels deep', 1_000, (n) => raw({ ResponseHeader: { Status: JSON.parse('['.repeat(n) + ']'.repeat(n)) } }), parse('CreateSession', (r, w) => toSessionTokens(r, w, true))],
  ];
  for (const [name, small, make, run] of cases) {
    test(`${name}: 16 × the size costs at most 96 × the time`, () => {
      const growth = measureGrowth(small, make, run);
      figure(`growth response parsing, ${name}: × ${growth.sizeRatio} size (up to n = ${growth.size}) → × ${growth.ratio.toFixed(1)} time (bound ${growth.bound})`);
      assert.ok(growth.ratio <= growth.bound, `${name}: × ${growth.ratio.toFixed(1)} time for × ${growth.sizeRatio} size`);
    });
  }
});

suite('fuzz findings: response values that used to escape as TypeError or RangeError', () => {
  const raw = (body: unknown) => ({ httpStatus: 200, statusText: 'OK', body });
  const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;

  test('an object with a "toString" key as CoordinationId, Status or StatusList entry is a protocol error or an API error', () => {
    const trap = JSON.parse('{"toString": 1}') as unknown;
    assert.throws(() => readResponse('CreateSession', raw({ ResponseHeader: { Status: 'Success', CoordinationId: trap } }), 'c-1'), /echoes CoordinationId \{"toString":1\} instead of c-1/);
    assert.throws(() => readResponse('CreateSession', raw({ ResponseHeader: { Status: trap } }), 'c-1'), /ResponseHeader.Status is \{"toString":1\}, not Success/);
    assert.throws(
      () => readResponse('CreateSession', raw({ ResponseHeader: { Status: 'Error', StatusList: [{ Type: trap, Code: trap, Message: 'm' }] } }), 'c-1'),
      (err: unknown) => err instanceof ConnectError && /no code: m/.test(err.message),
    );
  });

  test('a value nested 100,000 levels deep is described, not written out', () => {
    assert.throws(() => toSessionTokens({ Token: 't', TokenDurationMinutes: deep }, 'CreateSessionResult', false), /TokenDurationMinutes is a list of 1 item, not a number of minutes/);
    assert.throws(() => readResponse('CreateSession', raw({ ResponseHeader: { Status: deep } }), 'c-1'), /Status is a list of 1 item/);
  });
});
