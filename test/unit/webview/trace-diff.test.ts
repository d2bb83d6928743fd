// The diff of two traces: correct (each side rebuilt from its parts), fast on real s1K thinking, in bounded
// steps so the panel stays responsive, word by word where traces are alike.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { diffSteps, diffTraces, diffTracesAsync, type DiffPart } from '../../../webview/trace-diff';
import { cpuGrowth } from '../cpu-growth';

const side = (parts: DiffPart[], kind: 'added' | 'removed') => parts.filter((p) => p.kind === 'same' || p.kind === kind).map((p) => p.text).join('');

function s1kTraces(): string[] {
  const rows = readFileSync('samples/s1k-sample-5.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
  return rows.map((r) => `${r.gemini_thinking_trajectory}\n\n${r.gemini_attempt}`);
}

function longestS1kTraces(): [string, string] {
  const traces = s1kTraces().sort((a, b) => b.length - a.length);
  return [traces[0], traces[1]];
}

describe('trace diff', function () {
  this.timeout(60_000);

  it('diffs the two longest s1K traces exactly, in steps that do not grow with the traces', () => {
    const [a, b] = longestS1kTraces();
    assert.ok(a.length > 15_000 && b.length > 15_000);
    const d = diffTraces(a, b);
    assert.equal(side(d.parts, 'removed'), a);
    assert.equal(side(d.parts, 'added'), b);
    // The panel stays responsive if no step's work grows with the traces (a word diff of whole traces took 7 s):
    // 8x the text, with a word edit in every paragraph so that every block is compared word by word, must bring
    // more steps but no longer one. CPU, fastest of 5, against the same run's small input: no absolute time.
    const all = s1kTraces().join('\n\n');
    const pair = (k: number): [string, string] => {
      const left = all.slice(0, 3_500 * k);
      return [left, left.replace(/\bthe\b/g, 'teh')];
    };
    const longestStep = (k: number) => {
      const [l, r] = pair(k);
      let best = Infinity;
      let steps = 0;
      for (let round = 0; round < 5; round++) {
        const it = diffSteps(l, r);
        let longest = 0;
        steps = 0;
        for (let done = false; !done; steps++) {
          const c0 = process.cpuUsage();
          done = it.next().done === true;
          const c = process.cpuUsage(c0);
          longest = Math.max(longest, c.user + c.system);
        }
        best = Math.min(best, longest);
      }
      return { best, steps };
    };
    longestStep(1);
    const small = longestStep(1);
    const large = longestStep(8);
    const growth = large.best / Math.max(small.best, 2_000);
    console.log(`      longest step: ${Math.round(small.best / 1000)} ms CPU in ${small.steps} steps, 8x the text ${Math.round(large.best / 1000)} ms in ${large.steps} steps: ${growth.toFixed(1)}x`);
    assert.ok(large.steps > 4 * small.steps, `8x the text gives more steps (${small.steps} -> ${large.steps})`);
    assert.ok(growth < 4, `the longest step grew ${growth.toFixed(1)}x with 8x the text`);
    const [l8, r8] = pair(8);
    const d8 = diffTraces(l8, r8);
    assert.equal(d8.granularity, 'words');
    assert.equal(side(d8.parts, 'removed'), l8);
    assert.equal(side(d8.parts, 'added'), r8);
  });

  it('compares word by word where the traces are alike, and rebuilds both sides exactly', async () => {
    const [a] = longestS1kTraces();
    const b = a.replace(/\bthe\b/g, 'teh').replace(/\n\n/g, '\n\nOK. ');
    const d = diffTraces(a, b);
    assert.equal(d.granularity, 'words');
    assert.ok(d.parts.some((p) => p.kind === 'added' && p.text.includes('teh')));
    assert.ok(!d.parts.some((p) => p.kind === 'removed' && p.text.length > 2_000), 'no whole-block changes');
    assert.equal(side(d.parts, 'removed'), a);
    assert.equal(side(d.parts, 'added'), b);
    assert.deepEqual(await diffTracesAsync(a, b), d, 'sliced: the same result');
  });

  it('falls back to lines for wholly different long texts, still exact', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `line ${i} alpha ${i * 7}`).join('\n');
    const b = Array.from({ length: 3000 }, (_, i) => `row ${i} beta ${i * 11}`).join('\n');
    const d = diffTraces(a, b);
    assert.equal(d.granularity, 'lines');
    assert.equal(side(d.parts, 'removed'), a);
    assert.equal(side(d.parts, 'added'), b);
    // Wholly different texts stop at the edit limit: 8x the lines costs about 8x the CPU, not 64x.
    const make = (k: number, word: string) => Array.from({ length: 3000 * k }, (_, i) => `${word} ${i} ${word} ${i * 7}`).join('\n');
    const texts = new Map([1, 8].map((k) => [k, [make(k, 'alpha'), make(k, 'beta')]]));
    const growth = cpuGrowth((k) => { diffTraces(texts.get(k)![0], texts.get(k)![1]); });
    console.log(`      8x the lines: ${growth.toFixed(1)}x the CPU`);
    assert.ok(growth < 24, `8x the lines took ${growth.toFixed(1)}x the CPU`);
  });
});
