#!/usr/bin/env node
// bench/curate-ab: are two builds of src/core/curate equal on the bench's pool? Bundles one small runner against
// this checkout's src and one against another checkout's (--base DIR, e.g. a `git archive` of main), runs both on
// the same questions file and evaluation sets, and compares, per rule: the contaminated questions and an md5 of
// every evidence object (decontamination), the duplicate count and an md5 of the whole dedup result (any, copy,
// fuzzy), and an md5 of the pool's n-gram hashes. Prints one line per build and `equal` or the differing fields.
//
//   git archive main src | tar -x -C /tmp/curate-base && ln -s "$PWD/node_modules" /tmp/curate-base/node_modules
//   node bench/curate-ab.mjs --base /tmp/curate-base [--pool bench/data/curate-pool-59029.questions.jsonl]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const arg = (name, d) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : d; };
const base = arg('--base');
if (!base || !existsSync(join(base, 'src/core/curate/dedup.ts'))) { console.error('usage: node bench/curate-ab.mjs --base DIR (a checkout with src/core/curate)'); process.exit(2); }
const questionsFile = resolve(arg('--pool', join(HERE, 'data', 'curate-pool-59029.questions.jsonl')));
const evals = [resolve(ROOT, 'samples/math500.jsonl'), resolve(ROOT, 'samples/aime24.jsonl')];

// Only APIs both builds have: check() per question (what the curate stage calls), checkHashed over hashTexts (the
// bench's path), dedup() with and without the hashes given.
const ENTRY = `
  import { readFileSync } from 'node:fs';
  import { createHash } from 'node:crypto';
  import { EvalIndex } from './src/core/curate/decontaminate';
  import { readEvalFile } from './src/core/curate/eval-files';
  import { dedup } from './src/core/curate/dedup';
  import { hashTexts } from './src/core/curate/ngrams';
  const md5 = (x: unknown) => createHash('md5').update(typeof x === 'string' ? x : JSON.stringify(x)).digest('hex');
  async function main() {
    const [file, ...evalFiles] = process.argv.slice(2);
    const questions = readFileSync(file, 'utf8').split('\\n').filter(Boolean).map((l) => JSON.parse(l).question as string);
    const index = new EvalIndex((await Promise.all(evalFiles.map((f) => readEvalFile(f)))).flat());
    const all = hashTexts(questions);
    const out: Record<string, unknown> = { hashes: md5(new Uint8Array(all.hashes.buffer, all.hashes.byteOffset, all.hashes.byteLength)), offsets: md5(new Uint8Array(all.offsets.buffer)) };
    for (const rule of ['any', 'copy', 'fuzzy'] as const) {
      const decontamRule = rule === 'fuzzy' ? 'copy' : rule;
      const keep: number[] = [];
      const evidence: unknown[] = [];
      for (let i = 0; i < questions.length; i++) {
        const e = index.checkHashed(questions[i], all.hashes.subarray(all.offsets[i], all.offsets[i + 1]), { rule: decontamRule });
        if (e) evidence.push([i, e]); else keep.push(i);
      }
      // check() (hashing inside) must agree with checkHashed on a sample of questions.
      for (let i = 0; i < questions.length; i += 97) {
        if (JSON.stringify(index.check(questions[i], { rule: decontamRule })) !== JSON.stringify(index.checkHashed(questions[i], all.hashes.subarray(all.offsets[i], all.offsets[i + 1]), { rule: decontamRule }))) throw new Error('check != checkHashed at ' + i);
      }
      const docs = keep.map((i) => ({ id: i, question: questions[i], length: questions[i].length % 97 }));
      const d = dedup(docs, { rule });
      out[rule] = { contaminated: evidence.length, evidence: md5(evidence), duplicates: d.dropped.length, clusters: d.clusters.length, dedup: md5(d) };
    }
    console.log(JSON.stringify(out));
  }
  void main();
`;

async function build(root, name) {
  mkdirSync(join(ROOT, 'out', 'bench'), { recursive: true });
  const outfile = join(ROOT, 'out', 'bench', `curate-ab-${name}.js`);
  await esbuild.build({
    stdin: { resolveDir: root, loader: 'ts', sourcefile: 'curate-ab.ts', contents: ENTRY },
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'warning',
  });
  return outfile;
}

const results = {};
for (const [name, root] of [['base', resolve(base)], ['this', ROOT]]) {
  const r = spawnSync(process.execPath, [await build(root, name), questionsFile, ...evals], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) { console.error(`${name} failed: ${r.stderr}`); process.exit(1); }
  results[name] = JSON.parse(r.stdout.trim().split('\n').pop());
  console.log(name.padEnd(5), JSON.stringify(results[name]));
}
const diff = Object.keys(results.base).filter((k) => JSON.stringify(results.base[k]) !== JSON.stringify(results.this[k]));
console.log(diff.length ? `DIFFERENT: ${diff.join(', ')}` : 'equal');
process.exit(diff.length ? 1 : 0);
