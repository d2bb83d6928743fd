// Training configs (*.train.json, schemas/train-config.schema.json): what `distillery train` launches. Defaults are
// the seed task's and s1's (train/sft.sh): Qwen2.5-3B-Instruct, full-parameter bf16, lr 1e-5, 5 epochs, batch 16,
// cosine, warmup 5 %, weight decay 1e-4, Adam betas 0.9/0.95, loss on the assistant turn only. The data is a
// selection, exported into the run folder; the block size is the longest exported row in exact Qwen tokens.
import { TRACE_CHOICES, type TraceChoice } from '../export/traces';

export const TRAINERS = ['trl', 'llamafactory', 's1'] as const;
export type TrainerName = (typeof TRAINERS)[number];

export interface SlurmSettings {
  partition?: string;
  account?: string;
  /** Wall-clock limit as sbatch reads it, e.g. "24:00:00". */
  time?: string;
  cpusPerTask?: number;
}

export interface TrainConfig {
  /** Run name: the runs row, the Models view, the served model's id. */
  name: string;
  /** The selection to train on (NAME, or NAME@VERSION). */
  selection: string;
  trainer: TrainerName;
  model: string;
  /** Folder holding the export, the trainer's files and the checkpoints (relative: to the config file). */
  runDir?: string;
  learningRate: number;
  epochs: number;
  /** Global batch: perDeviceBatchSize × gradient accumulation × gpus × nodes. */
  batchSize: number;
  perDeviceBatchSize: number;
  gpus: number;
  nodes: number;
  scheduler: 'cosine' | 'linear' | 'constant_with_warmup';
  warmupRatio: number;
  weightDecay: number;
  adamBeta1: number;
  adamBeta2: number;
  /** "auto": the longest exported row in exact tokens; else a fixed length (longer rows are cut by the trainer). */
  blockSize: 'auto' | number;
  gradientCheckpointing: boolean;
  traces: TraceChoice;
  system?: string;
  seed: number;
  /** s1 only: a checkout of simplescaling/s1 (its train/sft.py is run). */
  s1Repo?: string;
  /** LLaMA-Factory only: a DeepSpeed config for multi-GPU full fine-tuning (its examples/deepspeed/ds_z3_config.json). */
  deepspeed?: string;
  /** The launcher's executable when it is not on PATH (accelerate, llamafactory-cli or torchrun, e.g. a venv's bin/). */
  launcherPath?: string;
  /** Writes job.sbatch (srun on every node) for a cluster. */
  slurm?: SlurmSettings;
}

export const TRAIN_DEFAULTS = {
  trainer: 'trl', model: 'Qwen/Qwen2.5-3B-Instruct', learningRate: 1e-5, epochs: 5, batchSize: 16, perDeviceBatchSize: 1, gpus: 1, nodes: 1,
  scheduler: 'cosine', warmupRatio: 0.05, weightDecay: 1e-4, adamBeta1: 0.9, adamBeta2: 0.95, blockSize: 'auto', gradientCheckpointing: true,
  traces: 'best', seed: 42,
} as const satisfies Partial<TrainConfig>;

/** The schema's properties, in its order (a unit test checks that the schema file lists exactly these). */
export const TRAIN_CONFIG_KEYS = ['$schema', 'name', 'selection', 'trainer', 'model', 'runDir', 'learningRate', 'epochs', 'batchSize', 'perDeviceBatchSize',
  'gpus', 'nodes', 'scheduler', 'warmupRatio', 'weightDecay', 'adamBeta1', 'adamBeta2', 'blockSize', 'gradientCheckpointing', 'traces', 'system', 'seed',
  's1Repo', 'deepspeed', 'launcherPath', 'slurm'] as const;

const SLURM_KEYS = new Set(['partition', 'account', 'time', 'cpusPerTask']);
const SCHEDULERS = ['cosine', 'linear', 'constant_with_warmup'] as const;

export class TrainConfigError extends Error {}

/** A parsed config checked against the schema's rules, with the defaults filled in. */
export function validateTrainConfig(v: unknown): TrainConfig {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new TrainConfigError('a training config is a JSON object');
  const o = v as Record<string, unknown>;
  const known = new Set<string>(TRAIN_CONFIG_KEYS);
  for (const k of Object.keys(o)) if (!known.has(k)) throw new TrainConfigError(`unknown key '${k}' (the schema lists ${TRAIN_CONFIG_KEYS.slice(1).join(', ')})`);
  for (const k of ['name', 'selection']) if (typeof o[k] !== 'string' || !(o[k] as string).trim()) throw new TrainConfigError(`'${k}' is required (a string)`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(o.name as string)) throw new TrainConfigError(`'name' ${JSON.stringify(o.name)}: letters, digits, dot, dash and underscore (it names the run and the served model)`);
  const str = (k: string) => { if (o[k] !== undefined && (typeof o[k] !== 'string' || !(o[k] as string).trim())) throw new TrainConfigError(`'${k}' must be a non-empty string`); };
  for (const k of ['model', 'runDir', 'system', 's1Repo', 'deepspeed', 'launcherPath', '$schema']) str(k);
  const oneOf = (k: string, list: readonly string[]) => { if (o[k] !== undefined && !list.includes(o[k] as string)) throw new TrainConfigError(`'${k}' is one of ${list.join(', ')}, not ${JSON.stringify(o[k])}`); };
  oneOf('trainer', TRAINERS); oneOf('scheduler', SCHEDULERS); oneOf('traces', TRACE_CHOICES);
  const int = (k: string, min: number) => { if (o[k] !== undefined && !(Number.isInteger(o[k]) && (o[k] as number) >= min)) throw new TrainConfigError(`'${k}' must be an integer >= ${min}`); };
  int('epochs', 1); int('batchSize', 1); int('perDeviceBatchSize', 1); int('gpus', 1); int('nodes', 1); int('seed', 0);
  const num = (k: string, ok: (x: number) => boolean, range: string) => { if (o[k] !== undefined && !(typeof o[k] === 'number' && ok(o[k] as number))) throw new TrainConfigError(`'${k}' must be a number ${range}`); };
  num('learningRate', (x) => x > 0 && x < 1, 'in (0, 1)'); num('warmupRatio', (x) => x >= 0 && x < 1, 'in [0, 1)'); num('weightDecay', (x) => x >= 0, '>= 0');
  num('adamBeta1', (x) => x >= 0 && x < 1, 'in [0, 1)'); num('adamBeta2', (x) => x >= 0 && x < 1, 'in [0, 1)');
  if (o.blockSize !== undefined && o.blockSize !== 'auto' && !(Number.isInteger(o.blockSize) && (o.blockSize as number) >= 16)) throw new TrainConfigError(`'blockSize' is "auto" or an integer >= 16`);
  if (o.gradientCheckpointing !== undefined && typeof o.gradientCheckpointing !== 'boolean') throw new TrainConfigError(`'gradientCheckpointing' is true or false`);
  if (o.slurm !== undefined) {
    const s = o.slurm as Record<string, unknown>;
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw new TrainConfigError(`'slurm' is an object ({partition, account, time, cpusPerTask})`);
    for (const k of Object.keys(s)) if (!SLURM_KEYS.has(k)) throw new TrainConfigError(`unknown key 'slurm.${k}'`);
    for (const k of ['partition', 'account', 'time']) if (s[k] !== undefined && (typeof s[k] !== 'string' || !(s[k] as string).trim())) throw new TrainConfigError(`'slurm.${k}' must be a non-empty string`);
    if (s.cpusPerTask !== undefined && !(Number.isInteger(s.cpusPerTask) && (s.cpusPerTask as number) >= 1)) throw new TrainConfigError(`'slurm.cpusPerTask' must be an integer >= 1`);
  }
  const c = { ...TRAIN_DEFAULTS, ...o } as TrainConfig;
  delete (c as { $schema?: unknown }).$schema;
  if (c.trainer === 's1' && !c.s1Repo) throw new TrainConfigError(`trainer "s1" runs train/sft.py of a simplescaling/s1 checkout: set 's1Repo' to its folder`);
  gradientAccumulation(c);
  return c;
}

/** batchSize = perDeviceBatchSize × accumulation × gpus × nodes, as s1's sft.sh computes it; refuses a batch that does not divide. */
export function gradientAccumulation(c: Pick<TrainConfig, 'batchSize' | 'perDeviceBatchSize' | 'gpus' | 'nodes'>): number {
  const per = c.perDeviceBatchSize * c.gpus * c.nodes;
  if (c.batchSize % per !== 0) {
    throw new TrainConfigError(`'batchSize' ${c.batchSize} is not a multiple of perDeviceBatchSize × gpus × nodes = ${per}: the global batch is per-device batch × gradient accumulation × GPUs`);
  }
  return c.batchSize / per;
}

/** The template `Distillery: Train…` writes for a selection (defaults spelled out, so a person sees what runs). */
export function trainConfigTemplate(o: { name: string; selection: string; trainer: TrainerName; runDir?: string }): string {
  const c: Record<string, unknown> = { name: o.name, selection: o.selection, trainer: o.trainer, model: TRAIN_DEFAULTS.model, runDir: o.runDir ?? `train/${o.name}` };
  for (const k of ['learningRate', 'epochs', 'batchSize', 'perDeviceBatchSize', 'gpus', 'nodes', 'scheduler', 'warmupRatio', 'weightDecay', 'adamBeta1', 'adamBeta2', 'blockSize', 'traces', 'seed'] as const) c[k] = TRAIN_DEFAULTS[k];
  if (o.trainer === 's1') c.s1Repo = '../s1';
  return JSON.stringify(c, null, 2) + '\n';
}
