// The three-panel scaling plot rendered headless to SVG: its panels, series and axis titles (structure, not pixels).
import assert from 'node:assert/strict';
import { freshDatabase } from '../helpers';
import type { Db } from '../../../src/core/store/db';
import { loadReportData } from '../../../src/core/report/data';
import { reportCharts, scalingChart } from '../../../src/core/report/charts';
import { renderSvg } from '../../../src/core/report/svg';
import { HAND_RUN, seedRun } from './seed';

/** The text of every <text> element of an SVG, unescaped. */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));

describe('report: SVG rendering', function () {
  this.timeout(60_000);
  let db: Db;
  freshDatabase((d) => { db = d; });

  it('three panels (MATH500, AIME24, GPQA-Diamond), one series per method variant, axis titles, points labelled by budget', async () => {
    // gpqa first in the file and aime24 last: the panels still come in the s1 order.
    seedRun(db, 'hand', [...HAND_RUN.map((r) => ({ ...r, benchmark: 'gpqa' })), ...HAND_RUN, ...HAND_RUN.map((r) => ({ ...r, benchmark: 'aime24' })),
      { q: 'c', method: 'class-conditional/long', budget: null, grade: 1, tokens: 700 }]);
    const data = loadReportData(db, ['hand']);
    const svg = await renderSvg(scalingChart(data).spec);
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const t = texts(svg);
    const headers = ['MATH500', 'AIME24', 'GPQA-Diamond'];
    assert.deepEqual(t.filter((x) => headers.includes(x)), headers, 'one panel header per benchmark, in order');
    // Each panel has its own x axis (tokens differ per data set); the y axis title is shared once per row.
    assert.equal(t.filter((x) => x === 'mean thinking tokens').length, 3);
    assert.ok(t.includes('accuracy'));
    for (const series of ['truncation', 'budget forcing ×1', 'class-conditional long']) assert.ok(t.includes(series), `legend names ${series}: ${t.join(' / ')}`);
    assert.ok(t.includes('method'), 'legend title');
    for (const b of ['500', '1000', '2000']) assert.ok(t.includes(b), `a point labelled ${b}`);
    assert.ok(t.includes('∞'), 'the unlimited class-conditional point is labelled ∞');
    // Title, and no stray "undefined"/"NaN" from a missing field.
    assert.ok(t.includes('Accuracy against thinking tokens'), t.join(' / '));
    assert.ok(!t.some((x) => /undefined|NaN/.test(x)), t.filter((x) => /undefined|NaN/.test(x)).join(', '));
  });

  it('several runs: a legend of runs; every chart of the report renders; scatter data carries run, benchmark, method key and budget', async () => {
    seedRun(db, 'base', HAND_RUN);
    seedRun(db, 'tuned', HAND_RUN);
    const data = loadReportData(db, ['base', 'tuned']);
    const charts = reportCharts(data);
    assert.deepEqual(charts.map((c) => c.id), ['scaling', 'histograms', 'failures-accuracy', 'failures-tokens', 'failures-flips']);
    const values = ((charts[0].spec.data as { values: Record<string, unknown>[] }).values);
    assert.ok(values.some((v) => v.run === 'tuned' && v.benchmark === 'math500' && v.method === 'budget-forcing/wait=1' && v.budget === 1000));
    const svgs = await Promise.all(charts.map((c) => renderSvg(c.spec)));
    const scaling = texts(svgs[0]);
    assert.ok(scaling.includes('run') && scaling.includes('base') && scaling.includes('tuned'));
    // Histograms: a column per budget, the axis names the tokens.
    const hist = texts(svgs[1]);
    for (const x of ['budget', 'thinking tokens', 'generations']) assert.ok(hist.includes(x), x);
    assert.ok(hist.some((x) => x.startsWith('MATH500 · truncation · base')));
    assert.ok(texts(svgs[4]).includes('1000 → 2000'), 'the flip chart names the step');
  });
});
