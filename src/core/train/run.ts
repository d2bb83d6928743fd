// Runs a prepared training command (argv, no shell) in its run folder, tees its output to train.log, and follows
// the loss: each logs dict the trainer prints becomes a point in the database as it arrives; when it ends,
// trainer_state.json's log_history (exact values, real steps) replaces them and the checkpoints are recorded.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/db';
import { countTrainPoints, finishTrainRun, saveCheckpoints, saveTrainPoints, setTrainProgress, startTrainRun } from '../store/train-runs';
import { findCheckpoints, latestTrainerState, type Checkpoint } from './checkpoints';
import { TrainerLogReader, type TrainPoint } from './log-lines';
import type { PreparedRun } from './prepare';

export interface TrainOutcome {
  runId: number;
  status: 'done' | 'failed' | 'cancelled';
  exitCode: number | null;
  error: string | null;
  points: number;
  lastLoss: number | null;
  trainLoss: number | null;
  checkpoints: Checkpoint[];
  log: string;
}

export interface FollowOptions {
  /** The trainer's output as it comes (the CLI passes it through to the terminal). */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  onPoint?: (p: TrainPoint) => void;
  signal?: AbortSignal;
}

export async function runTraining(db: Db, p: PreparedRun, o: FollowOptions = {}): Promise<TrainOutcome> {
  const c = p.config;
  const runId = startTrainRun(db, c.name, {
    trainer: c.trainer, model: c.model, selection: c.selection, runDir: p.runDir, outputDir: p.plan.outputDir, argv: p.argv, blockSize: p.blockSize, gpus: c.gpus,
  });
  const logPath = join(p.runDir, 'train.log');
  const log = createWriteStream(logPath, { flags: 'w' });
  let lastLoss: number | null = null;
  let trainLoss: number | null = null;
  const tail: string[] = [];
  let shown = { step: -1, total: -1 };
  const reader = new TrainerLogReader({
    point: (pt) => {
      saveTrainPoints(db, runId, [pt], 'log');
      if (pt.loss !== null) lastLoss = pt.loss;
      o.onPoint?.(pt);
    },
    summary: (s) => { trainLoss = s.trainLoss; },
    // The bar's step and total, stored as the run's progress when either changes (the dashboard shows it live).
    progress: (step, total) => {
      if (step === shown.step && total === shown.total) return;
      shown = { step, total };
      setTrainProgress(db, runId, step, total);
    },
  });
  const child = spawn(p.argv[0], p.argv.slice(1), {
    cwd: p.runDir, env: { ...process.env, ...p.plan.env, PYTHONUNBUFFERED: '1' }, stdio: ['ignore', 'pipe', 'pipe'], shell: false,
  });
  let cancelled = false;
  const stop = () => { cancelled = true; child.kill('SIGINT'); };
  o.signal?.addEventListener('abort', stop, { once: true });
  const take = (stream: 'stdout' | 'stderr') => (b: Buffer) => {
    const text = b.toString('utf8');
    log.write(text);
    o.onOutput?.(text, stream);
    reader.push(text, stream);
    if (stream === 'stderr') for (const l of text.split(/\r?\n|\r/).filter((x) => x.trim())) { tail.push(l); if (tail.length > 5) tail.shift(); }
  };
  child.stdout.on('data', take('stdout'));
  child.stderr.on('data', take('stderr'));
  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('error', (e) => { tail.push(e.message); resolve(null); });
    child.on('close', (code) => resolve(code));
  });
  o.signal?.removeEventListener('abort', stop);
  reader.end();
  await new Promise<void>((r) => log.end(r));

  const state = latestTrainerState(p.plan.outputDir);
  if (state?.points.length) saveTrainPoints(db, runId, state.points, 'state');
  if (state?.globalStep !== null && state?.globalStep !== undefined) setTrainProgress(db, runId, state.globalStep, state.maxSteps ?? (shown.total > 0 ? shown.total : null));
  if (state?.trainLoss !== null && state?.trainLoss !== undefined) trainLoss = state.trainLoss;
  const last = state?.points.filter((x) => x.loss !== null).pop();
  if (last) lastLoss = last.loss;
  const checkpoints = findCheckpoints(p.plan.outputDir);
  saveCheckpoints(db, runId, checkpoints);
  const status = cancelled ? 'cancelled' : exitCode === 0 ? 'done' : 'failed';
  const error = status === 'failed' ? `${c.trainer} exited with ${exitCode === null ? 'an error' : `code ${exitCode}`}${tail.length ? `: ${tail.join(' | ').slice(-400)}` : ''} (the whole output is in ${logPath})` : null;
  finishTrainRun(db, runId, status, error ?? undefined);
  const points = countTrainPoints(db, runId);
  return { runId, status, exitCode, error, points, lastLoss, trainLoss, checkpoints, log: logPath };
}
