// Batch files: a generation's requests as OpenAI batch JSONL (`vllm run-batch -i FILE -o RESULTS --model M` on a
// cluster, or a hosted batch API), and the results file imported back into the same run, matched by custom_id.
// An import checks the whole file first: a line that is not a result, or a custom_id this run never asked for,
// refuses the file with the line numbers and stores nothing; a request that failed on the server is reported with
// its line and left for a later run; a sample stored already (an earlier import, a live run) is not stored twice.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Completion } from '../backend/client';
import type { Db } from '../store/db';
import { generatedKeys, generatedTraceWriter, type GeneratedTraceRow, type GenerationItem } from '../store/generations';
import { InvalidInputError } from '../errors';
import { chatMessages, chatRequest, customId, parseCustomId, promptRoom, type GenerateSettings } from './request';
import { traceRow } from './response';

export const BATCH_URL = '/v1/chat/completions';

/** The batch lines of every (question, sample index) the run has not stored yet. */
export function* batchLines(o: { items: readonly GenerationItem[]; settings: GenerateSettings; teacher: string; finished: ReadonlySet<string>; countTokens: (t: string) => number }): Generator<string> {
  for (const it of o.items) {
    const messages = chatMessages(it.question, o.settings.system);
    const maxTokens = promptRoom(messages, o.settings, o.countTokens);
    for (let index = 0; index < o.settings.samples; index++) {
      if (o.finished.has(`${it.sampleId}:${index}`)) continue;
      const { stream: _stream, ...body } = chatRequest(messages, index, o.settings, maxTokens);
      yield JSON.stringify({ custom_id: customId(it.sampleId, index), method: 'POST', url: BATCH_URL, body: { model: o.teacher, ...body } });
    }
  }
}

interface ChatBody {
  model?: string;
  system_fingerprint?: string;
  replay?: boolean;
  choices?: { message?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null }; finish_reason?: string | null; stop_reason?: number | string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; completion_tokens_details?: { reasoning_tokens?: number } | null };
}

/** A chat.completion body as the client's Completion, or the reason it is not one. */
export function completionOf(body: ChatBody): Completion | string {
  const choice = body.choices?.[0];
  if (!choice?.message) return 'the response body has no choices[0].message';
  const u = body.usage ?? {};
  const reasoning = choice.message.reasoning_content ?? choice.message.reasoning ?? '';
  return {
    text: choice.message.content ?? '', reasoning, finish_reason: choice.finish_reason ?? 'stop', stop_reason: choice.stop_reason ?? null,
    completion_tokens: u.completion_tokens ?? 0, prompt_tokens: u.prompt_tokens ?? 0, model: body.model ?? '',
    replay: body.replay === true || body.system_fingerprint === 'distillery-replay',
    ...(typeof u.completion_tokens_details?.reasoning_tokens === 'number' ? { reasoning_tokens: u.completion_tokens_details.reasoning_tokens } : {}),
  };
}

interface ResultLine { custom_id?: unknown; response?: { status_code?: number; body?: ChatBody } | null; error?: unknown }

type Parsed = { line: number; id: string; sampleId: number; index: number; result: Completion | { error: string } };

export interface BatchImport { lines: number; stored: number; already: number; failed: { line: number; custom_id: string; error: string }[] }

async function* fileLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text.trim()) yield { line, text };
  }
}

function parseLine(line: number, text: string, known: (sampleId: number, index: number) => boolean): Parsed | string {
  let r: ResultLine;
  try {
    r = JSON.parse(text) as ResultLine;
  } catch {
    return `line ${line}: not JSON`;
  }
  if (!r || typeof r !== 'object' || typeof r.custom_id !== 'string') return `line ${line}: no custom_id (is this a batch results file?)`;
  const id = parseCustomId(r.custom_id);
  if (!id || !known(id.sampleId, id.index)) return `line ${line}: custom_id '${r.custom_id.slice(0, 80)}' is not a request of this run`;
  if (r.error) return { line, id: r.custom_id, ...id, result: { error: typeof r.error === 'string' ? r.error : JSON.stringify(r.error).slice(0, 500) } };
  if (!r.response || typeof r.response !== 'object') return `line ${line}: no response and no error`;
  if (r.response.status_code !== undefined && r.response.status_code !== 200) {
    return { line, id: r.custom_id, ...id, result: { error: `HTTP ${r.response.status_code}: ${JSON.stringify(r.response.body ?? '').slice(0, 300)}` } };
  }
  const c = r.response.body ? completionOf(r.response.body) : 'no response body';
  return { line, id: r.custom_id, ...id, result: typeof c === 'string' ? { error: c } : c };
}

/** Imports a results file into run `runId` (whose questions are `items`). Throws InvalidInputError naming the lines when refused. */
export async function importBatchResults(o: {
  db: Db; runId: number; run: string; teacher: string; items: readonly GenerationItem[]; settings: GenerateSettings; file: string; countTokens: (t: string) => number;
}): Promise<BatchImport> {
  const byId = new Map(o.items.map((it) => [it.sampleId, it]));
  const known = (sampleId: number, index: number) => byId.has(sampleId) && index < o.settings.samples;
  // Pass 1: the whole file is checked before anything is stored.
  const problems: string[] = [];
  let lines = 0;
  for await (const { line, text } of fileLines(o.file)) {
    lines++;
    const p = parseLine(line, text, known);
    if (typeof p === 'string' && problems.push(p) >= 20) break;
  }
  if (problems.length) throw new InvalidInputError(`${o.file}: refused, nothing stored: ${problems.join('; ')}${problems.length >= 20 ? '; …' : ''}`, { file: o.file });
  if (!lines) throw new InvalidInputError(`${o.file}: no result lines`, { file: o.file });
  // Pass 2: store.
  const stored = generatedKeys(o.db, o.runId);
  const write = generatedTraceWriter(o.db, o.runId);
  const out: BatchImport = { lines, stored: 0, already: 0, failed: [] };
  let batch: GeneratedTraceRow[] = [];
  const flush = () => { out.stored += write(batch); batch = []; };
  for await (const { line, text } of fileLines(o.file)) {
    const p = parseLine(line, text, known) as Parsed;
    if ('error' in p.result) { out.failed.push({ line, custom_id: p.id, error: p.result.error }); continue; }
    const key = `${p.sampleId}:${p.index}`;
    if (stored.has(key)) { out.already++; continue; }
    stored.add(key);
    const messages = chatMessages(byId.get(p.sampleId)!.question, o.settings.system);
    batch.push(traceRow(p.result, { run: o.run, teacher: o.teacher, item: byId.get(p.sampleId)!, index: p.index, settings: o.settings, maxTokens: promptRoom(messages, o.settings, o.countTokens), source: 'batch', countTokens: o.countTokens }));
    if (batch.length >= 500) flush();
  }
  flush();
  return out;
}
