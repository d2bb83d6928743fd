// distillery train --config FILE [--dry-run]: exports the config's selection into the run folder, writes the
// trainer's files (FSDP config, LLaMA-Factory YAML, job.sbatch), prints the command; without --dry-run runs it
// and follows its loss into the database. A config file that is not valid JSON or that the schema refuses exits 1
// (refused input, README); mistakes (a missing config file, an unknown selection, a launcher not on PATH) exit 2;
// both before anything is written or started.
import { existsSync, readFileSync } from 'node:fs';
import { stripJsonComments } from '../../core/evaluate/config-file';
import { InvalidInputError, NotFoundError } from '../../core/errors';
import { TrainConfigError, validateTrainConfig, type TrainConfig } from '../../core/train/config';
import { checkSelection, prepareRun, resolveConfigPaths, type PreparedRun } from '../../core/train/prepare';
import { runTraining, type TrainOutcome } from '../../core/train/run';
import { findProgram } from '../../core/train/which';
import { LAUNCHERS } from '../../core/train/launchers';
import { shQuote } from '../../core/train/launchers/slurm';
import { CliError, InputRefusedError, type RegisterCommand } from '../context';

/** Reads and checks a *.train.json file (comments allowed); every problem is a CliError naming the file. */
export function readTrainConfig(file: string): TrainConfig {
  if (!existsSync(file)) throw new CliError(`--config ${file}: no such file`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripJsonComments(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))); // a byte-order mark is no part of the JSON
  } catch (e) {
    throw new InputRefusedError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  try {
    return validateTrainConfig(parsed);
  } catch (e) {
    if (e instanceof TrainConfigError) throw new InputRefusedError(`${file}: ${e.message} (schemas/train-config.schema.json; nothing was written)`);
    throw e;
  }
}

/** The program a config launches, before anything is exported (the same launcher the run will use). */
function launcherProgram(c: TrainConfig): string {
  return c.launcherPath ?? { trl: 'accelerate', llamafactory: 'llamafactory-cli', s1: 'torchrun' }[c.trainer];
}

/** The command as one line a person can paste into a shell. */
export const commandLine = (argv: readonly string[], env: Record<string, string> = {}) =>
  [...Object.entries(env).map(([k, v]) => `${k}=${shQuote(v)}`), ...argv.map(shQuote)].join(' ');

interface TrainResult {
  name: string; trainer: string; dry_run: boolean; run_dir: string; argv: string[]; env: Record<string, string>; command: string;
  block_size: number; longest_row_tokens: number; rows: number; files: string[]; notes: string[]; slurm: string | null;
  outcome?: Omit<TrainOutcome, 'runId'>;
}

function formatTrain(r: TrainResult): string {
  const lines = [`${r.name}: ${r.trainer} on ${r.rows} rows, block size ${r.block_size} tokens (longest row ${r.longest_row_tokens}); run folder ${r.run_dir}`, '', r.command, ''];
  lines.push('files:', ...r.files.map((f) => `  ${f}`));
  if (r.slurm) lines.push('', `cluster: sbatch ${shQuote(r.slurm)}`);
  for (const n of r.notes) lines.push('', `note: ${n}`);
  if (r.outcome) {
    const o = r.outcome;
    lines.push('', `${o.status}: ${o.points} loss points${o.lastLoss !== null ? `, last loss ${o.lastLoss}` : ''}${o.trainLoss !== null ? `, train_loss ${o.trainLoss}` : ''}`);
    if (o.error) lines.push(o.error);
    lines.push(...o.checkpoints.map((c) => `  checkpoint ${c.final ? '(final) ' : ''}${c.path}${c.step !== null ? ` step ${c.step}` : ''}`));
  }
  return lines.join('\n');
}

export const registerTrain: RegisterCommand = (program, ctx) => {
  program.command('train')
    .description("fine-tune a student on a selection with TRL (accelerate + FSDP), LLaMA-Factory or s1's sft.py (torchrun): exports the data, writes the trainer's files and runs it, following the loss into the database")
    .requiredOption('--config <file>', 'training config (*.train.json, schemas/train-config.schema.json)')
    .option('--dry-run', 'write the files and print the command; start nothing')
    .action(async (o: { config: string; dryRun?: boolean }) => {
      const raw = readTrainConfig(o.config);
      const config = resolveConfigPaths(raw, o.config);
      if (config.nodes > 1 && !o.dryRun) {
        throw new CliError(`${o.config}: ${config.nodes} nodes run through SLURM: use --dry-run to write job.sbatch, then submit it with sbatch`);
      }
      const db = ctx.openDb(o.dryRun ? 'read' : 'write', { writes: !o.dryRun });
      try {
        try {
          checkSelection(db, config);
        } catch (e) {
          if (e instanceof NotFoundError) throw new CliError(e.message);
          throw e;
        }
        const program = launcherProgram(config);
        if (!o.dryRun && !findProgram(program)) {
          throw new CliError(`${program} is not on PATH (trainer "${config.trainer}"): install it (${{ trl: 'pip install trl accelerate', llamafactory: 'pip install llamafactory', s1: 'pip install torch' }[config.trainer]}) or set "launcherPath" in ${o.config}; nothing was started`);
        }
        if (!(config.trainer in LAUNCHERS)) throw new CliError(`unknown trainer ${config.trainer}`);
        let prepared: PreparedRun;
        try {
          prepared = await prepareRun(db, raw, { configFile: o.config, dbPath: ctx.dbPath() });
        } catch (e) {
          if (e instanceof InvalidInputError || e instanceof NotFoundError) throw new CliError(e.message);
          throw e;
        }
        const result: TrainResult = {
          name: config.name, trainer: config.trainer, dry_run: Boolean(o.dryRun), run_dir: prepared.runDir, argv: prepared.argv, env: prepared.plan.env,
          command: commandLine(prepared.argv, prepared.plan.env), block_size: prepared.blockSize, longest_row_tokens: prepared.longestTokens, rows: prepared.rows,
          files: prepared.files, notes: prepared.plan.notes, slurm: prepared.files.find((f) => f.endsWith('job.sbatch')) ?? null,
        };
        if (!o.dryRun) {
          ctx.info(`$ ${result.command}`);
          const abort = new AbortController();
          const onSig = () => abort.abort();
          process.once('SIGINT', onSig);
          process.once('SIGTERM', onSig);
          try {
            // The trainer's own output goes to stderr, so --json keeps one object on stdout.
            const { runId: _id, ...outcome } = await runTraining(db, prepared, { onOutput: (t) => process.stderr.write(t), signal: abort.signal });
            result.outcome = outcome;
          } finally {
            process.off('SIGINT', onSig);
            process.off('SIGTERM', onSig);
          }
        }
        ctx.emit(result, formatTrain);
        if (result.outcome && result.outcome.status !== 'done') process.exitCode = 1;
      } finally {
        db.close();
      }
    });
};
