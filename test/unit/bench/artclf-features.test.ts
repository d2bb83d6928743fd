// Layout features for the learned ASCII-art classifier (bench/artclf-features.ts; measured by
// bench/artclf.mjs, not wired into the detector).
import assert from 'node:assert/strict';
import { asciiFeatures, FEATURE_NAMES, MAX_CHARS, scoreAsciiModel, type FeatureName, type AsciiModel } from '../../../bench/artclf-features';
import { cpuGrowth } from '../cpu-growth';

const feats = (text: string) => {
  const x = asciiFeatures(text);
  return (name: FeatureName) => x[FEATURE_NAMES.indexOf(name)];
};

describe('ascii-features', () => {
  it('gives one finite number per feature name, for any text', () => {
    for (const text of ['', '\n\n\n', 'One line of prose that says nothing at all.', '#.#\n.#.\n#.#', 'x\ty\r\nz', '😀 😀\n😀 😀', '|'.repeat(5000)]) {
      const x = asciiFeatures(text);
      assert.equal(x.length, FEATURE_NAMES.length, text.slice(0, 20));
      assert.ok(x.every(Number.isFinite), text.slice(0, 20));
    }
    assert.equal(new Set(FEATURE_NAMES).size, FEATURE_NAMES.length);
  });

  it('reads prose as prose: no segment, no symbols', () => {
    const f = feats('The quick brown fox jumps over the lazy dog.\nThen it runs away into the forest again.');
    assert.equal(f('segments'), 0);
    assert.equal(f('text.nonProseShare'), 0);
    assert.equal(f('seg.symbolShare'), 0);
  });

  it('measures a board of spaced one-character cells: cell lines, equal widths, symbols under symbols', () => {
    const f = feats('Target grid:\n\nX □ □ X X\nX □ □ X X\nX X X X X\n□ □ □ X X\n□ □ □ X X\n\nDescribe it.');
    // Lines of fewer than four words are not prose: the caption and the closing line join the board's segment.
    assert.equal(f('seg.lines'), Math.log1p(7));
    assert.equal(f('seg.cellLineShare'), 5 / 7);
    assert.equal(f('seg.longestEqualRun'), Math.log1p(5));
    assert.ok(f('seg.symbolUnderSymbol') > 0.8);
    const bare = feats('X □ □ X X\nX □ □ X X\nX X X X X\n□ □ □ X X\n□ □ □ X X');
    assert.equal(bare('seg.cellLineShare'), 1);
    assert.equal(bare('seg.oneCharTokenShare'), 1);
    assert.equal(bare('seg.equalLengthShare'), 1);
    assert.equal(bare('seg.symbolUnderSymbol'), 1);
    assert.ok(f('seg.boxShare') > 0.2); // "□" is a geometric shape
  });

  it('counts vertical runs of one symbol and box-drawing characters', () => {
    const tree = 'root\n|\n|\n|\nleaf';
    assert.equal(feats(tree)('seg.verticalRuns'), Math.log1p(1));
    const box = feats('┌───┐\n│ a │\n└───┘');
    assert.ok(box('seg.boxShare') > 0.8);
    assert.ok(box('text.boxChars') > 0);
    const plus = feats('+---+---+\n| a | b |\n+---+---+');
    assert.equal(plus('seg.cornerShare'), 2); // six corners on three lines
    assert.ok(plus('seg.symbolUnderSymbol') > 0.5); // "+" over "|" is a symbol under a symbol, not the same one
    assert.equal(plus('seg.sameSymbolUnder'), 0);
    assert.equal(feats('a  /\\\n  /  \\\n /    \\')('seg.diagonalShare'), 4 / 6); // strokes that go on down
  });

  it('sees Markdown tables, code fences and LaTeX as such', () => {
    const md = feats('Results:\n| name | score |\n|------|-------|\n| a | 1 |\n| b | 2 |');
    assert.equal(md('text.mdTableLines'), Math.log1p(3)); // rows with cells; the "|---|" rule row has one token
    assert.ok(md('seg.ruleLineShare') > 0);
    const code = feats('Code:\n```python\nfor i in range(3):\n    print(i);\n```');
    assert.equal(code('text.fences'), Math.log1p(2));
    assert.equal(code('text.taggedFences'), Math.log1p(1));
    assert.ok(code('seg.inFenceShare') > 0);
    const tex = feats('Solve\n\\begin{pmatrix} 1 & 2 \\\\\n 3 & 4 \\end{pmatrix}\n$$x^2$$');
    assert.ok(tex('text.latexMarks') > 0);
  });

  it('does bounded work: only the first MAX_CHARS characters count, and a huge text is quick', () => {
    const head = 'a b c\nd e f\n'.repeat(MAX_CHARS / 12);
    const huge = head + '┌─┐\n'.repeat(500_000);
    assert.deepEqual(asciiFeatures(huge), asciiFeatures(huge.slice(0, MAX_CHARS)));
    // One long line (cut to MAX_LINE_CHARS) and many lines (cut to MAX_LINES): 8x the text, about the same CPU.
    const texts = new Map([1, 8].map((k) => [k, ['#'.repeat(1_000_000 * k), '. # . #\n'.repeat(125_000 * k)]]));
    const growth = cpuGrowth((k) => { for (const t of texts.get(k)!) asciiFeatures(t); });
    console.log(`      8x the text: ${growth.toFixed(1)}x the CPU`);
    assert.ok(growth < 3, `8x the text took ${growth.toFixed(1)}x the CPU`);
  });

  it('scores with a logistic or a boosted-tree model', () => {
    const lr: AsciiModel = { kind: 'logreg', mean: [0, 1], scale: [1, 2], weights: [2, -1], bias: 0.5, threshold: 0.5 };
    assert.equal(scoreAsciiModel([1, 3], lr), 1 / (1 + Math.exp(-(0.5 + 2 - 1))));
    const gb: AsciiModel = { kind: 'gbdt', base: -1, trees: [{ f: 0, t: 0.5, l: -0.5, r: 1 }, 0.25], threshold: 0.5 };
    assert.equal(scoreAsciiModel([0.2], gb), 1 / (1 + Math.exp(1.25)));
    assert.equal(scoreAsciiModel([0.9], gb), 1 / (1 + Math.exp(-0.25)));
  });
});
