#!/usr/bin/env node
// bench/tokenize: token counts of REAL long-CoT text with the model's tokenizer, MB/s (MB = 10^6 UTF-8 bytes), in one run:
//   reference   @huggingface/tokenizers reading the model's tokenizer.json (what every path must reproduce), ids of
//               the first --ref-mb MB; its MB/s is the in-run reference of the ratios
//   fast        src/core/tokenize/fast.ts on one thread, a fresh (cold) chunk cache, one pass over all the text;
//               then a second pass (warm cache)
//   tokens      src/core/tokenize/parallel.ts, what `distillery tokens` runs: --workers threads (default 2), the
//               calling thread one of them (its own cold chunk cache), the workers started only for text that pays
//               for them; loaded before the clock starts, one pass over all the text
//   tokens-start the same with the start-up on the clock: the pool started (tables read from the disk cache, threads
//               booted), one pass, the threads closed; measured first, in a fresh process, as `distillery tokens` pays it
//   tokens-2t   the same pool made to start its workers on this text whatever its size (threshold 0), loaded
//               before the clock: what the threshold saves; `shares` says how much of the text the workers took
// Each line also gives the process's CPU seconds (all threads) for that step: under load, compare those.
// The compact tables' disk cache (src/core/tokenize/tables.ts) is filled by a separate process before the run (a
// first run ever on a machine pays about 0.5 s more once to build it).
// Exactness before speed: fast's ids equal the reference's on the reference's texts; every count of `tokens` equals fast's.
// Text: bench/data/real-traces.jsonl (node bench/fetch-real-traces.mjs: 8.1 MB of Sky-T1 chains of thought from
// NovaSky-AI/SkyThought); without it, the real texts the repository carries (samples/, test/fixtures: about 1 MB, so
// a colder cache). --file F: a JSONL of {"text"} rows or s1-style rows (thinking_trajectories). Never generated text.
//
//   node bench/tokenize.mjs [--file F] [--tokenizer qwen3|qwen2.5|deepseek-r1-distill-qwen|PATH] [--ref-mb 1] [--workers 2]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const arg = (name, d) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : d; };
const real = join(HERE, 'data', 'real-traces.jsonl');
if (!process.argv.includes('--file') && !existsSync(real)) {
  spawnSync(process.execPath, [join(HERE, 'fetch-real-traces.mjs')], { stdio: ['ignore', 'inherit', 'inherit'] });
}
const file = arg('--file') ? resolve(arg('--file')) : existsSync(real) ? real : '';
const tokenizer = arg('--tokenizer', 'qwen3');
const refMb = Number(arg('--ref-mb', 1));
const workers = Number(arg('--workers', 2));
mkdirSync(join(ROOT, 'out', 'bench'), { recursive: true });
const outdir = join(ROOT, 'out', 'bench');
const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' };
await esbuild.build({ ...node, entryPoints: { 'tokenize-worker': join(ROOT, 'src/core/tokenize/worker.ts') }, outdir });
await esbuild.build({
  ...node, outfile: join(outdir, 'tokenize-run.js'),
  stdin: {
    resolveDir: ROOT, loader: 'ts', sourcefile: 'tokenize-run.ts',
    contents: `
      import { readFileSync } from 'node:fs';
      import { referenceTokenizer } from './src/core/tokenize/index';
      import { fastTokenizer } from './src/core/tokenize/fast';
      import { startCountPool } from './src/core/tokenize/parallel';
      import { tokenizerTables } from './src/core/tokenize/tables';
      const [file, tokenizer, refMb, workers, phase] = process.argv.slice(2);
      if (phase === 'tables') { tokenizerTables(tokenizer); process.exit(0); }
      const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
      const texts: string[] = [];
      const add = (t: unknown) => { if (typeof t === 'string' && t) texts.push(t); };
      const jsonl = (f: string) => readFileSync(f, 'utf8').split('\\n').filter(Boolean).map((l) => JSON.parse(l));
      let source = file;
      if (file) {
        for (const r of jsonl(file)) { add(r.text); add(r.thinking_trajectories?.[0]); }
      } else {
        source = 'the repository\\'s real texts (samples/s1k-sample-5, samples/aime24 + math500 solutions, test/fixtures/grade/real-unfinished, test/fixtures/curate/formatting-codeforces)';
        for (const r of jsonl('samples/s1k-sample-5.jsonl')) for (const k of ['question', 'gemini_thinking_trajectory', 'gemini_attempt', 'deepseek_thinking_trajectory', 'deepseek_attempt', 'solution']) add(r[k]);
        for (const f of ['samples/aime24.jsonl', 'samples/math500.jsonl']) for (const r of jsonl(f)) add(r.solution);
        for (const r of jsonl('test/fixtures/grade/real-unfinished.jsonl')) add(r.response);
        for (const r of jsonl('test/fixtures/curate/formatting-codeforces.jsonl')) add(r.text);
      }
      const bytes = (ts: string[]) => ts.reduce((a, t) => a + Buffer.byteLength(t), 0);
      const upTo = (limit: number) => { const out: string[] = []; let b = 0; for (const t of texts) { if (b >= limit) break; out.push(t); b += Buffer.byteLength(t); } return out; };
      (async () => {
        let c0 = cpu();
        let t0 = performance.now();
        const cold = startCountPool(Number(workers), tokenizer, { caller: true });
        const coldCounts = await cold.count(texts);
        await cold.close();
        const coldS = (performance.now() - t0) / 1000, coldCpu = cpu() - c0;
        const pool = startCountPool(Number(workers), tokenizer, { caller: true });
        const ref = referenceTokenizer(tokenizer); ref.count('warm up');
        const refTexts = upTo(Number(refMb) * 1e6);
        c0 = cpu(); t0 = performance.now();
        const refIds = refTexts.map((t) => ref.encode(t));
        const refS = (performance.now() - t0) / 1000, refCpu = cpu() - c0;
        const fast = fastTokenizer(tokenizer);
        fast.count('Warm up: loads the tables (a cold chunk cache all the same).');
        c0 = cpu(); t0 = performance.now();
        const fastCounts = texts.map((t) => fast.count(t));
        const fastS = (performance.now() - t0) / 1000, fastCpu = cpu() - c0;
        c0 = cpu(); t0 = performance.now();
        for (const t of texts) fast.count(t);
        const warmS = (performance.now() - t0) / 1000, warmCpu = cpu() - c0;
        const exactIds = refTexts.every((t, i) => JSON.stringify(fast.encode(t)) === JSON.stringify(refIds[i]));
        await pool.ready();
        c0 = cpu(); t0 = performance.now();
        const poolCounts = await pool.count(texts);
        const poolS = (performance.now() - t0) / 1000, poolCpu = cpu() - c0;
        await pool.close();
        const forced = startCountPool(Number(workers), tokenizer, { caller: true, parallelChars: 0 });
        await forced.count(['Starts the workers; the clock starts when they are loaded.']);
        await forced.ready();
        c0 = cpu(); t0 = performance.now();
        const forcedCounts = await forced.count(texts);
        const forcedS = (performance.now() - t0) / 1000, forcedCpu = cpu() - c0;
        const shares = forced.shares();
        await forced.close();
        const mb = bytes(texts) / 1e6;
        console.log(JSON.stringify({
          source, tokenizer, traces: texts.length, token_count: fastCounts.reduce((a, n) => a + n, 0), stats: fast.stats(),
          reference: { mb: bytes(refTexts) / 1e6, s: refS, cpu: refCpu }, fast: { mb, s: fastS, cpu: fastCpu, exact: exactIds }, 'fast-warm': { mb, s: warmS, cpu: warmCpu, exact: exactIds },
          tokens: { mb, s: poolS, cpu: poolCpu, exact: poolCounts.every((n, i) => n === fastCounts[i]), workers: Number(workers) },
          'tokens-start': { mb, s: coldS, cpu: coldCpu, exact: coldCounts.every((n, i) => n === fastCounts[i]), workers: Number(workers) },
          'tokens-2t': { mb, s: forcedS, cpu: forcedCpu, exact: forcedCounts.every((n, i) => n === fastCounts[i]), workers: Number(workers), worker_share: shares.workers / (shares.workers + shares.caller) },
        }));
      })();
    `,
  },
});
spawnSync(process.execPath, [join(outdir, 'tokenize-run.js'), file, tokenizer, String(refMb), String(workers), 'tables'], { cwd: ROOT, stdio: 'inherit' });
const r = spawnSync(process.execPath, [join(outdir, 'tokenize-run.js'), file, tokenizer, String(refMb), String(workers)], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
if (r.status !== 0) process.exit(r.status ?? 1);
const res = JSON.parse(r.stdout.trim().split('\n').pop());
const rate = (x) => x.mb / x.s;
const refRate = rate(res.reference);
console.log(`text: ${res.source}; ${res.traces} texts, ${res.fast.mb.toFixed(1)} MB, ${res.token_count} tokens (${res.tokenizer}); cache ${res.stats.cached} chunks`);
console.log('name           MB       s   cpu s     MB/s   ratio  exact');
for (const name of ['reference', 'fast', 'fast-warm', 'tokens', 'tokens-start', 'tokens-2t']) {
  const x = res[name];
  console.log(`${name.padEnd(12)} ${x.mb.toFixed(1).padStart(6)} ${x.s.toFixed(2).padStart(7)} ${x.cpu.toFixed(2).padStart(7)} ${rate(x).toFixed(2).padStart(8)} ${(rate(x) / refRate).toFixed(1).padStart(6)}x  ${x.exact ?? '(reference)'}`);
}
console.log(JSON.stringify({ bench: 'tokenize', text: res.source, tokenizer: res.tokenizer, reference_mb_s: +refRate.toFixed(2), fast_mb_s: +rate(res.fast).toFixed(2),
  fast_warm_mb_s: +rate(res['fast-warm']).toFixed(2), tokens_mb_s: +rate(res.tokens).toFixed(2), tokens_ratio: +(rate(res.tokens) / refRate).toFixed(1),
  tokens_start_mb_s: +rate(res['tokens-start']).toFixed(2), tokens_2t_mb_s: +rate(res['tokens-2t']).toFixed(2), tokens_2t_worker_share: +res['tokens-2t'].worker_share.toFixed(2),
  workers: res.tokens.workers, exact: res.fast.exact && res.tokens.exact && res['tokens-start'].exact && res['tokens-2t'].exact,
  mb: +res.fast.mb.toFixed(1) }));
