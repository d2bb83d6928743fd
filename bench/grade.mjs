#!/usr/bin/env node
// bench/grade: throughput of the answer grader (src/core/grade) on MATH500-style gold/prediction pairs, one core,
// against a plain normalised-string comparison (last \boxed{} or the whole text, spaces/\left/\right/$ removed,
// \dfrac -> \frac, lowercased) measured in the same run on the same pairs. Ratios inside one run are what matter.
//
// Pairs, five per MATH500 row (2,500): the bare gold answer; "the final answer is $\boxed{gold}$"; the reference
// solution (a real worked answer ending in a box); the gold re-typeset as a model might (14/3 for \frac{14}{3},
// 10.0, 1,440, \sqrt5, \left( \right), B for \text{(B)});
// and a wrong answer (another row's answer, boxed). The first four are expected equal, the last not.
// The grader's parse cache is cleared before every pass, so each pass pays for every parse.
//
//   node bench/grade.mjs [--seconds 3]
// Builds src/core/grade/index.ts to out/bench/grade.cjs with esbuild first (out/ is already git- and lint-ignored).
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const DATA = resolve(ROOT, 'samples/math500.jsonl');
const TARGET = 5000;

const argv = process.argv.slice(2);
if (argv.includes('-h') || argv.includes('--help')) {
  console.log('usage: node bench/grade.mjs [--seconds N]');
  process.exit(0);
}
const secIdx = argv.indexOf('--seconds');
const SECONDS = secIdx >= 0 ? Number(argv[secIdx + 1]) : 3;

const outFile = join(ROOT, 'out', 'bench', 'grade.cjs');
mkdirSync(dirname(outFile), { recursive: true });
await esbuild.build({
  entryPoints: [join(ROOT, 'src/core/grade/index.ts')], outfile: outFile, bundle: true, platform: 'node',
  target: 'node20', format: 'cjs', logLevel: 'warning',
});
const grade = createRequire(import.meta.url)(outFile);

const rows = readFileSync(DATA, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
/** The same answer as a model might typeset it: 14/3 for \frac{14}{3}, 10.0, 1,440, \left( \right), B for \text{(B)}. */
function retype(a) {
  if (/^-?\d+$/.test(a)) return a.length > 3 ? a.replace(/\B(?=(\d{3})+$)/g, ',') : `${a}.0`;
  const s = a.replace(/(?<![\d ])\\frac\{(-?\d+)\}\{(\d+)\}/g, '$1/$2').replace(/\\frac/g, '\\dfrac')
    .replace(/\\sqrt\{(\d)\}/g, '\\sqrt$1').replace(/\^\\circ/g, '^{\\circ}').replace(/^\\text\{\((\w)\)\}$/, '$1')
    .replace(/^\((.*)\)$/, '\\left( $1 \\right)');
  return `$${s}$`;
}
const pairs = [];
rows.forEach((r, i) => {
  const other = rows[(i + 250) % rows.length].answer;
  pairs.push({ gold: r.answer, pred: r.answer, expected: true });
  pairs.push({ gold: r.answer, pred: `So the final answer is $\\boxed{${r.answer}}$.`, expected: true });
  pairs.push({ gold: r.answer, pred: r.solution, expected: true });
  pairs.push({ gold: r.answer, pred: `Therefore the answer is \\boxed{${retype(r.answer)}}`, expected: true });
  pairs.push({ gold: r.answer, pred: `The answer is $\\boxed{${other}}$.`, expected: other === r.answer });
});

function lastBoxed(s) {
  const k = s.lastIndexOf('\\boxed{');
  if (k < 0) return null;
  let depth = 0;
  for (let j = k + 6; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return s.slice(k + 7, j);
  }
  return null;
}
const norm = (s) => (lastBoxed(s) ?? s).replace(/\\left|\\right|\\!|\\,|\s+|\$/g, '').replace(/\\[dt]frac/g, '\\frac')
  .replace(/\.$/, '').toLowerCase();
const stringEqual = (g, p) => norm(g) === norm(p);

/** Runs passes over all pairs until `seconds` have gone by; returns pairs/s and the verdicts of the last pass. */
function measure(fn, seconds, beforePass) {
  let n = 0;
  let verdicts = [];
  const t0 = performance.now();
  do {
    beforePass?.();
    verdicts = pairs.map((p) => fn(p.gold, p.pred));
    n += pairs.length;
  } while (performance.now() - t0 < seconds * 1000);
  return { perSecond: n / ((performance.now() - t0) / 1000), verdicts };
}

// Warm up the JIT on both, untimed.
measure((g, p) => grade.gradeAnswer(g, p).equal, 0.2, grade.clearParseCache);
measure(stringEqual, 0.2);

const graded = measure((g, p) => grade.gradeAnswer(g, p).equal, SECONDS, grade.clearParseCache);
const plain = measure(stringEqual, Math.min(1, SECONDS));
const accuracy = (v) => v.filter((x, i) => x === pairs[i].expected).length / pairs.length;
const byKind = (v) => ['bare', 'boxed', 'solution', 'retyped', 'wrong'].map((name, k) => {
  const idx = pairs.map((_, i) => i).filter((i) => i % 5 === k);
  return `${name} ${idx.filter((i) => v[i] === pairs[i].expected).length}/${idx.length}`;
}).join(', ');

const result = {
  bench: 'grade',
  pairs: pairs.length,
  grade_pairs_per_s: Math.round(graded.perSecond),
  string_pairs_per_s: Math.round(plain.perSecond),
  string_over_grade_ratio: Number((plain.perSecond / graded.perSecond).toFixed(1)),
  grade_accuracy: Number(accuracy(graded.verdicts).toFixed(4)),
  string_accuracy: Number(accuracy(plain.verdicts).toFixed(4)),
  target_pairs_per_s: TARGET,
  meets_target: graded.perSecond >= TARGET,
};
console.log(`grade   ${result.grade_pairs_per_s.toLocaleString('en')} pairs/s   agreement with labels ${(100 * result.grade_accuracy).toFixed(1)}%  (${byKind(graded.verdicts)})`);
console.log(`string  ${result.string_pairs_per_s.toLocaleString('en')} pairs/s   agreement with labels ${(100 * result.string_accuracy).toFixed(1)}%  (${byKind(plain.verdicts)})`);
console.log(`the string comparison is ${result.string_over_grade_ratio}x faster; target ${TARGET.toLocaleString('en')} pairs/s: ${result.meets_target ? 'met' : 'NOT met'}`);
console.log(JSON.stringify(result));
