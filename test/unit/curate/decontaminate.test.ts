// N-grams as s1 makes them, decontamination against real evaluation sets, and dedup inside a pool.
// The false-positive figures of the two rules are measured on real questions that are not copies of each other.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normalizeText, ngramHashes, ngramText, words } from '../../../src/core/curate/ngrams';
import { EvalIndex, type EvalItem, type MatchRule } from '../../../src/core/curate/decontaminate';
import { readEvalFile } from '../../../src/core/curate/eval-files';
import { dedup } from '../../../src/core/curate/dedup';
import { fixture, sample } from '../helpers';

let math: EvalItem[];
let aime: EvalItem[];
before(async () => {
  math = await readEvalFile(sample('math500.jsonl'));
  aime = await readEvalFile(sample('aime24.jsonl'));
});
const flagged = (qs: string[], idx: EvalIndex, rule: MatchRule) => qs.filter((q) => idx.check(q, { rule })).length;

describe('word n-grams', () => {
  it("normalises as s1 does: lowercase, whitespace collapsed, words split on spaces", () => {
    assert.equal(normalizeText('  Find\tthe  VALUE\n\nof $x$. '), 'find the value of $x$.');
    assert.deepEqual(words('A  b\nC'), ['a', 'b', 'c']);
  });

  it('hashes exactly what s1 normalises: case, any whitespace (Python\'s set), Unicode lowercase and final sigma', () => {
    const texts = ['ÉCOLE  Straße\u00a0ΟΔΟΣ ΣΑΣ x\u3000y 𝐀𝐁 İstanbul \u2003 end', 'Tab\tNew\nLine\u2028Sep\u001fUnit\ufeffBom kept', 'ΑΣ Σ aΣb'];
    for (const t of texts) {
      const ws = words(t);
      assert.deepEqual([...ngramHashes(t, 2)], [...ngramHashes(ws.join(' '), 2)], t);
      assert.equal(ngramHashes(t, 1).length, ws.length);
    }
    assert.deepEqual(words('a\ufeffb c'), ['a\ufeffb', 'c']); // U+FEFF is not whitespace to Python
    assert.deepEqual(words('a\u001fb'), ['a', 'b']);
    assert.deepEqual([...ngramHashes('ΟΔΟΣ', 1)], [...ngramHashes('οδος', 1)]);
  });

  it('has one hash per distinct 8-gram over the evaluation sets (no collisions), and n is configurable', () => {
    const strings = new Set<string>();
    const hashes = new Set<number>();
    for (const it of [...math, ...aime]) {
      const ws = words(it.text);
      for (let i = 0; i + 8 <= ws.length; i++) strings.add(ws.slice(i, i + 8).join(' '));
      for (const h of ngramHashes(it.text)) hashes.add(h);
    }
    assert.equal(hashes.size, strings.size);
    assert.equal(ngramHashes('one two three four five', 3).length, 3);
    assert.equal(ngramHashes('only seven words in this short one').length, 0);
    const h = ngramHashes('Alpha beta gamma delta epsilon zeta eta theta iota', 8)[1];
    assert.equal(ngramText('alpha BETA gamma delta epsilon zeta eta theta iota', h), 'beta gamma delta epsilon zeta eta theta iota');
  });
});

describe('decontamination', () => {
  let both: EvalIndex;
  let aimeQ: string;
  before(() => {
    both = new EvalIndex([...math, ...aime]);
    aimeQ = aime[0].text;
  });

  it('catches a copy with changed case and spacing, with the shared n-gram and the evaluation item as evidence', () => {
    const copy = aimeQ.split(' ').map((w, i) => (i % 3 ? w : w.toUpperCase())).join('  \n');
    for (const rule of ['any', 'copy'] as const) {
      const e = both.check(copy, { rule })!;
      assert.ok(e, rule);
      assert.equal(e.eval.file, 'aime24.jsonl');
      assert.equal(e.eval.index, 0);
      assert.equal(e.coverage, 1);
      assert.equal(e.ngram.split(' ').length, 8);
      assert.ok(normalizeText(aimeQ).includes(e.ngram));
    }
  });

  it('catches lightly edited copies of every long evaluation question under the copy rule', () => {
    const edits: [string, (t: string) => string][] = [
      ['number changed', (t) => t.replace(/\d+/, (d) => String(Number(d) + 1))],
      ['sentence added', (t) => `Solve the following problem carefully. ${t} Give the answer in simplest form.`],
      ['two words replaced', (t) => { const w = t.split(' '); w[Math.floor(w.length / 3)] = 'zzz'; w[Math.floor((2 * w.length) / 3)] = 'yyy'; return w.join(' '); }],
    ];
    const long = [...math, ...aime].filter((it) => words(it.text).length >= 30);
    for (const [name, edit] of edits) {
      const missed = long.filter((it) => !both.check(edit(it.text), { rule: 'copy' }));
      assert.equal(missed.length, 0, `${name}: ${missed.length} of ${long.length} missed`);
    }
  });

  it('does not take shared boilerplate for contamination: real questions, copy rule 0 false positives (any-8-gram rule: 2 of 500, 6 of 30), boilerplate covers <= 3% of an item', () => {
    const aimeIdx = new EvalIndex(aime);
    const mathIdx = new EvalIndex(math);
    const mathQ = math.map((m) => m.text);
    const aimeQs = aime.map((m) => m.text);
    // MATH500 and AIME24 share no problem, so every flag is a false positive.
    assert.equal(flagged(mathQ, aimeIdx, 'copy'), 0);
    assert.equal(flagged(aimeQs, mathIdx, 'copy'), 0);
    assert.equal(flagged(mathQ, aimeIdx, 'any'), 2);
    assert.equal(flagged(aimeQs, mathIdx, 'any'), 6);
    const e = mathIdx.check(aimeQs.find((q) => /relatively prime positive/.test(q) && mathIdx.check(q, { rule: 'any' }))!, { rule: 'any' })!;
    assert.match(e.ngram, /relatively prime positive/);
    assert.ok(e.coverage <= 0.03);
    const s1k = readFileSync(sample('s1k-sample-5.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).question as string);
    assert.equal(flagged(s1k, both, 'copy'), 0);
  });

  it('reads GPQA CSV and any JSONL with a question field', async () => {
    const gpqa = await readEvalFile(fixture('import', 'gpqa-madeup.csv'));
    assert.ok(gpqa.length >= 2);
    assert.match(gpqa[0].text, /blorp/);
    assert.equal(gpqa[0].id, 'rec1');
  });
});

describe('dedup', () => {
  it('clusters copies and near copies, keeping the longest trace', () => {
    const q = aime[3].text;
    const r = dedup([
      { id: 1, question: q, length: 100 },
      { id: 2, question: q.toUpperCase(), length: 900 },
      { id: 3, question: q.replace(/\d+/, '77'), length: 50 },
      { id: 4, question: math[10].text, length: 10 },
    ]);
    assert.equal(r.clusters.length, 1);
    assert.deepEqual(r.clusters[0].sort(), [1, 2, 3]);
    assert.deepEqual(r.dropped.map((d) => [d.id, d.keptId]).sort(), [[1, 2], [3, 2]]);
  });

  it('a forced keep wins its cluster and is never dropped', () => {
    const q = aime[5].text;
    const r = dedup([{ id: 1, question: q, length: 100 }, { id: 2, question: q, length: 900, }, { id: 3, question: q, length: 5, forceKeep: true }]);
    assert.deepEqual(r.dropped.map((d) => [d.id, d.keptId]).sort(), [[1, 3], [2, 3]]);
  });

  it('real evaluation sets have no duplicates under the copy rule; the any-8-gram rule merges unrelated questions', () => {
    const docs = math.map((m, i) => ({ id: i, question: m.text, length: 0 }));
    assert.equal(dedup(docs, { rule: 'copy' }).dropped.length, 0);
    assert.equal(dedup(docs, { rule: 'any' }).dropped.length, 17);
  });
});
