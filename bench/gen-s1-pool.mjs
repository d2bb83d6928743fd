#!/usr/bin/env node
// Deterministic generator of an s1-pool-shaped JSONL (the featurized `data_ablation_full59K` columns):
// question, solution, cot_type, source_type, metadata (Python-repr string), thinking_trajectories ([trace]),
// attempt, domain, isqwen7bcorrect, isqwen32bcorrect, isgeminicorrect, gemini_length.
//
// Text comes from a word-level Markov chain trained on the real s1K rows in samples/s1k-sample-5.jsonl,
// mutated (numbers, inline formulas) and mixed with generated LaTeX, Unicode math, occasional CJK and rare
// emoji, so the output reads like Gemini traces without repeating whole passages.
// Same seed and options => byte-identical file.
//
//   node bench/gen-s1-pool.mjs [--rows 59029] [--out bench/data/s1-pool-59k.jsonl] [--seed 42] [--force]
//                              [--no-missing] [--quiet] [--trace-scale F]
//
// --trace-scale F multiplies every trace length (F < 1: short traces, for the 1.2M-row scale runs of
// bench/scale.mjs when disk is tight); the rest of each row is drawn as before. The default (1) writes the same
// bytes as before the option existed.
//
// The file is not rewritten when it exists and its sidecar (<out>.meta.json) matches the options and size.
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const GENERATOR_VERSION = 4; // the sidecar also records a hash of this file, so any edit regenerates
const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_ROWS = 59029;
const TRACE_SCALE = 0.55; // calibrates the 59,029-row file to about 500 MB

function parseArgs(argv) {
  const o = { rows: DEFAULT_ROWS, out: null, seed: 42, force: false, missing: true, quiet: false, traceScale: 1,
    sample: resolve(HERE, '../samples/s1k-sample-5.jsonl') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rows') o.rows = Number(argv[++i]);
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--sample') o.sample = argv[++i];
    else if (a === '--force') o.force = true;
    else if (a === '--no-missing') o.missing = false;
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--trace-scale') o.traceScale = Number(argv[++i]);
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/gen-s1-pool.mjs [--rows N] [--out PATH] [--seed N] [--force] [--no-missing] [--quiet] [--trace-scale F]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(o.rows) || o.rows < 1) throw new Error('--rows must be a positive integer');
  if (!(o.traceScale > 0)) throw new Error('--trace-scale must be a positive number');
  if (!o.out) o.out = defaultOut(o.rows, o.traceScale);
  return o;
}

/** bench/data/s1-pool-59k.jsonl, s1-pool-N.jsonl, or s1-pool-N-t0.25.jsonl for scaled traces. */
export function defaultOut(rows, traceScale = 1) {
  const name = rows === DEFAULT_ROWS ? 's1-pool-59k' : `s1-pool-${rows}`;
  return join(HERE, 'data', `${name}${traceScale === 1 ? '' : `-t${traceScale}`}.jsonl`);
}

// ---------------------------------------------------------------- PRNG (sfc32, seeded through splitmix32)
function makeRng(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 16; i++) next();
  const r = {
    u32: next,
    float: () => next() / 4294967296,
    int: (lo, hi) => lo + Math.floor((next() / 4294967296) * (hi - lo + 1)), // inclusive
    chance: (p) => next() / 4294967296 < p,
    pick: (arr) => arr[Math.floor((next() / 4294967296) * arr.length)],
    normal: () => {
      const u = 1 - next() / 4294967296, v = next() / 4294967296;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
  r.logNormal = (median, sigma) => median * Math.exp(sigma * r.normal());
  r.weighted = (items) => { // items: [[value, weight], ...]
    let total = 0;
    for (const it of items) total += it[1];
    let x = r.float() * total;
    for (const it of items) { x -= it[1]; if (x < 0) return it[0]; }
    return items[items.length - 1][0];
  };
  return r;
}

// ---------------------------------------------------------------- Markov chain over the real sample text
function buildChain(texts) {
  const ids = new Map();
  const words = [];
  const id = (w) => { let v = ids.get(w); if (v === undefined) { v = words.length; ids.set(w, v); words.push(w); } return v; };
  const NL = id('\n');
  const seq = [];
  for (const t of texts) {
    for (const line of t.split('\n')) {
      for (const w of line.split(' ')) if (w) seq.push(id(w));
      seq.push(NL);
    }
    seq.push(NL);
  }
  const n = words.length;
  const o1 = new Map(), o2 = new Map();
  const add = (m, k, v) => { let a = m.get(k); if (!a) m.set(k, (a = [])); a.push(v); };
  for (let i = 2; i < seq.length; i++) {
    add(o1, seq[i - 1], seq[i]);
    add(o2, seq[i - 2] * n + seq[i - 1], seq[i]);
  }
  const starts = [];
  for (let i = 1; i < seq.length; i++) if (seq[i - 1] === NL && seq[i] !== NL) starts.push(seq[i]);
  const freeze = (m) => { const out = new Map(); for (const [k, v] of m) out.set(k, Int32Array.from(v)); return out; };
  return { words, n, NL, o1: freeze(o1), o2: freeze(o2), starts: Int32Array.from(starts) };
}

// ---------------------------------------------------------------- vocabularies
const GREEK_TEX = ['\\alpha', '\\beta', '\\gamma', '\\delta', '\\epsilon', '\\theta', '\\lambda', '\\mu', '\\pi', '\\sigma', '\\phi', '\\omega', '\\rho', '\\tau', '\\xi'];
const GREEK_UNI = ['α', 'β', 'γ', 'δ', 'ε', 'θ', 'λ', 'μ', 'π', 'σ', 'φ', 'ω', 'ρ', 'τ', 'ξ', 'Δ', 'Σ', 'Ω', 'Φ', 'Γ'];
const MATH_UNI = ['≤', '≥', '≠', '≈', '∑', '∏', '∫', '∞', '→', '⇒', '⇔', '∈', '∉', '⊆', '∪', '∩', '√', '±', '×', '·', '∀', '∃', '∂', '∇', '≡', '′', '½', '²', '³', 'ℝ', 'ℤ', 'ℕ', '∅', '⌊', '⌋', '…'];
const CJK_PHRASES = ['因此，我们得到', '设函数', '所以答案是', '解：', '证明：', '由题意可知', '即', '综上所述', '令', '不妨设', '注意到', '显然成立', '这与假设矛盾', '故原命题得证', '数列', '三角形', '概率为', '（舍去）', '。'];
const EMOJI = ['🤔', '✅', '🎉', '😅', '👍', '🙂', '⚠️', '🧮', '📐', '❌'];
const VARS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHMNPQRSTXYZ'.split('');
const FUNCS = ['\\sin', '\\cos', '\\tan', '\\log', '\\ln', '\\exp', 'f', 'g', 'P', '\\gcd', '\\det'];
const RELS = ['=', '=', '=', '<', '>', '\\le', '\\ge', '\\neq', '\\equiv', '\\approx', '\\implies'];
const CONNECT = ['So', 'Then', 'Hence', 'Therefore,', 'Thus', 'Wait,', 'Hmm,', 'Let me check:', 'Alternatively,', 'Now', 'Also,', 'We have', 'This gives', 'Recall that', 'Consider', 'Let\'s verify:', 'But', 'If', 'Since'];
const WORDS_SCI = ['energy', 'momentum', 'wavelength', 'photon', 'electron', 'reaction', 'enthalpy', 'entropy', 'molecule', 'orbital', 'spin', 'field', 'potential', 'charge', 'mass', 'velocity', 'frequency', 'temperature', 'pressure', 'equilibrium', 'catalyst', 'isomer', 'proton', 'nucleus', 'decay', 'Hamiltonian', 'operator', 'eigenvalue', 'flux', 'density'];
const UNITS = ['J', 'eV', 'MeV', 'nm', 'K', 'mol', 'kg', 'm/s', 'Pa', 'Hz', 'T', 'kJ/mol', 'GeV'];

const MSC = [
  ['Number theory', 12], ['Combinatorics', 11], ['Geometry', 9], ['Real functions', 7], ['Algebra', 0],
  ['Probability theory and stochastic processes', 5], ['Linear and multilinear algebra; matrix theory', 3],
  ['Field theory and polynomials', 4], ['Sequences, series, summability', 3], ['Convex and discrete geometry', 2],
  ['Difference and functional equations', 2], ['Mathematical logic and foundations', 1.2], ['Group theory and generalizations', 1],
  ['Ordinary differential equations', 1], ['Partial differential equations', 0.6], ['Functions of a complex variable', 0.8],
  ['Statistics', 0.8], ['Numerical analysis', 0.6], ['Computer science', 1.5], ['Mechanics of particles and systems', 1.5],
  ['Quantum theory', 1.2], ['Statistical mechanics, structure of matter', 0.9], ['Optics, electromagnetic theory', 0.9],
  ['Classical thermodynamics, heat transfer', 0.8], ['Astronomy and astrophysics', 0.5], ['Biology and other natural sciences', 1],
  ['Relativity and gravitational theory', 0.3], ['Fluid mechanics', 0.3], ['Mechanics of deformable solids', 0.2],
  ['Measure and integration', 0.4], ['Special functions', 0.3], ['Commutative algebra', 0.2], ['Algebraic geometry', 0.2],
  ['Associative rings and algebras', 0.15], ['Nonassociative rings and algebras', 0.05], ['Category theory; homological algebra', 0.05],
  ['K-theory', 0.02], ['Topological groups, Lie groups', 0.1], ['Potential theory', 0.05], ['Several complex variables and analytic spaces', 0.05],
  ['Dynamical systems and ergodic theory', 0.2], ['Approximations and expansions', 0.2], ['Harmonic analysis on Euclidean spaces', 0.1],
  ['Abstract harmonic analysis', 0.03], ['Integral transforms, operational calculus', 0.1], ['Integral equations', 0.05],
  ['Functional analysis', 0.3], ['Operator theory', 0.1], ['Calculus of variations and optimal control; optimization', 0.6],
  ['Differential geometry', 0.2], ['General topology', 0.2], ['Algebraic topology', 0.05], ['Manifolds and cell complexes', 0.05],
  ['Global analysis, analysis on manifolds', 0.03], ['Operations research, mathematical programming', 0.4],
  ['Game theory, economics, social and behavioral sciences', 0.5], ['Systems theory; control', 0.1],
  ['Information and communication theory, circuits', 0.3], ['Geophysics', 0.05], ['Mathematics education', 0.3],
  ['General algebraic systems', 0.1], ['Order, lattices, ordered algebraic structures', 0.2], ['History and biography', 0.02],
].filter((x) => x[1] > 0);

// source_type, cot_type, weight, trace median (chars), question median, solution kind
const SOURCES = [
  ['AI-MO/NuminaMath-CoT/olympiads', 'math', 14000, 7000, 320, 'long'],
  ['AI-MO/NuminaMath-CoT/aops_forum', 'math', 5200, 8000, 330, 'long'],
  ['AI-MO/NuminaMath-CoT/cn_k12', 'math', 6400, 4200, 260, 'long'],
  ['AI-MO/NuminaMath-CoT/amc_aime', 'math', 2600, 6000, 380, 'long'],
  ['AI-MO/NuminaMath-CoT/synthetic_math', 'math', 1800, 3800, 240, 'long'],
  ['qfq/openaimath/Precalculus', 'math', 1300, 4200, 200, 'math'],
  ['qfq/openaimath/Intermediate Algebra', 'math', 2000, 4800, 210, 'math'],
  ['qfq/openaimath/Algebra', 'math', 2300, 2600, 180, 'math'],
  ['qfq/openaimath/Number Theory', 'math', 1400, 3400, 170, 'math'],
  ['qfq/openaimath/Counting & Probability', 'math', 1300, 3600, 190, 'math'],
  ['qfq/openaimath/Geometry', 'math', 1300, 4300, 230, 'math'],
  ['qfq/openaimath/Prealgebra', 'math', 2400, 2000, 150, 'math'],
  ['KbsdJames/Omni-MATH', 'math', 4238, 8500, 330, 'math'],
  ['GAIR/OlympicArena/Math', 'math', 2100, 6500, 380, 'long'],
  ['GAIR/OlympicArena/Physics', 'science', 1300, 6000, 520, 'long'],
  ['GAIR/OlympicArena/Chemistry', 'science', 500, 5000, 480, 'long'],
  ['GAIR/OlympicArena/Biology', 'science', 350, 3800, 430, 'long'],
  ['baber/agieval/aqua_rat', 'math', 1200, 2600, 260, 'short'],
  ['baber/agieval/sat_math', 'math', 250, 2400, 300, 'short'],
  ['baber/agieval/math_agieval', 'math', 900, 4200, 220, 'math'],
  ['qq8933/AIME_1983_2024', 'math', 890, 11000, 300, 'answer'],
  ['Idavidrein/gpqa', 'science', 348, 9000, 650, 'answer'],
  ['daman1209arora/jeebench/phy', 'science', 120, 7000, 600, 'short'],
  ['daman1209arora/jeebench/chem', 'science', 240, 6000, 560, 'short'],
  ['daman1209arora/jeebench/math', 'math', 150, 8000, 500, 'short'],
  ['OpenDFM/SciEval/physics', 'science', 100, 2600, 250, 'answer'],
  ['OpenDFM/SciEval/chemistry', 'science', 150, 2400, 230, 'answer'],
  ['simplescaling/s1-prob', 'math', 182, 7500, 700, 'long'],
  ['simplescaling/s1-teasers', 'math', 23, 9000, 500, 'short'],
  ['0xharib/xword1', 'crossword', 5000, 2600, 90, 'answer'],
  ['codeparrot/apps', 'code', 300, 7000, 1400, 'code'],
  ['livecodebench/code_generation_lite', 'code', 151, 6500, 1300, 'code'],
];

// ---------------------------------------------------------------- text generation
function makeText(rng, chain) {
  const { words, n, NL, o1, o2, starts } = chain;

  const num = () => {
    const k = rng.float();
    if (k < 0.45) return String(rng.int(0, 20));
    if (k < 0.75) return String(rng.int(0, 999));
    if (k < 0.9) return String(rng.int(1000, 999999));
    if (k < 0.96) return `${rng.int(0, 99)}.${rng.int(0, 999)}`;
    return `${rng.int(1, 9)}.${rng.int(10, 99)} \\times 10^{${rng.int(-12, 24)}}`;
  };
  // Per-text context: a handful of variables and formulas that recur, as they do in a real trace.
  let ctxVars = VARS, ctxPool = [];
  const v = () => (rng.chance(0.12) ? rng.pick(GREEK_TEX) : rng.pick(ctxVars)) + (rng.chance(0.15) ? `_${rng.chance(0.5) ? rng.int(0, 9) : rng.pick(['i', 'k', 'n', '{n+1}', '{k-1}'])}` : '');
  const atom = (d) => {
    const k = rng.float();
    if (d <= 0 || k < 0.35) return rng.chance(0.55) ? v() : num();
    if (k < 0.47) return `\\frac{${expr(d - 1)}}{${expr(d - 1)}}`;
    if (k < 0.57) return `${v()}^{${rng.chance(0.5) ? rng.int(2, 12) : expr(d - 1)}}`;
    if (k < 0.63) return `\\sqrt{${expr(d - 1)}}`;
    if (k < 0.69) return `\\sum_{${rng.pick(['k', 'i', 'j', 'n'])}=${rng.int(0, 2)}}^{${rng.pick(['n', 'N', '\\infty', String(rng.int(3, 2024))])}} ${atom(d - 1)}`;
    if (k < 0.73) return `\\binom{${atom(d - 1)}}{${atom(d - 1)}}`;
    if (k < 0.8) return `${rng.pick(FUNCS)}(${expr(d - 1)})`;
    if (k < 0.86) return `\\left(${expr(d - 1)}\\right)`;
    if (k < 0.9) return `\\int_{${atom(0)}}^{${atom(0)}} ${atom(d - 1)} \\, d${rng.pick(['x', 't', 'u'])}`;
    if (k < 0.93) return `\\lfloor ${expr(d - 1)} \\rfloor`;
    if (k < 0.96) return `|${expr(d - 1)}|`;
    return `\\prod_{i=1}^{${rng.pick(['n', 'k', String(rng.int(2, 99))])}} ${atom(d - 1)}`;
  };
  function expr(d) {
    let s = atom(d);
    const terms = rng.int(0, d > 1 ? 3 : 2);
    for (let i = 0; i < terms; i++) s += ` ${rng.pick(['+', '-', '+', '\\cdot', '', '\\times'])} ${atom(d - 1)}`.replace('  ', ' ');
    return s;
  }
  const formula = (depth) => {
    if (ctxPool.length && rng.chance(0.7)) return rng.pick(ctxPool);
    let s = expr(depth);
    if (rng.chance(0.6)) s += ` ${rng.pick(RELS)} ${expr(Math.max(0, depth - 1))}`;
    if (rng.chance(0.15)) s += ` ${rng.pick(RELS)} ${expr(Math.max(0, depth - 1))}`;
    return s;
  };
  const toUnicode = (s) => s
    .replace(/\\le\b/g, '≤').replace(/\\ge\b/g, '≥').replace(/\\neq\b/g, '≠').replace(/\\approx\b/g, '≈')
    .replace(/\\times\b/g, '×').replace(/\\cdot\b/g, '·').replace(/\\infty\b/g, '∞').replace(/\\pi\b/g, 'π')
    .replace(/\\alpha\b/g, 'α').replace(/\\theta\b/g, 'θ').replace(/\\implies\b/g, '⇒');

  const cjk = () => {
    let s = rng.pick(CJK_PHRASES);
    const m = rng.int(0, 14);
    for (let i = 0; i < m; i++) s += String.fromCharCode(0x4e00 + rng.int(0, 0x51a5));
    return s + rng.pick(['，', '。', '：', '']);
  };

  // One Markov "sentence run": words until a newline, with mutation of numbers and inline math.
  function markovLine(style, maxWords) {
    let a = NL, b = starts[rng.u32() % starts.length];
    const out = [];
    for (let i = 0; i < maxWords; i++) {
      let w = words[b];
      // mutate
      if (/^\$[^$]*\$[.,:;)]?$/.test(w) && rng.chance(0.3)) {
        const tail = /[.,:;)]$/.test(w) ? w[w.length - 1] : '';
        w = `$${formula(rng.int(0, 2))}$${tail}`;
      } else if (/\d/.test(w) && rng.chance(0.3)) {
        w = w.replace(/\d+/g, (m) => String(rng.int(m.length > 1 ? 10 ** (m.length - 1) : 0, 10 ** m.length - 1)));
      } else if (style.sci && rng.chance(0.025)) {
        w = rng.chance(0.5) ? rng.pick(WORDS_SCI) : `${num()} ${rng.pick(UNITS)}`;
      }
      if (style.uni && rng.chance(0.05)) w = rng.chance(0.5) ? toUnicode(w) : `${w} ${rng.chance(0.5) ? rng.pick(GREEK_UNI) : rng.pick(MATH_UNI)}`;
      if (style.cjk && rng.chance(0.01)) w = `${w} ${cjk()}`;
      if (style.emoji && rng.chance(0.0015)) w = `${w} ${rng.pick(EMOJI)}`;
      out.push(w);
      // next token: order 2 mostly, order 1 (more mixing) sometimes, random restart rarely
      let succ = rng.chance(0.7) ? o2.get(a * n + b) : undefined;
      if (!succ) succ = o1.get(b);
      let c = succ ? succ[rng.u32() % succ.length] : NL;
      if (rng.chance(0.01)) c = starts[rng.u32() % starts.length];
      if (c === NL) break;
      a = b; b = c;
    }
    return out.join(' ');
  }

  // A trace-like text of about `target` UTF-16 code units.
  function trace(target, style) {
    ctxVars = []; ctxPool = [];
    const nv = rng.int(3, 8);
    for (let i = 0; i < nv; i++) ctxVars.push(rng.pick(VARS));
    const nf = rng.int(4, 14);
    for (let i = 0; i < nf; i++) ctxPool.push(formula(rng.int(0, 2)));
    const parts = [];
    let len = 0;
    const push = (s) => { parts.push(s); len += s.length + 1; };
    if (rng.chance(0.5)) push('');
    let step = 1;
    while (len < target) {
      const k = rng.float();
      if (k < 0.5) push(markovLine(style, 120));
      else if (k < 0.6) push('');
      else if (k < 0.7) push(`${rng.pick(CONNECT)} $${formula(rng.int(1, 3))}$${rng.pick(['.', ',', '', ':'])}`);
      else if (k < 0.76) {
        const f = formula(rng.int(2, 4));
        push(rng.chance(0.7) ? `\\[\n${style.uni && rng.chance(0.3) ? toUnicode(f) : f}\n\\]` : `$$${f}$$`);
      } else if (k < 0.82) push(`${step++}. ${markovLine(style, 40)}`);
      else if (k < 0.86) push(`Case ${rng.int(1, 6)}: $${formula(rng.int(0, 2))}$.`);
      else if (k < 0.9) { // a run of short computation lines
        const m = rng.int(2, 9);
        for (let i = 0; i < m; i++) push(`$${v()} ${rng.pick(RELS)} ${expr(rng.int(0, 2))}$`);
      } else if (k < 0.93) push(`${markovLine(style, 40)} ${markovLine(style, 40)} ${markovLine(style, 40)}`);
      else if (k < 0.935) { // a very long line: an expanded computation or enumeration
        const m = rng.int(40, rng.chance(0.1) ? 1200 : 250);
        const xs = [];
        for (let i = 0; i < m; i++) xs.push(rng.chance(0.6) ? num() : expr(1));
        push(`$${v()} = ${xs.join(rng.pick([' + ', ', ', ' \\cdot ', ' - ']))}$`);
      } else if (k < 0.95 && style.code) {
        push('```python');
        const m = rng.int(3, 25);
        for (let i = 0; i < m; i++) push(`${'    '.repeat(rng.int(0, 3))}${rng.pick(['for i in range(n):', 'if a[i] > best:', 'best = max(best, dp[i] + 1)', 'return ans', 'x, y = map(int, input().split())', `dp[${rng.int(0, 9)}] = ${num()}`, 'print(ans % MOD)', 'while lo < hi:', 'mid = (lo + hi) // 2'])}`);
        push('```');
      } else if (k < 0.97 && style.uni) push(`${rng.pick(GREEK_UNI)} ${rng.pick(MATH_UNI)} ${num()} ${rng.pick(MATH_UNI)} ${markovLine(style, 20)}`);
      else if (k < 0.975 && style.cjk) push(cjk() + markovLine(style, 15));
      else push(markovLine(style, 60));
    }
    return parts.join('\n');
  }

  return { trace, formula, num, markovLine, v };
}

// ---------------------------------------------------------------- Python repr of metadata
function pyStr(s) {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += '\\' + q;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + q;
}
function pyRepr(v) {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    return String(v);
  }
  if (v instanceof PyFloat) return Number.isInteger(v.x) ? `${v.x}.0` : String(v.x);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${pyStr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}
class PyFloat { constructor(x) { this.x = x; } }

// ---------------------------------------------------------------- rows
function makeRowFactory(rng, chain, opts) {
  const T = makeText(rng, chain);
  const srcItems = SOURCES.map((s) => [s, s[2]]);
  const mscItems = MSC.map((m) => [m[0], m[1]]);
  const capWords = (s) => s.charAt(0).toUpperCase() + s.slice(1);

  function question(src, style) {
    const target = Math.max(40, Math.round(rng.logNormal(src[4], 0.55)));
    if (src[2] === 'crossword' || src[0].endsWith('xword1')) {
      let clue = capWords(T.markovLine(style, rng.int(4, 12)));
      const extra = rng.int(2, 6); // random vocabulary words keep clues distinct
      for (let k = 0; k < extra; k++) clue += ` ${chain.words[rng.u32() % chain.words.length]}`.replace('\n', '');
      return `Solve the crossword puzzle. You are presented with a clue as input and the number of letters in brackets.\n\n${clue} (${rng.int(3, 12)})`;
    }
    let q = '';
    while (q.length < target) q += (q ? ' ' : '') + (rng.chance(0.3) ? `$${T.formula(rng.int(1, 3))}$` : T.markovLine(style, 40));
    if (src[0] === 'Idavidrein/gpqa') {
      q += `\n${['A', 'B', 'C', 'D'].map((l) => `(${l}) ${T.markovLine(style, 8)}`).join('\n')}`;
    }
    if (rng.chance(0.01)) q += ' [asy]size(100); draw((0,0)--(1,0)--(1,1)--cycle);[/asy]';
    return q;
  }

  function answerText() {
    const k = rng.float();
    if (k < 0.5) return String(rng.int(0, 999));
    if (k < 0.8) return T.formula(1);
    return `\\frac{${rng.int(1, 99)}}{${rng.int(2, 99)}}`;
  }

  return function row(i) {
    const src = rng.weighted(srcItems);
    const [sourceType, cotType, , traceMedian] = src;
    const style = {
      uni: rng.chance(0.15),
      cjk: sourceType.endsWith('cn_k12') ? rng.chance(0.15) : rng.chance(0.015),
      emoji: rng.chance(0.01),
      sci: cotType === 'science',
      code: cotType === 'code',
    };
    const q = question(src, style);
    const ans = answerText();
    let solution;
    switch (src[5]) {
      case 'answer': solution = src[0] === 'Idavidrein/gpqa' ? T.markovLine(style, 12) : (cotType === 'crossword' ? T.markovLine(style, 1).toUpperCase() : String(rng.int(0, 999))); break;
      case 'short': solution = rng.chance(0.5) ? rng.pick(['A', 'B', 'C', 'D', 'AB', 'ACD', 'BD']) : ans; break;
      case 'code': solution = T.trace(Math.round(rng.logNormal(700, 0.6)), style); break;
      case 'math': solution = `${T.trace(Math.round(rng.logNormal(350, 0.6)), style)}\nThe answer is $\\boxed{${ans}}$.`; break;
      default: solution = T.trace(Math.round(rng.logNormal(600, 0.6)), style);
    }

    // trace length: long-tailed; a few percent 30–100 KB
    let traceLen;
    if (rng.chance(0.01)) traceLen = Math.round(30000 * Math.exp(rng.float() * Math.log(100000 / 30000)));
    else traceLen = Math.min(30000, Math.max(300, Math.round(rng.logNormal(traceMedian * TRACE_SCALE, 0.75))));
    if (opts.traceScale !== 1) traceLen = Math.max(100, Math.round(traceLen * opts.traceScale));
    let trace = T.trace(traceLen, style);
    let attempt = `${rng.chance(0.5) ? 'Solution:\n' : ''}${T.trace(Math.round(rng.logNormal(700, 0.55)), style)}\n\nFinal Answer: The final answer is $\\boxed{${ans}}$`;

    const shortSrc = sourceType.split('/').pop();
    let metadata;
    if (sourceType.startsWith('AI-MO/')) metadata = { source: shortSrc, messages: [{ content: q, role: 'user' }, { content: solution, role: 'assistant' }] };
    else if (sourceType.startsWith('qfq/openaimath/')) metadata = { answer: ans, subject: shortSrc, level: rng.int(1, 5), unique_id: `${rng.chance(0.8) ? 'train' : 'test'}/${shortSrc.toLowerCase().replace(/ & /g, '_and_').replace(/ /g, '_')}/${rng.int(0, 7999)}.json` };
    else if (sourceType === 'qq8933/AIME_1983_2024') { const y = rng.int(1983, 2024); const part = y >= 2000 ? rng.pick(['I', 'II']) : null; metadata = { ID: `${y}-${part ? part + '-' : ''}${rng.int(1, 15)}`, Year: y, 'Problem Number': rng.int(1, 15), Part: part }; }
    else if (sourceType === 'KbsdJames/Omni-MATH') metadata = { domain: [`Mathematics -> ${rng.pick(['Discrete Mathematics -> Combinatorics', 'Number Theory -> Prime Numbers', 'Algebra -> Algebra -> Polynomials', 'Geometry -> Plane Geometry -> Triangulations'])}`], difficulty: new PyFloat(rng.int(2, 18) / 2), answer: ans, source: rng.pick(['HMMT_2', 'china_national_olympiad', 'usamo', 'putnam', 'imo_shortlist']) };
    else if (sourceType === 'Idavidrein/gpqa') metadata = { 'Pre-Revision Question': q, 'Pre-Revision Correct Answer': solution, 'Pre-Revision Incorrect Answer 1': T.markovLine(style, 8), 'Pre-Revision Incorrect Answer 2': T.markovLine(style, 8), 'Pre-Revision Incorrect Answer 3': T.markovLine(style, 8), 'Pre-Revision Explanation': T.trace(Math.round(rng.logNormal(900, 0.5)), style), 'Self-reported question-writing time (minutes)': new PyFloat(rng.int(5, 90)), Question: q, 'Correct Answer': solution, 'Record ID': `rec${(rng.u32().toString(36) + rng.u32().toString(36)).slice(0, 14)}`, 'High-level domain': rng.pick(['Physics', 'Chemistry', 'Biology']), Subdomain: rng.pick(['Quantum Mechanics', 'Organic Chemistry', 'Molecular Biology', 'Astrophysics']), "Writer's Difficulty Estimate": 'Hard graduate level (could be a question on a hard graduate exam)', 'Canary String': Number.NaN };
    else if (sourceType.startsWith('GAIR/OlympicArena/')) metadata = { id: `${shortSrc}_${rng.int(1, 9999)}`, prompt: `You are participating in an international ${shortSrc} competition and need to solve the following question.\n${q}`, figure_urls: null, answer: [ans], solution: null, answer_type: rng.pick(['NV', 'EX', 'SC', 'MC']), unit: rng.chance(0.3) ? [rng.pick(UNITS)] : null, answer_sequence: null, type_sequence: null, test_cases: null, subject: shortSrc, language: 'EN', modality: 'text-only' };
    else if (sourceType.startsWith('baber/agieval/')) metadata = { label: rng.int(0, 4), is_multiple_choice: true, options: ['(A)', '(B)', '(C)', '(D)', '(E)'].map((l) => `${l}${rng.int(0, 500)}`) };
    else if (sourceType.startsWith('daman1209arora/jeebench/')) metadata = { subject: shortSrc, description: `JEE Adv ${rng.int(2016, 2023)} Paper ${rng.int(1, 2)}`, index: rng.int(1, 60), type: rng.pick(['MCQ', 'MCQ(multiple)', 'Integer', 'Numeric']) };
    else if (cotType === 'code') metadata = { difficulty: rng.pick(['introductory', 'interview', 'competition']), url: `https://codeforces.com/problemset/problem/${rng.int(1, 1999)}/${rng.pick(['A', 'B', 'C', 'D'])}`, starter_code: '', input_output: `{"inputs": ["${rng.int(1, 99)}\\n"], "outputs": ["${rng.int(1, 99)}\\n"]}` };
    else if (cotType === 'crossword') metadata = { instruction: 'Solve the crossword puzzle.', clue: q.split('\n').pop(), answer: solution };
    else metadata = { source: shortSrc, id: i, verified: rng.chance(0.7) };

    const domain = cotType === 'crossword' ? 'Mathematics education' : rng.weighted(mscItems);
    const gemCorrect = rng.chance(cotType === 'math' ? 0.68 : 0.55);
    const q32 = rng.chance(sourceType.includes('openaimath') ? 0.7 : 0.38);
    const q7 = q32 ? rng.chance(0.75) : rng.chance(0.08);
    const r = {
      question: q,
      solution,
      cot_type: cotType,
      source_type: sourceType,
      metadata: pyRepr(metadata),
      thinking_trajectories: [trace],
      attempt,
      domain,
      isqwen7bcorrect: q7,
      isqwen32bcorrect: q32,
      isgeminicorrect: gemCorrect,
      gemini_length: Math.round((trace.length / 3.2) * (0.9 + 0.2 * rng.float())),
    };
    // s1's pool has missing features (59,029 -> 54,116 after dropping them): API errors and failed graders.
    if (opts.missing && rng.chance(0.083)) {
      const k = rng.float();
      if (k < 0.15) { r.thinking_trajectories = null; r.attempt = null; r.gemini_length = null; r.isgeminicorrect = null; }
      else if (k < 0.45) r.domain = null;
      else if (k < 0.65) r.isqwen7bcorrect = null;
      else if (k < 0.85) r.isqwen32bcorrect = null;
      else r.isgeminicorrect = null;
    }
    trace = attempt = null;
    return r;
  };
}

// ---------------------------------------------------------------- main
export async function generate(options) {
  const o = { ...parseArgs([]), ...options };
  const metaPath = `${o.out}.meta.json`;
  const source = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);
  const wanted = { version: GENERATOR_VERSION, source, rows: o.rows, seed: o.seed, missing: o.missing, ...(o.traceScale === 1 ? {} : { traceScale: o.traceScale }) };
  if (!o.force && existsSync(o.out) && existsSync(metaPath)) {
    try {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
      const size = statSync(o.out).size;
      if (meta.version === wanted.version && meta.source === wanted.source && meta.rows === wanted.rows && meta.seed === wanted.seed &&
          meta.missing === wanted.missing && meta.traceScale === wanted.traceScale && meta.bytes === size) {
        if (!o.quiet) console.error(`gen-s1-pool: ${o.out} is up to date (${meta.rows} rows, ${(size / 1e6).toFixed(1)} MB)`);
        return { ...meta, path: o.out, skipped: true };
      }
    } catch { /* regenerate */ }
  }
  const sample = readFileSync(o.sample, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const texts = [];
  for (const r of sample) {
    for (const k of ['gemini_thinking_trajectory', 'gemini_attempt', 'solution', 'question', 'attempt', 'cot', 'deepseek_thinking_trajectory', 'deepseek_attempt']) {
      if (typeof r[k] === 'string') texts.push(r[k]);
    }
    if (Array.isArray(r.thinking_trajectories)) texts.push(...r.thinking_trajectories.filter((t) => typeof t === 'string'));
  }
  const chain = buildChain(texts);
  const rng = makeRng(o.seed);
  const row = makeRowFactory(rng, chain, o);

  mkdirSync(dirname(o.out), { recursive: true });
  const tmp = `${o.out}.tmp`;
  const ws = createWriteStream(tmp, { highWaterMark: 1 << 22 });
  const t0 = Date.now();
  let bytes = 0, traceChars = 0, maxLine = 0, nonAscii = 0, missingTraces = 0;
  let buf = [];
  let bufLen = 0;
  const flush = async () => {
    const chunk = buf.join('');
    buf = []; bufLen = 0;
    if (!ws.write(chunk)) await new Promise((r) => ws.once('drain', r));
  };
  for (let i = 0; i < o.rows; i++) {
    const r = row(i);
    if (r.thinking_trajectories) traceChars += r.thinking_trajectories[0].length; else missingTraces++;
    const line = JSON.stringify(r) + '\n';
    const b = Buffer.byteLength(line);
    bytes += b;
    if (b > maxLine) maxLine = b;
    if (b !== line.length) nonAscii++;
    buf.push(line); bufLen += line.length;
    if (bufLen > 1 << 22) await flush();
    if (!o.quiet && (i + 1) % 5000 === 0) process.stderr.write(`\rgen-s1-pool: ${i + 1}/${o.rows} rows, ${(bytes / 1e6).toFixed(0)} MB`);
  }
  await flush();
  await new Promise((res, rej) => ws.end((e) => (e ? rej(e) : res())));
  renameSync(tmp, o.out);
  const meta = { ...wanted, bytes, traceChars, maxLineBytes: maxLine, rowsWithNonAscii: nonAscii, rowsWithoutTrace: missingTraces, seconds: (Date.now() - t0) / 1000 };
  writeFileSync(metaPath, JSON.stringify(meta, null, 2) + '\n');
  if (!o.quiet) process.stderr.write(`\rgen-s1-pool: wrote ${o.out}: ${o.rows} rows, ${(bytes / 1e6).toFixed(1)} MB in ${meta.seconds.toFixed(1)} s\n`);
  return { ...meta, path: o.out, skipped: false };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const o = parseArgs(process.argv.slice(2));
  const meta = await generate(o);
  console.log(JSON.stringify(meta));
}
