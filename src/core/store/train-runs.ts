// Training runs: a runs row of kind 'train' (its config holds the run folder, the trainer and the command), the
// points of its loss curve and its checkpoints. Running a name again starts its curve over.
import type { Db } from './db';
import type { TrainPoint } from '../train/log-lines';
import type { Checkpoint } from '../train/checkpoints';

export interface TrainRunRecord {
  trainer: string;
  model: string;
  selection: string;
  runDir: string;
  outputDir: string;
  argv: string[];
  blockSize: number;
  gpus: number;
}

export interface TrainRunSummary extends TrainRunRecord {
  id: number;
  name: string;
  status: string;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  steps: number;
  lastLoss: number | null;
  checkpoints: Checkpoint[];
}

export function startTrainRun(db: Db, name: string, record: TrainRunRecord): number {
  return db.transaction(() => {
    const old = db.prepare("SELECT id FROM runs WHERE kind = 'train' AND name = ? ORDER BY id DESC LIMIT 1").pluck().get(name) as number | undefined;
    if (old !== undefined) {
      db.prepare('DELETE FROM train_metrics WHERE run_id = ?').run(old);
      db.prepare('DELETE FROM train_checkpoints WHERE run_id = ?').run(old);
      db.prepare(`UPDATE runs SET config = ?, backend = ?, status = 'running', error = NULL, started_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'), finished_at = NULL WHERE id = ?`)
        .run(JSON.stringify(record), record.trainer, old);
      return old;
    }
    return Number(db.prepare(`INSERT INTO runs (kind, name, config, backend, status, started_at) VALUES ('train', ?, ?, ?, 'running', strftime('%Y-%m-%dT%H:%M:%fZ','now'))`)
      .run(name, JSON.stringify(record), record.trainer).lastInsertRowid);
  })();
}

const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

/** Stores points; a step already stored is replaced (trainer_state.json's exact values win over the console's rounding). */
export function saveTrainPoints(db: Db, runId: number, points: readonly TrainPoint[], source: 'log' | 'state'): void {
  const put = db.prepare(`INSERT INTO train_metrics (run_id, step, epoch, loss, learning_rate, grad_norm, extra, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (run_id, step) DO UPDATE SET epoch = excluded.epoch, loss = excluded.loss, learning_rate = excluded.learning_rate, grad_norm = excluded.grad_norm,
    extra = excluded.extra, source = excluded.source`);
  db.transaction(() => {
    for (const p of points) put.run(runId, p.step, finite(p.epoch), finite(p.loss), finite(p.learningRate), finite(p.gradNorm), p.extra ? JSON.stringify(p.extra) : null, source);
  })();
}

export function saveCheckpoints(db: Db, runId: number, checkpoints: readonly Checkpoint[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM train_checkpoints WHERE run_id = ?').run(runId);
    const put = db.prepare('INSERT INTO train_checkpoints (run_id, path, step, final) VALUES (?, ?, ?, ?)');
    for (const c of checkpoints) put.run(runId, c.path, c.step, c.final ? 1 : 0);
  })();
}

/**
 * Records how far a training run has got: the step its progress bar (or trainer_state.json) reached and, when known,
 * the total steps, as `step` and `planned` in its config (the runs dashboard reads them as the run's progress).
 */
export function setTrainProgress(db: Db, runId: number, step: number, total: number | null): void {
  db.prepare("UPDATE runs SET config = json_set(config, '$.step', ?, '$.planned', ?) WHERE id = ?").run(step, total !== null && total > 0 ? total : null, runId);
}

export function finishTrainRun(db: Db, runId: number, status: 'done' | 'failed' | 'cancelled', error?: string): void {
  db.prepare("UPDATE runs SET status = ?, error = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?").run(status, error ?? null, runId);
}

/** The loss curve of a training run by name, in step order (null when no such run). */
export function trainPoints(db: Db, name: string): { run: string; status: string; points: TrainPoint[] } | null {
  const run = db.prepare("SELECT id, name, status FROM runs WHERE kind = 'train' AND name = ? ORDER BY id DESC LIMIT 1").get(name) as { id: number; name: string; status: string } | undefined;
  if (!run) return null;
  const rows = db.prepare('SELECT step, epoch, loss, learning_rate, grad_norm, extra FROM train_metrics WHERE run_id = ? ORDER BY step').all(run.id) as
    { step: number; epoch: number | null; loss: number | null; learning_rate: number | null; grad_norm: number | null; extra: string | null }[];
  return {
    run: run.name, status: run.status,
    points: rows.map((r) => ({ step: r.step, epoch: r.epoch, loss: r.loss, learningRate: r.learning_rate, gradNorm: r.grad_norm, ...(r.extra ? { extra: JSON.parse(r.extra) as Record<string, number> } : {}) })),
  };
}

/** Every training run, newest first, with its checkpoints as stored when it ended. */
export function listTrainRuns(db: Db): TrainRunSummary[] {
  const runs = db.prepare(`SELECT id, name, status, error, config, created_at, finished_at,
      (SELECT count(*) FROM train_metrics m WHERE m.run_id = runs.id) AS steps,
      (SELECT loss FROM train_metrics m WHERE m.run_id = runs.id AND loss IS NOT NULL ORDER BY step DESC LIMIT 1) AS last_loss
    FROM runs WHERE kind = 'train' ORDER BY id DESC`).all() as { id: number; name: string; status: string; error: string | null; config: string; created_at: string; finished_at: string | null; steps: number; last_loss: number | null }[];
  const cps = db.prepare('SELECT path, step, final FROM train_checkpoints WHERE run_id = ? ORDER BY final, step');
  return runs.map((r) => ({
    ...(JSON.parse(r.config) as TrainRunRecord), id: r.id, name: r.name, status: r.status, error: r.error, createdAt: r.created_at, finishedAt: r.finished_at,
    steps: r.steps, lastLoss: r.last_loss,
    checkpoints: (cps.all(r.id) as { path: string; step: number | null; final: number }[]).map((c) => ({ path: c.path, step: c.step, final: c.final === 1 })),
  }));
}

export function countTrainPoints(db: Db, runId: number): number {
  return db.prepare('SELECT count(*) FROM train_metrics WHERE run_id = ?').pluck().get(runId) as number;
}
