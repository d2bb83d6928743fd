#!/usr/bin/env node
// Synthetic s1-schema pool whose curation funnel is known by construction (issue 6).
//
// Every row is either clean or carries exactly one planted fault, so each recipe's funnel follows from the
// counts: API errors (no trace, no attempt, a missing feature or domain), Gemini wrong, s1 formatting patterns,
// ASCII art / image references, contaminated copies of MATH500 / AIME24 questions (case and spacing changed,
// some with a sentence added), near-duplicates of clean rows (shorter trace than the original, so the keep rule
// keeps the original), and Qwen-solved rows. Clean rows share boilerplate with each other and with AIME24
// ("where $m$ and $n$ are relatively prime positive integers. Find $m+n$."), which must not count as a copy.
// Writes <out> and <out>.expected.json (counts, expected funnels, question hashes of every planted row).
//
//   node bench/gen-curate-pool.mjs [--rows 59029] [--seed 42] [--out bench/data/curate-pool-59029.jsonl]
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

function rngOf(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MSC = ['Number theory', 'Combinatorics', 'Geometry', 'Real functions', 'Probability theory and stochastic processes',
  'Linear and multilinear algebra; matrix theory', 'Field theory and polynomials', 'Sequences, series, summability',
  'Convex and discrete geometry', 'Difference and functional equations', 'Mathematical logic and foundations', 'Group theory and generalizations',
  'Ordinary differential equations', 'Partial differential equations', 'Functions of a complex variable', 'Statistics', 'Numerical analysis',
  'Computer science', 'Mechanics of particles and systems', 'Quantum theory', 'Statistical mechanics, structure of matter',
  'Optics, electromagnetic theory', 'Classical thermodynamics, heat transfer', 'Astronomy and astrophysics', 'Biology and other natural sciences'];

const SYL = ['ka', 'lo', 'mi', 'ren', 'tas', 'vu', 'bel', 'dor', 'fin', 'gal', 'hu', 'jix', 'qua', 'ster', 'zon', 'pel', 'wic', 'yar', 'nob', 'cru'];
const BOILER = [
  'Find the remainder when', 'Let $x$ be a real number such that', 'Determine all positive integers $n$ such that',
  'Compute the value of', 'Prove that for every positive integer $n$ the following holds:',
];
const AIME_BOILER = 'where $m$ and $n$ are relatively prime positive integers. Find $m+n$.';

export function generateCuratePool({ rows = 59029, seed = 42, out, math500 = resolve(HERE, '../samples/math500.jsonl'), aime24 = resolve(HERE, '../samples/aime24.jsonl') } = {}) {
  const rng = rngOf(seed);
  const int = (a, b) => a + Math.floor(rng() * (b - a + 1));
  const pick = (xs) => xs[Math.floor(rng() * xs.length)];
  const vocab = Array.from({ length: 3000 }, () => Array.from({ length: int(2, 4) }, () => pick(SYL)).join(''));
  const sentence = (k) => Array.from({ length: k }, () => (rng() < 0.15 ? `$${int(2, 999)}$` : pick(vocab))).join(' ');
  const question = () => {
    const parts = [];
    if (rng() < 0.3) parts.push(pick(BOILER));
    parts.push(sentence(int(12, 40)) + '.');
    if (rng() < 0.4) parts.push(sentence(int(6, 20)) + '.');
    if (rng() < 0.08) parts.push(`The answer can be written as $\\frac{m}{n}$, ${AIME_BOILER}`);
    return parts.join(' ');
  };
  const evalItems = [];
  for (const [file, path] of [['math500.jsonl', math500], ['aime24.jsonl', aime24]]) {
    readFileSync(path, 'utf8').split('\n').filter(Boolean).forEach((l, i) => {
      const p = JSON.parse(l).problem;
      // Copies must carry no other fault (figures, s1 patterns) and be long enough to hold 8-grams.
      if (p.split(/\s+/).length < 16 || /\[asy\]|figure|diagram|shown|picture|\*\*|!\[|p[1-9]\d{0,2}\.|\n\s*\n.*[|+]/i.test(p)) return;
      evalItems.push({ file, index: i, text: p });
    });
  }
  // Changed case and spacing: s1's normalisation (lowercase, collapsed whitespace) undoes both.
  const respace = (t) => t.split(' ').map((w) => (rng() < 0.25 ? w.toUpperCase() : w)).join(rng() < 0.5 ? '  ' : ' \n ');
  const ascii = () => pick([
    () => `${sentence(10)}.\n+---+---+---+\n| ${int(1, 9)} |   | ${int(1, 9)} |\n+---+---+---+\n|   | ${int(1, 9)} |   |\n+---+---+---+\n${sentence(8)}?`,
    () => `${sentence(10)}:\n      A\n     / \\\n    /   \\\n   B-----C\n${sentence(8)}.`,
    () => `${sentence(12)} as shown in the figure below. ${sentence(10)}.`,
    () => `${sentence(12)}. . # . .\n. # # # .\n. . # . .\n${sentence(6)}.`.replace('. . #', '\n. . #'),
    () => `${sentence(12)} (see the diagram). ${sentence(8)}.`,
    () => `${sentence(10)} <img src="fig${int(1, 9)}.png"> ${sentence(6)}.`,
  ])();
  const s1fmt = () => pick([
    () => `${sentence(15)}.\n[asy]\ndraw((0,0)--(${int(1, 9)},0));\n[/asy]\n${sentence(6)}?`,
    () => `${sentence(15)}. ![Image](https://cdn.example/${int(1, 999)}.png) ${sentence(5)}.`,
    () => `${sentence(10)}: p${int(1, 999)}. ${sentence(8)}; p${int(1, 999)}. ${sentence(8)}.`,
    () => `${sentence(12)} with **${int(10, 999)}** ${sentence(8)}.`,
  ])();

  const n = rows;
  const count = (f) => Math.round(n * f);
  const plan = { api: count(0.083), wrong: count(0.042), s1fmt: count(0.035), artimg: count(0.012), contam: Math.max(6, count(0.005)), dup: count(0.02), solved: count(0.46) };
  const kinds = [];
  for (const [k, c] of Object.entries(plan)) for (let i = 0; i < c; i++) kinds.push(k);
  while (kinds.length < n) kinds.push('clean');
  for (let i = kinds.length - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); [kinds[i], kinds[j]] = [kinds[j], kinds[i]]; }
  // A duplicate copies an earlier clean row: move the duplicates after their originals.
  const cleanIdx = [];
  const out_rows = new Array(n);
  const planted = { api: [], wrong: [], s1fmt: [], artimg: [], contam: [], dup: [], solved: [], boilerplate_clean: [] };
  const pendingDup = [];
  const sourceOf = () => {
    const r = rng();
    // About 400 picks among the clean rows of a 59K pool, as in s1 (393).
    if (r < 0.0025) return ['qq8933/AIME_1983_2024', 'math'];
    if (r < 0.004) return ['Idavidrein/gpqa', 'science'];
    if (r < 0.034) return [pick(['qfq/openaimath/Algebra', 'qfq/openaimath/Precalculus', 'qfq/openaimath/Number Theory']), 'math'];
    return [pick(['AI-MO/NuminaMath-CoT/olympiads', 'AI-MO/NuminaMath-CoT/aops_forum', 'AI-MO/NuminaMath-CoT/cn_k12', 'KbsdJames/Omni-MATH', 'GAIR/OlympicArena/Physics']), rng() < 0.8 ? 'math' : 'science'];
  };
  const make = (kind, q, src) => {
    const [source, cot] = src ?? sourceOf();
    const ans = int(0, 999);
    const len = int(400, 12000);
    const row = {
      question: q, solution: `The answer is $\\boxed{${ans}}$.`, cot_type: cot, source_type: source,
      metadata: `{'source': '${source.split('/').pop()}', 'id': ${int(1, 1e6)}}`,
      thinking_trajectories: [`${sentence(int(30, 80))}. So the answer is ${ans}.`], attempt: `Therefore the answer is $\\boxed{${ans}}$.`,
      domain: pick(MSC), isqwen7bcorrect: false, isqwen32bcorrect: false, isgeminicorrect: true, gemini_length: len,
    };
    return row;
  };
  const nonBench = () => [pick(['AI-MO/NuminaMath-CoT/olympiads', 'AI-MO/NuminaMath-CoT/cn_k12', 'KbsdJames/Omni-MATH']), 'math'];
  for (let i = 0; i < n; i++) {
    const k = kinds[i];
    let row;
    if (k === 'clean') {
      row = make(k, question());
      if (row.question.includes(AIME_BOILER)) planted.boilerplate_clean.push(i);
      if (!/aime|gpqa|openaimath/i.test(row.source_type)) cleanIdx.push(i);
    } else if (k === 'api') {
      row = make(k, question(), nonBench());
      const f = i % 4;
      if (f === 0) row.thinking_trajectories = null;
      else if (f === 1) row.attempt = null;
      else if (f === 2) row.isqwen32bcorrect = null;
      else row.domain = null;
    } else if (k === 'wrong') {
      row = make(k, question(), nonBench());
      row.isgeminicorrect = false;
    } else if (k === 's1fmt') row = make(k, s1fmt(), nonBench());
    else if (k === 'artimg') row = make(k, ascii(), nonBench());
    else if (k === 'contam') {
      const e = evalItems[Math.floor(rng() * evalItems.length)];
      const t = rng() < 0.25 ? `Problem: ${respace(e.text)} Give your answer in simplest form.` : respace(e.text);
      row = make(k, t, nonBench());
      row._eval = `${e.file}:${e.index}`;
    } else if (k === 'dup') { pendingDup.push(i); continue; }
    else if (k === 'solved') {
      row = make(k, question());
      if (rng() < 0.5) row.isqwen7bcorrect = true; else row.isqwen32bcorrect = true;
      if (rng() < 0.3) { row.isqwen7bcorrect = true; row.isqwen32bcorrect = true; }
    }
    out_rows[i] = row;
  }
  // Duplicates: a clean non-benchmark original with a longer trace; the copy changes case and spacing.
  const used = new Set();
  for (const i of pendingDup) {
    let o;
    do { o = cleanIdx[Math.floor(rng() * cleanIdx.length)]; } while (used.has(o));
    used.add(o);
    const orig = out_rows[o];
    const row = make('dup', respace(orig.question), nonBench());
    orig.gemini_length = Math.max(orig.gemini_length, 600);
    row.gemini_length = orig.gemini_length - int(1, 500);
    row._original = o;
    out_rows[i] = row;
  }
  const qh = (q) => createHash('sha256').update(q, 'utf8').digest('hex').slice(0, 16);
  for (let i = 0; i < n; i++) {
    const k = kinds[i];
    if (k !== 'clean') planted[k].push(i);
  }
  // Picks: every clean AIME/GPQA row, MATH rows over 5,600 tokens (all clean rows are Gemini-correct).
  const pickable = (r) => /aime|gpqa/i.test(r.source_type) || (/openaimath/i.test(r.source_type) && r.gemini_length > 5600);
  const clean = kinds.filter((k) => k === 'clean').length;
  const picks = out_rows.filter((r, i) => kinds[i] === 'clean' && pickable(r)).length;
  const P = plan;
  const s1k = [
    ['start', n, 0], ['api errors / missing features', n - P.api, P.api], ['gemini wrong', n - P.api - P.wrong, P.wrong],
    ['formatting', n - P.api - P.wrong - P.s1fmt - P.artimg, P.s1fmt + P.artimg],
    ['decontamination', clean + P.dup + P.solved, P.contam], ['dedup', clean + P.solved, P.dup], ['difficulty', clean, P.solved],
  ].map(([stage, kept, dropped]) => ({ stage, kept, dropped }));
  const nbSurvivors = clean + P.wrong + P.artimg + P.contam + P.dup;
  const notebook = [
    ['start', n, 0], ['api errors / missing features', n - P.api, P.api], ['formatting', n - P.api - P.s1fmt, P.s1fmt],
    ['difficulty', nbSurvivors, P.solved],
  ].map(([stage, kept, dropped]) => ({ stage, kept, dropped }));
  const expected = {
    rows: n, seed, plan, clean, picks, s1k_funnel: s1k, s1k_notebook_funnel: notebook,
    planted: Object.fromEntries(Object.entries(planted).map(([k, idx]) => [k, idx.map((i) => ({ line: i + 1, question_hash: qh(out_rows[i].question), ...(out_rows[i]._eval ? { eval: out_rows[i]._eval } : {}), ...(out_rows[i]._original !== undefined ? { original_line: out_rows[i]._original + 1 } : {}) }))])),
  };
  const line = (r) => { const { _eval, _original, ...rest } = r; void _eval; void _original; return JSON.stringify(rest) + '\n'; };
  if (!out) return { text: out_rows.map(line).join(''), expected };
  // Written in pieces: a 1.2M-row pool is past V8's longest string.
  mkdirSync(dirname(out), { recursive: true });
  const fd = openSync(out, 'w');
  for (let i = 0; i < out_rows.length; i += 10000) writeSync(fd, out_rows.slice(i, i + 10000).map(line).join(''));
  closeSync(fd);
  writeFileSync(out + '.expected.json', JSON.stringify(expected, null, 1));
  return { expected };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, d) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : d; };
  const rows = Number(arg('--rows', 59029));
  const seed = Number(arg('--seed', 42));
  const out = arg('--out', join(HERE, 'data', `curate-pool-${rows}.jsonl`));
  const t = performance.now();
  const { expected } = generateCuratePool({ rows, seed, out });
  console.error(`wrote ${out} (${rows} rows, ${((performance.now() - t) / 1000).toFixed(1)} s) and ${out}.expected.json`);
  console.log(JSON.stringify({ out, plan: expected.plan, clean: expected.clean, picks: expected.picks, s1k_funnel: expected.s1k_funnel }));
}
