// Evaluation questions from the files users bring: MATH500 / AIME24 JSONL (`problem`), GPQA CSV (`Question`),
// or any JSONL / JSON array / CSV whose rows carry a question-like field.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { EvalItem } from './decontaminate';

const QUESTION_FIELDS = ['problem', 'question', 'Question', 'prompt', 'Problem', 'input'];
const ID_FIELDS = ['unique_id', 'id', 'ID', 'Record ID', 'idx'];

function fromRow(row: Record<string, unknown>, file: string, index: number): EvalItem | undefined {
  const field = QUESTION_FIELDS.find((f) => typeof row[f] === 'string' && (row[f] as string).trim() !== '');
  if (!field) return undefined;
  const idField = ID_FIELDS.find((f) => row[f] !== undefined && row[f] !== null);
  return { file, index, id: idField ? String(row[idField]) : null, text: row[field] as string };
}

export function readEvalFile(path: string): EvalItem[] {
  const file = basename(path);
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  let rows: Record<string, unknown>[];
  if (/\.csv$/i.test(path)) {
    rows = parse(text, { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, unknown>[];
  } else if (text.trimStart().startsWith('[')) {
    rows = JSON.parse(text) as Record<string, unknown>[];
  } else {
    rows = text.split('\n').filter((l) => l.trim()).map((l, i) => {
      try { return JSON.parse(l) as Record<string, unknown>; } catch { throw new Error(`${file}:${i + 1}: not JSON`); }
    });
  }
  const items: EvalItem[] = [];
  rows.forEach((r, i) => { const it = fromRow(r, file, i); if (it) items.push(it); });
  if (!items.length) throw new Error(`${file}: no question field (${QUESTION_FIELDS.join(', ')}) in any row`);
  return items;
}
