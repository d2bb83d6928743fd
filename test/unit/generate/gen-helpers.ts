// Shared by generation tests: a selection of real MATH500 questions (samples/math500.jsonl) in a database, and the
// CLI run as a child process.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { canonicalJson } from '../../../src/core/backend/cache';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { startReplayServer, type ReplayOptions, type ReplayServer } from '../../../src/core/replay/server';
import { ensureDataset } from '../../../src/core/store/datasets';
import { questionKey, sampleHash } from '../../../src/core/ingest/hash';
import { saveSelection } from '../../../src/core/store/selections';
import { sample, tempDir, type TempDir } from '../helpers';

export interface MathRow { problem: string; answer: string }

export const mathRows = (n: number, from = 0): MathRow[] =>
  readFileSync(sample('math500.jsonl'), 'utf8').split('\n').filter(Boolean).slice(from, from + n).map((l) => JSON.parse(l) as MathRow);

/** `n` MATH500 questions (with their gold answers) as data set `math` and selection `qs`; returns the sample ids. */
export function seedSelection(db: Db, n: number, name = 'qs', from = 0): number[] {
  const ds = ensureDataset(db, 'math', 'traces');
  const insert = db.prepare('INSERT INTO samples (dataset_id, hash, question_key, question, answer, source) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const find = db.prepare('SELECT id FROM samples WHERE dataset_id = ? AND hash = ?').pluck();
  const ids = mathRows(n, from).map((r) => {
    const hash = sampleHash({ question: r.problem, answer: r.answer, solution: null });
    insert.run(ds, hash, questionKey(r.problem), r.problem, r.answer, 'math500');
    return find.get(ds, hash) as number;
  });
  saveSelection(db, { name, datasetId: ds, recipe: null, seed: 0, funnel: [], sampleIds: ids });
  return ids;
}

export const CLI = resolve('out', 'cli.js');

/** Runs `distillery ARGS` to its end: exit code, stdout, stderr. */
export function cli(args: string[], opts: { env?: Record<string, string>; onSpawn?: (pid: number) => void } = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    opts.onSpawn?.(child.pid!);
    child.on('exit', (code) => res({ code, out, err }));
  });
}

/** The cache's key text of a chat body as the server received it (without its stream fields). */
export const keyOf = (body: unknown): string => {
  const { stream: _s, stream_options: _o, ...rest } = body as Record<string, unknown>;
  return `chat:${canonicalJson(rest)}`;
};

export interface GenerationFixture { tmp: TempDir; server: ReplayServer; sent: string[]; dbPath: string }

/** A new database (file `db` in a temporary folder) holding selection `qs` of `n` MATH500 questions, and a replay
 *  server that records the cache key of every chat request it receives in `sent`, in order. */
export async function generationFixture(n: number, db: string, replay: Partial<ReplayOptions> = {}): Promise<GenerationFixture> {
  const tmp = tempDir();
  const sent: string[] = [];
  const dbPath = join(tmp.dir, db);
  const d = openDatabase(dbPath);
  seedSelection(d, n);
  d.close();
  const server = await startReplayServer({ traces: 'samples/math500.jsonl', ...replay, onRequest: (path, b) => { if (path === '/v1/chat/completions') sent.push(keyOf(b)); } });
  return { tmp, server, sent, dbPath };
}
