// The formatting detector on a labelled set (test/fixtures/curate/formatting-labelled.jsonl): real MATH500,
// AIME24 and s1K questions plus hand-written ASCII art, image references and look-alikes that are neither.
// Goal of the issue: precision >= 95%, recall >= 90% for ASCII art and image references.
// The ascii-art labelling rule (tenth session; NOTICE.md has it in full and the relabels it made): a question is
// ascii-art when characters are placed in two dimensions and a character's position carries meaning that reading the
// lines in order would lose (drawings, trees, boards, grids, mazes and maps one character a cell, marks under a
// string, column sums, grids indexed by a row and a column header, full "+---+" boxes). Not art: text read line by
// line: lists, records and tables of records however aligned, matrices of numbers, list literals, LaTeX, code,
// one-row drawings, box characters used as a dash in a sentence.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formattingHits, s1FormattingHits, asciiArtHits } from '../../../src/core/curate/detectors/formatting';
import { cpuGrowth } from '../cpu-growth';
import { fixture } from '../helpers';

interface Example { text: string; labels: string[]; origin: string; source: string | null }

const load = (name: string) => readFileSync(fixture('curate', name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Example);
const examples = load('formatting-labelled.jsonl');

function scores(label: string, set = examples): { tp: number; fp: number; fn: number; precision: number; recall: number; wrong: string[] } {
  let tp = 0, fp = 0, fn = 0;
  const wrong: string[] = [];
  for (const e of set) {
    const predicted = formattingHits(e.text, e.source).some((h) => h.label === label);
    const actual = e.labels.includes(label);
    if (predicted && actual) tp++;
    else if (predicted) { fp++; wrong.push(`FP ${e.origin}`); } else if (actual) { fn++; wrong.push(`FN ${e.origin}`); }
  }
  return { tp, fp, fn, precision: tp / (tp + fp), recall: tp / (tp + fn), wrong };
}

/** A row of a held-out set: labels corrected after its first run keep the committed ones in `labelsBefore`. */
type Held = Example & { labelsBefore?: string[]; note?: string };
const judged = (e: Held) => e.labels.includes('ascii-art') && Boolean(e.note?.startsWith('judgement'));
/** The set as labelled before its first run. */
const firstLabels = (held: Held[]): Held[] => held.map((e) => ({ ...e, labels: e.labelsBefore ?? e.labels }));
const withoutJudged = (held: Held[]): Held[] => held.filter((e) => !judged(e));
/** [ASCII-art positives, of which judgement calls]. */
const positives = (held: Held[]) => [held.filter((e) => e.labels.includes('ascii-art')).length, held.filter(judged).length];
/** The ASCII-art detector's [TP, FP, FN] on a set; the rows it got wrong are the message. */
function assertArt(set: Example[], expected: [number, number, number]): void {
  const s = scores('ascii-art', set);
  assert.deepEqual([s.tp, s.fp, s.fn], expected, s.wrong.join(', '));
}
/** [TP, FP, FN] for each source prefix. */
const bySource = (held: Held[], prefixes: string[]) => prefixes.map((p) => scores('ascii-art', held.filter((e) => e.source?.startsWith(p)))).map((x) => [x.tp, x.fp, x.fn]);

describe('formatting detector', () => {
  it('has at least 200 labelled examples, real and written', () => {
    assert.ok(examples.length >= 200);
    assert.ok(examples.filter((e) => !e.origin.startsWith('written')).length >= 100);
  });

  for (const label of ['ascii-art', 'image-reference', 'formatting']) {
    it(`${label}: precision >= 95% and recall >= 90% on the labelled set`, () => {
      const s = scores(label);
      assert.ok(s.precision >= 0.95 && s.recall >= 0.9, `${label}: precision ${s.precision.toFixed(3)} recall ${s.recall.toFixed(3)} (${s.wrong.join(', ')})`);
    });
  }

  // formatting-heldout.jsonl was written after tuning on the development set and first measured untouched
  // (ascii-art recall 0.87, image-reference 0.63, no false positive); a few generic patterns were then added from
  // its misses, so it is a second development set now. It also holds the 389 MATH500 questions the first set lacks.
  it('second development set: no false positive on 389 real MATH500 questions; recall >= 90%', () => {
    const held = load('formatting-heldout.jsonl');
    const art = scores('ascii-art', held);
    const img = scores('image-reference', held);
    assert.equal(art.fp + img.fp, 0, [...art.wrong, ...img.wrong].join(', '));
    assert.ok(art.recall >= 0.9 && img.recall >= 0.9, `recall: ascii-art ${art.recall}, image-reference ${img.recall}`);
  });

  // formatting-heldout2.jsonl was written before those changes and never used to make one: the honest figure.
  // Measured: precision 1.0 for both; recall ascii-art 0.83 (10/12), image-reference 0.75 (6/8). After the rules
  // from formatting-codeforces2-tune.jsonl: ascii-art 0.83 (10/12) still, image-reference 0.75.
  it('held-out set: precision 100%, recall as measured (below the 90% goal: wordings and drawings it has not seen)', () => {
    const held = load('formatting-heldout2.jsonl');
    const art = scores('ascii-art', held);
    const img = scores('image-reference', held);
    assert.equal(art.fp + img.fp, 0, [...art.wrong, ...img.wrong].join(', '));
    assert.ok(art.recall >= 0.8 && img.recall >= 0.7, `recall: ascii-art ${art.recall}, image-reference ${img.recall}`);
  });

  // formatting-real.jsonl: 286 real AIME questions (1983-2025, the AoPS-scraped CSV; see NOTICE.md), labelled by
  // hand, split by the first byte of the SHA-1 of the text (even: tune, odd: held-out) before any rule changed.
  // Two rules came from the tune part (a LaTeX array/tabular counts as the figure; rows of "| 4 | 2 |" cells are
  // a drawn grid). Held-out, measured: image-reference precision 1.0 (9/9), recall 0.889 (8/9; the miss is "has
  // the sawtooth pattern", 2025 I #11), below the 0.90 goal; ascii-art: no positive in the held-out part (real
  // AIME text has almost no ASCII art), so its recall is unmeasured here and only its precision is asserted.
  it('real AIME held-out part: image-reference P 1.0, R 0.889 (below goal); no ascii-art false positive', () => {
    const real = load('formatting-real.jsonl') as (Example & { split: 'tune' | 'heldout' })[];
    assert.equal(real.length, 286);
    const held = real.filter((e) => e.split === 'heldout');
    assert.equal(held.length, 155);
    const img = scores('image-reference', held);
    const art = scores('ascii-art', held);
    assert.deepEqual([img.tp, img.fp, img.fn], [8, 0, 1], img.wrong.join(', '));
    assert.deepEqual([art.tp, art.fp, art.fn], [0, 0, 0], art.wrong.join(', '));
    const tune = real.filter((e) => e.split === 'tune');
    for (const label of ['image-reference', 'ascii-art']) {
      const s = scores(label, tune);
      assert.equal(s.fp + s.fn, 0, `${label} on the tune part: ${s.wrong.join(', ')}`);
    }
  });

  // formatting-codeforces.jsonl: 519 real Codeforces statements (see NOTICE.md): every one whose text has a grid
  // of cells (98 ascii-art after reading them; one Brainfuck listing is not), 160 drawn from those with a picture,
  // 260 from the rest. A picture left in the text as "[Image]" (APPS/TACO), "<image>" (code_contests) or dropped
  // (plain scrapers), a third each. Split by SHA-1 of the text (even first byte: tune) before any rule changed.
  // Labels were revised twice, each by a rule read on every row before looking at what the detector says (the old
  // labels stay in `labelsBefore`): image-reference now says what a reader of the kept text can know (a placeholder,
  // or words that point to a picture the text lacks), so 37 statements whose picture was dropped without a word
  // left are no longer image references (19 held-out); and five grids of cells outside the 99 rows first read for
  // art were labelled ascii-art (three held-out). Held-out, first rules: ascii-art P 0.640 R 0.582, image-reference
  // P 0.885 R 0.213; then, tuned on the tune half: ascii-art P 0.944 (51/54) R 0.927 (51/55), image-reference
  // P 0.963 (78/81) R 0.722 (78/108) on the old labels, 0.951 (77/81) and 0.865 (77/89) on the revised ones.
  // After the rules from formatting-codeforces2-tune.jsonl (asserted, revised labels): ascii-art P 0.947 (54/57)
  // R 0.931 (54/58); image-reference P 0.963 (79/82) R 0.888 (79/89). Both just below one goal each: ascii-art
  // precision (0/1 matrices, a Brainfuck listing) and image-reference recall (wordings not seen in the tune parts).
  // Round 2026-12-02 (asserted): ascii-art P 0.982 (56/57) R 0.966 (56/58), after the 0/1 rule (a digits-only
  // matrix is data) and rules tuned on the other sets; image-reference P 0.977 (85/87) R 0.955 (85/89), after
  // wordings taken from this part's misses ("pictures below explain", "(Image courtesy of", "you can see ... below"):
  // this part is no longer held-out for image references.
  // Ninth session (asserted), rules from held-out6 and the other development sets (spaced cell boards, figures side by
  // side, sizes given in words, aligned tables): ascii-art 57/1/1 (Bishwock shapes "XX   .X" now read), first labels
  // 55/3/0; image-reference unchanged.
  it('real Codeforces held-out half: figures as measured, on revised and on first labels', () => {
    const cf = load('formatting-codeforces.jsonl') as (Example & { split: 'tune' | 'heldout'; labelsBefore?: string[] })[];
    assert.equal(cf.length, 519);
    assert.equal(cf.filter((e) => e.labelsBefore).length, 42);
    const held = cf.filter((e) => e.split === 'heldout');
    assert.equal(held.length, 275);
    const art = scores('ascii-art', held);
    const img = scores('image-reference', held);
    assert.deepEqual([art.tp, art.fp, art.fn], [57, 1, 1], art.wrong.join(', '));
    assert.deepEqual([img.tp, img.fp, img.fn], [85, 2, 4], img.wrong.join(', '));
    assert.ok(art.recall >= 0.9 && img.precision >= 0.95);
    const placeholder = scores('image-reference', held.filter((e) => !e.origin.endsWith('(removed)')));
    assert.deepEqual([placeholder.tp, placeholder.fn], [66, 0], placeholder.wrong.join(', '));
    // On the first labels, where every dropped picture counts: ascii-art 52/5/3, image-reference 80/2/28.
    const first = held.map((e) => ({ ...e, labels: e.labelsBefore ?? e.labels }));
    assert.deepEqual(['ascii-art', 'image-reference'].map((l) => { const x = scores(l, first); return [x.tp, x.fp, x.fn]; }), [[55, 3, 0], [86, 1, 22]]);
  });

  // formatting-codeforces2-{tune,heldout}.jsonl: 709 more real Codeforces statements, none in the first set (see
  // NOTICE.md): every statement whose kept text has two or more lines of drawing-like characters or a <pre> block
  // (415), 24 more with two equal-width lines of cell-like characters, 140 with a picture in the kept text and 130
  // drawn from those without. Labels read by hand on the kept text: ascii-art = a two-dimensional layout drawn with
  // characters (a grid, board, maze, field, picture of a matrix, a shape), not a list of strings, bracket
  // sequences, code or a matrix of numbers; image-reference = a placeholder ([Image] or <image>) is left, or the
  // kept words point to a picture the text lacks ("The following illustrates the first example.", "shown on the
  // picture"); a dropped picture that left no such words is not one (a reader cannot know it). Split by the SHA-1
  // of the text (even first byte: tune) before any rule changed; rules changed from the tune part only.
  // Held-out, before: ascii-art P 0.724 (42/58) R 0.609 (42/69); image-reference P 1.0 (96/96) R 0.923 (96/104).
  // After (asserted): ascii-art P 0.819 (59/72) R 0.855 (59/69): below both goals (letter blocks in statements
  // that speak of a grid or table but are lists, 0/1 and +/- tables, two-row grids); image-reference P 1.0 R 0.923:
  // meets the goal. Round 2026-12-02 (asserted; this part and the contests set were looked at while tuning):
  // ascii-art P 0.917 (66/72) R 0.957 (66/69), precision still below goal (lists of equal-length strings under a
  // size line: breadboard ports, dominoes, street directions). Two tune rows were relabelled ascii-art by a second reading of every `picture`/`random` row
  // with equal-width rows (the first pass read those groups only through drawing-like lines; NOTICE.md).
  // Fifth session (asserted): two rows count as a grid only where the size line says 2 beside the width or the text
  // says the grid has two rows (rule from these dev parts' false positives): held-out ascii-art P 0.971 (66/68)
  // R 0.957, tune 49/3/3.
  // Ninth session (asserted): a grid whose size the text gives in words ("a box 7 × 8", "2 rows and 13 columns") is
  // read as one: held-out 68/2/1, tune 50/3/2; image-reference unchanged.
  it('second real Codeforces set, held-out part: figures as measured (ascii-art below goal)', () => {
    const held = load('formatting-codeforces2-heldout.jsonl');
    const tune = load('formatting-codeforces2-tune.jsonl');
    assert.deepEqual([tune.length, held.length], [332, 377]);
    assert.equal(held.filter((e) => e.labels.includes('ascii-art')).length + tune.filter((e) => e.labels.includes('ascii-art')).length, 121);
    assert.equal(held.filter((e) => e.labels.includes('image-reference')).length + tune.filter((e) => e.labels.includes('image-reference')).length, 203);
    const art = scores('ascii-art', held);
    const img = scores('image-reference', held);
    // Tenth session (asserted): 68/1/1, tune 50/2/2: a list of pattern strings after a "- " item and an interaction
    // laid out in two columns of numbers are no longer read as drawings (list items; numbers aligned in columns).
    assert.deepEqual([art.tp, art.fp, art.fn], [68, 1, 1], art.wrong.join(', '));
    assert.deepEqual([img.tp, img.fp, img.fn], [96, 0, 8], img.wrong.join(', '));
    assert.ok(img.precision >= 0.95 && img.recall >= 0.9);
    // The tune part, after tuning: ascii-art 46/5/6, image-reference 98/2/1 (before: 27/12/25 and 91/3/8).
    const t = ['ascii-art', 'image-reference'].map((l) => { const x = scores(l, tune); return [x.tp, x.fp, x.fn]; });
    assert.deepEqual(t, [[50, 2, 2], [98, 2, 1]]);
  });

  // formatting-contests.jsonl: a third real set from other sources, held out whole and never tuned on: the 165
  // code_contests test statements (pictures left as "<image>") from rllm's test/code/code_contests.json and 120
  // AtCoder statements (pictures dropped) from QwQ's livecodebench_v5.jsonl, each cut to its first and last 900
  // characters (NOTICE.md). Labelled by the same rules as the second Codeforces set; a second reading of every row
  // (the first showed one drawing block a row) added ascii-art to three AtCoder grids and image-reference to a link
  // to a .gif (`labelsBefore` keeps the first labels). Measured with these rules, on the final labels: ascii-art
  // P 0.600 (9/15) R 0.900 (9/10); image-reference P 0.968 (30/31) R 0.968 (30/31); with the rules before this round:
  // ascii-art P 0.571 (8/14) R 0.800, image-reference P 1.0 (30/30) R 0.968. Few positives; ascii-art precision is
  // far below goal (AtCoder format lines "S_1 / S_2", 0/1 matrices, interactive queries, lists of strings).
  // Round 2026-12-02 (looked at while tuning): ascii-art P 0.900 (9/10) R 0.900 (9/10). Fifth session (asserted),
  // after the two-row rule: P 1.0 (9/9) R 0.900.
  it('third real set (code_contests and AtCoder), all held out: figures as measured', () => {
    const set = load('formatting-contests.jsonl');
    assert.equal(set.length, 285);
    const art = scores('ascii-art', set);
    const img = scores('image-reference', set);
    assert.deepEqual([art.tp, art.fp, art.fn], [9, 0, 1], art.wrong.join(', '));
    assert.deepEqual([img.tp, img.fp, img.fn], [30, 1, 1], img.wrong.join(', '));
    assert.ok(img.precision >= 0.95 && img.recall >= 0.9 && art.recall >= 0.9);
  });

  // formatting-fresh.jsonl: a fourth real set, built after the rules above were tuned and labelled (and committed)
  // before the detector first ran on it: 300 AtCoder and 120 LeetCode statements from rllm's LiveCodeBench training
  // split and 50 USACO statements (NOTICE.md). 30 ascii-art, 25 image-reference on the first labels; four
  // image-reference labels were added after that first run (a re-read of every "as follows" sentence; `labelsBefore`).
  // Held-out, first run: ascii-art P 0.893 (25/28) R 0.833 (25/30), below both goals; image-reference P 0.588 (20/34)
  // R 0.800 (20/25), 0.676 (23/34) and 0.793 (23/29) on the revised labels: far below (AtCoder's "defined as
  // follows:" then a blank line, figures named in wordings not seen before). The rules before this round scored
  // ascii-art P 0.600 (24/40) R 0.800 (24/30) and the same image-reference figures.
  // Then rules were added from its misses, so it is a development set now (asserted): ascii-art P 0.966 (28/29)
  // R 0.933 (28/30); image-reference P 0.867 (26/30) R 0.897 (26/29), 0.767 (23/30) and 0.920 on the first labels.
  // Fifth session (asserted), after the two-row rule: ascii-art P 1.0 (28/28) R 0.933; image-reference unchanged.
  it('fresh real set (AtCoder, LeetCode, USACO), labelled before the first run: figures as measured', () => {
    const set = load('formatting-fresh.jsonl') as (Example & { labelsBefore?: string[] })[];
    assert.equal(set.length, 470);
    assert.deepEqual(['ascii-art', 'image-reference'].map((l) => set.filter((e) => e.labels.includes(l)).length), [30, 29]);
    const art = scores('ascii-art', set);
    const img = scores('image-reference', set);
    assert.deepEqual([art.tp, art.fp, art.fn], [28, 0, 2], art.wrong.join(', '));
    assert.deepEqual([img.tp, img.fp, img.fn], [26, 4, 3], img.wrong.join(', '));
    const first = set.map((e) => ({ ...e, labels: e.labelsBefore ?? e.labels }));
    const f = scores('image-reference', first);
    assert.deepEqual([f.tp, f.fp, f.fn], [23, 7, 2], f.wrong.join(', '));
  });

  // formatting-{tune3,heldout3}.jsonl: a fifth real set from files no earlier set drew from (rllm's Codeforces 2024
  // test statements with their sample, and LiveCodeBench's AtCoder, Codeforces and LeetCode statements not in another
  // fixture; NOTICE.md), split per problem by a seeded draw and labelled (ascii-art only) before the detector ran;
  // the held-out labels were committed first (8149d68). Only 8 positives (3 tune, 2 after a relabel to the
  // digits-with-? rule; 5 held-out): recent statements rarely draw grids. Tune part before the two-row rule: 2/0/1 on
  // the first labels, 2/0/0 on the revised ones. Held-out, first and only run (rules of bee3dde): ascii-art P 1.0
  // (5/5) R 1.0 (5/5), no false positive among 332 negatives; with 5 positives this neither confirms nor refutes
  // the 0.95 / 0.90 goal (a 95% interval for either figure reaches down to about 0.48).
  it('fifth real set (rllm Codeforces 2024 and LiveCodeBench), held-out part run once: figures as measured', () => {
    const tune = load('formatting-tune3.jsonl') as (Example & { labelsBefore?: string[] })[];
    const held = load('formatting-heldout3.jsonl');
    assert.deepEqual([tune.length, held.length], [225, 337]);
    assert.deepEqual([tune, held].map((set) => set.filter((e) => e.labels.includes('ascii-art')).length), [2, 5]);
    const h = scores('ascii-art', held);
    assert.deepEqual([h.tp, h.fp, h.fn], [5, 0, 0], h.wrong.join(', '));
    const t = scores('ascii-art', tune);
    assert.deepEqual([t.tp, t.fp, t.fn], [2, 0, 0], t.wrong.join(', '));
    const first = scores('ascii-art', tune.map((e) => ({ ...e, labels: e.labelsBefore ?? e.labels })));
    assert.deepEqual([first.tp, first.fp, first.fn], [2, 0, 1], first.wrong.join(', '));
  });

  // formatting-{tune4,heldout4}.jsonl: a sixth set, from another kind of source: the prompts of reasoning-gym's
  // generators as its GALLERY.md shows them (Apache-2.0; every distinct example of 177 versions, NOTICE.md), split by
  // generator (a third of the generators with drawings and of those without to tune, the rest held out) and labelled
  // by the written rule before the detector ran; the labels were committed first (3651dd7). 43 held-out positives
  // from 9 generators (circuits, column sums, Futoshiki, check-mark grids, rectangles, cube nets, path grids, Sokoban,
  // Go boards), 28 tune positives from 5 (FIGlet letters, knight boards, mazes, queens, Rush Hour).
  // Held-out, first run (rules of 32bc9c0): P 0.821 (32/39) R 0.744 (32/43), Wilson 95% intervals 0.673-0.910 and
  // 0.598-0.851: below both goals. Tune part, first run: 14/4/14. Rules then added from the tune part only (an untagged
  // code fence holding no code is read; a field walled by one character; a "Board:" heading over letter rows; digits
  // with "_" or "?" blanks are data; big letters spread by wide gaps): tune 28/0/0; held-out, not looked at while
  // tuning, P 0.833 (35/42, 95% 0.694-0.917) R 0.814 (35/43, 0.674-0.903), still below both goals; without the
  // two judgement-call generators (cryptarithm, futoshiki: 8 positives) 31/7/4, P 0.816 R 0.886. The other sets'
  // ascii-art figures did not change.
  // Eighth session, held-out4 used as a development set (with tune5 below): 43/0/0 (was 35/7/8) after rules for
  // esolang listings, digits with "_" blanks, column sums, emoji grids, Futoshiki marks and "$" cells.
  it('sixth set (reasoning-gym prompts, split by generator), held-out part: figures as measured (now a development set)', () => {
    const tune = load('formatting-tune4.jsonl');
    const held = load('formatting-heldout4.jsonl');
    assert.deepEqual([tune.length, held.length], [142, 265]);
    assert.deepEqual([tune, held].map((set) => set.filter((e) => e.labels.includes('ascii-art')).length), [28, 43]);
    const h = scores('ascii-art', held);
    assert.deepEqual([h.tp, h.fp, h.fn], [43, 0, 0], h.wrong.join(', '));
    const t = scores('ascii-art', tune);
    assert.deepEqual([t.tp, t.fp, t.fn], [28, 0, 0], t.wrong.join(', '));
  });

  // formatting-{tune5,heldout5}.jsonl: a seventh set, statements written by people: 320 LeetCode statements as the
  // javadoc of fishercoder1534/Leetcode's solutions (Apache-2.0; trees drawn with / and \, boards, keypads) and the
  // 151 exercise descriptions of exercism/problem-specifications (MIT), split per problem (60% held out) and
  // labelled (ascii-art only) before the detector ran; the labels were committed first (eefff96). 95 held-out
  // positives (82 of the set's 107 LeetCode positives are trees), 44 tune.
  // Held-out, first run (rules of f963409): 75/2/20, P 0.974 (95% 0.910-0.993) R 0.789 (0.697-0.859): recall below
  // goal. Tune part, first run: 34/1/10.
  // Rules then added from tune5 and held-out4 only (esolang lines, digits with blanks, column sums, emoji grids,
  // Futoshiki marks, "$" cells, a Markdown separator between every two rows draws a grid, "```text" fences are text,
  // middle-dot cells, a root label over tree strokes, arrow steps in words, marks under a line): tune5 39/0/5;
  // held-out5 79/1/16, P 0.988 (0.933-0.998) R 0.832 (0.744-0.894), recall still below goal. Caveat: a mis-filtered
  // diff printed held-out5's first-run error list while these rules were being checked (they were written before).
  // So held-out5 is a development set from 8199ca7 on. Rules then added from its misses and tune5's (long rows of
  // one-character cells, labelled tree nodes, "---+---" ruled tables, "|--" branch trees, marks with a note, borders
  // round labels are not expressions, notes after arrows are not drawings): held-out5 88/0/7, tune5 same.
  // Ninth session (asserted): held-out5 93/0/2 (a square of letters, a two-column table and a calendar under their
  // headers, the ZigZag lattice now read; left: a list-literal picture with index labels, a two-row transpose),
  // tune5 39/0/5 unchanged.
  // Tenth session: five tables of records relabelled not art by the written table rule (held-out 3, tune 2; NOTICE.md,
  // `labelsBefore` keeps the old labels): held-out5 90/0/2 (positives 92), tune5 37/0/5 (positives 42); on the old
  // labels 90/0/5 and 37/0/7 (the tables are no longer read as art).
  it('seventh set (LeetCode and exercism statements, split per problem), held-out part: figures as measured (now a development set)', () => {
    const tune = load('formatting-tune5.jsonl');
    const held = load('formatting-heldout5.jsonl');
    assert.deepEqual([tune.length, held.length], [180, 291]);
    assert.deepEqual([tune, held].map((set) => set.filter((e) => e.labels.includes('ascii-art')).length), [42, 92]);
    const h = scores('ascii-art', held);
    assert.deepEqual([h.tp, h.fp, h.fn], [90, 0, 2], h.wrong.join(', '));
    assert.ok(h.precision >= 0.95);
    const t = scores('ascii-art', tune);
    assert.deepEqual([t.tp, t.fp, t.fn], [37, 0, 5], t.wrong.join(', '));
  });

  // formatting-heldout6.jsonl: an eighth set, all held out, from sources no earlier set drew from: 160 Daily Coding
  // Problem statements (ruppysuppy/Daily-Coding-Problem-Solutions, MIT) and 24 LeetCode statements
  // (shichao-an/leetcode-python, BSD-2-Clause; kdn251/interviews, MIT); every drawing candidate and a seeded random
  // draw of the rest, rows sharing a 60-character window with another fixture left out (NOTICE.md). Labelled (ascii-art
  // only) and committed (5c83e81) before the detector ever ran on it. This is its first and only run, rules of 451ccee
  // (main's HEAD; the detector was not changed): 31/0/6, P 1.000 (95% 0.890-1.000) R 0.838 (0.689-0.923): precision
  // meets the goal, recall is below 0.90 (the interval reaches it). Four of the six misses are judgement-call labels
  // (tables aligned by tabs or spaces and |, a letter matrix, a bishop board in [ ] rows); the other two are boards of
  // letter cells (a 2 x N domino board, a 3-row 0/E/W grid).
  // Ninth session: held-out6 is a DEVELOPMENT set from here on (its errors were known). Rules added from its misses and
  // the other development sets (one-character cells one space apart, in [ ] rows or not, where the text names a grid;
  // a matrix the text calls "of letters"; tables aligned by " | " or tabs under a header of words; columns of values
  // under a capitalised header): 37/0/0. The first-run figures above stay its only held-out measurement.
  // Tenth session (asserted): three tables of records relabelled not art by the written table rule (NOTICE.md): 33/0/1.
  // The miss is a grid of INF / -1 / 0 cells (a judgement-call positive) that the old rules read only through the
  // digits-only grid after it, which the numbers rule now reads as data (numbers aligned in columns).
  it('eighth set (Daily Coding Problem and LeetCode statements), first run held out, now a development set: figures as measured', () => {
    const held = load('formatting-heldout6.jsonl');
    assert.equal(held.length, 184);
    assert.equal(held.filter((e) => e.labels.includes('ascii-art')).length, 34);
    const h = scores('ascii-art', held);
    // Eleventh session: 34/0/0 (the INF grid is read: a grid of a few kinds of token, one a word, in a text that names
    // a grid).
    assert.deepEqual([h.tp, h.fp, h.fn], [34, 0, 0], h.wrong.join(', '));
    assert.ok(h.precision >= 0.95);
  });

  // formatting-heldout7.jsonl: a ninth set, all held out, from five sources no earlier set drew from (NOTICE.md): 262
  // Rosetta Code task descriptions (wiki text, GFDL 1.2, light markup conversion; wiki tables left as markup), 87
  // TheAlgorithms/Python docstrings (MIT), 80 mission-peace/interview statements (Apache-2.0), 38 keon/algorithms
  // docstrings (MIT), 36 interactive-coding-challenges notebooks (Apache-2.0); every drawing candidate and a seeded
  // random draw of the rest. Labelled (ascii-art only) and committed (d210cef) before the detector ever ran on it. 68
  // positives, 34 of them judgement calls (mostly tables aligned by spaces under a header). First and only run, rules
  // of 820f359 (frozen before the run; nothing changed after it): 54/28/14, P 0.659 (Wilson 95% 0.551-0.752),
  // R 0.794 (0.684-0.873): the goal (P >= 0.95, R >= 0.90) is NOT met, precision far from it. Without the 34
  // judgement-call positives: 30/28/4, P 0.517 (0.392-0.641), R 0.882 (0.734-0.953). Rosetta Code alone: 19/24/8.
  // False positives: wiki table markup ("|| 9 || 150", "|-") read as drawn lines (14 "diagram lines", also bullet
  // lists of literals), box-drawing characters in prose ("A+B ─── a classic problem", 4), prose and LaTeX lines with
  // wide gaps read as big letters (4), aligned lists read as spaced layouts (5), one figures-side-by-side (the only FP
  // from this round's rules). Misses: tables under a header, with a rule line or text cells (8), a tree with "*"
  // leaves, a "." / "Q" board with prose beside its rows, a 0/1 grid with "*" paths and arrows, two matrices drawn
  // with | brackets, a "*" triangle.
  // Tenth session: a DEVELOPMENT set from here on. 24 of its judgement-call positives are tables of records and were
  // relabelled not art by the written table rule (NOTICE.md; `labelsBefore` keeps the old labels): 44 positives, 10 of
  // them judgement calls. Rules then added from its errors (wiki table and list markup, list items, box characters
  // on one line or in prose, wide-gap prose, aligned lists and number columns, tables of records, escaped "\\" in
  // trees, triangles of marks, boards with prose beside, "|" bracket matrices): 44/0/0 (asserted); 44/0/24 on the old
  // labels. The first run above stays its only held-out measurement.
  it('ninth set (Rosetta Code, TheAlgorithms, mission-peace, keon, coding-challenge notebooks), first run held out, now a development set: figures as measured', () => {
    const held = load('formatting-heldout7.jsonl') as Held[];
    assert.equal(held.length, 503);
    assert.deepEqual(positives(held), [44, 10]);
    assert.equal(held.filter((e) => e.labelsBefore).length, 24);
    assertArt(held, [44, 0, 0]);
    assertArt(withoutJudged(held), [34, 0, 0]);
  });

  // formatting-heldout8.jsonl: a tenth set, all held out: every Code Jam, Code Jam to I/O for Women, Farewell Round and
  // Kick Start statement of google/coding-competitions-archive (Apache-2.0) left after dropping rows that share a
  // 60-character window with another fixture and later copies of a problem (NOTICE.md): 609 statements, no sampling.
  // Labelled by the written rule (60 positives) and committed (d6afc9a) before the detector ever ran on it; the rules
  // were frozen at aa86a41 (built and tested before the run). First and only run: 54/11/6, P 0.831 (Wilson 95%
  // 0.722-0.903), R 0.900 (0.799-0.953): recall meets the 0.90 goal (its interval does not exclude less), precision
  // does NOT meet 0.95. False positives: lists of paths, fractions and patterns read as cell grids or drawn lines,
  // one-row strings, code braces, expressions with "#", a nested parenthesised tree, a floor of numbers with "."
  // cells, and three layouts the labels had missed. A second reading after the run (every negative row's lines of
  // digits, dots and spaces, which the first view had left out; `labelsBefore` keeps the first labels) made three of
  // them positives by the rule (digits drawn as diamonds, a pyramid of glass numbers, boards of "." and "A" cells):
  // 57/8/6, P 0.877 (0.775-0.936), R 0.905 (0.807-0.956). Misses: basin maps of letters spaced out, marks under a
  // line, "+---+" boxes of records, a bracket laid out in columns, a map of "@ ! digit ." cells, a 2-row grid of
  // direction letters. No rule was changed after the run.
  it('tenth set (Code Jam and Kick Start statements), all held out, first and only run: figures as measured (precision below goal)', () => {
    const held = load('formatting-heldout8.jsonl') as Held[];
    assert.equal(held.length, 609);
    assert.equal(held.filter((e) => e.labelsBefore).length, 3);
    assert.equal(positives(firstLabels(held))[0], 60);
    // First run (rules of aa86a41): 54/11/6 on the first labels, 57/8/6 on the revised ones. Eleventh session, now a
    // development set, after the rules from its false positives (paths and fractions, values in brackets, closing
    // braces, lists of strings indented or of one row, bracket expressions with any operator, "." for an empty place
    // among digits): 54/3/6 and 57/0/6 (the misses are unchanged).
    assertArt(firstLabels(held), [54, 3, 6]);
    assertArt(held, [57, 0, 6]);
  });

  // formatting-heldout9.jsonl: an eleventh set, all held out, and the first of model responses (the product's own
  // kind of input): 538 first-completion responses of 11 models from open-thought/reasoning-gym-eval's zero-shot
  // outputs (Apache-2.0; NOTICE.md), every drawing candidate per task up to a cap and a seeded random draw of the rest.
  // Labelled by the written rule (89 positives, 21 judgement calls) and committed (cce37d0) before the detector ever
  // ran on it; the rules were frozen at 8581893. First and only run: 78/18/11 on the committed labels, P 0.813 (Wilson
  // 95% 0.723-0.878) R 0.876 (0.792-0.930). Twelve of the 18 "false positives" were rows read as art before the run
  // and left out of the committed labels by a transcription error (`labelsBefore` keeps the committed labels); on the
  // corrected labels (101 positives, 23 judgement calls): 90/6/11, P 0.938 (0.870-0.971) R 0.891 (0.815-0.938), both
  // just below the goal (P >= 0.95, R >= 0.90), both intervals reaching it. Without the judgement positives: 70/6/8,
  // P 0.921 R 0.897. False positives: lists of negative numbers read as cell grids (2), Brainfuck code lines (2), a
  // polynomial's terms and list items of subtractions read as drawn lines. Misses: Rush Hour boards (3), FIGlet
  // letters (2), a maze, a grid of O X cells, marks under bits, and three judgement calls (column sums, a matrix
  // under row and column headers). No rule was changed after the run.
  // Twelfth session: a development set from here on. After the rules from its errors (signed numbers, powers, signed
  // list items and quoted Brainfuck are text; lettered boards, noted rows, hand-copied spaced rows, unclosed fences,
  // marks with blanks and FIGlet strokes are read): 85/12/4 on the committed labels, 97/0/4 on the corrected ones
  // (P 1.000, R 0.960), 77/0/1 without the judgement positives. Left: a one-letter FIGlet "L" without gaps, two
  // column sums and the headed matrix (judgement calls).
  it('eleventh set (model responses of reasoning-gym-eval), first run held out, now a development set: figures as measured', () => {
    const held = load('formatting-heldout9.jsonl') as Held[];
    assert.equal(held.length, 538);
    assert.equal(held.filter((e) => e.labelsBefore).length, 12);
    assert.equal(positives(firstLabels(held))[0], 89);
    assertArt(firstLabels(held), [85, 12, 4]);
    assert.deepEqual(positives(held), [101, 23]);
    assertArt(held, [97, 0, 4]);
    assertArt(withoutJudged(held), [77, 0, 1]);
  });

  // formatting-heldout10.jsonl: a twelfth set, all held out, from sources no earlier set drew from (NOTICE.md): 537
  // olympiad and contest statements in Kattis package form with their sample inputs (Swedish olympiad, KTH Challenge,
  // Icelandic and Rocky Mountain contests; CC BY-SA) and 128 Sokoban responses of eight models (MIT). Labelled by the
  // written rule (29 positives, far below the 60 aimed at; one judgement call) and committed (54eb040) before the
  // detector ever ran on it; rules frozen at a8f068f. First and only run: 27/0/2, P 1.000 (Wilson 95% 0.875-1.000),
  // R 0.931 (0.780-0.981): both point figures meet the goal (P >= 0.95, R >= 0.90); with 29 positives neither interval
  // excludes values below it. Statements 25/0/1, responses 2/0/1; by `pick`, drawing candidates 21/0/1, other rows 6/0/1.
  // Without the judgement positive: 27/0/1, R 0.964 (0.823-0.994). Misses: arrow-cell treasure maps in a Swedish
  // statement (its layout words, "karta", are not among the English ones the detector knows), and the judgement call
  // (three "Row N:" board rows stacked bottom-up). No rule was changed after the run.
  it('twelfth set (olympiad and contest statements, Sokoban responses), all held out, first and only run: figures as measured', () => {
    const held = load('formatting-heldout10.jsonl') as (Held & { model?: string })[];
    assert.equal(held.length, 665);
    assert.deepEqual(positives(held), [29, 1]);
    assertArt(held, [27, 0, 2]);
    assertArt(held.filter((e) => !e.model), [25, 0, 1]); // statements
    assertArt(held.filter((e) => e.model), [2, 0, 1]); // Sokoban responses
    assertArt(withoutJudged(held), [27, 0, 1]);
  });

  // formatting-heldout11.jsonl: a thirteenth set, all held out, model responses only, from sources no earlier set drew
  // from (NOTICE.md): 162 drawings models made when asked for ASCII art (ascii-bench, ISC), 275 ZeroEval outputs
  // (AlpacaEval, CRUXEval, MATH, GSM8K, ZebraLogic; Apache-2.0) and 107 arena-hard answers (Apache-2.0). Labelled by the
  // written rule (176 positives, 8 judgement calls) and committed (577cf42) before the detector ever ran on it; rules
  // frozen at 4d8bd3f. First and only run, on the committed labels: 151/37/25, P 0.803 (Wilson 95% 0.741-0.854),
  // R 0.858 (0.799-0.902): neither goal (P >= 0.95, R >= 0.90) is met. ascii-bench 142/0/20, ZeroEval 3/1/3,
  // arena-hard 6/36/2. False positives: 35 o3-mini answers whose sections are divided by one full-width "────" line
  // and one with a "▸" bullet (read as box drawing), and a Sudoku of digits in "|" cells. Misses: 9 Braille-dot
  // drawings, 11 character drawings (fills of $ 8 ; and line drawings), and five judgement calls (a binary column
  // sum, a +----+ box table, a Sudoku with box lines, two tables under row and column headers). After the run the
  // Sudoku in "|" cells was relabelled art by the precedent of the AIME pipe grid (`labelsBefore` keeps the first
  // label): 152/36/25, P 0.809 (0.746-0.858), R 0.859 (0.800-0.902). Without the judgement positives: 148/36/20.
  // Thirteenth session, after that run: a development set from here on. Rules from its errors (a lone "────" line is a
  // rule and a "▸" bullet a list item; a fence line ending in ";", "{" or "}" is code only with a word in it or as a
  // bracket alone; a run of three "$" or more is not maths; Braille-dot drawings; drawings shaded with "$", "8", ";"
  // or curves of "," "'" "`"): 170/1/6 on the committed labels (the one false positive is the relabelled Sudoku), 171/0/6
  // on the corrected ones (P 1.000, R 0.966), 167/0/1 without the judgement positives; every other set unchanged (hits,
  // patterns and spans of all their rows). Left: one drawing shaded with ",gN$P" and the five judgement calls.
  it('thirteenth set (model responses: ascii-bench, ZeroEval, arena-hard), first run held out, now a development set: figures as measured', () => {
    const held = load('formatting-heldout11.jsonl') as Held[];
    assert.equal(held.length, 544);
    assert.equal(held.filter((e) => e.labelsBefore).length, 1);
    assert.equal(positives(firstLabels(held))[0], 176);
    assertArt(firstLabels(held), [170, 1, 6]);
    assert.deepEqual(positives(held), [177, 9]);
    assertArt(held, [171, 0, 6]);
    assert.deepEqual(bySource(held, ['ascii-bench', 'zeroeval', 'arena-hard']), [[161, 0, 1], [4, 0, 3], [6, 0, 2]]);
    assertArt(withoutJudged(held), [167, 0, 1]);
  });

  // formatting-heldout12.jsonl: a fourteenth set, all held out, model responses only, from sources no earlier set drew
  // from (NOTICE.md): 80 GPT-4 outputs of the Tree of Thoughts logs (mini-crossword grids, Game of 24 steps, passages;
  // MIT), 126 WildBench answers of 14 models and 170 AlpacaEval outputs of 121 models (Apache-2.0), picked by
  // test/fixtures/curate/pickers/pick_heldout12.py. Labelled by the written rule (106 positives, 50 judgement calls, 21
  // of them ragged crossword grids; no source over 40% of the positives) and committed (aa28e5a) before the detector
  // ever ran on it; rules frozen at 3649944. First and only run, on the committed labels: 86/18/20, P 0.827 (Wilson
  // 95% 0.743-0.888), R 0.811 (0.726-0.874): neither goal (P >= 0.95, R >= 0.90) is met. Tree of Thoughts 29/0/11
  // (11 crossword grids of spaced letters missed), WildBench 20/5/4, AlpacaEval 37/13/5. Without the judgement
  // positives: 46/18/10, P 0.719 (0.599-0.814), R 0.821 (0.702-0.900). False positives: gitignore and regex lines,
  // HTML, Lean and quiz lines, degenerate outputs and "█" redactions read as cells, strokes or box drawing; two were
  // label errors (directory trees below code blocks that the pre-run reading missed), relabelled art after the run
  // (`labelsBefore` keeps the first labels): 88/16/20, P 0.846 (0.765-0.903), R 0.815 (0.731-0.877). NOTICE.md reads
  // every error. No rule was changed for this run.
  // Fourteenth session, after that run: a development set from here on. Rules from its errors (spaced capital letters
  // in four rows or more with nine letters or more are a letter grid; edge lines of "/", "\", "|" alone with a fork,
  // between node lines, are a tree; "█" redaction marks beside words are not box drawing; file patterns, closing tags
  // and regular expressions one a line are not cells; a dash bullet before a lone symbol and a "| ... =>" match arm
  // are text): 101/9/5 on the committed labels, 103/7/5 on the corrected ones (P 0.936, R 0.954), 55/7/1 without the
  // judgement positives; every other set unchanged (hits, patterns and spans of all their rows). Left: degenerate and
  // garbled outputs, two Markdown tables, a ruled table (judgement), a five-wide Braille shape, four judgement calls.
  it('fourteenth set (model responses: Tree of Thoughts, WildBench, AlpacaEval), first run held out, now a development set: figures as measured', () => {
    const held = load('formatting-heldout12.jsonl') as Held[];
    assert.equal(held.length, 376);
    assert.equal(held.filter((e) => e.labelsBefore).length, 2);
    const sources = ['tot-', 'wildbench', 'alpaca-eval'];
    const first = firstLabels(held);
    assert.deepEqual(positives(first), [106, 50]);
    assertArt(first, [101, 9, 5]);
    assert.deepEqual(bySource(first, sources), [[40, 0, 0], [23, 1, 1], [38, 8, 4]]);
    assertArt(withoutJudged(first), [55, 9, 1]);
    assert.deepEqual(positives(held), [108, 52]);
    assertArt(held, [103, 7, 5]);
    assert.deepEqual(bySource(held, sources), [[40, 0, 0], [23, 1, 1], [40, 6, 4]]);
    assertArt(withoutJudged(held), [55, 7, 1]);
  });

  // formatting-heldout13.jsonl: a fifteenth set, all held out, model responses only, from sources no earlier set drew
  // from (NOTICE.md): 209 MisguidedAttention outputs (CC0), 153 GridPuzzle chain-of-thought answers (MIT), 143 FastChat
  // "arena hard 1k" answers (Apache-2.0), 66 farel-bench and 69 lineage-bench reasoning logs (MIT), picked by
  // test/fixtures/curate/pickers/pick_heldout13.py. Labelled by the written rule (75 positives, 10 judgement calls;
  // farel-bench 33 and lineage-bench 30 of them, trees drawn inside reasoning) and committed (0b01a27) before the
  // detector ever ran on it; rules frozen at 383ea73. First and only run: 55/5/20, P 0.917 (Wilson 95% 0.819-0.964),
  // R 0.733 (0.624-0.820): neither goal (P >= 0.95, R >= 0.90) is met. FastChat 12/0/0, farel-bench 27/1/6,
  // lineage-bench 16/2/14, MisguidedAttention 0/2/0, GridPuzzle 0/0/0. Without the judgement positives: 51/5/14, P 0.911
  // (0.807-0.961), R 0.785 (0.670-0.867). False positives: "│" as a "given" bar and equations with "⁄" in o4-mini
  // answers, three single chains of names one a line ("└──" steps, "v"/"^" arrows; judgement: not art). Misses: trees
  // of two "├──"/"└──" branches, "->" chains joined by "|", "v", "^" or "\" under a name, a lone "/ \" fork, trees
  // whose rows are separated by blank lines (QwQ). No label was changed and no rule was changed for this run.
  // Fifteenth session, after that run: a development set from here on. Rules from its errors (a tree's branch line
  // "├── name → name" draws whatever names follow; "└──" steps alone, one name a line, are a chain; "│" between two
  // letters is a "given" bar; chains of names joined by a connector alone on its line in a column are a drawing; rows of
  // a tree separated by blank lines, and one fork with a node over it and two under it, are tree edges): 71/2/4 (P 0.973,
  // R 0.947), 64/2/1 without the judgement positives; every other set unchanged (hits, patterns and spans of all their
  // rows). Left: equations with "⁄" and a vertical chain of "v"/"^" arrows (false positives), a QwQ tree whose fork is
  // "|   \\" with blank lines between its rows, three judgement calls.
  it('fifteenth set (model responses: MisguidedAttention, GridPuzzle, FastChat, farel-bench, lineage-bench), first run held out, now a development set: figures as measured', () => {
    const held = load('formatting-heldout13.jsonl') as Held[];
    assert.equal(held.length, 640);
    assert.deepEqual(positives(held), [75, 10]);
    assertArt(held, [71, 2, 4]);
    assert.deepEqual(bySource(held, ['fastchat', 'farel', 'lineage', 'misguided', 'gridpuzzle']), [[12, 0, 0], [31, 0, 2], [28, 1, 2], [0, 1, 0], [0, 0, 0]]);
    assertArt(withoutJudged(held), [64, 2, 1]);
  });

  // formatting-heldout14.jsonl: a sixteenth set, all held out, from two repositories no earlier set drew from
  // (NOTICE.md): 118 first prompts of three clembench dialogue games (reference game, image game, match-it ASCII; 5x5
  // grids of "X"/"▢"/letter cells, MIT), 189 BIG-Bench Hard questions as clembench stores them (Dyck brackets, penguin
  // tables, SVG paths, word lists, arithmetic; MIT) and 70 xor-bench model answers (MIT), picked by
  // test/fixtures/curate/pickers/pick_heldout14.py. Labelled by the written rule (118 positives, no judgement call) and
  // committed (714eac3) before the detector ever ran on it; rules frozen at dd7e3fe. First and only run: 117/0/1,
  // P 1.000 (Wilson 95% 0.968-1.000), R 0.992 (0.954-0.999): both goals met, but every positive is a generated 5x5 grid
  // from one repository (weak: see NOTICE.md). Reference game 44/0/0, image game 42/0/0, match-it 31/0/1, BIG-Bench Hard
  // 0/0/0, xor-bench 0/0/0. The miss: a match-it grid of four equal rows "▢ X X X X" over a row of "▢" (an L shape).
  // No label was changed. Sixteenth session, after that run: a development set from here on. One rule from its miss (a
  // geometric cell before spaced one-character cells is a board row, not a bullet): 118/0/0; every other set unchanged
  // (hits, patterns and spans of all their rows).
  it('sixteenth set (clembench grid prompts, BIG-Bench Hard, xor-bench answers), first run held out, now a development set: figures as measured', () => {
    const held = load('formatting-heldout14.jsonl') as Held[];
    assert.equal(held.length, 377);
    assert.deepEqual(positives(held), [118, 0]);
    assertArt(firstLabels(held), [118, 0, 0]); // no label changed: the first labels are the labels
    assert.deepEqual(bySource(held, ['clembench-referencegame', 'clembench-imagegame', 'clembench-matchit-ascii', 'clembench-bbh', 'xor-bench']), [[44, 0, 0], [42, 0, 0], [32, 0, 0], [0, 0, 0], [0, 0, 0]]);
  });

  // formatting-heldout15.jsonl: a seventeenth set, all held out, model-written text only, from three repositories no
  // earlier set drew from (NOTICE.md): 120 GPT-4 answers of the Visualization-of-Thought experiments (boards of emoji
  // cells redrawn after each step, 3x3 maps drawn as word rows, boxes or letter grids; MIT), 147 answers of GPT-4,
  // GPT-3.5, Claude 1.3 and PaLM 2 to the counterfactual-evaluation tasks (additions in columns, melodies, drawing code;
  // MIT) and 75 XoT completions (8-puzzle and cube digit matrices, Game of 24; MIT), picked by
  // test/fixtures/curate/pickers/pick_heldout15.py. Labelled by the written rule (114 positives, 48 judgement calls, 45 of
  // them column sums) and committed (e435108) before the detector ever ran on it; rules frozen at 7e5a15f. First and
  // only run, on the committed labels: 82/0/32, P 1.000 (Wilson 95% 0.955-1.000), R 0.719 (0.631-0.794): precision
  // meets the goal, recall does not. Visual tiling 30/0/0, visual navigation 30/0/0, map navigation 6/0/1,
  // counterfactual-evaluation 16/0/31 (30 column sums missed), XoT 0/0/0. Without the judgement positives: 65/0/1.
  // Reading the misses: 24 of the column sums have their addends' digits one column apart (the "+" takes a digit's
  // place), so they are not written in columns; relabelled not art after the run (`labelsBefore` keeps the first
  // labels): 82/0/8, P 1.000 (0.955-1.000), R 0.911 (0.834-0.954). This reading was prompted by the run, so the
  // first-label figure is the held-out measurement (asserted at 75b6132, before any rule changed).
  // Seventeenth session, after that run: a development set from here on. Rules from its eight detector errors (an
  // operator may touch its operand, "+44"; operands in one column over a rule line are a column sum whatever stands
  // under the rule; two arrows or more of any direction, spaced, under a line; index numbers 1..n placed over the
  // tokens of the line below): 90/0/0 on the corrected labels, 90/0/24 on the first ones (the 24 misaligned sums), 66/0/0
  // without the judgement positives; every other set unchanged (hits, patterns and spans of all their rows).
  it('seventeenth set (model-written: Visualization-of-Thought, counterfactual-evaluation, XoT), first run held out, now a development set: figures as measured', () => {
    const held = load('formatting-heldout15.jsonl') as Held[];
    assert.equal(held.length, 337);
    assert.equal(held.filter((e) => e.labelsBefore).length, 24);
    const sources = ['vot-visual-tiling', 'vot-visual-navigation', 'vot-nl-navigation', 'cfe-', 'xot-'];
    const first = firstLabels(held);
    assert.deepEqual(positives(first), [114, 48]);
    assertArt(first, [90, 0, 24]);
    assert.deepEqual(bySource(first, sources), [[30, 0, 0], [30, 0, 0], [7, 0, 0], [23, 0, 24], [0, 0, 0]]);
    assertArt(withoutJudged(first), [66, 0, 0]);
    assert.deepEqual(positives(held), [90, 24]);
    assertArt(held, [90, 0, 0]);
    assert.deepEqual(bySource(held, sources), [[30, 0, 0], [30, 0, 0], [7, 0, 0], [23, 0, 0], [0, 0, 0]]);
    assertArt(withoutJudged(held), [66, 0, 0]);
  });

  // formatting-heldout16.jsonl: an eighteenth set, all held out (NOTICE.md), picked by
  // test/fixtures/curate/pickers/pick_heldout16.py, in two parts. Part A (rows 1-334): 183 answers and reasoning traces
  // of some 30 models to fairydreaming/lineage-bench quizzes (family trees drawn with `/ \ |` or `├──`/`└──` edges; MIT)
  // and 151 comments of TheAlgorithms/Java, C-Plus-Plus, Rust and williamfiset/Algorithms (trees, graphs, skip lists,
  // `+--+` grids; MIT). Caveat: lineage-bench is the repository of 69 rows of formatting-heldout13.jsonl (a development
  // set whose lineage trees rules were written from); only rows sharing no 60-character window with it are here.
  // Labelled (73 positives, 8 judgement calls) and committed (c7f8bba) before the detector ever ran on it; rules frozen
  // at 027c72f. First run: 67/1/6, P 0.985 (Wilson 95% 0.921-0.997), R 0.918 (0.832-0.962). Part B (rows 335-496,
  // `part: "B"`), picked after that run: 162 sections of PEPs (public domain/CC0), BOLTs (CC BY 4.0), Matrix MSCs
  // (Apache-2.0) and javascript-algorithms READMEs (MIT), labelled (47 positives, 2 judgement calls) and committed
  // (7113a41) before any detector run on them; first run, same rules: 42/4/5. Whole set on the committed labels:
  // 109/5/11, P 0.956 (0.901-0.981), R 0.908 (0.843-0.948). Three labels corrected after the runs: in part A a single
  // chain of `└──` steps is not art (precedent of formatting-heldout13.jsonl); in part B two false positives held a
  // `+---+` grid table and a column subtraction that the first reading missed: 111/3/10, P 0.974, R 0.917.
  // Without the judgement positives: 105/5/5 (first labels), 106/3/5 (corrected).
  // Fifteenth session (eighteenth set), after those runs: a development set from here on. Rules from its detector errors (Mermaid, dot
  // and PlantUML fences are code; an edge written with its weight inside the arrow, one a line, is a list item; a path of
  // labels joined by "---" is a drawn line; a join "\\   /" counts as a fork of a tree): first labels 109/5/11 -> 111/3/9,
  // corrected 111/3/10 -> 113/1/8; every other set unchanged (hits, patterns and spans of all their rows). The first-run
  // figures above were asserted at 3bd6812.
  it('eighteenth set (lineage-bench answers and traces, code comments, PEP/BOLT/MSC/README sections), first run held out, now a development set: figures as measured', () => {
    const held = load('formatting-heldout16.jsonl') as (Held & { part?: string })[];
    assert.equal(held.length, 496);
    assert.equal(held.filter((e) => e.part === 'B').length, 162);
    assert.equal(held.filter((e) => e.labelsBefore).length, 3);
    const sources = ['lineage-bench', 'code-thealgorithms-java', 'code-thealgorithms-cpp', 'code-thealgorithms-rust', 'code-williamfiset', 'docs-peps', 'docs-bolts', 'docs-matrix-msc', 'docs-js-algorithms'];
    const first = firstLabels(held) as typeof held;
    assert.deepEqual(positives(first), [120, 10]);
    assertArt(first.filter((e) => e.part !== 'B'), [69, 0, 4]); // part A (first run: 67/1/6)
    assertArt(first.filter((e) => e.part === 'B'), [42, 3, 5]); // part B (first run: 42/4/5)
    assertArt(first, [111, 3, 9]); // first run: 109/5/11
    assert.deepEqual(bySource(first, sources), [[44, 0, 3], [12, 0, 1], [7, 0, 0], [5, 0, 0], [1, 0, 0], [30, 2, 1], [5, 0, 1], [2, 0, 1], [5, 1, 2]]);
    assertArt(withoutJudged(first), [107, 3, 3]);
    assert.deepEqual(positives(held), [121, 10]);
    assertArt(held, [113, 1, 8]); // after the runs' relabels, before these rules: 111/3/10
    assert.deepEqual(bySource(held, sources), [[44, 0, 2], [12, 0, 1], [7, 0, 0], [5, 0, 0], [1, 0, 0], [31, 1, 1], [5, 0, 1], [2, 0, 1], [6, 0, 2]]);
    assertArt(withoutJudged(held), [108, 1, 3]);
  });

  // formatting-heldout17.jsonl: a nineteenth set, all held out (NOTICE.md), picked by
  // test/fixtures/curate/pickers/pick_heldout17.py from nine repositories no earlier set drew from: sections of the
  // OpenTelemetry specification, Kubernetes KEPs, Swift Evolution, Go and gRPC proposals (Apache-2.0/BSD), of the
  // LLM-written PocketFlow codebase tutorials (MIT; the only model-written source), and comments of tokio and petgraph
  // (MIT). Labelled (59 positives, 25 judgement calls) and committed (fac09f4) before the detector ever ran on it;
  // rules frozen at bbdeed5. First and only run, on the committed labels: 49/5/10, P 0.907 (Wilson 95% 0.801-0.960),
  // R 0.831 (0.715-0.905). Short of what the brief asked for (120 positives, half model-written): it does not count
  // as the goal's measurement. Three labels corrected after the run (a directory tree and the Celery banner's logo,
  // both below what the pre-run view showed; a graph in a Rust example's comments that the pre-run scan missed): the
  // first run on them 51/3/11. The first-run figures were asserted at 7a5d9de.
  // Sixteenth session, after that run: a development set from here on. Rules from its detector errors (a drawing in
  // the "//" comments of fenced code; boxes side by side over framed cells; "<br/>" tags one a line are a list):
  // first labels 49/5/10 -> 54/5/5, corrected 51/3/11 -> 57/2/5; every other set unchanged (hits, patterns and spans
  // of all their rows).
  it('nineteenth set (OTel, KEP, Swift Evolution, Go/gRPC proposal sections, LLM-written tutorials, tokio/petgraph comments), first run held out, now a development set: figures as measured', () => {
    const held = load('formatting-heldout17.jsonl') as Held[];
    assert.equal(held.length, 222);
    assert.equal(held.filter((e) => e.labelsBefore).length, 3);
    const sources = ['docs-otel', 'docs-k8s-keps', 'docs-swift-evolution', 'docs-go-proposal', 'docs-grpc-proposal', 'llm-pocketflow-tutorials', 'code-tokio', 'code-petgraph'];
    const first = firstLabels(held);
    assert.deepEqual(positives(first), [59, 25]);
    assertArt(first, [54, 5, 5]); // first run: 49/5/10
    assert.deepEqual(bySource(first, sources), [[12, 0, 2], [11, 2, 1], [20, 0, 1], [1, 0, 0], [1, 0, 0], [3, 1, 0], [3, 0, 0], [3, 2, 1]]);
    assertArt(withoutJudged(first), [32, 5, 2]);
    assert.deepEqual(positives(held), [62, 27]);
    assertArt(held, [57, 2, 5]); // first run on these labels: 51/3/11
    assert.deepEqual(bySource(held, sources), [[12, 0, 2], [12, 1, 1], [20, 0, 1], [1, 0, 0], [1, 0, 0], [4, 0, 0], [3, 0, 0], [4, 1, 1]]);
    assertArt(withoutJudged(held), [33, 2, 2]);
  });

  // Sixteenth session, from the nineteenth set's errors (each case but the guards, marked "still", gave the other
  // answer before these rules).
  it('reads drawings in the comments of fenced code, boxes side by side and "<br/>" lines', () => {
    const cases: [string, string[]][] = [
      ['Example:\n```rust\nlet g = graph();\n// a ----> b\n// ^       |\n// |       v\n// d <---- c\nlet x = 1;\n```', ['drawing in comments']],
      ['```go\n\t// For example, pods spread as 2/2/2:\n\t// +-------+-------+\n\t// | zone1 | zone2 |\n\t// +-------+-------+\n\tMinDomains *int32\n```', ['drawing in comments']],
      ['```rust\n// Returns the sum of the two values,\n// or None when it overflows.\n// Panics never.\nfn add(a: u8, b: u8) -> Option<u8> { a.checked_add(b) }\n```', []], // still: comments in prose
      ['Messages:\n```\n+---------+ +---------+ +---------+\n|Message A| |Message B| |Message C|\n+---------+ +---------+ +---------+\n```', ['boxes side by side']],
      ['![figure one](a.png)\n<br/>\n<br/>\n<br/>\n![figure two](b.png)', []],
      ['The grid:\n#..#\n.##.\n#..#', ['cell grid']], // still: a grid of cells
    ];
    for (const [text, expected] of cases) assert.deepEqual(asciiArtHits(text).map((h) => h.pattern), expected, text);
  });

  // Fifteenth session (eighteenth set), from the eighteenth set's errors (each case but the guards, marked "still", gave the other
  // answer before these rules).
  it('reads diagram-language fences as code, weighted edges one a line as a list, paths of "---" edges and joined tree lines as drawings', () => {
    const cases: [string, string[]][] = [
      ['The DAG:\n```mermaid\nflowchart RL\n    I-->H\n    H-->G\n    G-->F\n    F-->E\n```', []],
      ['Graph (start = 0):\n  0 --10--> 3\n  1 --(-1)--> 2    (negative cycle)\n  2 --(-1)--> 1\n  2 --5--> 3', []],
      ['Graph:\n  0---1---2---3\n  |       |\n  +-------+ (a cycle)', ['diagram lines']],
      ['The tree:\n```\nEthan      Diane\n  |          |\nBobby      Amanda\n  |          |\nJulie       |\n  \\         /\n       Frank\n```', ['tree edges']],
      ['The tree:\n      Amy\n     /   \\\n  Kim     Mason', ['diagram lines']], // still: a fork
      ['Steps:\n  A ---> B\n  B ---> C', ['diagram lines']], // still: plain arrows without a weight draw
    ];
    for (const [text, expected] of cases) assert.deepEqual(asciiArtHits(text).map((h) => h.pattern), expected, text);
  });

  // Seventeenth session, from the seventeenth set's errors (each case but the guards, marked "still", gave the other
  // answer before these rules).
  it('reads column sums whose operator touches the operand or that stop at the rule line, arrows placed under a line and index numbers over tokens; sums out of column and numbers over numbers stay text', () => {
    const cases: [string, string[]][] = [
      ['First, align them:\n\n  672\n+ 402\n______\n\nNow add the units.', ['column sum']],
      ['Thus:\n\n  55\n +54\n ---\n 109\n\nSo 55+54 = 109.', ['column sum']],
      ['In base-9:\n\n  73\n+63\n-----\n 146\n\nSo the answer is 146.', []], // still: the digits are not in columns
      ['The grid:\n```\nbra - gong - lynx\n↑    ←     ↑\nhen - cow - pig\n```', ['marks under a line']],
      ['A chain:\nGeorge\n ↓\nKatherine\n ↓\nJoshua', []], // still: one arrow a line
      ["Count up to the sixth note:\n\n1  2  3  4  5  6\nGb Ab Bb Cb Db Eb F Gb\n\nSo it is F.", ['marks under a line']],
      ['Numbers:\n1  2  3  4\n5  6  7  8', []], // still: numbers over numbers
    ];
    for (const [text, expected] of cases) assert.deepEqual(asciiArtHits(text).map((h) => h.pattern), expected, text);
  });

  // Sixteenth session, from the sixteenth set's miss.
  it('reads rows of spaced cells that start with a geometric cell as a board; a geometric bullet before words stays a list item', () => {
    const cases: [string, string[]][] = [
      ['This is your grid:\n▢ X X X X\n▢ X X X X\n▢ X X X X\n▢ X X X X\n▢ ▢ ▢ ▢ ▢', ['box drawing']],
      ['Summary:\n▸ Character Analysis: strong\n▸ Plot: weak\n▸ Style: plain', []], // still: bullets before words
    ];
    for (const [text, expected] of cases) assert.deepEqual(asciiArtHits(text).map((h) => h.pattern), expected, text);
  });

  // Fifteenth session, from the fifteenth set's errors (each case but the guards, marked "still", gave the other
  // answer before these rules).
  it('reads tree branches before chains of names, chains joined in a column and double-spaced trees; reads a chain of "└──" steps and a "given" bar as text', () => {
    const cases: [string, string[]][] = [
      ['The tree:\n```\nEthan\n├── Jacob → Bruce\n└── Bryan → Ryan → Raymond → Bobby → Sophia\n```', ['box drawing']],
      ['So:\n   Christopher\n   └── Teresa\n       └── Justin\n           └── Willie\n\nThus Willie is a great-grandchild.', []],
      ['We want\n  P(A is defective │ G) and P(C is defective │ G).\n  P(G│A good) = 2/3, P(G│A defective) = 1.', []],
      ['This gives us:\n   Melissa -> Natalie -> Carl -> Albert\n                          |\n                          v\n                        Andrea -> Michael', ['joined chains']],
      ['Map:\nJacob -> Betty -> Brian -> Wayne\n          \\\n           Lori -> Noah -> Adam', ['joined chains']],
      ['Roger is the root:\n```\n                Roger\n               /     \\\n            Randy    Willie → Carl → Julie\n```', ['tree edges']],
      ['The tree:\n\nLaura\n\n|\n\nLauren\n\n/     \\\n\nMason   Tyler\n\n|\n\nJose', ['tree edges']],
      ['A chain:\nGeorge\n ↓\nKatherine\n ↓\nJoshua\n ↓\nDanielle', []], // still: a path, one name a line
      ['In code: a -> b\n|\nthen c', []], // still
      ['              A   B\n             /│\\ /│\\\n            / │ X │ \\\n           /  │/ \\│  \\\n          C ─ D ─ E ─ F', ['box drawing']], // still: strokes beside "│"
    ];
    for (const [text, expected] of cases) assert.deepEqual(asciiArtHits(text).map((h) => h.pattern), expected, text);
  });

  // Fourteenth session, from the fourteenth set's errors (each case but the guards, marked "still", gave the other
  // answer before these rules).
  it('reads spaced capital-letter grids and trees of edge lines; reads redaction blocks, file patterns, closing tags, regular expressions and symbol bullets as text', () => {
    const cases: [string, string[]][] = [
      ['Interview log.\n\nInterviewer: Dr. ██████\n\nSubject: ██████ █████, last known witness\n\nDr. ██████: Can you describe it?', []], // redactions
      ['██████████\n█        █\n█  ██    █\n██████████', ['box drawing']], // still: a block drawing
      ['Output:\nP A R C H\nS P A R E\nE G B A S\nD E R E N\nH I R E R', ['letter grid']], // a crossword grid
      ['Moves:\nR U F D\nL B R U\nF D L B\nU R F D', []], // still: cube moves, six letters
      ['The tree is:\n```css\n          (x > 0.5)\n           /    \\\n      (y > 0.5)   (y <= 0.5)\n       /         /     \\\n  (x > 0.5) (x <= 0.5) (x <= 0.5)\n```', ['tree edges']],
      ['Example:\n```\n      banana(6)\n      /      \\\n  apple(3)  cherry(4)\n               \\\n              date(2)\n```', ['tree edges']],
      ['The .gitignore:\n```\n*.pyc\n*.pyo\n*.pyd\n```', []], // file patterns
      ['Closing:\n      </div>\n    </div>\n  </div>\n</div>', []], // closing tags
      ['Patterns:\n/\\b\\w+\\b/g\n/\\b\\w+\\b/g\n/\\b\\w+\\b/g', []], // regular expressions
      ['Which starts a comment in R?\n   - #\n   - //\n   - /* */\n   - ;', []], // quiz options
      ['The maze:\n#####\n#.#.#\n#...#\n#####', ['cell grid']], // still: a maze
    ];
    for (const [text, expected] of cases) assert.deepEqual(asciiArtHits(text).map((h) => h.pattern), expected, text);
  });

  // Thirteenth session, from the thirteenth set's errors (each case but the guards, marked "still", gave the other
  // answer before these rules).
  it('reads section rules of box characters and geometric bullets as text; reads drawings in fences with brace strokes, Braille-dot drawings and shaded drawings', () => {
    const rule = '─'.repeat(30);
    const braille = ['⠀⠀⣀⣤⣤⣀⠀⠀', '⢀⣾⣿⣿⣿⣿⣷⡀', '⣿⣿⠟⠉⠉⠻⣿⣿', '⠈⠻⣦⣀⣀⣴⠟⠁'].join('\n');
    const cases: [string, string[]][] = [
      [`Here is the plan.\n\n${rule}\n1. Research\n\nSome words here.\n\n${rule}\n2. Method\n\nMore words.`, []], // rules between sections
      ['Notes:\n▸ Character Analysis: the lead.\n▸ Setting: a small town.', []], // geometric bullets
      ['Sections:\n┌────────┐\n│  box   │\n└────────┘', ['box drawing']], // still: a box
      ['```\n      .-"""-.\n     /       \\\n    {_________}\n    |  o   o  |\n    { \\_/ }\n```', ['diagram lines']], // brace strokes in a fence
      ['```\nint x = 0;\nwhile (x < 3) {\n  x++;\n}\n```', []], // still: code
      [braille, ['braille drawing']],
      ['```\n      $$$$\n     $$$$$$$\n    $$$$$$$$$\n   $$$$$$$$$$$\n  $$$$$$$$$$$$$\n```', ['shaded drawing']], // a shape filled with "$"
      ['The board:\n  [".",".","p","."],\n  [".","R",".","p"],\n  [".",".",".","."],\n  ["p",".",".","."],', []], // still: a list literal
    ];
    for (const [text, expected] of cases) assert.deepEqual(asciiArtHits(text).map((h) => h.pattern), expected, text);
  });

  // Twelfth session, from the eleventh set's errors (each case but the guards, marked "still", gave the other answer
  // before these rules).
  it('reads signed numbers, powers, signed list items and quoted Brainfuck as text; reads lettered boards, noted rows, hand-copied spaced rows, unclosed fences, marks with blanks and FIGlet strokes', () => {
    const figlet = '<answer>dP8bYPYb  dP        dP     dP     dPYbYdP dPYbYdP dP  dP 88888888 \n88__dP   Yb  dP        88     88     Yb  dP  Yb  dP  Yb  dP        dP   \n88YbYb    YbdP   .d8b. 88 .d8b. 88 .d8b.  YbdP   YbdP   YbdP        dP    \n88  Yb     YP    YPwwwY 88 YPwwwY 88 YPwwwY dP  Yb dP  Yb dP  Yb  dP     \n                                 YP   YD 88      88      88   YP   YP      \n</answer>';
    const cases: [string, string[]][] = [
      ['Sorted from smallest:\n-98.4\n-97.12\n-65.3\n-55.0\n-35.3\n37.0\n37.66', []], // signed decimals, one a line
      ['Combining like terms:\n   -7098*y**6\n   +4277*y**5\n   -940*y**3\n   -600*y**2', []], // powers, not bars
      ['Votes:\nMon ####\nTue ######\nWed ##', ['diagram lines']], // still: bars apart from their labels
      ['The second differences are:\n   - -4 - 0 = -4\n   - -4 - (-4) = 0\n   - -8 - (-4) = -4', []], // list items of subtractions
      ['The commands, one by one:\n4. `<+.++.++++..++++++.`:\nprints the letters.', []], // a Brainfuck program quoted as code
      ['Let me break down the program:\n`>[-]>[-]<>+++++++++[<++++++++++++>-]<+.------------.++++++++++++.<`\nStarting with all cells at 0.', []],
      ['The board is given as:\n```\nG.JBB.\nG.JK.L\nHAAK.L\nHICC.x\nHIDD..\nEEEFF.\n```', ['letter grid']], // a Rush Hour board
      ['The names, one a line:\nG.JBB.\nG.JK.L\nHAAK.L\nHICC.x', []], // still: no layout named, strings
      ['The board:\nB W B W B W B W B\nW B W B W B W B\nB W B W B W B W B\nW B W B W B W B W', ['spaced cell grid']], // a row with a cell dropped
      ['Let me recheck the maze layout:\n```\nXXXXXXXX  (row 0)\nXXX___eX  (row 1)\nX_X_XX_X  (row 2)\nX____XXX  (row 3)\nXXXXXXXX  (row 4)\n```', ['walled field']], // rows with notes
      ['Let me draw the grid:\n```plaintext\nX O O X O X X\nO X O X O X X\nX X O O X O X\n\nThen the search:\n    visited = set()', ['spaced cell grid']], // a fence never closed
      ['Now count the 1s:\n   1 0 0 1 0 1 0 1 1\n   ^ - - ^ - ^ - ^ ^\nThat is 5.', ['marks under a line']], // marks and blanks under bits
      ['A sentence with some words here:\n^ - ^ - ^', []], // still: not under cells
      [figlet, ['big letters']], // FIGlet letters drawn with d P Y b 8
    ];
    for (const [text, expected] of cases) assert.deepEqual(asciiArtHits(text).map((h) => h.pattern), expected, text);
  });

  // Eleventh session, from the tenth set's false positives (and the eighth set's INF grid): data and code that looked
  // drawn. Each case but the guards (marked "still") gave the other answer before these rules.
  it('reads paths, fractions, S-expressions, closing braces, lists of strings, bracket expressions and numbers with "." as text; reads a grid of tokens', () => {
    const cases: [string, string[]][] = [
      ['Sample Input\n3\n0 2\n/home/gcj/finals\n/home/gcj/quals\n1 3\n/a\n/a/b\n/a/c\n/b/b', []], // paths
      ['Each line holds a fraction P/Q.\nSample Input\n3\n1/2\n3/4\n1/4', []], // fractions
      ['Mirrors in a grid.\nExample input:\n2 2\n*/\n/*', ['diagram lines']], // still: mirrors in a 2 x 2 grid
      ['For example:\n(0.2 furry\n  (0.81 fast\n    (0.3)\n    (0.2)\n  )\n  (0.1 fishy\n    (0.01)\n    (0.01)\n  )\n)', []], // an S-expression tree
      ['Sample Input\nint f(int n) {\n  for (;;) {\n    if (n) {\n      g();\n    }\n  }\n  */\n  return 0;\n}', []], // closing braces of code
      ['Test Set 3:\n  2\n  A*C*E\n  *B*D\nThere is no name.\n  2\n  **Q**\n  *A*\nQUAIL is one.', []], // patterns indented under a count
      ['Sample Input\n4\no..=>..\n...o>..........\n.=.\n.........o........', []], // one-row strings of different lengths
      ['Sample Input\n3\n(1*(1#2))\n(0*(1#2))\n(1#2)\n((50*2)#2)', []], // expressions with a "#" operator
      ['The floor during the second round:\n1 . 1\n. 2 .\n1 . 1\nThis round is the last one.', []], // numbers with "." for none
      ['Example: the board\n# . #\n. # .\n# . #', ['spaced cell grid']], // still: symbol cells
      ['For example, given the 2D grid:\nINF  -1  0  INF\nINF INF INF  -1\nINF  -1 INF  -1\n  0  -1 INF INF', ['token grid']], // a word among numbers
      ['For example, given the list:\nINF  -1  0  INF\nINF INF INF  -1\nINF  -1 INF  -1\n  0  -1 INF INF', []], // still: no grid named
      ['Given the 2D grid:\n  3  -1   0   1\n  2   2   1  -1\n  1  -1   2  -1', []], // still: numbers alone are data
    ];
    for (const [text, expected] of cases) assert.deepEqual(asciiArtHits(text).map((h) => h.pattern), expected, text);
  });

  // Tenth session, from the ninth set (now a development set) under the written labelling rule: markup, list items,
  // box characters in prose, wide-gap prose and tables of records are text; the misses it showed are read. Each case
  // but the guards (marked "still") gave the other answer before these rules.
  it('reads wiki markup, list items, prose with box characters or wide gaps and tables of records as text; reads the ninth set\'s missed drawings', () => {
    const cases: [string, string[]][] = [
      ["Items:\n{| class=\"wikitable\"\n|-\n! item !! weight !! value\n|-\n| map || 9 || 150\n|-\n| compass || 13 || 35\n|-\n| water || 153 || 200\n|}", []], // wiki table markup
      ["## Test Cases\n\n* [0, 1, 0, 3, 12]\n* [1, 0] -> [1, 0]\n* [0, 1] -> [1, 0]\n* [0] -> [0]\n* [1] -> [1]", []], // bullet list items of literals
      ["Namely:\n::::*   1,3\n::::*   1,4\n::::*   2,4\n::::*   1,3,4", []], // wiki list markup
      ["A+B   ─── a classic problem in programming contests, given so contestants can practise.", []], // a box character used as a dash in prose
      ["Rules under a header:\n    square      top bit\n    ────────────   ───────\n    1*1 = 1        1  0111", []], // one rule line of box characters under a header
      ["Drawn:\n┌───┬───┐\n│ 8 │ 6 │\n└───┴───┘", ["box drawing"]], // box lines on two lines: still a drawing
      [";Examples:\n    (empty)      OK\n    []           OK\n    [][]         OK\n    [[][]]       OK\n    ][         NOT OK", []], // bracket strings with verdicts after a gap
      ["For example:\n* group_ordered([1,2,1,3,2])     ->     [1,1,2,2,3]\n* group_ordered([1,1,2,3])     ->     [1,1,2,3]\n* group_ordered([])              ->     []\n* group_ordered([1])             ->     [1]", []], // list items with calls and arrows after a gap
      ["Example for data of vehicles\n    price|mileage|registration_year\n    20k  |60k    |2012\n    22k  |50k    |2011\n    23k  |90k    |2015\n    16k  |210k   |2010", []], // a record table split by |
      ["Keys are mapped as follows:\n     2 -> ABC\n     3 -> DEF\n     4 -> GHI\n     5 -> JKL", []], // an aligned list
      ["Compute the ranges of:\n     0,  1,  2,  4,  6,  7,  8, 11,\n    15, 16, 17, 18, 19, 20, 21, 22,\n    25, 27, 28, 29, 30, 31, 32, 33", []], // a list of numbers
      ["The matrix:\n 1    2   -1   -4\n 2    3   -1   -11\n-2    0   -3    22", []], // a matrix of numbers
      ["The number wheel\n   1   2\n 8       3\n 7       4\n   6   5\nHow many ways?", ["spaced layout"]], // numbers placed round a shape: still a layout
      ["Truth table:\n    ------------------------------\n    | Input 1 | Input 2 | Output |\n    ------------------------------\n    |    0    |    0    |    0   |\n    |    0    |    1    |    0   |\n    |    1    |    1    |    1   |\n    ------------------------------", []], // a truth table (records) between rule lines
      ["For example:\n Window position                Max\n ---------------               -----\n [1  3  -1] -3  5  3  6  7      3\n  1 [3  -1  -3] 5  3  6  7      3\n  1  3 [-1  -3  5] 3  6  7      5", []], // a records table under a header and a rule per column
      ["Cross them:\n    |  A  |  a\n----+-----+----\n A  |  AA |  Aa", ["ruled table"]], // a Punnett square (blank corner cell): still a grid
      ["The store:\n                                0     1     2\n                               ---------------\n                           q:   0     0     1", []], // an index header over a rule over values
      ["Strike out even rows:\n        17    34\n         8    --\n         4   ---\n         2   ---\n         1   544", []], // numbers with struck cells
      ["Play:\nA\tB\tC\n3\t4\t5\n3\t1\t5\n0\t1\t3", []], // a tab table of numbers under column names
      ["For example, the following tree has 10 empty branches:\n                    9 __\n                 /      \\\\___\n               6            12\n              / \\\\          /   \\\n            3     8       10      15", ["diagram lines"]], // a tree whose backslashes are escaped
      ["Print the pattern:\n*\n**\n***\n****\n*****\n;Related tasks:", ["triangle of marks"]], // a triangle of marks
      ["We can visualize it like this on a chess board:\n    . Q . .     We have this chessboard with one queen in each column\n    . . . Q     and no two queens attack each other.\n    Q . . .     The array would be [1, 3, 0, 2]\n    . . Q .", ["spaced cell grid"]], // a board with prose beside its rows
      ["'*' will demonstrate a path:\n1.                2.\n    *  *  *  0      *  *  *  *\n    1  1  *  0      1  1  *  *\n    0  0  *  1      0  0  *  1", ["diagram lines"]], // a 0/1 grid with * paths
      ["The design matrix is\n    |1  x₁  x₁² ⋯ x₁ᵐ|\nX = |1  x₂  x₂² ⋯ x₂ᵐ|\n    |⋮  ⋮   ⋮   ⋱ ⋮  |\n    |1  xₙ  xₙ² ⋯  xₙᵐ|", ["bracket matrix"]], // a matrix drawn with | brackets, not digits only
      ["The identity:\n    |1  0  0|\nI = |0  1  0|\n    |0  0  1|", []], // a digits matrix in | brackets: still data
      ["As we know\n    f[n] = f[n-1] + f[n-2]\n    ...\n    ...\n->  [f(n),f(n-1)] = [[1,1],[1,0]]^(n-1) * [f(1),f(0)]", []], // elisions between formulas
      ["Building a table for\n#*   sin\n#*   cos\n#*   tan", []], // wiki list items beside marks
    ];
    for (const [text, expected] of cases) assert.deepEqual(asciiArtHits(text).map((h) => h.pattern), expected, text);
  });

  it('reads a drawing in an untagged code fence, a walled field, big letters; digits with blanks are data', () => {
    const art = (q: string) => asciiArtHits(q).map((h) => h.pattern);
    assert.deepEqual(art('The grid:\n```\n#..#.\n.##..\n#...#\n```'), ['cell grid']);
    assert.deepEqual(art('Find the way:\n```$$$$$$\n$~~z~$\n$~$~4$\n$$$$$$```\nLegend: $ = wall'), ['walled field']);
    assert.deepEqual(art('The grid:\n```python\n#..#.\n.##..\n#...#\n```'), []); // tagged: code
    assert.deepEqual(art('Run it:\n```\nx = 1\n>>>>>>\n>Se>e>\n>>>>>>\n```'), []); // holds code: code
    assert.deepEqual(art('Board:\nGBBIJK\nG..IJK\nAAHI..\n..HCCC'), ['letter grid']);
    assert.deepEqual(art('Solve:\n3 _ _ _\n_ _ 4 _\n4 2 _ _\n_ _ _ 4'), []); // digits and blanks: data
    assert.deepEqual(art('Read the word:\n  sSSSs     d sss    sSSSs\n S     S    S        S     S\nS       S   S sSSs   S       S\n S     S    S        S     S\n  sSSSs     P sSSss   sSSSs'), ['big letters']);
    assert.deepEqual(art('Scores:\nAlice     12     15\nBob       10     11\nCarol     14     9\nDave      8      13'), []); // words and numbers
    assert.deepEqual(art('A matrix:\n111111\n100001\n111111'), []); // a walled matrix of digits: data
  });

  it('reads column sums, emoji grids, puzzle marks, "$" cells, drawn keypads, text fences; code and blanks are not art', () => {
    const art = (q: string) => asciiArtHits(q).map((h) => h.pattern);
    assert.deepEqual(art('What does it print?\n\n>[-]<>+++++++[<++++++++>-]<+.--.+++.<\n'), []); // an esolang listing: code
    const sudoku = ['_ 3 _ 1 _ _ _ _ 7', '_ _ 5 _ 2 _ _ 6 8', '1 4 6 3 _ _ _ 2 9', '_ _ 7 _ 5 _ 8 3 _'].join('\n');
    assert.deepEqual(art(`Fill in the blanks:\n${sudoku}`), []); // digits with blanks, no box lines: data
    assert.deepEqual(art('Solve:\n\n    ABC\n+ DEFGA\n-------\n  DEHBC\n\nEach letter is a digit.'), ['column sum']);
    assert.deepEqual(art('Solve:\n  T W O\n  T W O +\n-------\nF O U R'), ['column sum']);
    assert.deepEqual(art('A list:\nAB\nCD\n---\nEF'), []); // no operator: not a sum
    assert.deepEqual(art('Find the rule:\n\n⬛⬜⬛⬜\n⬜⬛⬜⬛\n⬛⬜❔⬜\n'), ['symbol grid']);
    assert.deepEqual(art('Puzzle:\n\n3   _   _   1\n            ∨\n_   2   _   _\n\n_ < _   4   _\n\n1   _   _   _'), ['constraint grid']);
    assert.deepEqual(art('Puzzle:\n\n3   _   _   1\n\n_   2   _   _\n\n_   _   4   _\n\n1   _   _   _'), []); // no marks: data
    assert.deepEqual(art('Legend: $ - a box on a goal, + - a wall\n\nLevel:\n+ + + + + +\n+ $ - @ X +\n+ - - - * +\n+ + + + + +'), ['diagram lines']);
    assert.deepEqual(art('The keypad:\n|---|---|\n| 1 | 2 |\n|---|---|\n| 3 | 4 |\n|---|---|'), ['pipe grid']); // separators between rows: drawn, not Markdown
    assert.deepEqual(art('The board:\n```text\n··*··\n·*·*·\n··*··\n```'), ['cell grid']);
    assert.deepEqual(art('For example,\n\n 5\n / \\\n 3   8\nReturn 8.'), ['diagram lines']); // a root label alone
    assert.deepEqual(art('Steps:\n [2, 2, 1]\n ----> [1] (2*2=4 points)\n ----> [] (1*1=1 points)'), []); // steps in words
    assert.deepEqual(art('Cross out the multiples:\n  2 3 [4] 5 [6]\n        ↑'), ['marks under a line']);
    assert.deepEqual(art('We then get the name:\n^^'), []); // a string under a sentence, not marks
  });

  it('reads long rows of one-character cells, labelled trees, ruled and branch tables, noted marks; notes and values are not art', () => {
    const art = (q: string) => asciiArtHits(q).map((h) => h.pattern);
    assert.deepEqual(art('Rails:\nH . . . O . . . L . . . D\n. E . L . W . R . D . . .\n. . L . . . O . . . . . .'), ['diagram lines']);
    assert.deepEqual(art('Input:     1         1\n          / \\       / \\\n         2   3     2   3\nOutput: true'), ['diagram lines']);
    assert.deepEqual(art('The sums:\n        5(12)\n       /    \\\n    3(7)    8(4)\n'), ['diagram lines']);
    // Tenth session: a ruled table of records under field names reads as text (the table rule, NOTICE.md).
    assert.deepEqual(art('Ranges:\n Value  |  Meaning\n--------+----------\n  0-9   |  digit'), []);
    assert.deepEqual(art('The tree:\nroot\n|-- a\n|   +-- b\n+-- c'), ['branch tree']);
    assert.deepEqual(art('Doubling:\n1234 5678\n ↑ ↑  ↑ ↑  (these)'), ['marks under a line']);
    assert.deepEqual(art('The tree:\n    +----0----+\n    |         |\n  +-1-+     +-2-+'), ['diagram lines']); // borders round labels
    assert.deepEqual(art('Calls:\nstack.pop();      --> Returns 3.\nstack.top();      --> Returns 1.'), []); // notes after arrows
    assert.deepEqual(art('Example:\nInput: "(()())(())"\nOutput: "()()()"'), []); // bracket values after a label
    assert.deepEqual(art('Strings:\n++0-+1-+0\n++0+-1+-0'), []); // signs and digits: strings
  });

  it('reads letter cells as a grid only where the text speaks of one; brackets and expressions are not art', () => {
    const art = (q: string) => asciiArtHits(q).map((h) => h.pattern);
    assert.deepEqual(art('Paint the grid.\nExample input 1:\n3 3\nWBW\nBWB\nWBW'), ['letter grid']);
    assert.deepEqual(art('Which letter is most frequent in each string?\nExample input 1:\n3\nABABB\nABABA\nBBBAB'), []);
    assert.deepEqual(art('Example input 1:\n(())(()\n()))()\n((()'), []);
    assert.deepEqual(art('Expressions:\n((1) + (2)) * (3)\n(1) + ((2) * (3))'), []);
    assert.deepEqual(formattingHits('Illustration to the second sample:\n\nIn the third sample the answer is 2.', null).map((h) => h.label), ['image-reference']);
    assert.deepEqual(art('Strings:\n--+-\n+++\n-+'), []);
    assert.deepEqual(formattingHits('The second ball will drop as follows.\n  \nAll balls leave the grid.', null).map((h) => h.pattern), ['announced, then nothing']);
    assert.deepEqual(formattingHits('The process is as follows:\n\nlet x be the first element', null), []);
    assert.deepEqual(formattingHits('For example, one Latin square is shown below. $$\\begin{bmatrix} A & B \\\\ B & A \\end{bmatrix}$$', null), []);
  });

  it('reads small boards of spaced cells, letter matrices, grids under a header, lattices and figures side by side', () => {
    const art = (q: string) => asciiArtHits(q).map((h) => h.pattern);
    assert.deepEqual(art('Given a 2D grid:\n0 E 0 0\nE 0 W E\n0 E 0 0\nreturn 3.'), ['spaced cell grid']);
    assert.deepEqual(art('You are given a 2 x N board.\nA B B C\nA B C C'), ['spaced cell grid']); // two rows: the text says so
    assert.deepEqual(art('A board.\nA B B C\nA B C C'), []); // two rows without it: two lists
    assert.deepEqual(art('The board would look like this:\n[b 0 0 0 0]\n[0 0 b 0 0]\n[0 0 0 0 0]'), ['spaced cell grid']);
    assert.deepEqual(art('A grid.\nSample Input 1\n4 3\n4 1 B\n3 2 W\n1 3 B'), []); // row, column, colour: records
    assert.deepEqual(art('Names:\nA B C\nD E F\nG H I'), []); // letters where no grid is named: lists
    assert.deepEqual(art('Given an N by M 2D matrix of lowercase letters, for example:\ncba\ndaf\nghi'), ['letter grid']);
    assert.deepEqual(art('A table consisting of lower case letters, for example:\nabcd\nedfg\nhijk'), []); // strings
    assert.deepEqual(art('The picture in a box 3 × 4.\nExample input 1:\nWWBB\nWYBB\nRRWW'), ['letter grid']); // size in words
    assert.deepEqual(art('The picture.\nExample input 1:\nWWBB\nWYBB\nRRWW'), []);
    assert.deepEqual(art('Chips in a square box 3 × 3:\n01W\n7A9\nCD8'), ['letter grid']);
    // Tenth session: tables of records, however aligned, read as text (the table rule, NOTICE.md).
    assert.deepEqual(art('Rules:\n Bytes | Byte format\n-------------------\n   1   | 0xxxxxxx\n   2   | 110xxxxx 10xxxxxx'), []);
    assert.deepEqual(art('Play:\nA\tB\tC\n3\t4\t5\n3\t1\t5\n0\t1\t3'), []);
    assert.deepEqual(art('Products:\n1\t2\t3\n2\t4\t6\n3\t6\t9\n4\t8\t12'), []); // no header: numbers
    assert.deepEqual(art('August:\nSu Mo Tu We Th Fr Sa\n                   1\n 2  3  4  5  6  7  8\n 9 10 11 12 13 14 15'), ['headed grid']);
    assert.deepEqual(art('Bigrams:\nab bb ba aa ba\n7\nab ba aa\n3'), []);
    assert.deepEqual(art('Sample Input 1\n3 4\n1 2\n5 6'), []);
    assert.deepEqual(art('The zigzag:\nP   A   H   N\nA P L S I I G\nY   I   R'), ['letter lattice']);
    assert.deepEqual(art('Values:\n1   2   3\n4 5 6 7 8\n9   1   2'), []); // digits only: data
    assert.deepEqual(art('Four states:\n\nXX   XX   .X   X.\nX.   .X   XX   XX'), ['figures side by side']);
    assert.deepEqual(art('Pairs:\nab   cd   ef\ngh   ij   kl'), []);
  });

  it('a placeholder where a picture was is an image reference; a numbers matrix is not art, a maze is', () => {
    const kinds = (q: string) => formattingHits(q, null).map((h) => h.label);
    assert.deepEqual(kinds('The picture for the first example:\n[Image]\nFind the answer.'), ['image-reference']);
    assert.deepEqual(kinds('Here is the tree: <image> Count its leaves.'), ['image-reference']);
    assert.deepEqual(kinds('Example input:\n3\n7 5 3\n6 1 1\n6 6 1'), []);
    assert.deepEqual(kinds('Example input:\n4 5\n#####\n#.#.#\n###.#\n#####'), ['ascii-art']);
    assert.deepEqual(kinds('Burenka wants to get a picture $b$ from the picture $a$. How many moves?'), []);
    assert.deepEqual(kinds('Igor is able to see the picture only from an adjacent cell.'), []);
    assert.deepEqual(kinds('For the second sample, the graph looks like this:\n\nIn the third sample...'), ['image-reference']);
    assert.deepEqual(kinds('After the moves the storage will look like this: $\\{1, 2\\}$.'), []);
  });

  it('reads rows of pipe-drawn cells as a grid, but not a Markdown table or LaTeX', () => {
    assert.equal(asciiArtHits('Fill the grid.\n | 4 | 2 | 8 |\n | 3 | 7 | 9 |\nHow many ways?')[0]?.pattern, 'pipe grid');
    assert.equal(asciiArtHits('| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |').length, 0);
    assert.equal(asciiArtHits('Solve $|x| + |y| = 1$\nand $|x - 1| = 2$.').length, 0);
    assert.equal(formattingHits('The rows are shown below. \\[\\begin{array}{c} 1 \\\\ 1 \\quad 1 \\end{array}\\]', null).length, 0);
  });

  it('reads two-row grids under their size line, HTML entities and coloured cells; digits-only matrices are data', () => {
    const art = (q: string) => asciiArtHits(q).map((h) => h.pattern);
    assert.deepEqual(art('The board has 2 rows.\nExample input 1:\n2 4\nUUUU\nDDDD'), ['letter grid']);
    assert.deepEqual(art('Two strings follow.\nExample input 1:\n2 4\nUUUU\nDDDD'), []); // no grid named: two strings
    assert.deepEqual(art('A field of cells.\nExample input 1:\n3 4\n####\n#&gt;^#\n####'), ['cell grid']);
    assert.deepEqual(art('The field:\n.*.\n.\\color{red}{*}*\n*.*'), ['cell grid']);
    assert.deepEqual(art('A 0/1 grid.\nExample input 1:\n3 3\n010\n111\n010'), []); // a matrix in digits: data
    assert.deepEqual(art('The matrix\n1 0 1 1\n0 1 0 0\n1 1 1 0'), []);
    assert.deepEqual(art('Example input 1:\n2\n0.5\n0.5'), []);
    assert.deepEqual(art('The format:\nS_1\nS_2'), []);
    assert.deepEqual(art('A matrix of results:\n4\n-AAA\nA-AA\nAA-A\nAAA-'), []); // marks on the diagonal
    assert.deepEqual(art('Ships on the board:\n****00\n000000\n**00**'), ['cell grid']);
    assert.deepEqual(art('There is a grid of letters.\n3\nabc\ndef\nghi'), ['letter grid']);
  });

  it('reads two rows as a grid only where the size line says 2 or the text says the grid has two rows', () => {
    const art = (q: string) => asciiArtHits(q).map((h) => h.pattern);
    // "N / S / T": two strings of length N, even in a text about cells.
    assert.deepEqual(art('Cells 1 to N hold stones.\nExample input 1:\n6\nBWBWBW\nWWWBBB'), []);
    // "n m" over two port strings of a breadboard grid (the other number is not 2).
    assert.deepEqual(art('A grid of ports on a breadboard.\nExample input 1:\n4 5 0\nBBRR\nRBBR\nBBBBB'), []);
    assert.deepEqual(art('A grid of 2 rows and n columns.\nExample input 1:\n4\n#..#\n.##.'), ['cell grid']);
    assert.deepEqual(art('A 2 × n maze.\nExample input 1:\n4 7\n.X..\n...X\n5 1'), ['cell grid']); // "n q": the text says 2 rows
    assert.deepEqual(art('The wall is a grid of $2$ rows.\nExample input 1:\n3\nWBB\nBBW'), ['letter grid']);
    assert.deepEqual(art('A grid.\nExample input 1:\n3\n#.#\n.#.\n#.#'), ['cell grid']); // three rows: unchanged
  });

  it('reads a filled region as a shape; pseudo-code, absolute values and one-word strings are not drawings', () => {
    const art = (q: string) => asciiArtHits(q).map((h) => h.pattern);
    assert.deepEqual(art('The region looks like this:\n\nXX \nX XX\nXXX\n'), ['filled shape']);
    assert.deepEqual(art('Algorithm:\n    res = 0\n    cur = 0\n    for i = 0 to n-1\n        res += a[i]'), []);
    assert.deepEqual(art('For i=1:\n- |4-3|=1\n- |5-3|=2\n- |6-3|=3'), []);
    assert.deepEqual(art('Strings:\n^______^\n___^_^^^_^___^\n^_'), []);
    assert.deepEqual(art('A Young diagram\n[][][][]\n[][][]\n[]'), ['diagram lines']); // rows that grow: a shape
    assert.deepEqual(art('Example input 1:\n4 5 3\n3 1 2 3 o\n3 2 3 4 o\n3 3 4 1 x'), []); // a verdict column
  });

  it('an announced picture is missing only when no drawing follows and the text is not a definition', () => {
    const kinds = (q: string) => formattingHits(q, null).map((h) => h.label);
    assert.deepEqual(kinds('Paste sheet A as shown in the figure below.\n     \\vdots\n  .#.#...\n'), []);
    assert.deepEqual(kinds('The power of a group is defined as follows:\n\nLet i be the first index.'), []);
    assert.deepEqual(kinds('The operations proceed as follows:\n\nSample Input 2'), ['image-reference']);
    assert.deepEqual(kinds('The left diagram shows G after all operations.'), ['image-reference']);
  });

  it('grows linearly on 1 MB questions: long pipe lines, cell-like rows, many figure phrases', function () {
    this.timeout(120_000);
    // Each input at 1/16 and 1/2 of 1 MB (8x): linear work grows ~8x, a quadratic pass (backtracking, a scan per
    // line of the rest of the block) ~64x; the bound between them holds on a slow or busy machine alike.
    const inputs: ((k: number) => string)[] = [
      (k) => ('|' + 'ab|'.repeat(300) + '\nsome words here\n').repeat(70 * k),
      (k) => 'XXXXXXXX\n'.repeat(7_000 * k), // one block of cell-like rows that is not a grid
      (k) => ('as shown on the picture $a$ from the picture $b$ ').repeat(1_250 * k) + '\n...\n.#.\n',
      (k) => 'A grid:\n' + 'ABCDEFG\n'.repeat(7_500 * k), // one block of letter rows, too many letters for a grid
      (k) => 'A grid:\n7\n' + 'ABCDEFG\n'.repeat(7_500 * k), // the same under a size line: read as a grid
      (k) => ('X X\n'.repeat(3) + 'x = |a-b| + 1\n').repeat(2_500 * k), // filled rows and absolute values
      (k) => '```' + 'x\n'.repeat(12_500 * k) + '```', // one fence glued to its content, closed far below
      (k) => ('$$$$\n$~~$\n').repeat(6_250 * k), // rows that a walled field starts with, never closed
      (k) => '```py\n'.repeat(1_250 * k), // fences opened and never closed
      (k) => 'a b c d e f g h\n'.repeat(1_250 * k), // one block of spaced cells: no spread of its columns (a stack overflow)
      (k) => ('XXX___eX  (row 1)\n').repeat(1_875 * k), // rows with notes
    ];
    for (const make of inputs) {
      const texts = new Map([1, 8].map((k) => [k, make(k)]));
      const growth = cpuGrowth((k) => formattingHits(texts.get(k)!, null));
      assert.ok(growth < 24, `CPU grew ${growth.toFixed(1)}x for 8x the input on ${texts.get(1)!.slice(0, 20)}`);
    }
  });

  it("follows s1's patterns: [asy] kept for AIME, ![Image], p{i}., bold numbers", () => {
    assert.equal(s1FormattingHits('Look: [asy] draw((0,0)--(1,1)); [/asy]', 'qq8933/AIME_1983_2024').length, 0);
    assert.deepEqual(s1FormattingHits('Look: [asy] draw((0,0)--(1,1)); [/asy]', 'qfq/openaimath/Geometry').map((h) => h.pattern), ['[asy]']);
    assert.deepEqual(s1FormattingHits('see ![Image](x.png)', null).map((h) => h.pattern), ['![Image]']);
    assert.deepEqual(s1FormattingHits('Items: p1. red; p2. blue', null).map((h) => h.pattern), ['p{i}.']);
    assert.deepEqual(s1FormattingHits('the total is **42** apples', null).map((h) => h.pattern), ['bold-number']);
    assert.equal(s1FormattingHits('p1000. is not an item, nor p0.', null).length, 0);
  });

  it('reports the offending span as evidence', () => {
    const [h] = asciiArtHits('Grid:\n+---+---+\n| 1 | 2 |\n+---+---+\nSum?');
    assert.equal(h.pattern, 'bordered table');
    assert.match(h.span, /\+---\+---\+/);
  });
});
