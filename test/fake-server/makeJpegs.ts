// Makes the small JPEGs the fake Connect server serves (test/fixtures/images/):
// a 160x120 thumbnail per catalog image, a generic thumbnail for any other ID, and
// two 640x480 pictures (the download "file", and its watermarked preview). Each is a
// coloured gradient with the image ID written on it, drawn on a canvas in headless
// Chromium and saved from canvas.toDataURL('image/jpeg'). Compiled with the tests,
// never run by them; the files it writes are committed. To make them again:
//
//   npm run --silent compile-tests && node out/test/fake-server/makeJpegs.js
import * as fs from 'fs';
import * as path from 'path';
import { launchChromium, REPO_ROOT } from '../host/vscodeHost';

export interface JpegSpec {
  file: string;
  width: number;
  height: number;
  /** Two gradient colours, top left to bottom right. */
  colours: [string, string];
  lines: string[];
  watermark?: boolean;
}

export const JPEGS: JpegSpec[] = [
  { file: 'thumb-83454800.jpg', width: 160, height: 120, colours: ['#ff7e29', '#3a1c71'], lines: ['83454800'] },
  { file: 'thumb-sb10069478a-001.jpg', width: 160, height: 120, colours: ['#0f2027', '#2c92b8'], lines: ['sb10069478a-001'] },
  { file: 'thumb-200275431-001.jpg', width: 160, height: 120, colours: ['#d31027', '#f7d51d'], lines: ['200275431-001'] },
  { file: 'thumb-12345678.jpg', width: 160, height: 120, colours: ['#283048', '#859398'], lines: ['12345678'] },
  { file: 'thumb-generic.jpg', width: 160, height: 120, colours: ['#11998e', '#38ef7d'], lines: ['any ID'] },
  { file: 'download-640x480.jpg', width: 640, height: 480, colours: ['#4568dc', '#b06ab3'], lines: ['Getty Connect', 'fake download'] },
  { file: 'watermark-640x480.jpg', width: 640, height: 480, colours: ['#4568dc', '#b06ab3'], lines: ['Getty Connect', 'fake preview'], watermark: true },
];

async function main(): Promise<void> {
  const outDir = path.join(REPO_ROOT, 'test', 'fixtures', 'images');
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    for (const spec of JPEGS) {
      // The function runs in the page: canvas, gradient, text, JPEG data URL.
      const dataUrl = await page.evaluate((s: JpegSpec) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const doc = (globalThis as any).document;
        const canvas = doc.createElement('canvas');
        canvas.width = s.width;
        canvas.height = s.height;
        const ctx = canvas.getContext('2d');
        const gradient = ctx.createLinearGradient(0, 0, s.width, s.height);
        gradient.addColorStop(0, s.colours[0]);
        gradient.addColorStop(1, s.colours[1]);
        ctx.fillStyle = gradient;
        ctx.fillRect(0, 0, s.width, s.height);
        ctx.strokeStyle = 'rgba(255,255,255,0.6)';
        ctx.lineWidth = Math.max(2, s.width / 80);
        ctx.strokeRect(ctx.lineWidth, ctx.lineWidth, s.width - 2 * ctx.lineWidth, s.height - 2 * ctx.lineWidth);
        const fontPx = Math.round(s.width / (s.width < 300 ? 11 : 12));
        ctx.font = `bold ${fontPx}px sans-serif`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillStyle = '#ffffff';
        ctx.shadowColor = 'rgba(0,0,0,0.6)';
        ctx.shadowBlur = 4;
        s.lines.forEach((line, i) => ctx.fillText(line, s.width / 2, s.height / 2 + (i - (s.lines.length - 1) / 2) * fontPx * 1.3));
        if (s.watermark) {
          ctx.save();
          ctx.translate(s.width / 2, s.height / 2);
          ctx.rotate(-Math.PI / 6);
          ctx.font = `bold ${Math.round(fontPx * 1.4)}px sans-serif`;
          ctx.fillStyle = 'rgba(255,255,255,0.35)';
          ctx.fillText('WATERMARK', 0, 0);
          ctx.restore();
        }
        return canvas.toDataURL('image/jpeg', s.width < 300 ? 0.8 : 0.6) as string;
      }, spec);
      const bytes = Buffer.from(dataUrl.replace(/^data:image\/jpeg;base64,/, ''), 'base64');
      fs.writeFileSync(path.join(outDir, spec.file), bytes);
      console.log(`${spec.file}: ${spec.width}x${spec.height}, ${bytes.length} bytes`);
    }
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
