// What the editor's walkthrough saw in the plots the report and the runs dashboard share (rendered headless to SVG,
// structure, not pixels): a histogram cell of a budget a run did not run, the runs' legend of the mean-tokens chart,
// and the training loss chart's step axis and title.
import assert from 'node:assert/strict';
import { freshDatabase } from '../helpers';
import type { Db } from '../../../src/core/store/db';
import { loadReportData } from '../../../src/core/report/data';
import { histogramChart } from '../../../src/core/report/charts';
import { failureCharts } from '../../../src/core/report/failure-charts';
import { renderSvg } from '../../../src/core/report/svg';
import { lossChart } from '../../../src/core/train/loss-chart';
import { seedRun } from './seed';

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('report: the plots as the editor shows them', function () {
  this.timeout(60_000);
  let db: Db;
  freshDatabase((d) => { db = d; });

  it('a histogram cell of a budget not run says "not run" without axes numbered 0.000000', async () => {
    seedRun(db, 'a', [500, 1000].flatMap((b) => ['x', 'y'].map((q) => ({ q, method: 'truncation', budget: b, grade: 1 as const, tokens: b / 2 }))));
    seedRun(db, 'b', [1000, 2000].flatMap((b) => ['x', 'y'].map((q) => ({ q, method: 'truncation', budget: b, grade: 1 as const, tokens: b / 2 }))));
    const t = texts(await renderSvg(histogramChart(loadReportData(db, ['a', 'b'])).spec));
    assert.equal(t.filter((x) => x === 'not run').length, 2, t.join(' / '));
    assert.ok(!t.some((x) => /^0\.0+$/.test(x)), `no axis label like 0.000000: ${t.filter((x) => /^0\.0+$/.test(x)).join(', ')}`);
  });

  it('the mean-tokens chart tells two runs apart in its legend (their dashes), as the accuracy chart does', async () => {
    seedRun(db, 'a', [500, 1000].map((b) => ({ q: 'x', method: 'truncation', budget: b, grade: 1 as const, tokens: b / 2 })));
    seedRun(db, 'b', [500, 1000].map((b) => ({ q: 'x', method: 'budget-forcing/wait=1', budget: b, grade: 1 as const, tokens: b, continuations: 1 })));
    const charts = failureCharts(loadReportData(db, ['a', 'b']));
    /** The symbols of the legend titled "run": their paths' shape and dashes. */
    const runLegend = async (id: string) => {
      const svg = await renderSvg(charts.find((c) => c.id === id)!.spec);
      const i = svg.indexOf("aria-label=\"Symbol legend titled 'run'");
      assert.ok(i > 0, `${id} has a legend of runs`);
      return [...svg.slice(i).matchAll(/<g class="mark-symbol role-legend-symbol"[^>]*><path ([^>]*)>/g)].slice(0, 2).map((m) => m[1]);
    };
    for (const id of ['failures-accuracy', 'failures-tokens']) {
      const symbols = await runLegend(id);
      assert.equal(symbols.length, 2, id);
      // A line segment with the run's dash (a filled circle shows no dash: both runs looked the same).
      for (const p of symbols) assert.match(p, /d="M-5,0L5,0"/, `${id}: the run's legend symbol is a line: ${p}`);
      assert.notEqual(/stroke-dasharray="([^"]*)"/.exec(symbols[0])?.[1], /stroke-dasharray="([^"]*)"/.exec(symbols[1])?.[1], `${id}: two dashes`);
    }
  });

  it('the loss chart: whole steps on its axis, and its title names the run', async () => {
    const points = [1, 2, 3, 4].map((step) => ({ step, epoch: step / 2, loss: 1 - step / 10, learningRate: 1e-5 / step, gradNorm: 1 }));
    const t = texts(await renderSvg(lossChart('s1-3b', points as never).spec));
    assert.ok(t.includes('Training loss: s1-3b'), t.join(' / '));
    const ticks = t.filter((x) => /^\d+(\.\d+)?$/.test(x) && Number(x) >= 1 && Number(x) <= 4);
    assert.ok(!ticks.some((x) => x.includes('.')), `whole steps only: ${ticks.join(', ')}`);
  });
});
