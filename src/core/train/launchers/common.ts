// What a launcher builds: the program and its arguments (an array: never a shell string built from user values),
// the files the trainer reads, and what a SLURM job runs on each node.
import { join } from 'node:path';
import type { TrainConfig } from '../config';

/** Everything a launcher needs that the config alone does not say (all paths absolute). */
export interface LaunchInput {
  config: TrainConfig;
  runDir: string;
  /** The export's folder (its dataset card's YAML names the data files, so `load_dataset(folder)` reads them). */
  dataDir: string;
  /** The exported data file. */
  dataFile: string;
  /** LLaMA-Factory's dataset name (the key of dataset_info.json). */
  datasetName: string;
  blockSize: number;
  outputDir: string;
  accumulation: number;
}

export interface WrittenFile { path: string; content: string }

/** A word the node's shell expands (`$SLURM_NODEID`, `$MASTER_ADDR:29500`): written into the job script as it is. */
export interface ShellWord { shell: string }
export type NodeArg = string | ShellWord;

/** One node's command in a SLURM job: plain strings are quoted, ShellWords are left for the node's shell. */
export interface NodeCommand { env: Record<string, NodeArg>; argv: NodeArg[] }

export const NODE_RANK: ShellWord = { shell: '"$SLURM_NODEID"' };
export const HEAD_NODE: ShellWord = { shell: '"$MASTER_ADDR"' };

export interface LaunchPlan {
  trainer: TrainConfig['trainer'];
  /** The executable as looked up on PATH (or launcherPath). */
  program: string;
  /** The arguments after the program, for one node with `gpus` processes. */
  args: string[];
  env: Record<string, string>;
  files: WrittenFile[];
  /** The command each node of a multi-node job runs (srun starts one per node). */
  node: NodeCommand;
  /** Where the checkpoints go. */
  outputDir: string;
  notes: string[];
}

export const MASTER_PORT = 29500;

/** Python's repr of a float as the trainers' argparse reads it back (1e-05, 0.0001, 5). */
export const num = (x: number) => String(x);

export const trainerFile = (runDir: string, name: string) => join(runDir, name);
