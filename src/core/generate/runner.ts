// Runs a generation: every (question, sample index) of the selection not yet stored, a bounded number at a time,
// question by question (the samples of one question share the server's prefix cache). Traces are written in
// batches (one transaction every few hundred milliseconds), so a watching review panel sees them arrive and a
// 2-core client spends little per request. A killed run resumes where it stopped: stored samples are skipped, and
// a reply that arrived but was not yet written comes from the request cache instead of the server.
import { setMaxListeners } from 'node:events';
import { BackendError, type Backend } from '../backend/client';
import type { Db } from '../store/db';
import { generatedKeys, generatedTraceWriter, type GeneratedTraceRow, type GenerationItem } from '../store/generations';
import { chatMessages, chatRequest, promptRoom, type GenerateSettings } from './request';
import { traceRow } from './response';

export interface GenerateProgress {
  done: number; total: number; skipped: number; failed: number; cachedRequests: number; completionTokens: number; written: number;
}

export interface GenerateRunOptions {
  db: Db;
  runId: number;
  run: string;
  teacher: string;
  backend: Backend;
  items: readonly GenerationItem[];
  settings: GenerateSettings;
  concurrency: number;
  countTokens: (text: string) => number;
  signal?: AbortSignal;
  onProgress?: (p: GenerateProgress) => void;
  /** After each batch of traces is committed (the editor refreshes its views). */
  onWritten?: (added: number) => void;
  /** How often traces are committed, milliseconds (default 250). */
  flushMs?: number;
}

export interface GenerateSummary extends GenerateProgress { replay: boolean; failures: { sample_id: number; index: number; error: string }[] }

export class GenerateCancelled extends Error {
  constructor() { super('generation cancelled'); }
}

/** The reason when `e` concerns one sample only (its prompt does not fit, the server refused its body), else undefined. */
function itemFailure(e: unknown): string | undefined {
  return e instanceof BackendError && e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 403 && e.status !== 404 && e.status !== 429
    ? e.message : undefined;
}

/** Buffers rows and commits them in one transaction at most every `ms`, or when `max` are waiting. */
class BatchedWriter {
  private rows: GeneratedTraceRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  written = 0;
  constructor(private readonly write: (rows: readonly GeneratedTraceRow[]) => number, private readonly ms: number, private readonly onWritten?: (n: number) => void, private readonly max = 512) {}
  add(row: GeneratedTraceRow): void {
    this.rows.push(row);
    if (this.rows.length >= this.max) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.ms);
  }
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.rows.length) return;
    const rows = this.rows;
    this.rows = [];
    const added = this.write(rows);
    this.written += added;
    this.onWritten?.(added);
  }
}

export async function runGeneration(o: GenerateRunOptions): Promise<GenerateSummary> {
  if (!o.backend.chat) throw new Error('this backend cannot send chat completions');
  const chat = o.backend.chat.bind(o.backend);
  if (o.signal) setMaxListeners(0, o.signal);
  const finished = generatedKeys(o.db, o.runId);
  const tasks: { item: number; index: number }[] = [];
  let skipped = 0;
  o.items.forEach((it, item) => {
    for (let index = 0; index < o.settings.samples; index++) {
      if (finished.has(`${it.sampleId}:${index}`)) skipped++;
      else tasks.push({ item, index });
    }
  });
  const p: GenerateSummary = { done: 0, total: tasks.length + skipped, skipped, failed: 0, cachedRequests: 0, completionTokens: 0, written: 0, replay: false, failures: [] };
  const writer = new BatchedWriter(generatedTraceWriter(o.db, o.runId), o.flushMs ?? 250, (n) => { p.written = writer.written; o.onWritten?.(n); });
  o.onProgress?.(p);
  // Per question: its messages and max_tokens (the prompt is counted at most once for its sixteen samples).
  const prepared = new Map<number, { messages: ReturnType<typeof chatMessages>; maxTokens: number | null }>();
  const prepare = (item: number) => {
    let q = prepared.get(item);
    if (!q) {
      const messages = chatMessages(o.items[item].question, o.settings.system);
      q = { messages, maxTokens: promptRoom(messages, o.settings, o.countTokens) };
      // Questions in flight at once (concurrency / samples) stay prepared; the oldest goes first.
      if (prepared.size >= 1024) prepared.delete(prepared.keys().next().value!);
      prepared.set(item, q);
    }
    return q;
  };
  const grades = new Map<string, 0 | 1>();
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (next < tasks.length && !failure && !o.signal?.aborted) {
      const t = tasks[next++];
      const it = o.items[t.item];
      const q = prepare(t.item);
      try {
        const c = await chat(chatRequest(q.messages, t.index, o.settings, q.maxTokens), o.signal);
        writer.add(traceRow(c, { run: o.run, teacher: o.teacher, item: it, index: t.index, settings: o.settings, maxTokens: q.maxTokens, source: 'live', countTokens: o.countTokens, grades }));
        p.done++;
        if (c.cached) p.cachedRequests++;
        p.completionTokens += c.completion_tokens;
        p.replay ||= c.replay;
      } catch (e) {
        if (o.signal?.aborted) continue;
        const reason = itemFailure(e);
        if (reason === undefined) { failure ??= e; continue; }
        // One sample the server refuses is reported, never the end of the run; it is asked again on resume.
        p.failed++;
        if (p.failures.length < 100) p.failures.push({ sample_id: it.sampleId, index: t.index, error: reason });
      }
      o.onProgress?.(p);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, tasks.length || 1)) }, worker));
  } finally {
    writer.flush();
  }
  if (o.signal?.aborted) throw new GenerateCancelled();
  if (failure) throw failure;
  return p;
}
