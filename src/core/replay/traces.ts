// Recorded traces the replay server answers from: one per question, from any file import reads (every format
// in the registry, every preset): s1K / s1K-1.1 rows, evaluation sets with a reference solution, a GPQA CSV,
// or {question, thinking, answer}.
import type { TraceFields } from '../../shared/protocol';
import type { SampleRecord } from '../ingest/record';
import { LineError } from '../ingest/record';
import { placeOf, readRecords, type RecordOptions } from '../ingest/rows';
import type { Db } from '../store/db';
import { findSelection, selectionSampleIds } from '../store/selections';
import { findDatasetId } from '../store/datasets';
import { datasetSampleIds, replaySamples } from '../store/replay-rows';
import { InvalidInputError, NotFoundError } from '../errors';

export type ReplayTrace = Pick<TraceFields, 'thinking' | 'answer'> & { question: string };

/** What a multiple-choice row without an explanation thinks (GPQA). */
const CHOICE_THINKING = 'Consider each option in turn.';

/**
 * One trace from a mapped row, or null when it has nothing to think. A row's own trace wins (the last one:
 * s1K-1.1's DeepSeek-R1 trace over Gemini's); an evaluation row thinks its reference solution and answers
 * its gold answer, boxed.
 */
export function traceFromRecord(r: SampleRecord, choiceDefault = false): ReplayTrace | null {
  const question = r.question.trim();
  const gold = r.answer?.trim() || undefined;
  const own = [...r.traces].reverse().find((t) => t.thinking.trim());
  let thinking: string | undefined;
  let answer: string | undefined;
  if (own) {
    // {question, thinking, answer}: the answer column is the response after the thinking.
    thinking = own.thinking;
    answer = own.answer.trim() || gold;
  } else {
    thinking = r.solution?.trim() || (choiceDefault ? CHOICE_THINKING : undefined);
    answer = gold !== undefined ? `The final answer is $\\boxed{${gold}}$.` : undefined;
  }
  if (!question || !thinking?.trim() || !answer?.trim()) return null;
  return { question, thinking: thinking.trim(), answer: answer.trim() };
}

/** Traces from one or more files (comma-separated), read as import reads them (`preset`, `fieldMap` as --preset, --map). */
export async function loadTraces(files: string, opts: RecordOptions = {}): Promise<ReplayTrace[]> {
  const out: ReplayTrace[] = [];
  for (const file of files.split(',').map((f) => f.trim()).filter(Boolean)) out.push(...(await loadFile(file, opts)));
  return out;
}

async function loadFile(file: string, opts: RecordOptions): Promise<ReplayTrace[]> {
  let read: Awaited<ReturnType<typeof readRecords>>;
  try {
    read = await readRecords(file, opts);
  } catch (e) {
    throw e instanceof LineError ? new Error(placeOf(e, file)) : e;
  }
  const choices = read.preset.name === 'gpqa';
  const out: ReplayTrace[] = [];
  for (const r of read.records) {
    // A row that does not parse is a broken file; a row the preset cannot map (no question) has no trace.
    if (r.unreadable) throw new Error(`${file}:${r.line}: ${r.error}`);
    if (!r.record) continue;
    const t = traceFromRecord(r.record, choices);
    if (t) out.push(t);
  }
  if (!out.length) throw new Error(`${file}: no row with a question and a trace (preset ${read.preset.name})`);
  return out;
}

/**
 * Traces of a data set or selection already in the database, with the rule a file's rows follow (the same
 * traceFromRecord): a question's last imported trace with thinking (s1K-1.1's DeepSeek-R1 over Gemini, as import
 * stored them in row order), else its reference solution. Evaluation outputs (traces of a run) are not teachers'.
 */
export function tracesFromDb(db: Db, from: { dataset?: string; selection?: string }): ReplayTrace[] {
  let ids: number[];
  if (from.selection) {
    const sel = findSelection(db, from.selection);
    if (!sel) throw new NotFoundError(`no selection named '${from.selection}': list them with 'distillery selection'`);
    ids = selectionSampleIds(db, sel.id);
  } else if (from.dataset) {
    const id = findDatasetId(db, from.dataset);
    if (id === undefined) throw new NotFoundError(`no data set named '${from.dataset}': list them with 'distillery stats'`);
    ids = datasetSampleIds(db, id);
  } else {
    throw new InvalidInputError('name a data set or a selection');
  }
  const out: ReplayTrace[] = [];
  for (const s of replaySamples(db, ids)) {
    const t = traceFromRecord({ question: s.question, answer: s.answer, solution: s.solution, traces: s.traces.map((x) => ({ thinking: x.thinking, answer: x.answer })) } as SampleRecord);
    if (t) out.push(t);
  }
  if (!out.length) throw new InvalidInputError(`${from.selection ? `selection '${from.selection}'` : `data set '${from.dataset}'`}: no question with a trace or a reference solution to replay`);
  return out;
}
