// The CLI contract of curate, annotations and selection, run in-process through commander.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerCurate } from '../../../src/cli/commands/curate';
import { registerAnnotations } from '../../../src/cli/commands/annotations';
import { registerSelection } from '../../../src/cli/commands/selection';
import { CliError, createCliContext } from '../../../src/cli/context';
import { openDatabase } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { fixture, sample, tempDir } from '../helpers';

describe('distillery curate / annotations / selection', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dbPath: string;

  async function cli(args: string[]): Promise<{ json: () => unknown; error?: CliError }> {
    const program = new Command('distillery').option('--db <path>').option('--json').exitOverride();
    program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    let out = '';
    const ctx = createCliContext(program, { out: (t) => { out += t; }, err: () => undefined }, () => dbPath);
    for (const r of [registerCurate, registerAnnotations, registerSelection]) r(program, ctx);
    try {
      await program.parseAsync(['node', 'distillery', '--json', ...args]);
      return { json: () => JSON.parse(out) };
    } catch (e) {
      if (e instanceof CliError) return { json: () => JSON.parse(out), error: e };
      throw e;
    }
  }

  before(async () => {
    tmp = tempDir();
    dbPath = join(tmp.dir, 'd.db');
    const db = openDatabase(dbPath);
    await importFiles(db, { files: [fixture('import', 's1-pool.jsonl')], dataset: 'pool' });
    db.close();
  });
  after(() => tmp.cleanup());

  it('curate --json prints the selection name, the funnel and the count', async () => {
    const r = (await cli(['curate', '--dataset', 'pool', '--recipe', 's1k', '--eval', sample('math500.jsonl'), sample('aime24.jsonl'), '--target', '3', '--seed', '42'])).json() as
      { selection: string; funnel: { stage: string; kept: number; dropped: number }[]; selected: number };
    assert.match(r.selection, /^s1k:pool@\d+$/);
    assert.equal(r.funnel[0].stage, 'start');
    assert.equal(r.funnel[0].kept, 6);
    for (const f of r.funnel) assert.deepEqual(Object.keys(f).slice(0, 3), ['stage', 'kept', 'dropped']);
    assert.ok(r.selected >= 1 && r.selected <= 3);
  });

  it('selection NAME --json lists the samples with s1\'s question hash', async () => {
    const c = (await cli(['curate', '--dataset', 'pool', '--recipe', 's1k-notebook', '--target', '3'])).json() as { selection: string; selected: number };
    const s = (await cli(['selection', c.selection])).json() as { name: string; count: number; samples: { sample_id: number; question_hash: string; question: string }[] };
    assert.equal(s.name, c.selection);
    assert.equal(s.count, c.selected);
    assert.equal(s.samples.length, c.selected);
    for (const x of s.samples) assert.equal(x.question_hash, createHash('sha256').update(x.question, 'utf8').digest('hex').slice(0, 16));
    const latest = (await cli(['selection', 's1k-notebook:pool'])).json() as { name: string };
    assert.equal(latest.name, c.selection);
  });

  it('annotations --label L --json lists labels with origin and evidence', async () => {
    const all = (await cli(['annotations', '--dataset', 'pool'])).json() as { sample_id: number; question_hash: string; label: string; origin: string; evidence: unknown }[];
    assert.ok(all.length > 0);
    for (const a of all) assert.deepEqual(Object.keys(a).filter((k) => ['sample_id', 'question_hash', 'label', 'origin', 'evidence'].includes(k)).length, 5);
    const dropped = (await cli(['annotations', '--dataset', 'pool', '--label', 'dropped'])).json() as { label: string; origin: string; evidence: { stage: string } }[];
    assert.ok(dropped.length > 0 && dropped.every((a) => a.label === 'dropped' && a.origin.startsWith('detector:curate:') && typeof a.evidence.stage === 'string'));
  });

  it('errors are clear: unknown dataset, unknown recipe, decontamination without --eval, bad recipe file', async () => {
    assert.match((await cli(['curate', '--dataset', 'nope'])).error!.message, /no dataset named 'nope'/);
    assert.match((await cli(['curate', '--dataset', 'pool', '--recipe', 'nope'])).error!.message, /no built-in recipe 'nope'/);
    assert.match((await cli(['curate', '--dataset', 'pool', '--recipe', 's1k'])).error!.message, /--eval/);
    assert.match((await cli(['curate', '--dataset', 'pool', '--recipe', fixture('import', 's1-pool.jsonl')])).error!.message, /not JSON/);
    assert.match((await cli(['selection', 'nope'])).error!.message, /no selection named 'nope'/);
  });
});
