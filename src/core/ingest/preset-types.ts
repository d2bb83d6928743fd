// What every preset is and the helpers they share: column lookup honouring the field map, gold answers,
// chat-style prompts, and who produced a trace (the file's model column, the path's model folder, or unknown).
import { basename, dirname, sep } from 'node:path';
import type { PresetName } from './catalog';
import { optString, typeName, valueAt, type Row } from './fields';
import { FieldError, type SampleRecord } from './record';

export interface PresetOptions {
  fieldMap?: Record<string, string>;
  /** Overrides the producer recorded on traces (the teacher model's name). */
  teacher?: string;
  /** The source of samples whose rows name none (`--source`). */
  source?: string;
  /** The file the rows come from: its name is the source of last resort, its folders may name the model. */
  file?: string;
}

export interface Preset {
  name: Exclude<PresetName, 'auto'>;
  kind: 'traces' | 'eval';
  /** Columns the preset reads: a row's other columns are kept as the sample's metadata. */
  columns: readonly string[];
  /** For a traces preset: the columns its traces come from (named when a file has none of them). */
  traceColumns?: readonly string[];
  /** Whether a row with these columns is this schema: its required columns are there and nothing says otherwise. */
  detect(columns: Set<string>, row: Row): boolean;
  map(row: Row, opts: PresetOptions): SampleRecord;
}

/** The producer recorded when neither the user, the rows nor the path name the model. */
export const UNKNOWN_PRODUCER = 'unknown';

/** Column name for a logical field, honouring the field map. */
export const col = (opts: PresetOptions, logical: string, fallback: string) => opts.fieldMap?.[logical] ?? fallback;

/** The first of these columns the row has (for schemas that name one field several ways). */
export function firstPresent(row: Row, names: readonly string[]): string | undefined {
  return names.find((n) => row[n] !== undefined && row[n] !== null);
}

/** A gold answer as text: a string, a number, or a list of them (OlympiadBench's `final_answer: ['2']`). */
export function answerText(row: Row, field: string): string | null {
  const v = valueAt(row, field);
  if (Array.isArray(v)) {
    const parts = v.map((x, i) => {
      if (typeof x === 'string' || typeof x === 'number') return String(x);
      throw new FieldError(`${field}[${i}]`, `expected a string, got ${typeName(x)}`);
    });
    return parts.length ? parts.join(', ') : null;
  }
  return optString(row, field);
}

/** A required gold answer: a string, or a number written as one (some AIME copies store 204, not "204"). */
export function reqAnswer(row: Row, field: string): string {
  const v = answerText(row, field);
  if (v === null || v.trim() === '') throw new FieldError(field, valueAt(row, field) === null ? 'is null' : v === null ? 'is missing' : 'is empty');
  return v;
}

/** A chat-style prompt (`[{from, value}]` or `[{role, content}]`): its last user turn, and its system turn. */
export function chatPrompt(v: unknown, field: string): { question: string; system: string | null } | null {
  if (!Array.isArray(v)) return null;
  let question: string | null = null;
  let system: string | null = null;
  v.forEach((t, i) => {
    if (!t || typeof t !== 'object') throw new FieldError(`${field}[${i}]`, `expected an object, got ${typeName(t)}`);
    const o = t as Row;
    const role = o.role ?? o.from;
    const content = o.content ?? o.value;
    if (typeof content !== 'string') throw new FieldError(`${field}[${i}].${'value' in o ? 'value' : 'content'}`, 'expected a string');
    if (role === 'system') system = content;
    else if (role === 'user' || role === 'human') question = content;
  });
  return question === null ? null : { question, system };
}

/** A question column that is text or a chat-style prompt. */
export function questionText(row: Row, field: string): { question: string; system: string | null } {
  const v = valueAt(row, field);
  if (Array.isArray(v)) {
    const chat = chatPrompt(v, field);
    if (!chat) throw new FieldError(field, 'has no user turn');
    if (chat.question.trim() === '') throw new FieldError(field, 'is empty');
    return chat;
  }
  if (v === undefined || v === null) throw new FieldError(field, v === null ? 'is null' : 'is missing');
  if (typeof v !== 'string') throw new FieldError(field, `expected a string, got ${typeName(v)}`);
  if (v.trim() === '') throw new FieldError(field, 'is empty');
  return { question: v, system: null };
}

/** The model a file's path names: a folder such as `Qwen2.5-Math-7B`, or the first part of a name like `Qwen2.5-32B-Instruct_AIME_….json`. */
export function modelFromPath(file: string | undefined): string | null {
  if (!file) return null;
  const looksLikeModel = (s: string) => /[a-z]/i.test(s) && /(^|[-_.])(\d+(\.\d+)?[bm]|instruct|chat|preview|distill)([-_.]|$)/i.test(s);
  const stem = basename(file).replace(/\.[^.]+$/, '');
  const fromName = stem.split('_').find(looksLikeModel);
  if (fromName) return fromName;
  const dirs = dirname(file).split(sep).reverse().slice(0, 4);
  return dirs.find(looksLikeModel) ?? null;
}

/** Who produced a row's traces: --teacher, else the row's model/generator column, else the path's model, else the fallback. */
export function producerOf(row: Row, opts: PresetOptions, fallback = UNKNOWN_PRODUCER): string {
  if (opts.teacher) return opts.teacher;
  const mapped = opts.fieldMap?.producer;
  const v = mapped ? optString(row, mapped) : valueAt(row, firstPresent(row, ['model', 'generator', 'model_name']) ?? 'model');
  const fromRow = typeof v === 'string' ? v.trim() : '';
  return fromRow || modelFromPath(opts.file) || fallback;
}
