// The bundled CLI (out/cli.js) curates on two threads with the bundled worker (out/curate-worker.js beside it)
// and selects exactly what one thread selects: $DISTILLERY_CURATE_THREADS=2 takes the worker whatever the size.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { findSelection, selectionSampleIds } from '../../../src/core/store/selections';
import { tempDir } from '../helpers';

const CLI = resolve('out', 'cli.js');

describe('distillery curate on two threads (built CLI)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dbPath: string;
  let recipe: string;

  before(async () => {
    tmp = tempDir();
    dbPath = join(tmp.dir, 'd.db');
    // 400 questions from a small vocabulary.
    let seed = 3;
    const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
    const vocab = ['find', 'the', 'value', 'of', 'x', 'if', 'prime', 'sum', 'integers', 'n', 'm', 'is', 'a', 'triangle', 'area', 'circle', 'radius', 'how', 'many', 'ways'];
    const words = () => Array.from({ length: 10 + Math.floor(rnd() * 20) }, () => vocab[Math.floor(rnd() * vocab.length)]).join(' ');
    const texts: string[] = [];
    // Every third question repeats an earlier one's words with another ending (shares its 8-grams).
    for (let i = 0; i < 400; i++) texts.push(i % 3 === 2 ? `${texts[Math.floor(rnd() * i)]} then ${i}` : `Question ${i}: ${words()}`);
    const rows = texts.map((question, i) => ({
      question,
      solution: 'x', cot_type: 'math', source_type: 'qfq/openaimath/Algebra', thinking_trajectories: ['think'.repeat(1 + (i % 13))], attempt: 'x',
    }));
    const pool = join(tmp.dir, 'pool.jsonl');
    writeFileSync(pool, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const db = openDatabase(dbPath);
    await importFiles(db, { files: [pool], dataset: 'pool' });
    db.close();
    // s1's rule: one shared 8-gram makes two questions duplicates (the rule whose hashing goes to the worker).
    recipe = join(tmp.dir, 'any.json');
    writeFileSync(recipe, JSON.stringify({ name: 'any-dedup', target: 1000, seed: 1, stages: [{ stage: 'dedup', type: 'dedup', n: 8, rule: 'any' }] }));
  });
  after(() => tmp.cleanup());

  function curate(threads: string): { funnel: unknown; selected: number; sampleIds: number[] } {
    const r = spawnSync(process.execPath, [CLI, '--db', dbPath, '--json', 'curate', '--dataset', 'pool', '--recipe', recipe], {
      encoding: 'utf8', env: { ...process.env, DISTILLERY_CURATE_THREADS: threads },
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { selection: string; funnel: unknown; selected: number };
    const db = openDatabase(dbPath);
    try {
      return { funnel: out.funnel, selected: out.selected, sampleIds: selectionSampleIds(db, findSelection(db, out.selection)!.id) };
    } finally {
      db.close();
    }
  }

  it('selects the same samples with the same funnel on two threads as on one', () => {
    assert.ok(existsSync(resolve('out', 'curate-worker.js')), 'npm run build bundles the worker beside the CLI');
    const one = curate('1');
    const two = curate('2');
    assert.ok(one.sampleIds.length > 0);
    // Duplicates were found and dropped, so both runs had something to agree on.
    assert.ok(one.selected < 400 && one.selected > 0, `${one.selected} selected of 400`);
    assert.deepEqual(two, one);
  });
});
