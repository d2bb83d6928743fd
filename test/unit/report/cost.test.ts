// An evaluation records its cost per result (requests, prompt and generated tokens as the server counted them), and
// the report's cost table sums it: what a person compares across methods before paying for a real run.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { startReplayServer, type ReplayServer } from '../../../src/core/replay/server';
import { loadReportData } from '../../../src/core/report/data';
import { costRows } from '../../../src/core/report/tables';
import { tempDir, type TempDir } from '../helpers';
import { evalAgainst } from '../evaluate/eval-helpers';

describe('report: cost recorded by an evaluation', function () {
  this.timeout(120_000);
  let server: ReplayServer;
  let tmp: TempDir;
  let db: Db;
  before(async () => { server = await startReplayServer({ traces: 'samples/math500.jsonl' }); });
  after(() => server.close());
  beforeEach(() => { tmp = tempDir(); db = openDatabase(join(tmp.dir, 'c.db')); });
  afterEach(() => { db.close(); tmp.cleanup(); });

  it('budget forcing sends more requests than truncation; every result has its requests and tokens', async () => {
    await evalAgainst(db, server.url, { benchmark: 'math500:5', method: 'truncation', budgets: [100], run: 'c' });
    await evalAgainst(db, server.url, { benchmark: 'math500:5', method: 'budget-forcing', budgets: [1000], wait: [1], run: 'c' });
    const data = loadReportData(db, ['c']);
    assert.equal(data.runs[0].replay, true);
    for (const p of data.points) {
      // A thinking call and an answer call at least; the replay counts prompt and completion tokens like vLLM.
      assert.ok(p.requests! >= 2 && p.prompt_tokens! > 0 && p.generated_tokens! > 0, JSON.stringify(p));
      assert.equal(p.requests, p.finish_reasons.length);
    }
    const [bf, t] = ['budget forcing ×1', 'truncation'].map((s) => costRows(data).find((c) => c.series === s)!);
    assert.equal(t.requests, 10, 'truncation: one thinking and one answer call per question');
    assert.ok(bf.requests! > t.requests!, 'budget forcing continues after an early stop');
    assert.equal(t.generated_tokens, data.points.filter((p) => p.method === 'truncation').reduce((s, p) => s + p.generated_tokens!, 0));
  });
});
