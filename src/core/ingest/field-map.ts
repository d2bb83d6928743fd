// `--map field=column`: the logical fields a map may name, its check against the first row (before any row is
// stored), and the map suggested when no preset fits a file.
import { typeName, valueAt, type Row } from './fields';

/** Logical fields a map may set, with what each is. */
export const MAP_KEYS: Readonly<Record<string, string>> = {
  question: 'the question or problem (text, or chat turns such as prompt)',
  answer: 'the gold answer',
  solution: 'a worked solution',
  thinking: 'a trace\'s thinking (needs attempt= or response= for its answer)',
  attempt: 'a trace\'s answer, next to thinking=',
  response: 'a whole response (split into thinking and answer at its delimiters)',
  grade: 'a trace\'s grade: true/false, 1/0 or yes/no (e.g. score, symbolic_correct)',
  source: 'the sample\'s source',
  domain: 'the sample\'s domain or subject',
  producer: 'the model that wrote the traces',
  conversations: 'chat turns with the question and the responses',
  responses: 'the list (or object) of responses',
};

/** A map or preset that does not fit the file: one message for the whole file. */
export class FieldMapError extends Error {}

export const columnsSeen = (row: Row) => `columns seen: [${Object.keys(row).join(', ')}]`;

/**
 * Checks every key and column of a map against the first row; throws one FieldMapError naming the first problem
 * and the flag the map came from (`flag`: import's --map, curate's --eval-map, eval's --benchmark-map).
 */
export function checkFieldMap(map: Record<string, string> | undefined, row: Row, flag = '--map'): void {
  if (!map) return;
  for (const [key, column] of Object.entries(map)) {
    if (!Object.hasOwn(MAP_KEYS, key)) {
      throw new FieldMapError(`${flag}: unknown field '${key}' (known: ${Object.keys(MAP_KEYS).join(', ')}); ${columnsSeen(row)}`);
    }
    const v = valueAt(row, column);
    if (v === undefined) throw new FieldMapError(`${flag} ${key}=${column}: the first row has no column '${column}'; ${columnsSeen(row)}`);
    if (key === 'grade' && v !== null && !isGradeLike(v)) {
      throw new FieldMapError(`${flag} grade=${column}: expected true/false, 1/0 or yes/no (or a list of them), got ${typeName(v)}`);
    }
  }
  if (map.thinking && !map.attempt && !map.response && row.attempt === undefined) {
    throw new FieldMapError(`${flag} thinking=${map.thinking} needs the column of the trace's answer: add attempt=COLUMN (or response=COLUMN); ${columnsSeen(row)}`);
  }
}

const isGrade = (v: unknown) => v === null || typeof v === 'boolean' || v === 0 || v === 1 || (typeof v === 'string' && /^(true|false|yes|no|correct|incorrect|[01])$/i.test(v.trim()));
const isGradeLike = (v: unknown) => isGrade(v) || (Array.isArray(v) && v.every(isGrade));

const QUESTION = ['question', 'problem', 'prompt', 'Question', 'Problem', 'input', 'query', 'instruction'];
const ANSWER = ['answer', 'final_answer', 'expected_answer', 'gt', 'ground_truth', 'gold', 'Answer', 'target'];
const THINKING = ['thinking', 'reasoning', 'reasoning_content', 'Complex_CoT', 'cot', 'rationale', 'thought'];
const RESPONSE = ['response', 'Response', 'completion', 'output', 'generation', 'responses', 'model_output'];

/**
 * A `--map` built from the columns a row has (the usual names of each field), or a template naming its columns;
 * with another flag (--eval-map, --benchmark-map: no --preset beside them, a map with question= reads the file)
 * that flag alone.
 */
export function suggestMap(row: Row, flag = '--map'): string {
  const keys = Object.keys(row);
  const find = (names: string[]) => names.find((n) => keys.includes(n)) ?? keys.find((k) => names.some((n) => k.toLowerCase() === n.toLowerCase()));
  const q = find(QUESTION);
  const parts = [`question=${q ?? 'COLUMN'}`];
  const a = find(ANSWER);
  if (a) parts.push(`answer=${a}`);
  const t = find(THINKING);
  const r = find(RESPONSE);
  if (t) parts.push(`thinking=${t}`, `attempt=${r ?? 'COLUMN'}`);
  else if (r) parts.push(`response=${r}`);
  return flag === '--map' ? `--preset generic --map ${parts.join(',')}` : `${flag} ${parts.join(',')}`;
}
