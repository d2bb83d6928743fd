// `npm run bench` ends with the issues' goals, each met, missed or not measured, read from the benchmarks' summary
// lines (bench/goals.mjs): a figure on the wrong side of its goal must never read as met.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Goal { figure: string; value: number | null; op: string; goal: number; unit: string }
interface GoalsModule {
  goalsOf(bench: string, summary: unknown): Goal[];
  verdict(g: Goal): 'met' | 'missed' | 'not measured';
  lastSummary(stdout: string): Record<string, unknown> | null;
  goalLines(rows: Goal[]): string[];
}
const load = async () => (await import(pathToFileURL(join(process.cwd(), 'bench', 'goals.mjs')).href)) as GoalsModule;

describe('bench goals (npm run bench)', () => {
  it('reads the last JSON line of a benchmark and judges each figure against its goal', async () => {
    const g = await load();
    const out = 'progress...\n{"not": "this one"}\ntable line\n{"speedup_jsonl": 1.41, "speedup_parquet": 1.51, "peak_rss_mb_max": 1100}\n\n';
    const rows = g.goalsOf('export.mjs', g.lastSummary(out));
    assert.deepEqual(rows.map((r) => [r.value, g.verdict(r)]), [[1.41, 'missed'], [1.51, 'met'], [1100, 'missed']]);
    const lines = g.goalLines(rows);
    assert.match(lines[0], /^MISSED .*JSONL.*1\.41.*>= 1\.5/);
    assert.match(lines[1], /^met /);
  });

  it('judges the panel against both its milliseconds and its ratio to the round trip, and says what was not measured', async () => {
    const g = await load();
    const rows = g.goalsOf('panel.mjs', { first_render_ms: 110, thinking_first_slice_ms: 150, next_p95_ms: 48, reference_round_trip_ms: 6, search_p95_ms: 99 });
    const v = Object.fromEntries(rows.map((r) => [r.figure, g.verdict(r)]));
    assert.equal(v['panel: first render of the 100K-character sample'], 'met');
    assert.equal(v['panel: thinking expanded, first slice'], 'met', '150 is within <= 150');
    assert.equal(v['panel: next sample (j) p95'], 'met');
    assert.equal(v['panel: next sample (j) p95 / engine round trip'], 'missed', '48 / 6 = 8x, over 6x');
    assert.equal(v['panel: search p95 / engine round trip'], 'missed', '99 / 6 = 16.5x, over 12x');
    const none = g.goalsOf('panel.mjs', { first_render_ms: null });
    assert.ok(none.every((r) => g.verdict(r) === 'not measured'));
  });

  it('judges each scale step\'s CPU growth per row and the peak memory; a benchmark without goals gives none', async () => {
    const g = await load();
    const rows = g.goalsOf('scale.mjs', { max_rss_mb: 2100, results: [
      { rows: 59029, steps: { import: { cpu_growth_vs_smallest: 1 } } },
      { rows: 1200000, steps: { import: { cpu_growth_vs_smallest: 1.54 }, index: { cpu_growth_vs_smallest: 1.05 } } },
    ] });
    assert.deepEqual(rows.map((r) => g.verdict(r)), ['missed', 'missed', 'met']);
    assert.match(rows[1].figure, /import CPU per row at 1,200,000 rows vs 59,029/);
    assert.deepEqual(g.goalsOf('grade.mjs', { x: 1 }), []);
    assert.equal(g.lastSummary('no summary here\n'), null);
  });
});
