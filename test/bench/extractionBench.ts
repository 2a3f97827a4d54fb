// ID extraction: 100,000 IDs from about 1 MB of plain text and from a 10 MB
// search-response JSON, and the same at a tenth of the size, through the public
// functions the check command calls (so the figure survives a change of parser).
import { extractFromJsonText, extractFromText } from '../../src/authorizations/imageIds';
import { ms, ratio, Row } from './report';
import { median, timeSync } from './stats';

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => String(10_000_000 + i));

/** IDs separated as people paste them: about 10 bytes per ID. */
export function plainText(n: number): string {
  return ids(n).join(', ');
}

/** A search response as the API returns it: about 100 bytes per image, titles and all. */
export function searchResponseJson(n: number): string {
  const images = ids(n).map((id, i) => ({ ImageId: id, Title: `Harbour at dusk ${i}`, ImageFamily: 'Creative', DateCreated: '/Date(1700000000000)/' }));
  return JSON.stringify({ ResponseHeader: { Status: 'success', StatusList: [] }, SearchForImagesResult: { ItemCount: n, Images: images } });
}

function timed(runs: number, fn: () => { images: unknown[] }, expected: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    let found = 0;
    times.push(timeSync(() => (found = fn().images.length)));
    if (found !== expected) throw new Error(`extraction found ${found} IDs, expected ${expected}`);
  }
  return median(times);
}

/** `n` IDs at full size (100,000 in the benchmark). */
export function extractionRows(n = 100_000, runs = 5): Row[] {
  const rows: Row[] = [];
  const cases = [
    { name: 'plain text', make: plainText, extract: extractFromText, limit: 50 },
    { name: 'search-response JSON', make: searchResponseJson, extract: extractFromJsonText, limit: 300 },
  ];
  for (const c of cases) {
    const big = c.make(n);
    const small = c.make(n / 10);
    const tBig = timed(runs, () => c.extract(big), n);
    const tSmall = timed(runs, () => c.extract(small), n / 10);
    const mb = (big.length / 1e6).toFixed(1);
    rows.push({
      figure: `ID extraction: ${n.toLocaleString('en')} IDs, ${mb} MB ${c.name}`,
      baseline: 'none (absolute)',
      value: ms(tBig),
      target: `< ${c.limit} ms`,
      pass: tBig < c.limit,
      data: { ms: tBig, bytes: big.length, ids: n },
    });
    rows.push({
      figure: `ID extraction: ${c.name}, 10x the input`,
      baseline: `1/10 size: ${ms(tSmall)}`,
      value: ratio(tBig / tSmall),
      target: '<= 12x',
      pass: tBig / tSmall <= 12,
      data: { ms: tBig, tenthMs: tSmall, ratio: tBig / tSmall },
    });
  }
  return rows;
}
