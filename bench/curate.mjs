#!/usr/bin/env node
// bench/curate: decontamination against MATH500 + AIME24 plus dedup of a 59K pool's questions, Distillery's
// n-gram index against a plain Python-stdlib port of s1's decontaminate_util (bench/curate-reference.py), same
// data, same run, one process after the other. Both read the same questions file (extracted from the pool
// beforehand, not timed) and the evaluation JSONL files; wall time is taken around each process.
//   python        bench/curate-reference.py: string 8-grams in Python sets, s1's any-shared-8-gram rule
//   distillery    src/core/curate (bundled to out/bench/curate-run.js): integer n-gram hashes, typed-array index,
//                 the same 'any' rule (decontamination) and dedup clusters by union-find
//   distillery-copy  the same with the 'copy' rule
//   distillery-fuzzy the 'copy' rule for decontamination and the 'fuzzy' dedup rule the s1k recipe uses (markup
//                 normalisation, MinHash LSH, similarity ratio, numbers must match)
// The pool is bench/data/curate-pool-59029.jsonl (bench/gen-curate-pool.mjs; generated when missing), or --pool FILE.
//
//   node bench/curate.mjs [--pool FILE] [--repeat N] [--evidence] [--build-only (bundle the runner, run nothing)]
// --evidence: decontamination builds each hit's evidence (as curate's stage does), not only the verdict.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const arg = (name, d) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : d; };
const repeat = Number(arg('--repeat', 1));
const pool = resolve(arg('--pool', join(HERE, 'data', 'curate-pool-59029.jsonl')));
const evals = [resolve(ROOT, 'samples/math500.jsonl'), resolve(ROOT, 'samples/aime24.jsonl')];

if (!existsSync(pool)) {
  console.error(`generating ${pool} …`);
  const r = spawnSync(process.execPath, [join(HERE, 'gen-curate-pool.mjs'), '--rows', '59029', '--out', pool], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.exit(1);
}
const questionsFile = pool.replace(/\.jsonl$/, '') + '.questions.jsonl';
if (!existsSync(questionsFile)) {
  const lines = readFileSync(pool, 'utf8').split('\n').filter(Boolean).map((l) => JSON.stringify({ question: JSON.parse(l).question }));
  writeFileSync(questionsFile, lines.join('\n') + '\n');
}

mkdirSync(join(ROOT, 'out', 'bench'), { recursive: true });
// A bundle is written only when its bytes change: the evaluation-set cache (eval-cache.ts) is keyed by the running
// bundle's size and time, as a user's is by their installed build, so a rebuild of unchanged code would time a cold
// cache that users see once per build.
async function build(opts) {
  const r = await esbuild.build({ ...opts, write: false });
  for (const f of r.outputFiles) {
    let old = null;
    try { old = readFileSync(f.path); } catch { /* not built yet */ }
    if (!old || !Buffer.from(f.contents).equals(old)) writeFileSync(f.path, f.contents);
  }
}
const runner = join(ROOT, 'out', 'bench', 'curate-run.js');
await build({
  stdin: {
    resolveDir: ROOT, loader: 'ts', sourcefile: 'curate-run.ts',
    contents: `
      import { readFileSync, statSync, openSync, readSync, closeSync } from 'node:fs';
      import { StringDecoder } from 'node:string_decoder';
      import { isAscii } from 'node:buffer';
      import type { EvalIndex } from './src/core/curate/decontaminate';
      import { evalIndexCached, readEvalFileCached } from './src/core/curate/eval-cache';
      import { dedup } from './src/core/curate/dedup';
      import { startCurateThread, ThreadedHasher } from './src/core/curate/curate-threads';
      async function main() {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const lap: Record<string, number> = {};
      let tl = t0;
      let cl = process.cpuUsage();
      // This thread's own CPU (Linux: /proc/thread-self/schedstat, in ns) beside the process's: with a second thread
      // the process's CPU counts both, and on a quiet machine a phase's wall time is about this thread's CPU.
      const mainCpu = () => { try { return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6; } catch { return NaN; } };
      let ml = mainCpu();
      // The process's minor page faults (/proc/self/stat's 10th field): on this project's VMs each fresh 4 KB page
      // costs ~15-20 us of system CPU, so a phase's fresh memory is much of its cost.
      const faults = () => { try { const s = readFileSync('/proc/self/stat', 'latin1'); return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[7]); } catch { return NaN; } };
      let fl = faults();
      const fl0 = fl;
      const mark = (k: string) => { const t = performance.now(); lap[k] = Math.round(t - tl); tl = t; const c = process.cpuUsage(); lap[k.replace(/_ms$/, "_cpu_ms")] = Math.round((c.user + c.system - cl.user - cl.system) / 1000); cl = c; const m = mainCpu(); lap[k.replace(/_ms$/, "_main_cpu_ms")] = Math.round(m - ml); ml = m; const f = faults(); lap[k.replace(/_ms$/, "_faults")] = f - fl; fl = f; };
      const [file, ruleArg, ...evalFiles] = process.argv.slice(2);
      const [rule, evidence] = ruleArg.split('+');
      // A large pool: the second thread starts now and is ready by the time the file is read.
      // DISTILLERY_CURATE_THREADS=1: one thread (the A/B of the two).
      if (process.env.DISTILLERY_CURATE_THREADS !== '1' && statSync(file).size >= 4_000_000) startCurateThread();
      // The questions file read 512 KB at a time into one reused buffer (the whole file in a Buffer and again as a
      // string touched 36 MB of new memory; each chunk's string is all that stays). An ASCII chunk is decoded as
      // Latin-1 (no UTF-8 decoding), the rest through a UTF-8 decoder. A line that is exactly {"question":"..."}
      // with no escape in it is its own question (a slice of its chunk), any other line goes through JSON.parse.
      const questions: string[] = [];
      // The questions read first go to the second thread to hash while this one reads the rest and the evaluation
      // sets (a share that makes both threads end together).
      const hasher = new ThreadedHasher();
      const size = statSync(file).size;
      const giveAt = size * 0.6;
      let given = 0;
      const HEAD = '{"question":"';
      const question = (line: string, at: number, end: number, escape: number) => {
        const q = line.indexOf('"', at + HEAD.length);
        const plain = escape > end && line.startsWith(HEAD, at) && q === end - 2 && line.charCodeAt(end - 1) === 125;
        questions.push(plain ? line.slice(at + HEAD.length, q) : JSON.parse(line.slice(at, end)).question as string);
      };
      const fd = openSync(file, 'r');
      const buf = Buffer.allocUnsafeSlow(1 << 19);
      const utf8 = new StringDecoder('utf8');
      let ascii = true;
      let carry = ''; // the start of a line that goes on in the next chunk
      let read = 0;
      try {
        for (;;) {
          const got = readSync(fd, buf, 0, buf.length, null);
          read += got;
          const bytes = buf.subarray(0, got);
          if (ascii && !isAscii(bytes)) ascii = false;
          const text = got === 0 ? utf8.end() : ascii ? bytes.latin1Slice(0, got) : utf8.write(bytes);
          let at = 0;
          if (carry) {
            // The line begun in the chunks before ends in this one (or the file ends).
            let end = text.indexOf('\\n');
            if (end < 0 && got > 0) { carry += text; continue; }
            if (end < 0) end = text.length;
            const line = carry + text.slice(0, end);
            carry = '';
            question(line, 0, line.length, line.indexOf('\\\\') < 0 ? line.length + 1 : 0);
            at = end + 1;
          }
          let escape = -1; // the next backslash at or after the line's start (-1: look it up)
          for (;;) {
            if (at >= text.length) break;
            const end = text.indexOf('\\n', at);
            if (end < 0) { carry = text.slice(at); break; }
            if (escape !== text.length && escape < at) { escape = text.indexOf('\\\\', at); if (escape < 0) escape = text.length; }
            if (end > at) question(text, at, end, escape);
            at = end + 1;
          }
          // Room for the rest's hashes beside the worker's share: the bytes left (and the line begun) bound them.
          if (!given && read >= giveAt) { hasher.give(questions, size - read + carry.length + 1); given = questions.length; }
          if (got === 0) break;
        }
        if (carry) question(carry, 0, carry.length, carry.indexOf('\\\\') < 0 ? carry.length + 1 : 0);
      } finally {
        closeSync(fd);
      }
      mark('read_parse_ms');
      // Hash every question once (two threads for a large pool); decontamination and dedup share the hashes. The
      // evaluation files are read (async) while the second thread hashes its share; their n-grams are hashed after
      // this thread's share, by then compiled (before it, they were hashed in the interpreter).
      const evalItems = (await Promise.all(evalFiles.map((f) => readEvalFileCached(f)))).flat();
      mark('eval_ms');
      let index!: EvalIndex;
      const all = hasher.finish(questions.slice(given), () => { index = evalIndexCached(evalItems); });
      mark('hash_ms');
      const keep: number[] = [];
      let contaminated = 0;
      for (let i = 0; i < questions.length; i++) {
        // The verdict, as the Python port computes it; with --evidence each hit's evidence too, as curate's stage builds it.
        const h = all.hashes.subarray(all.offsets[i], all.offsets[i + 1]);
        const opts = { rule: rule === 'fuzzy' ? 'copy' : rule as 'any' | 'copy' };
        if (evidence ? index.checkHashed(questions[i], h, opts) : index.isContaminated(h, opts)) contaminated++;
        else keep.push(i);
      }
      mark('decontaminate_ms');
      const offsets = new Int32Array(keep.length + 1);
      let total = 0;
      keep.forEach((i, k) => { offsets[k] = total; total += all.offsets[i + 1] - all.offsets[i]; });
      offsets[keep.length] = total;
      // The kept questions' hashes moved down in place, one move per run of kept questions (contamination is
      // sparse): a copy into a new array touched ~13 MB of new memory, which costs more than the move here.
      const hashes = all.hashes;
      for (let k = 0; k < keep.length;) {
        let e = k + 1;
        while (e < keep.length && keep[e] === keep[e - 1] + 1) e++;
        hashes.copyWithin(offsets[k], all.offsets[keep[k]], all.offsets[keep[e - 1] + 1]);
        k = e;
      }
      const d = dedup(keep.map((i) => ({ id: i, question: questions[i], length: 0 })), { rule: rule as 'any' | 'copy' | 'fuzzy' }, { hashes: hashes.subarray(0, total), offsets });
      mark('dedup_ms');
      // start_ms, start_cpu_ms: from the process's start to the runner's first line (node and the bundle loading).
      console.log(JSON.stringify({ questions: questions.length, contaminated, duplicates: d.dropped.length, clusters: d.clusters.length, seconds: Math.round(performance.now() - t0) / 1000, start_ms: Math.round(t0), start_cpu_ms: Math.round((c0.user + c0.system) / 1000), start_faults: fl0, ...lap }));
      }
      void main();
    `,
  },
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: runner, logLevel: 'warning',
});
// The worker thread the runner starts (curate-threads.ts finds it beside the runner).
await build({
  entryPoints: [join(ROOT, 'src/core/curate/worker.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
  outfile: join(ROOT, 'out', 'bench', 'curate-worker.js'), logLevel: 'warning',
});

if (process.argv.includes('--build-only')) process.exit(0);

// CPU seconds (user + sys) from /usr/bin/time where installed: on a machine shared with other jobs the wall time
// of a short run is mostly waiting for a core, and the CPU ratio is the steadier figure.
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
function timed(cmd, args) {
  const timeOut = join(tmpdir(), `bench-curate-time-${process.pid}.txt`);
  const t0 = process.hrtime.bigint();
  const r = TIME ? spawnSync(TIME, ['-f', '%U %S', '-o', timeOut, cmd, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 })
    : spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  let cpu = null;
  if (TIME) {
    try { const [u, sys] = readFileSync(timeOut, 'utf8').trim().split('\n').pop().split(' ').map(Number); cpu = u + sys; } catch { /* no figure */ }
    rmSync(timeOut, { force: true });
  }
  return { wall, cpu, ...JSON.parse(r.stdout.trim().split('\n').pop()) };
}

const ev = process.argv.includes('--evidence') ? '+evidence' : '';
const contenders = {
  python: () => timed('python3', [join(HERE, 'curate-reference.py'), questionsFile, ...evals]),
  distillery: () => timed(process.execPath, [runner, questionsFile, 'any' + ev, ...evals]),
  'distillery-copy': () => timed(process.execPath, [runner, questionsFile, 'copy' + ev, ...evals]),
  'distillery-fuzzy': () => timed(process.execPath, [runner, questionsFile, 'fuzzy' + ev, ...evals]),
};
const results = {};
for (const [name, run] of Object.entries(contenders)) {
  const runs = [];
  for (let i = 0; i < repeat; i++) runs.push(run());
  runs.sort((a, b) => a.wall - b.wall);
  results[name] = runs[Math.floor(runs.length / 2)];
}
const ref = results.python.wall;
const refCpu = results.python.cpu;
const cpuRatio = (r) => (refCpu && r.cpu ? +(refCpu / r.cpu).toFixed(1) : null);
console.log(`pool: ${pool} (${results.python.questions} questions) vs MATH500 + AIME24, 8-grams${repeat > 1 ? `, median of ${repeat}` : ''}`);
console.log('name              wall s   ratio    CPU s   ratio   contaminated  duplicates');
for (const [name, r] of Object.entries(results)) {
  console.log(`${name.padEnd(16)} ${r.wall.toFixed(2).padStart(7)} ${(ref / r.wall).toFixed(1).padStart(6)}x ${(r.cpu ?? NaN).toFixed(2).padStart(8)} ${String(cpuRatio(r) ?? '-').padStart(6)}x ${String(r.contaminated).padStart(13)} ${String(r.duplicates).padStart(11)}`);
}
const expectedFile = pool + '.expected.json';
const expected = existsSync(expectedFile) ? JSON.parse(readFileSync(expectedFile, 'utf8')).plan : null;
if (expected) console.log(`planted: ${expected.contam} contaminated copies, ${expected.dup} duplicates`);
console.log(JSON.stringify({
  bench: 'curate', questions: results.python.questions, python_s: +ref.toFixed(3),
  distillery_s: +results.distillery.wall.toFixed(3), speedup: +(ref / results.distillery.wall).toFixed(1),
  python_cpu_s: refCpu, distillery_cpu_s: results.distillery.cpu, speedup_cpu: cpuRatio(results.distillery),
  speedup_cpu_copy: cpuRatio(results['distillery-copy']), speedup_cpu_fuzzy: cpuRatio(results['distillery-fuzzy']),
  laps: Object.fromEntries(Object.entries(results.distillery).filter(([k]) => k.endsWith('_ms') || k.endsWith('_faults'))),
  distillery_copy_s: +results['distillery-copy'].wall.toFixed(3), speedup_copy: +(ref / results['distillery-copy'].wall).toFixed(1),
  distillery_fuzzy_s: +results['distillery-fuzzy'].wall.toFixed(3), speedup_fuzzy: +(ref / results['distillery-fuzzy'].wall).toFixed(1),
  dedup_ms: { copy: results['distillery-copy'].dedup_ms, fuzzy: results['distillery-fuzzy'].dedup_ms },
  contaminated: { python: results.python.contaminated, distillery_any: results.distillery.contaminated, distillery_copy: results['distillery-copy'].contaminated, planted: expected?.contam ?? null },
  duplicates: { python: results.python.duplicates, distillery_any: results.distillery.duplicates, distillery_copy: results['distillery-copy'].duplicates, distillery_fuzzy: results['distillery-fuzzy'].duplicates, planted: expected?.dup ?? null },
}));
