// Everything `distillery train` does before the trainer starts: the selection exported (through the export core)
// into the run folder in the trainer's format, the block size measured on it in exact Qwen tokens, the trainer's
// files written and its command built. Nothing here starts a process.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Db } from '../store/db';
import { findSelection } from '../store/selections';
import { NotFoundError } from '../errors';
import { exportSelection, type ExportSummary } from '../export/run';
import { conversationRenderer, type ChatMessage } from '../prompt/chat';
import { qwenTokenizer } from '../tokenize';
import { gradientAccumulation, type TrainConfig } from './config';
import { LAUNCHERS, TRAINER_EXPORT, type LaunchPlan } from './launchers';
import { slurmScript } from './launchers/slurm';

export interface PreparedRun {
  config: TrainConfig;
  runDir: string;
  dataFile: string;
  blockSize: number;
  /** The longest exported row in tokens (the block size unless the config fixes one). */
  longestTokens: number;
  rows: number;
  plan: LaunchPlan;
  /** The whole command, program first (what runs, and what --dry-run prints). */
  argv: string[];
  files: string[];
  export: ExportSummary;
}

/** The run folder: the config's runDir (relative to the config file), else train/<name> beside the config. */
export function runFolder(c: TrainConfig, configFile: string): string {
  const base = dirname(resolve(configFile));
  return c.runDir ? (isAbsolute(c.runDir) ? c.runDir : resolve(base, c.runDir)) : join(base, 'train', c.name);
}

/** Paths in the config (s1Repo, deepspeed, launcherPath with a slash) are relative to the config file. */
export function resolveConfigPaths(c: TrainConfig, configFile: string): TrainConfig {
  const base = dirname(resolve(configFile));
  const abs = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : resolve(base, p));
  return {
    ...c,
    ...(c.s1Repo ? { s1Repo: abs(c.s1Repo) } : {}),
    ...(c.deepspeed ? { deepspeed: abs(c.deepspeed) } : {}),
    ...(c.launcherPath && /[\\/]/.test(c.launcherPath) ? { launcherPath: abs(c.launcherPath) } : {}),
  };
}

/** The selection must exist before anything is written. */
export function checkSelection(db: Db, c: TrainConfig): void {
  if (!findSelection(db, c.selection)) throw new NotFoundError(`no selection named '${c.selection}': list them with 'distillery selection' (nothing was written)`);
}

/** One exported row as the chat the trainer tokenizes. */
function rowMessages(row: Record<string, unknown>): ChatMessage[] | string | null {
  if (typeof row.text === 'string') return row.text;
  if (Array.isArray(row.messages)) return row.messages as ChatMessage[];
  const conv = Array.isArray(row.conversations) ? row.conversations as { from: string; value: string }[] : null;
  if (!conv) return null;
  const role = (f: string): ChatMessage['role'] => (f === 'human' || f === 'user' ? 'user' : f === 'system' ? 'system' : 'assistant');
  return [...(typeof row.system === 'string' ? [{ role: 'system' as const, content: row.system }] : []), ...conv.map((m) => ({ role: role(m.from), content: m.value }))];
}

/** The longest row of an exported JSON / JSON Lines file in exact Qwen tokens (chat template applied, as trained). */
export function longestRowTokens(file: string): { rows: number; longest: number } {
  const text = readFileSync(file, 'utf8');
  const rows: Record<string, unknown>[] = file.endsWith('.jsonl') ? text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)) : JSON.parse(text);
  const tok = qwenTokenizer();
  const render = conversationRenderer(undefined);
  let longest = 0;
  for (const r of rows) {
    const m = rowMessages(r);
    if (m === null) continue;
    longest = Math.max(longest, tok.count(typeof m === 'string' ? m : render(m)));
  }
  return { rows: rows.length, longest };
}

export async function prepareRun(db: Db, config: TrainConfig, o: { configFile: string; dbPath: string }): Promise<PreparedRun> {
  const c = resolveConfigPaths(config, o.configFile);
  checkSelection(db, c);
  const runDir = runFolder(c, o.configFile);
  const dataDir = join(runDir, 'data');
  const how = TRAINER_EXPORT[c.trainer];
  const dataFile = join(dataDir, how.file);
  mkdirSync(runDir, { recursive: true });
  const exported = await exportSelection(db, {
    selection: c.selection, format: how.format, out: dataFile, traces: c.traces, system: c.system, seed: c.seed, force: true, dbPath: o.dbPath,
  });
  const { rows, longest } = longestRowTokens(dataFile);
  const blockSize = c.blockSize === 'auto' ? Math.max(16, longest) : c.blockSize;
  const infoFile = join(dataDir, 'dataset_info.json');
  const datasetName = existsSync(infoFile) ? Object.keys(JSON.parse(readFileSync(infoFile, 'utf8')) as object)[0] : c.selection;
  const plan = LAUNCHERS[c.trainer]({
    config: c, runDir, dataDir, dataFile, datasetName, blockSize, outputDir: join(runDir, 'output'), accumulation: gradientAccumulation(c),
  });
  const argv = [plan.program, ...plan.args];
  const files = [...plan.files];
  if (c.nodes > 1 || c.slurm) files.push({ path: join(runDir, 'job.sbatch'), content: slurmScript(c, plan, runDir) });
  files.push({ path: join(runDir, 'command.json'), content: JSON.stringify({ argv, env: plan.env, block_size: blockSize, longest_row_tokens: longest, rows, config: c }, null, 2) + '\n' });
  for (const f of files) writeFileSync(f.path, f.content, { mode: f.path.endsWith('.sbatch') ? 0o755 : 0o644 });
  return { config: c, runDir, dataFile, blockSize, longestTokens: longest, rows, plan, argv, files: [...exported.files.map((f) => f.path), ...files.map((f) => f.path)], export: exported };
}
