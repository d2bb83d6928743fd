// Runs an evaluation: every (question, method variant, budget, repeat) not yet stored, a bounded number at a
// time, each graded and written as one result row as soon as it finishes. A killed or cancelled run resumes
// where it stopped: finished rows are skipped, finished requests come from the request cache.
import { setMaxListeners } from 'node:events';
import type { Backend } from '../backend/client';
import { gradeAnswer } from '../grade';
import type { Db } from '../store/db';
import { ensureEvalSamples, resultKey, resultWriter } from '../store/runs';
import { generate, PromptTooLongError, type GenerationSettings, type MethodSpec } from '../scaling/methods';
import { BackendError } from '../backend/client';
import { methodKey } from '../scaling/keys';
import type { Benchmark } from './benchmarks';

export interface EvalProgress { done: number; total: number; skipped: number; requests: number; cachedRequests: number; thinkingTokens: number }

export interface EvalRunOptions {
  db: Db;
  runId: number;
  backend: Backend;
  benchmark: Benchmark;
  specs: readonly MethodSpec[];
  repeats: number;
  settings: GenerationSettings;
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (p: EvalProgress) => void;
}

export interface EvalSummary extends EvalProgress { results: number; replay: boolean; correct: number; failed: number }

/** The reason when `e` concerns one item only (its prompt does not fit the context), else undefined. */
function itemFailure(e: unknown): string | undefined {
  if (e instanceof PromptTooLongError) return e.message;
  if (e instanceof BackendError && e.status === 400 && /context length|max_model_len|maximum context/i.test(e.message)) return e.message;
  return undefined;
}

export class EvalCancelled extends Error {
  constructor() { super('evaluation cancelled'); }
}

export async function runEvaluation(o: EvalRunOptions): Promise<EvalSummary> {
  // Every request in flight listens on the one signal.
  if (o.signal) setMaxListeners(0, o.signal);
  const sampleIds = ensureEvalSamples(o.db, o.benchmark.name, o.benchmark.items.map((it) => ({ question: it.question, gold: it.gold, metadata: { ...it.metadata, kind: it.kind, choices: it.choices } })));
  const writer = resultWriter(o.db, o.runId);
  const finished = writer.finished();
  const tasks: { item: number; spec: MethodSpec; repeat: number }[] = [];
  let skipped = 0;
  for (let item = 0; item < o.benchmark.items.length; item++) {
    for (const spec of o.specs) {
      for (let repeat = 0; repeat < o.repeats; repeat++) {
        if (finished.has(resultKey(sampleIds[item], methodKey(spec), spec.budget, repeat))) skipped++;
        else tasks.push({ item, spec, repeat });
      }
    }
  }
  // Largest budgets first (unlimited before all): the longest generations start early instead of leaving a
  // few slow ones running alone at the end of the run. Stable, so questions keep their order within a budget.
  const rank = (b: number | null) => (b === null ? Number.POSITIVE_INFINITY : b);
  tasks.sort((a, b) => rank(b.spec.budget) - rank(a.spec.budget));
  // Then, among the next few, the one expected to think longest: a question's thinking length is known once one
  // of its generations finished (capped by the task's budget). Fewer long generations are left for the end.
  let next = 0;
  const known = new Map<number, number>();
  const expected = (t: (typeof tasks)[number]) => Math.min(rank(t.spec.budget), known.get(t.item) ?? Number.POSITIVE_INFINITY);
  const WINDOW = 256;
  const take = () => {
    let best = next;
    for (let i = next + 1; i < Math.min(tasks.length, next + WINDOW); i++) if (expected(tasks[i]) > expected(tasks[best])) best = i;
    [tasks[next], tasks[best]] = [tasks[best], tasks[next]];
    return tasks[next++];
  };
  const p: EvalSummary = { done: 0, total: tasks.length + skipped, skipped, requests: 0, cachedRequests: 0, thinkingTokens: 0, results: skipped, replay: false, correct: 0, failed: 0 };
  o.onProgress?.(p);
  let failure: unknown = null;
  const worker = async () => {
    while (next < tasks.length && !failure && !o.signal?.aborted) {
      const t = take();
      const item = o.benchmark.items[t.item];
      const started = performance.now();
      try {
        const g = await generate(o.backend, item.question, t.spec, { ...o.settings, seed: o.settings.seed + t.repeat }, o.signal);
        // The last request's finish reason is the answer's: 'length' there means the answer itself was cut off.
        const grade = gradeAnswer(item.gold, g.answer || g.fullText, { kind: item.kind, choices: item.choices, finishReason: g.finishReasons.at(-1) ?? null });
        writer.write({
          sampleId: sampleIds[t.item], method: methodKey(t.spec), budget: t.spec.budget, repeat: t.repeat, prompt: g.prompt,
          fullText: g.fullText, thinking: g.thinking, answer: g.answer, extracted: grade.pred, grade: grade.equal ? 1 : 0,
          thinkingTokens: g.thinkingTokens, continuations: g.continuations, finishReasons: g.finishReasons, wallMs: performance.now() - started,
          requests: g.requests, promptTokens: g.promptTokens, generatedTokens: g.generatedTokens,
        });
        p.done++;
        p.results++;
        p.requests += g.requests;
        p.cachedRequests += g.cachedRequests;
        p.thinkingTokens += g.thinkingTokens;
        if (t.spec.method !== 'none') known.set(t.item, Math.max(known.get(t.item) ?? 0, g.thinkingTokens));
        if (grade.equal) p.correct++;
        p.replay ||= g.replay;
        o.onProgress?.(p);
      } catch (e) {
        if (o.signal?.aborted) continue;
        const reason = itemFailure(e);
        if (reason === undefined) { failure ??= e; continue; }
        // One question that cannot be run is a wrong answer with its reason, never the end of the run.
        writer.write({
          sampleId: sampleIds[t.item], method: methodKey(t.spec), budget: t.spec.budget, repeat: t.repeat, prompt: '', fullText: '', thinking: '', answer: '',
          extracted: null, grade: 0, thinkingTokens: 0, continuations: 0, finishReasons: [`error: ${reason}`], wallMs: performance.now() - started,
        });
        p.done++;
        p.results++;
        p.failed++;
        o.onProgress?.(p);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, tasks.length || 1)) }, worker));
  if (o.signal?.aborted) throw new EvalCancelled();
  if (failure) throw failure;
  return p;
}
