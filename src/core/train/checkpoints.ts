// What a trainer leaves on disk: checkpoint-N folders (save_strategy), the final model in the output folder, and
// trainer_state.json (log_history: the same dicts the console showed, with their step) in each.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainPoint } from './log-lines';

export interface Checkpoint {
  path: string;
  /** The global step (checkpoint-N's N; the final model's last step). */
  step: number | null;
  /** The output folder itself: the model saved when training ended. */
  final: boolean;
}

/** A folder holding a model transformers can load: config.json and weights (safetensors or bin, sharded or not). */
export function isModelFolder(dir: string): boolean {
  if (!existsSync(join(dir, 'config.json'))) return false;
  return readdirSync(dir).some((f) => /^(model|pytorch_model)(-\d+-of-\d+)?\.(safetensors|bin)$/.test(f) || /^(model|pytorch_model)\.(safetensors|bin)\.index\.json$/.test(f));
}

/** The checkpoints under an output folder, in step order, the final model last. */
export function findCheckpoints(outputDir: string): Checkpoint[] {
  if (!existsSync(outputDir) || !statSync(outputDir).isDirectory()) return [];
  const out: Checkpoint[] = [];
  for (const name of readdirSync(outputDir)) {
    const m = /^checkpoint-(\d+)$/.exec(name);
    const p = join(outputDir, name);
    if (m && statSync(p).isDirectory() && isModelFolder(p)) out.push({ path: p, step: Number(m[1]), final: false });
  }
  out.sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
  if (isModelFolder(outputDir)) {
    const state = readTrainerState(join(outputDir, 'trainer_state.json'));
    out.push({ path: outputDir, step: state?.globalStep ?? out[out.length - 1]?.step ?? null, final: true });
  }
  return out;
}

export interface TrainerState { globalStep: number | null; maxSteps: number | null; points: TrainPoint[]; trainLoss: number | null }

const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : null);

/** trainer_state.json's log_history as points (the training dicts; eval and summary entries left out). */
export function readTrainerState(file: string): TrainerState | null {
  if (!existsSync(file)) return null;
  let s: { global_step?: unknown; max_steps?: unknown; log_history?: unknown };
  try {
    s = JSON.parse(readFileSync(file, 'utf8').replace(/\bNaN\b/g, 'null').replace(/-?\bInfinity\b/g, 'null'));
  } catch {
    return null;
  }
  const points: TrainPoint[] = [];
  let trainLoss: number | null = null;
  for (const e of Array.isArray(s.log_history) ? s.log_history as Record<string, unknown>[] : []) {
    if ('train_loss' in e) { trainLoss = num(e.train_loss); continue; }
    const step = num(e.step);
    if (step === null || !('loss' in e || 'learning_rate' in e)) continue;
    const extra: Record<string, number> = {};
    for (const [k, v] of Object.entries(e)) if (!['loss', 'learning_rate', 'grad_norm', 'epoch', 'step'].includes(k) && num(v) !== null) extra[k] = num(v)!;
    points.push({ step, epoch: num(e.epoch), loss: num(e.loss), learningRate: num(e.learning_rate), gradNorm: num(e.grad_norm), ...(Object.keys(extra).length ? { extra } : {}) });
  }
  return { globalStep: num(s.global_step), maxSteps: num(s.max_steps), points, trainLoss };
}

/** The most complete trainer_state.json of a run: the output folder's, else the last checkpoint's. */
export function latestTrainerState(outputDir: string): TrainerState | null {
  const candidates = [join(outputDir, 'trainer_state.json')];
  if (existsSync(outputDir)) {
    for (const name of readdirSync(outputDir)) if (/^checkpoint-\d+$/.test(name)) candidates.push(join(outputDir, name, 'trainer_state.json'));
  }
  let best: TrainerState | null = null;
  for (const f of candidates) {
    const s = readTrainerState(f);
    if (s && (!best || (s.globalStep ?? 0) > (best.globalStep ?? 0))) best = s;
  }
  return best;
}
