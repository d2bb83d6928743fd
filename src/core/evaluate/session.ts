// One `distillery eval` invocation: find or create the named run, check it is the same model and settings
// when resuming, run the missing results, and record how the run ended.
import type { Db } from '../store/db';
import { createRun, findRun, setRunBackend, setRunStatus, updateRunConfig } from '../store/runs';
import type { Backend } from '../backend/client';
import { loadBenchmark, type Benchmark, type BenchmarkReadOptions } from './benchmarks';
import { generationSettings, planSpecs, type PlanOptions, type SettingsOptions } from './plan';
import { EvalCancelled, runEvaluation, type EvalProgress, type EvalSummary } from './runner';
import { redact, safeUrl } from '../redact';

export interface EvalSessionOptions extends PlanOptions, SettingsOptions {
  db: Db;
  run: string;
  backend: Backend;
  backendUrls: readonly string[];
  model: string;
  benchmark: string;
  /** How a benchmark file is read (`--benchmark-map`): as import's --preset/--map. */
  benchmarkRead?: BenchmarkReadOptions;
  /** The benchmark already read from `benchmark` (the CLI reads it to check it before contacting the server). */
  loadedBenchmark?: Benchmark;
  repeats?: number;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (p: EvalProgress) => void;
}

export class RunMismatchError extends Error {}

export interface EvalSessionResult extends EvalSummary { run: string; runId: number; benchmark: string }

export async function evalSession(o: EvalSessionOptions): Promise<EvalSessionResult> {
  const benchmark = o.loadedBenchmark ?? await loadBenchmark(o.benchmark, o.benchmarkRead);
  const specs = planSpecs(o);
  const settings = generationSettings(o);
  // What must not change within one run: results of different models or settings would mix in its metrics.
  const fixed = { model: o.model, format: settings.format.name, temperature: settings.temperature, seed: settings.seed, chatTemplate: o.chatTemplate ?? 'qwen',
    maxThinkingTokens: settings.maxThinkingTokens, maxAnswerTokens: settings.maxAnswerTokens, sampling: settings.sampling };
  const config = { ...fixed, maxModelTokens: settings.maxModelTokens, stopTokenIds: { endOfThinking: settings.endOfThinkingId, endOfTurn: settings.endOfTurnId },
    backend: o.backendUrls.map(safeUrl), benchmark: o.benchmark, method: o.method, specs: specs.length, repeats: o.repeats ?? 1,
    // Results this invocation plans (questions × variants × repeats): the runs dashboard's progress.
    planned: benchmark.items.length * specs.length * Math.max(1, o.repeats ?? 1) };
  const existing = findRun(o.db, o.run);
  let runId: number;
  if (existing) {
    const before = JSON.parse(existing.config) as Record<string, unknown>;
    const changed = Object.keys(fixed).filter((k) => JSON.stringify(before[k]) !== JSON.stringify((fixed as Record<string, unknown>)[k]));
    if (changed.length) throw new RunMismatchError(`run '${o.run}' was made with other settings (${changed.join(', ')}); resume it with the same ones or use another --run name`);
    runId = existing.id;
    updateRunConfig(o.db, runId, { ...before, ...config }, existing.backend ?? 'openai');
  } else {
    runId = createRun(o.db, o.run, config, 'openai');
  }
  setRunStatus(o.db, runId, 'running');
  try {
    const summary = await runEvaluation({
      db: o.db, runId, backend: o.backend, benchmark, specs, repeats: Math.max(1, o.repeats ?? 1), settings,
      concurrency: Math.max(1, o.concurrency ?? 16), signal: o.signal, onProgress: o.onProgress,
    });
    // The replay server's answers are labelled as such on the run itself.
    if (summary.replay) setRunBackend(o.db, runId, 'replay');
    setRunStatus(o.db, runId, 'done');
    return { ...summary, run: o.run, runId, benchmark: benchmark.name };
  } catch (e) {
    setRunStatus(o.db, runId, e instanceof EvalCancelled ? 'cancelled' : 'failed', redact(e instanceof Error ? e.message : String(e)));
    throw e;
  }
}
