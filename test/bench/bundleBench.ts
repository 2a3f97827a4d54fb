// Bundle: the size of the minified bundle (a production build into a temporary
// folder, with esbuild's metafile naming the heaviest inputs) and, when asked, of
// the .vsix that `npm run package` builds. No baseline but the targets.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { kb, Row } from './report';

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

/** Bytes in the bundle per package (node_modules/<name>) or per source folder. */
export function heaviest(meta: Metafile, top = 5): [string, number][] {
  const by = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const key = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file.includes(':') ? file.split(':')[0] : path.dirname(file));
      by.set(key, (by.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...by].sort((a, b) => b[1] - a[1]).slice(0, top);
}

export function bundleRows(repoRoot: string, options: { vsix: boolean }): Row[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'getty-bench-bundle-'));
  try {
    const outfile = path.join(dir, 'extension.js');
    execFileSync(process.execPath, ['esbuild.mjs', '--production', '--metafile', `--outfile=${outfile}`], { cwd: repoRoot, stdio: 'inherit' });
    const bytes = fs.statSync(outfile).size;
    const top = heaviest(JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Metafile);
    const rows: Row[] = [
      {
        figure: 'bundle: minified dist/extension.js',
        baseline: `heaviest: ${top.slice(0, 3).map(([k, b]) => `${k} ${kb(b)}`).join(', ')}`,
        value: kb(bytes),
        target: '< 150 KB',
        pass: bytes < 150_000,
        data: { bytes, ...Object.fromEntries(top.map(([k, b]) => [`input ${k}`, b])) },
      },
    ];
    if (options.vsix) {
      const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
      execFileSync(process.execPath, ['scripts/package.mjs'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
      const vsix = path.join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
      const vsixBytes = fs.statSync(vsix).size;
      fs.mkdirSync(path.join(repoRoot, 'test-artifacts'), { recursive: true });
      fs.renameSync(vsix, path.join(repoRoot, 'test-artifacts', path.basename(vsix)));
      rows.push({ figure: 'bundle: .vsix (npm run package)', baseline: 'none (absolute)', value: kb(vsixBytes), target: '< 100 KB', pass: vsixBytes < 100_000, data: { bytes: vsixBytes } });
    }
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
