// Synthetic questions against the replay server: new questions written from seed questions are stored as a data
// set with their provenance, and end deduplicated against their seeds (a copy of a seed is annotated 'duplicate',
// never kept) and, given evaluation files, decontaminated.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { startReplayServer, type ReplayServer } from '../../../src/core/replay/server';
import { fillPrompt, questionOf } from '../../../src/core/generate/questions';
import { tempDir, type TempDir } from '../helpers';
import { cli, seedSelection } from './gen-helpers';

const PROMPT = 'Write a new problem similar to the following one, of the same difficulty. Reply with the problem only.\n\nProblem: {question}\n';

describe('generate-questions: synthetic questions from seeds', function () {
  this.timeout(120_000);
  let tmp: TempDir;
  let server: ReplayServer;
  let dbPath: string;
  let promptFile: string;
  let seeds: number[];
  let sent: number;
  beforeEach(async () => {
    tmp = tempDir();
    dbPath = join(tmp.dir, 'q.db');
    promptFile = join(tmp.dir, 'new-question.txt');
    writeFileSync(promptFile, PROMPT);
    const db = openDatabase(dbPath);
    seeds = seedSelection(db, 5);
    db.close();
    sent = 0;
    server = await startReplayServer({ traces: 'samples/math500.jsonl', onRequest: (p) => { if (p === '/v1/chat/completions') sent++; } });
  });
  afterEach(async () => {
    await server.close();
    tmp.cleanup();
  });

  const run = (dataset: string, ...extra: string[]) => cli(['--db', dbPath, '--json', 'generate-questions', '--backend', server.url, '--model', 'writer', '--from', 'qs', '--n', '16', '--prompt', promptFile, '--dataset', dataset, ...extra]);

  it('stores new questions with provenance, drops copies of the seeds, keeps the rest in a selection', async () => {
    const r = await run('synth');
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as { stored: number; kept: number; selection: string; duplicates: { sample_id: number; matched_sample_id: number; of_seed: boolean }[]; replay: boolean };
    assert.equal(sent, 16);
    assert.equal(out.replay, true);
    assert.ok(out.duplicates.some((d) => d.of_seed && seeds.includes(d.matched_sample_id)), 'the replay copies a seed now and then; dedup catches it');
    assert.equal(out.kept, out.stored - out.duplicates.length);
    assert.ok(out.kept > 0);
    const db = openDatabase(dbPath);
    const seedQuestions = new Set(db.prepare(`SELECT question FROM samples WHERE id IN (${seeds.join(',')})`).pluck().all() as string[]);
    const rows = db.prepare("SELECT s.id, s.question, s.source, s.metadata FROM samples s JOIN datasets d ON d.id = s.dataset_id WHERE d.name = 'synth'").all() as { id: number; question: string; source: string; metadata: string }[];
    assert.equal(rows.length, out.stored);
    const sha = createHash('sha256').update(PROMPT).digest('hex');
    for (const row of rows) {
      const p = (JSON.parse(row.metadata) as { provenance: { seed_sample_id: number; seed_question_hash: string; model: string; prompt_file: string; prompt_sha256: string } }).provenance;
      assert.ok(seeds.includes(p.seed_sample_id));
      assert.match(p.seed_question_hash, /^[0-9a-f]{16}$/);
      assert.deepEqual([p.model, p.prompt_file, p.prompt_sha256, row.source], ['writer', 'new-question.txt', sha, 'synthetic:writer']);
    }
    const kept = db.prepare("SELECT s.question FROM selection_items i JOIN selections x ON x.id = i.selection_id JOIN samples s ON s.id = i.sample_id WHERE x.name = 'questions:synth'").pluck().all() as string[];
    assert.equal(kept.length, out.kept);
    assert.ok(kept.every((q) => !seedQuestions.has(q)), 'no kept question is a copy of a seed');
    const dupLabels = db.prepare("SELECT count(*) FROM annotations WHERE label = 'duplicate' AND origin = 'detector:dedup'").pluck().get();
    assert.equal(dupLabels, out.duplicates.length);
    db.close();

    // Again into another data set, decontaminated against MATH500 (where the replay's questions come from): the
    // replies come from the request cache, and every question is flagged.
    sent = 0;
    const again = await run('synth2', '--eval', 'samples/math500.jsonl');
    assert.equal(again.code, 0, again.err);
    const o2 = JSON.parse(again.out) as { kept: number; cached_requests: number; contaminated: { eval: string }[]; stored: number; duplicates: unknown[] };
    assert.equal(sent, 0);
    assert.equal(o2.cached_requests, 16);
    assert.equal(o2.kept, 0);
    assert.ok(o2.contaminated.length >= o2.stored - o2.duplicates.length && o2.contaminated.every((c) => c.eval.startsWith('math500.jsonl#')));
  });

  it('fills the prompt and reads the question out of a reply', () => {
    assert.equal(fillPrompt('Like {question}?', { question: 'Q', answer: null }), 'Like Q?');
    assert.equal(fillPrompt('Write one.', { question: 'Q', answer: '1' }), 'Write one.\n\nQ');
    assert.equal(questionOf('**New problem:** What is 2+2?'), 'What is 2+2?');
    assert.equal(questionOf('Question: "Find x."'), 'Find x.');
  });
});
