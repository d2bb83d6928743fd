// Dedup of the same problem written in other markup (test/fixtures/curate/dup-pairs.jsonl: real AIME problems
// from two public sources, labelled pairs, a held-out part not used to pick the threshold; see NOTICE.md there).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dedup, type DedupRule } from '../../../src/core/curate/dedup';
import { markupKey, markupNumbers } from '../../../src/core/curate/markup';
import { indelRatio, lcsLength, bandKeys } from '../../../src/core/curate/fuzzy';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { curate } from '../../../src/core/curate/run';
import { listAnnotations } from '../../../src/core/store/annotations';
import { datasetId } from '../../../src/core/curate/pool';
import { fixture, tempDir } from '../helpers';

interface Pair { id: string; split: 'tune' | 'heldout'; duplicate: boolean; kind: string; a: string; b: string }
const pairs = readFileSync(fixture('curate', 'dup-pairs.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Pair);

/** Precision and recall of a rule on the labelled pairs, each pair deduplicated on its own. */
function score(rule: DedupRule, subset: Pair[]): { precision: number; recall: number; fp: string[] } {
  let tp = 0, fp = 0, fn = 0;
  const fps: string[] = [];
  for (const p of subset) {
    const dup = dedup([{ id: 1, question: p.a, length: 0 }, { id: 2, question: p.b, length: 0 }], { rule }).dropped.length > 0;
    if (dup && p.duplicate) tp++;
    else if (dup) { fp++; fps.push(p.id); } else if (p.duplicate) fn++;
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), fp: fps };
}

describe('dedup across markup', () => {
  it('the labelled pairs: at least 60 duplicates and 60 hard non-duplicates, with a held-out part', () => {
    assert.ok(pairs.filter((p) => p.duplicate).length >= 60);
    assert.ok(pairs.filter((p) => !p.duplicate).length >= 60);
    for (const kind of ['crossword clues sharing the instruction', 'one quantity changed, other markup', 'one quantity changed, same markup']) assert.ok(pairs.some((p) => p.kind === kind), kind);
    const held = pairs.filter((p) => p.split === 'heldout');
    assert.ok(held.filter((p) => p.duplicate).length >= 40 && held.filter((p) => !p.duplicate).length >= 30);
  });

  it('the fuzzy rule finds the same problem in other markup where the 8-gram copy rule finds about half (held-out pairs)', () => {
    const held = pairs.filter((p) => p.split === 'heldout');
    const old = score('copy', held);
    const fuzzy = score('fuzzy', held);
    assert.ok(old.recall < 0.75, `copy recall ${old.recall}`);
    assert.ok(old.precision < 0.7, `copy precision ${old.precision}: it merges questions with one quantity changed`);
    assert.ok(fuzzy.recall >= 0.95, `fuzzy recall ${fuzzy.recall}`);
    assert.ok(fuzzy.precision >= 0.95, `fuzzy precision ${fuzzy.precision} (${fuzzy.fp.join(', ')})`);
  });

  it('the tuning pairs: no false duplicate, recall at least 0.95', () => {
    const r = score('fuzzy', pairs.filter((p) => p.split === 'tune'));
    assert.deepEqual(r.fp, []);
    assert.ok(r.recall >= 0.95, `recall ${r.recall}`);
  });

  it('in one pool, the crossword instruction is boilerplate: no two clues are merged, and every duplicate pair still is', () => {
    const docs = pairs.flatMap((p, i) => [{ id: 2 * i, question: p.a, length: 0 }, { id: 2 * i + 1, question: p.b, length: 0 }]);
    const r = dedup(docs, { rule: 'fuzzy' });
    const clusterOf = new Map<number, number>();
    r.clusters.forEach((c, k) => c.forEach((id) => clusterOf.set(id, k)));
    const together = (i: number) => clusterOf.has(2 * i) && clusterOf.get(2 * i) === clusterOf.get(2 * i + 1);
    const wrong = pairs.filter((p, i) => !p.duplicate && together(i)).map((p) => p.id);
    assert.deepEqual(wrong, []);
    const found = pairs.filter((p, i) => p.duplicate && together(i)).length;
    assert.ok(found / pairs.filter((p) => p.duplicate).length >= 0.95);
  });

  it('a drop names the question it matched and the rule', () => {
    const a = 'Let $x_1=97$ , and for $n>1$ let $x_n=\\dfrac{n}{x_{n \\minus{} 1}}$ . Calculate the product $x_1x_2 \\ldots x_8$ .';
    const b = 'Let $x_1 = 97$, and for $n > 1$ let $x_n = \\frac{n}{x_{n-1}}$. Calculate the product $x_1 x_2 \\cdots x_8$.';
    const r = dedup([{ id: 10, question: a, length: 5 }, { id: 11, question: b, length: 9 }], { rule: 'fuzzy' });
    assert.equal(r.dropped.length, 1);
    assert.equal(r.dropped[0].id, 10);
    assert.equal(r.dropped[0].matchedId, 11);
    assert.match(r.dropped[0].match, /^(same|fuzzy \d+) after markup normalisation$/);
    const long = pairs.find((p) => p.duplicate && p.a.split(' ').length > 60)!.a;
    const copy = dedup([{ id: 1, question: long, length: 5 }, { id: 2, question: long.replace(/ the /, ' one '), length: 9 }], { rule: 'copy' });
    assert.equal(copy.dropped[0].match, '8-gram copy');
    assert.equal(copy.dropped[0].matchedId, 2);
  });

  it('the old rules keep their behaviour: a copy with a changed number is still a duplicate under copy, not under fuzzy', () => {
    const q = pairs.find((p) => p.kind === 'one quantity changed, same markup')!;
    assert.equal(dedup([{ id: 1, question: q.a, length: 0 }, { id: 2, question: q.b, length: 0 }], { rule: 'copy' }).dropped.length, 1);
    assert.equal(dedup([{ id: 1, question: q.a, length: 0 }, { id: 2, question: q.b, length: 0 }], { rule: 'fuzzy' }).dropped.length, 0);
  });

  it('a question copied whole with a sentence added is a duplicate; one with a quantity added is not', () => {
    const q = 'A bag holds $5$ red and $7$ blue marbles. Two marbles are drawn without replacement. What is the probability that both are red?';
    const longer = q + ' Express your answer as a common fraction.';
    assert.equal(dedup([{ id: 1, question: q, length: 0 }, { id: 2, question: longer, length: 0 }], { rule: 'fuzzy' }).dropped.length, 1);
    const more = q.replace('Two marbles', 'A third colour, $3$ green, is added. Two marbles');
    assert.equal(dedup([{ id: 1, question: q, length: 0 }, { id: 2, question: more, length: 0 }], { rule: 'fuzzy' }).dropped.length, 0);
  });
});

describe('markup normalisation', () => {
  it('maps LaTeX and AoPS spellings of one expression to one key', () => {
    const same = [
      ['$\\dfrac{1}{2}$', '$\\frac12$', '$\\tfrac 1{2}$', '\\(\\frac{1}{2}\\)'],
      ['$a \\minus{} b \\equal{} c$', '$a-b=c$', '$a - b = c$', '$a \u2212 b = c$'],
      ['$P_{}^{}$', '$P$'],
      ['$\\left( x \\right)$', '$(x)$'],
      ['$2\\cdot 3$', '$2 \\times 3$', '2·3', '2×3'],
      ['$x \\le y$', '$x\\leq y$', 'x ≤ y'],
      ['$1{,}000$', '1,000', '$1\\,000$', '1000'],
      ['$90^\\circ$', '$90^{\\circ}$', '90°'],
      ['Find $m+n$ .', 'Find $m + n$.', 'find m+n'],
      ['$\\text{cm}$', 'cm', '$\\mathrm{cm}$'],
    ];
    for (const group of same) for (const s of group.slice(1)) assert.equal(markupKey(s), markupKey(group[0]), `${s} vs ${group[0]}`);
    assert.notEqual(markupKey('$a+b$'), markupKey('$a-b$'));
  });

  it('leaves figures and signatures out of the wording', () => {
    const text = 'Find the area of $\\triangle ABC$.';
    assert.equal(markupKey(text + ' [asy] size(150); draw((0,0)--(1,1)); [/asy]'), markupKey(text));
    assert.equal(markupKey(text + ' AIME 1985 Problem 6.png'), markupKey(text));
    assert.equal(markupKey(text + '\n ~ pi_is_3.14'), markupKey(text));
  });

  it('reads the numbers whatever their spelling: 1/2 three ways, 0.5 as .500, thousands', () => {
    const n = markupNumbers;
    assert.equal(n('$\\frac{1}{2}$ of $1{,}000$'), n('$\\frac12$ of 1,000'));
    assert.equal(n('$.500$'), n('0.5'));
    assert.notEqual(n('a mass of 2 kg at 10 m/s'), n('a mass of 3 kg at 10 m/s'));
  });
});

describe('fuzzy matching', () => {
  it('the ratio is rapidfuzz ratio / 100: 2·LCS / total length', () => {
    assert.equal(indelRatio('', ''), 1);
    assert.equal(indelRatio('abc', ''), 0);
    assert.equal(lcsLength('this is a test', 'this is a test!'), 14);
    assert.equal(Math.round(indelRatio('this is a test', 'this is a test!') * 100), 97);
    assert.equal(Math.round(indelRatio('fuzzy wuzzy was a bear', 'wuzzy fuzzy was a bear') * 100), 91);
  });

  it('the LCS is exact past one machine word and for characters outside ASCII', () => {
    const dp = (a: string, b: string) => {
      let prev = new Array<number>(b.length + 1).fill(0);
      for (let i = 1; i <= a.length; i++) {
        const cur = [0];
        for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
        prev = cur;
      }
      return prev[b.length];
    };
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 1) / 0x80000000;
    const pick = (n: number) => Array.from({ length: n }, () => 'abcé€x01'[Math.floor(rnd() * 8)]).join('');
    for (let t = 0; t < 200; t++) {
      const a = pick(Math.floor(rnd() * 140)), b = pick(Math.floor(rnd() * 140));
      assert.equal(lcsLength(a, b), dp(a, b), `${a} / ${b}`);
    }
  });

  it('LSH bands agree for near copies and rarely for different questions', () => {
    const q = markupKey(pairs[0].a);
    const near = markupKey(pairs[0].b);
    const ba = bandKeys(q)!, bb = bandKeys(near)!;
    assert.ok(ba.some((k, i) => k === bb[i]));
    assert.equal(bandKeys('abc'), null);
  });
});

describe('the dedup stage in a curation run', () => {
  it("a dropped duplicate says in the funnel which sample it duplicates and by which rule", async () => {
    const tmp = tempDir();
    try {
      const p = pairs.find((x) => x.duplicate && x.id === 'pos-1993_AIME_10') ?? pairs.find((x) => x.duplicate)!;
      const other = pairs.find((x) => x.kind === 'crossword clues sharing the instruction')!;
      const row = (question: string, trace: string) => JSON.stringify({ question, solution: 'x', cot_type: 'math', source_type: 'qfq/openaimath/Algebra', thinking_trajectories: [trace], attempt: 'x' });
      const file = join(tmp.dir, 'pool.jsonl');
      writeFileSync(file, [row(p.a, 'short'), row(p.b, 'a longer trace that wins the keep rule'), row(other.a, 't'), row(other.b, 't')].join('\n') + '\n');
      const db = openDatabase(join(tmp.dir, 'd.db'));
      await importFiles(db, { files: [file], dataset: 'pool', preset: 's1' });
      const r = curate(db, { dataset: 'pool', recipe: { name: 'dd', stages: [{ stage: 'dedup', type: 'dedup', rule: 'fuzzy' }] }, target: 10 });
      assert.equal(r.funnel.find((f) => f.stage === 'dedup')!.dropped, 1);
      const ids = db.prepare('SELECT id, question FROM samples WHERE dataset_id = ? ORDER BY id').all(datasetId(db, 'pool')!) as { id: number; question: string }[];
      const kept = ids.find((s) => s.question === p.b)!.id;
      const dropped = listAnnotations(db, datasetId(db, 'pool')!).filter((a) => a.label === 'duplicate');
      assert.equal(dropped.length, 1);
      const ev = dropped[0].evidence as { matched_sample_id: number; match: string; kept_sample_id: number };
      assert.equal(ev.matched_sample_id, kept);
      assert.equal(ev.kept_sample_id, kept);
      assert.match(ev.match, /after markup normalisation/);
      const drop = listAnnotations(db, datasetId(db, 'pool')!).find((a) => (a.evidence as { stage?: string }).stage === 'dedup')!;
      assert.match((drop.evidence as { reason: string }).reason, new RegExp(`^duplicate of sample ${kept} \\((fuzzy \\d+|same) after markup normalisation\\)$`));
      db.close();
    } finally { tmp.cleanup(); }
  });
});
