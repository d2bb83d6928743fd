// Evaluation questions from the files users bring (MATH500 / AIME24 JSONL, a GPQA CSV, or any file import
// reads), read and mapped as import does (ingest/rows.ts): the question is the preset's, a field map
// (`--eval-map question=prompt`) names another column.
import { basename } from 'node:path';
import { LineError } from '../ingest/record';
import { placeOf, readRecords, type RecordOptions } from '../ingest/rows';
import type { EvalItem } from './decontaminate';

export type EvalFileOptions = Pick<RecordOptions, 'preset' | 'fieldMap' | 'mapFlag'>;

/** The source's own id of a row, as the presets keep it in the metadata. */
const ID_KEYS = ['unique_id', 'id', 'record_id', 'idx'];

export async function readEvalFile(path: string, opts: EvalFileOptions = {}): Promise<EvalItem[]> {
  const file = basename(path);
  let read: Awaited<ReturnType<typeof readRecords>>;
  try {
    read = await readRecords(path, opts);
  } catch (e) {
    throw e instanceof LineError ? new Error(placeOf(e, file)) : e;
  }
  const items: EvalItem[] = [];
  read.records.forEach((r, index) => {
    if (r.unreadable) throw new Error(`${file}:${r.line}: ${r.error}`);
    // A row without a question (the preset could not map it) is no evaluation item.
    if (!r.record) return;
    const meta = (r.record.metadata ?? {}) as Record<string, unknown>;
    const idKey = ID_KEYS.find((k) => meta[k] !== undefined && meta[k] !== null);
    items.push({ file, index, id: idKey ? String(meta[idKey]) : null, text: r.record.question });
  });
  if (!items.length) throw new Error(`${file}: no row with a question (preset ${read.preset.name})`);
  return items;
}
