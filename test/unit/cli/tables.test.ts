// The CLI's human tables: headers a reader can tell apart, long evidence shortened visibly (never JSON cut
// mid-string), row caps that say how to see the rest, and a funnel whose pick stage reads as what it did.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatFunnel } from '../../../src/cli/commands/curate';
import { evidenceSummary, formatAnnotations } from '../../../src/cli/commands/annotations';
import { formatMetrics, type MetricsResult } from '../../../src/cli/commands/metrics';
import { formatTable } from '../../../src/cli/table';
import { formatStats } from '../../../src/cli/commands/stats';
import type { CurateResult } from '../../../src/core/curate/run';
import type { AnnotationRow } from '../../../src/core/store/annotations';

describe('CLI tables', () => {
  it('pads columns two spaces apart under their headers, numbers right-aligned', () => {
    const t = formatTable([{ header: 'name' }, { header: 'n', align: 'right' }], [['a', 1], ['bbb', 100]]);
    assert.equal(t, 'name    n\na       1\nbbb   100');
  });

  it('a name with a newline or a bidi override stays on its row and reads in order', () => {
    const t = formatTable([{ header: 'name' }, { header: 'n', align: 'right' }], [['evil\nname', 1], ['a\u202Eb', 2]]);
    assert.equal(t.split('\n').length, 3);
    assert.match(t, /evil\\nname/);
    assert.match(t, /a\\u202eb/);
    const stats = formatStats({ db: '/tmp/x.db', schemaVersion: 1, datasets: [{ name: 'two\nlines', kind: 'traces', samples: 1, traces: 1, reviewed: 0, presets: ['s1'] }],
      totals: { samples: 1, traces: 1, annotations: 0 }, fts: { indexedTraces: 0, pendingTraces: 0 } } as never);
    assert.equal(stats.split('\n').length, 3);
    assert.match(stats, /two\\nlines/);
  });

  it('annotations: a header row, evidence as key=value with visible ellipses, capped at --limit', () => {
    const long = 'word '.repeat(40);
    const rows = Array.from({ length: 60 }, (_, i) => ({ sample_id: i, question_hash: 'abc', label: 'contamination', origin: 'detector:decontaminate',
      evidence: { rule: 'copy', n: 8, ngram: long, span: `say "hi" ${long}` } })) as unknown as AnnotationRow[];
    const out = formatAnnotations(rows, 50).split('\n');
    assert.equal(out[0], '60 annotations');
    assert.match(out[1], /^sample +question hash +label +origin +evidence$/);
    assert.equal(out.length, 2 + 50 + 1);
    assert.equal(out.at(-1), '… 10 more (--limit 0 or --json for all)');
    const ev = evidenceSummary(rows[0].evidence);
    assert.match(ev, /^rule="copy" n=8 ngram="word word .*…" span="say \\"hi\\" word .*…"$/);
    assert.equal(formatAnnotations(rows, 0).split('\n').length, 2 + 60);
  });

  it('funnel: the pick stage says what it picked and what goes on, not "17 kept 0 dropped"', () => {
    const r = { selection: 's1k:pool@1', selected: 300, recipe: 's1k', seed: 42, target: 300, funnel: [
      { stage: 'start', type: 'start', kept: 3000, dropped: 0 },
      { stage: 'difficulty', type: 'difficulty', kept: 1029, dropped: 1971 },
      { stage: 'benchmark picks', type: 'picks', kept: 17, dropped: 0, picked: 17, pool: 1012 },
      { stage: 'diversity', type: 'diversity', kept: 300, dropped: 729 },
    ] } as unknown as CurateResult;
    const lines = formatFunnel(r).split('\n');
    assert.match(lines[1], /^ +stage +kept +dropped +note$/);
    const pick = lines.find((l) => l.includes('benchmark picks')) ?? '';
    assert.match(pick, /17 picked +- +17 picked so far; 1012 go on to the next stage/);
    assert.doesNotMatch(formatFunnel(r), /kept 0 dropped|17 kept/);
  });

  it('metrics: "over budget" and "budget error" are separate, readable headers', () => {
    const m: MetricsResult = { run: 'r', backend: 'replay', replay: true, rows: [], summary: [
      { benchmark: 'math500', method: 'truncation', wait: 0, control: 1, over_budget: 0, budget_error: 72, scaling: 1, scaling_per_1k: 25.9, max_performance: 1, points: 5 }] };
    const text = formatMetrics(m);
    assert.match(text, /^REPLAY RUN/);
    const header = text.split('\n').find((l) => l.includes('control')) ?? '';
    assert.ok(header.includes("control  over budget  budget error  scaling /1k tok  max perf."), header);
  });

  it('every package shipped beside the bundles in the .vsix ships its licence file too', () => {
    const lines = readFileSync('.vscodeignore', 'utf8').split('\n');
    const pkgs = new Set(lines.map((l) => /^!node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(l)?.[1]).filter((x): x is string => Boolean(x)));
    for (const p of pkgs) {
      assert.ok(lines.some((l) => l === `!node_modules/${p}/**` || new RegExp(`^!node_modules/${p.replace('/', '\\/')}/LICEN[CS]E`).test(l)), `${p} has no licence in the package`);
    }
  });
});
