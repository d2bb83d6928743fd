// The diff of two traces: correct (each side rebuilt from its parts), fast on real s1K thinking, in bounded
// steps so the panel stays responsive, word by word where traces are alike.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { diffSteps, diffTraces, diffTracesAsync, type DiffPart } from '../../../webview/trace-diff';

const side = (parts: DiffPart[], kind: 'added' | 'removed') => parts.filter((p) => p.kind === 'same' || p.kind === kind).map((p) => p.text).join('');

function longestS1kTraces(): [string, string] {
  const rows = readFileSync('samples/s1k-sample-5.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
  const traces = rows.map((r) => `${r.gemini_thinking_trajectory}\n\n${r.gemini_attempt}`).sort((a, b) => b.length - a.length);
  return [traces[0], traces[1]];
}

describe('trace diff', function () {
  this.timeout(60_000);

  it('diffs the two longest s1K traces in well under the 7 s a word diff took, each step short', () => {
    const [a, b] = longestS1kTraces();
    assert.ok(a.length > 15_000 && b.length > 15_000);
    const t0 = performance.now();
    const steps = diffSteps(a, b);
    let longest = 0;
    let r = steps.next();
    for (let s = performance.now(); !r.done; s = performance.now()) {
      r = steps.next();
      longest = Math.max(longest, performance.now() - s);
    }
    const total = performance.now() - t0;
    console.log(`      ${a.length} + ${b.length} characters: ${Math.round(total)} ms, longest step ${Math.round(longest)} ms`);
    assert.ok(total < 3_000, `${Math.round(total)} ms`);
    assert.ok(longest < 300, `a step took ${Math.round(longest)} ms`);
    const d = r.value;
    assert.equal(side(d.parts, 'removed'), a);
    assert.equal(side(d.parts, 'added'), b);
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
    const t0 = performance.now();
    const d = diffTraces(a, b);
    assert.ok(performance.now() - t0 < 2_000);
    assert.equal(d.granularity, 'lines');
    assert.equal(side(d.parts, 'removed'), a);
    assert.equal(side(d.parts, 'added'), b);
  });
});
