// A SLURM batch script for clusters (a 32B student needs several nodes): `srun` starts one launcher per node; the
// first node of the allocation is the rendezvous. User values are single-quoted for the shell, so paths with
// spaces, quotes or `$` reach the trainer unchanged; only the node's rank and the head node are expanded.
import type { TrainConfig } from '../config';
import type { LaunchPlan, NodeArg } from './common';

/** One shell word holding `s` literally. */
export function shQuote(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Text for a comment line: a newline in a value must not end the comment. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

const word = (a: NodeArg) => (typeof a === 'string' ? shQuote(a) : a.shell);

/** The per-node command line (env assignments, then argv), as the node's shell reads it. */
export function nodeCommandLine(plan: LaunchPlan): string {
  const env = Object.entries(plan.node.env).map(([k, v]) => `${k}=${word(v)}`);
  return ['exec', ...(env.length ? ['env', ...env] : []), ...plan.node.argv.map(word)].join(' ');
}

export function slurmScript(c: TrainConfig, plan: LaunchPlan, runDir: string): string {
  const s = c.slurm ?? {};
  const directive = (k: string, v: string | number) => `#SBATCH --${k}=${typeof v === 'number' ? v : shQuote(v)}`;
  const lines = [
    '#!/bin/bash',
    `# distillery train: ${c.name} (${c.trainer}, ${oneLine(c.model)}) on ${c.nodes} node(s) × ${c.gpus} GPU(s).`,
    `# Submit from the run folder: cd ${oneLine(shQuote(runDir))} && sbatch job.sbatch`,
    directive('job-name', `distillery-${c.name}`),
    directive('nodes', c.nodes),
    directive('ntasks-per-node', 1),
    directive('gpus-per-node', c.gpus),
    ...(s.cpusPerTask ? [directive('cpus-per-task', s.cpusPerTask)] : []),
    ...(s.partition ? [directive('partition', s.partition)] : []),
    ...(s.account ? [directive('account', s.account)] : []),
    ...(s.time ? [directive('time', s.time)] : []),
    // Relative to where sbatch runs (the run folder, as the first line says): #SBATCH lines are not read by a shell,
    // so a path with spaces or quotes would not survive there.
    directive('output', 'slurm-%j.out'),
    'set -euo pipefail',
    `cd ${shQuote(runDir)}`,
    '# The first node of the allocation hosts the rendezvous.',
    // awk reads to the end (head would leave scontrol to die of SIGPIPE under pipefail).
    'MASTER_ADDR="$(scontrol show hostnames "$SLURM_JOB_NODELIST" | awk \'NR == 1\')"',
    'export MASTER_ADDR',
    ...Object.entries(plan.env).map(([k, v]) => `export ${k}=${shQuote(v)}`),
    '# Each node runs this line with its own $SLURM_NODEID.',
    `NODE_CMD=${shQuote(nodeCommandLine(plan))}`,
    `srun --nodes=${c.nodes} --ntasks-per-node=1 --kill-on-bad-exit=1 bash -c "$NODE_CMD"`,
    '',
  ];
  return lines.join('\n');
}
