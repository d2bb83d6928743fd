// The report's tables on the hand-computed run of seed.ts; every expected cell is worked out by hand below.
import assert from 'node:assert/strict';
import { freshDatabase } from '../helpers';
import type { Db } from '../../../src/core/store/db';
import { loadReportData } from '../../../src/core/report/data';
import { accuracyTable, configTable, costRows, costTable, markdownTable, metricsTable } from '../../../src/core/report/tables';
import { HAND_RUN, seedRun } from './seed';

describe('report: tables', () => {
  let db: Db;
  freshDatabase((d) => { db = d; });

  it('Control, over budget, Budget Error, Scaling (raw and per 1,000 tokens), Max Performance per method', () => {
    seedRun(db, 'hand', HAND_RUN);
    const t = metricsTable(loadReportData(db, ['hand']));
    assert.deepEqual(t.headers, ['data set', 'method', 'Control', 'over budget', 'Budget Error', 'Scaling (per token)', 'Scaling (per 1,000 tokens)', 'Max Performance', 'points']);
    assert.deepEqual(t.rows, [
      // Budget forcing: every generation within budget + 10; |500−500|/500 = 0 and |506.25−1000|/1000 = 49.375% → 24.6875%;
      // one pair, flat: slope 0; best 50%.
      ['MATH500', 'budget forcing ×1', '100.0%', '0.0%', '24.7%', '0', '0.000', '50.0%', '2'],
      // Truncation: q2's 520 at budget 500 exceeds 510, the other 11 do not: 11/12 = 91.7%, 1/12 = 8.3% over;
      // |492.5−500|/500 = 1.5%, |837.5−1000|/1000 = 16.25%, |1600−2000|/2000 = 20% → 12.583%;
      // slopes .25/345, 0/1107.5, −.25/762.5 → mean 1.3226e-4 per token, 0.132 per 1,000; best 50%.
      ['MATH500', 'truncation', '91.7%', '8.3%', '12.6%', '1.32e-4', '0.132', '50.0%', '3'],
    ]);
  });

  it('accuracy ± standard error per budget, with mean thinking tokens; a budget a method did not run is blank', () => {
    seedRun(db, 'hand', HAND_RUN);
    const t = accuracyTable(loadReportData(db, ['hand']));
    assert.deepEqual(t.headers, ['data set', 'method', 'budget 500', 'budget 1000', 'budget 2000']);
    // Binomial s.e. of 4 answers: sqrt(.25·.75/4) = 21.7%, sqrt(.5·.5/4) = 25.0%.
    assert.deepEqual(t.rows, [
      ['MATH500', 'budget forcing ×1', '50.0% ± 25.0% (500 tok)', '50.0% ± 25.0% (506 tok)', ''],
      ['MATH500', 'truncation', '25.0% ± 21.7% (493 tok)', '50.0% ± 25.0% (838 tok)', '25.0% ± 21.7% (1,600 tok)'],
    ]);
  });

  it('several runs get a run column; repeats show as the standard error over passes', () => {
    seedRun(db, 'a', HAND_RUN);
    seedRun(db, 'b', [
      { q: 'x', method: 'truncation', budget: 500, repeat: 0, grade: 1, tokens: 100 }, { q: 'y', method: 'truncation', budget: 500, repeat: 0, grade: 1, tokens: 100 },
      { q: 'x', method: 'truncation', budget: 500, repeat: 1, grade: 0, tokens: 100 }, { q: 'y', method: 'truncation', budget: 500, repeat: 1, grade: 1, tokens: 100 },
    ]);
    const t = accuracyTable(loadReportData(db, ['a', 'b']));
    assert.equal(t.headers[0], 'run');
    // Passes at 100% and 50%: mean 75%, sd .3536, s.e. .3536/√2 = 25.0%.
    assert.deepEqual(t.rows.find((r) => r[0] === 'b'), ['b', 'MATH500', 'truncation', '75.0% ± 25.0% (100 tok, 2×)', '', '']);
    assert.equal(metricsTable(loadReportData(db, ['a', 'b'])).rows.length, 3);
  });

  it('cost per method: requests from the finish reasons where none were recorded, summed tokens and generation time', () => {
    seedRun(db, 'hand', HAND_RUN);
    const data = loadReportData(db, ['hand']);
    const trunc = costRows(data).find((c) => c.series === 'truncation')!;
    // 12 results with two finish reasons each; thinking 1970 + 3350 + 6400; one second each.
    assert.deepEqual(trunc, { run: 'hand', series: 'truncation', results: 12, requests: 24, prompt_tokens: null, generated_tokens: null, thinking_tokens: 11720, wall_s: 12 });
    assert.deepEqual(costTable(data).rows.find((r) => r[0] === 'truncation'), ['truncation', '12', '24', '–', '–', '11,720', '12.0 s']);
  });

  it('cost columns recorded by a run are summed', () => {
    seedRun(db, 'hand', HAND_RUN.slice(0, 2));
    db.prepare('UPDATE results SET requests = 3, prompt_tokens = 100, generated_tokens = 40').run();
    const c = costRows(loadReportData(db, ['hand']))[0];
    assert.deepEqual([c.requests, c.prompt_tokens, c.generated_tokens], [6, 200, 80]);
  });

  it('configuration rows say a replay is not a model; Markdown cells escape pipes', () => {
    seedRun(db, 'r', HAND_RUN.slice(0, 1), { backend: 'replay', config: { temperature: 0, sampling: { top_p: 1 } } });
    const run = loadReportData(db, ['r']).runs[0];
    const rows = configTable(run).rows;
    assert.deepEqual(rows.find((x) => x[0] === 'backend'), ['backend', 'replay (recorded traces, not a model)']);
    assert.deepEqual(rows.find((x) => x[0] === 'sampling'), ['sampling', '{"top_p":1}']);
    assert.equal(markdownTable({ headers: ['a'], align: ['l'], rows: [['x|y\nz']] }), '| a |\n|:---|\n| x\\|y z |');
  });
});
