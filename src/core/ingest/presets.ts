// Presets: how each schema users bring (docs/data-formats.md) maps to samples and traces. The one column mapping:
// import, the replay server, evaluation benchmarks and decontamination's eval files all read rows through it
// (rows.ts). Names and descriptions are in catalog.ts. A field map (logical field → column) overrides any
// preset's column names.
import type { PresetName } from './catalog';
import { DELIMITERS } from './delimiters';
import { optArray, optBool, optNumber, optString, reqString, stringOrList, typeName, type Row } from './fields';
import { parsePythonLiteral, pythonLiteralToJson } from './python-literal';
import { FieldError, JsonText, type SampleRecord, type TraceRecord } from './record';
import { splitResponse, type DelimiterStyle } from './split-thinking';
import { presentText } from './missing';

export interface PresetOptions {
  fieldMap?: Record<string, string>;
  /** Overrides the producer recorded on traces (the teacher model's name). */
  teacher?: string;
}

export interface Preset {
  name: Exclude<PresetName, 'auto'>;
  kind: 'traces' | 'eval';
  /** Whether a row with these columns is this schema. Order in PRESETS decides ties. */
  detect(columns: Set<string>, row: Row): boolean;
  map(row: Row, opts: PresetOptions): SampleRecord;
}

/** Column name for a logical field, honouring the field map. */
const col = (opts: PresetOptions, logical: string, fallback: string) => opts.fieldMap?.[logical] ?? fallback;

/** A gold answer: a string, or a number written as one (some AIME copies store 204, not "204"). */
function reqAnswer(row: Row, field: string): string {
  const v = optString(row, field);
  if (v === null || v.trim() === '') throw new FieldError(field, 'is missing');
  return v;
}

const bool01 = (b: boolean | null) => (b === null ? null : b ? 1 : 0);

/** The s1 `metadata` column: a Python repr of the original row, stored as JSON (raw text if it is not a literal). */
function pythonMetadata(row: Row, field: string): unknown {
  const v = row[field];
  if (typeof v !== 'string') return v ?? null;
  const t = v.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return { raw: v };
  const fast = pythonLiteralToJson(t);
  if (fast !== null) return new JsonText(fast);
  try {
    return parsePythonLiteral(t);
  } catch {
    try { return JSON.parse(t); } catch { return { raw: v }; }
  }
}

/** s1 59K pool (plain or featurized): one Gemini trace per question. */
const s1: Preset = {
  name: 's1',
  kind: 'traces',
  detect: (c) => c.has('question') && c.has('thinking_trajectories') && c.has('attempt') && !c.has('cot'),
  map(row, opts) {
    const producer = opts.teacher ?? 'gemini-2.0-flash-thinking-exp';
    const thinkings = stringOrList(row, col(opts, 'thinking', 'thinking_trajectories'));
    const attempt = optString(row, col(opts, 'attempt', 'attempt')) ?? '';
    const gemini = optBool(row, 'isgeminicorrect');
    const features: Record<string, unknown> = {};
    for (const k of ['isqwen7bcorrect', 'isqwen32bcorrect', 'isgeminicorrect']) {
      const b = optBool(row, k);
      if (b !== null) features[k] = b;
    }
    const len = optNumber(row, 'gemini_length');
    if (len !== null) features.gemini_length = len;
    return {
      question: reqString(row, col(opts, 'question', 'question')),
      solution: optString(row, col(opts, 'solution', 'solution')),
      source: optString(row, col(opts, 'source', 'source_type')),
      domain: optString(row, col(opts, 'domain', 'domain')),
      cotType: optString(row, 'cot_type'),
      metadata: pythonMetadata(row, 'metadata'),
      features,
      traces: thinkings.map((thinking) => ({
        producer, thinking, answer: attempt, grade: bool01(gemini), thinkingTokens: len,
      })),
    };
  },
};

/** s1K and s1K-1.1: both teachers' traces become two traces of one sample. */
const s1k: Preset = {
  name: 's1k',
  kind: 'traces',
  detect: (c) => c.has('question') && (c.has('gemini_thinking_trajectory') || c.has('deepseek_thinking_trajectory')
    || (c.has('thinking_trajectories') && c.has('cot'))),
  map(row, opts) {
    const traces: TraceRecord[] = [];
    const grade = (f: string) => {
      const g = optString(row, f);
      return g === null ? null : /^yes$/i.test(g.trim()) ? 1 : /^no$/i.test(g.trim()) ? 0 : null;
    };
    const add = (producer: string, tField: string, aField: string, gField: string | null, reason: string | null) => {
      for (const thinking of stringOrList(row, tField)) {
        const r = reason ? optString(row, reason) : null;
        traces.push({
          producer: opts.teacher ?? producer, thinking, answer: optString(row, aField) ?? '',
          grade: gField ? grade(gField) : null, metadata: r ? { grade_reason: r } : null,
        });
      }
    };
    add('gemini-2.0-flash-thinking-exp', 'gemini_thinking_trajectory', 'gemini_attempt', 'gemini_grade', 'gemini_grade_reason');
    add('deepseek-r1', 'deepseek_thinking_trajectory', 'deepseek_attempt', 'deepseek_grade', 'deepseek_grade_reason');
    if (!traces.length) add('gemini-2.0-flash-thinking-exp', col(opts, 'thinking', 'thinking_trajectories'), col(opts, 'attempt', 'attempt'), null, null);
    return {
      question: reqString(row, col(opts, 'question', 'question')),
      solution: optString(row, col(opts, 'solution', 'solution')),
      source: optString(row, col(opts, 'source', 'source_type')),
      domain: optString(row, col(opts, 'domain', 'domain')),
      cotType: optString(row, 'cot_type'),
      metadata: pythonMetadata(row, 'metadata'),
      traces,
    };
  },
};

type Turn = { role: string; content: string };

/** Reads `conversations: [{from, value}]` or `messages: [{role, content}]`, naming the bad element. */
function turns(row: Row, opts: PresetOptions): Turn[] {
  const field = opts.fieldMap?.conversations ?? (row.conversations !== undefined ? 'conversations' : 'messages');
  const list = optArray(row, field);
  if (!list) throw new FieldError(field, 'is missing');
  return list.map((t, i) => {
    if (!t || typeof t !== 'object') throw new FieldError(`${field}[${i}]`, `expected an object, got ${typeName(t)}`);
    const o = t as Row;
    const role = o.from ?? o.role;
    const content = o.value ?? o.content;
    if (typeof role !== 'string') throw new FieldError(`${field}[${i}].${'from' in o ? 'from' : 'role'}`, 'expected a string');
    if (typeof content !== 'string') throw new FieldError(`${field}[${i}].${'value' in o ? 'value' : 'content'}`, 'expected a string');
    return { role: role === 'human' ? 'user' : role === 'gpt' ? 'assistant' : role, content };
  });
}

function conversationPreset(name: 'stratos' | 'openthoughts', producer: string, style: DelimiterStyle | null): Preset {
  return {
    name, kind: 'traces',
    detect: (c, row) => {
      const conv = row.conversations ?? row.messages;
      if (!Array.isArray(conv)) return false;
      const text = JSON.stringify(conv.slice(0, 4)).slice(0, 200_000);
      const sky = text.includes(DELIMITERS.sky.open);
      return name === 'stratos' ? sky && c.has('system') : true;
    },
    map(row, opts) {
      const ts = turns(row, opts);
      const user = ts.find((t) => t.role === 'user');
      if (!user) throw new FieldError(row.conversations !== undefined ? 'conversations' : 'messages', 'has no user turn');
      const system = optString(row, 'system') ?? ts.find((t) => t.role === 'system')?.content ?? null;
      const traces: TraceRecord[] = ts.filter((t) => t.role === 'assistant').map((t) => {
        const s = splitResponse(t.content, style ?? undefined);
        return { producer: opts.teacher ?? producer, thinking: s.thinking, answer: s.answer, finishReason: s.unterminated ? 'length' : null };
      });
      return {
        question: user.content,
        solution: optString(row, col(opts, 'solution', 'ground_truth_solution')) ?? optString(row, 'solution'),
        answer: optString(row, col(opts, 'answer', 'answer')),
        source: optString(row, col(opts, 'source', 'source')) ?? optString(row, 'domain'),
        domain: optString(row, col(opts, 'domain', 'domain')),
        metadata: system ? { system } : null,
        traces,
      };
    },
  };
}

const stratos = conversationPreset('stratos', 'deepseek-r1', 'sky');
const openthoughts = conversationPreset('openthoughts', 'teacher', null);

/** SkyThought / Qwen2.5-Math evaluation outputs: several responses per question with their scores. */
const skythought: Preset = {
  name: 'skythought',
  kind: 'traces',
  detect: (c, row) => Array.isArray(row.code) && (c.has('gt') || c.has('score') || c.has('answer')),
  map(row, opts) {
    const codeField = col(opts, 'responses', 'code');
    const responses = stringOrList(row, codeField);
    const scores = optArray(row, 'score') ?? [];
    const preds = optArray(row, 'pred') ?? [];
    const question = reqString(row, col(opts, 'question', row.question !== undefined ? 'question' : 'problem'));
    return {
      question,
      answer: optString(row, col(opts, 'answer', row.gt !== undefined ? 'gt' : 'answer')),
      // Qwen2.5-Math's outputs write `"gt_cot": "None"` beside the real `solution`.
      solution: presentText(optString(row, 'gt_cot')) ?? optString(row, 'solution'),
      source: optString(row, 'data_source') ?? optString(row, 'source'),
      domain: optString(row, 'type') ?? optString(row, 'subject'),
      metadata: row.idx !== undefined ? { idx: row.idx } : null,
      traces: responses.map((text, i) => {
        const s = splitResponse(text);
        const score = scores[i];
        return {
          producer: opts.teacher ?? 'eval', thinking: s.thinking, answer: s.answer,
          finishReason: s.unterminated ? 'length' : null,
          grade: typeof score === 'boolean' ? (score ? 1 : 0) : typeof score === 'number' ? (score > 0 ? 1 : 0) : null,
          metadata: preds[i] !== undefined ? { pred: preds[i] } : null,
        };
      }),
    };
  },
};

const math500: Preset = {
  name: 'math500',
  kind: 'eval',
  detect: (c) => c.has('problem') && c.has('answer') && (c.has('unique_id') || c.has('level') || c.has('subject')),
  map(row, opts) {
    return {
      question: reqString(row, col(opts, 'question', 'problem')),
      solution: optString(row, col(opts, 'solution', 'solution')),
      answer: reqAnswer(row, col(opts, 'answer', 'answer')),
      source: 'MATH500',
      domain: optString(row, col(opts, 'domain', 'subject')),
      metadata: { level: row.level ?? null, unique_id: row.unique_id ?? null },
      traces: [],
    };
  },
};

const aime: Preset = {
  name: 'aime',
  kind: 'eval',
  detect: (c) => (c.has('problem') || c.has('question')) && c.has('answer') && !c.has('unique_id'),
  map(row, opts) {
    const answer = reqAnswer(row, col(opts, 'answer', 'answer'));
    return {
      question: reqString(row, col(opts, 'question', row.problem !== undefined ? 'problem' : 'question')),
      solution: optString(row, col(opts, 'solution', 'solution')),
      answer,
      source: 'AIME',
      metadata: { id: row.id ?? null, url: row.url ?? null },
      traces: [],
    };
  },
};

/** GPQA-Diamond CSV: options are stored as given; evaluation shuffles them into A-D with a fixed seed. */
const gpqa: Preset = {
  name: 'gpqa',
  kind: 'eval',
  detect: (c) => c.has('Question') && c.has('Correct Answer'),
  map(row, opts) {
    const incorrect = [1, 2, 3].map((i) => reqString(row, `Incorrect Answer ${i}`).trim());
    const correct = reqString(row, col(opts, 'answer', 'Correct Answer')).trim();
    return {
      question: reqString(row, col(opts, 'question', 'Question')).trim(),
      answer: correct,
      solution: optString(row, 'Explanation'),
      source: 'GPQA-Diamond',
      domain: optString(row, 'Subdomain') ?? optString(row, 'High-level domain'),
      metadata: { correct, incorrect, record_id: row['Record ID'] ?? null, high_level_domain: row['High-level domain'] ?? null },
      traces: [],
    };
  },
};

/**
 * Any JSON with a question (and optionally gold, thinking, response): driven by the field map. Detected without
 * one when a row has a question (or problem) and a `thinking` or `response` column, e.g. {question, thinking, answer}.
 */
const generic: Preset = {
  name: 'generic',
  kind: 'traces',
  detect: (c) => (c.has('question') || c.has('problem')) && (c.has('thinking') || c.has('response')),
  map(row, opts) {
    const fm = opts.fieldMap ?? {};
    const traces: TraceRecord[] = [];
    const producer = opts.teacher ?? optString(row, fm.producer ?? 'model') ?? 'teacher';
    const thinkingField = fm.thinking ?? (fm.response === undefined && row.thinking !== undefined ? 'thinking' : undefined);
    if (thinkingField) {
      for (const thinking of stringOrList(row, thinkingField)) traces.push({ producer, thinking, answer: optString(row, fm.attempt ?? 'attempt') ?? '' });
    } else if (fm.response ?? row.response !== undefined) {
      for (const text of stringOrList(row, fm.response ?? 'response')) {
        const s = splitResponse(text);
        traces.push({ producer, thinking: s.thinking, answer: s.answer, finishReason: s.unterminated ? 'length' : null });
      }
    }
    return {
      question: reqString(row, fm.question ?? (row.question !== undefined ? 'question' : 'problem')),
      answer: optString(row, fm.answer ?? 'answer'),
      solution: optString(row, fm.solution ?? 'solution'),
      source: optString(row, fm.source ?? 'source'),
      domain: optString(row, fm.domain ?? 'domain'),
      traces,
    };
  },
};

/** Every preset by name: the compiler checks catalog.ts's names all have one. */
const BY_NAME: Record<Exclude<PresetName, 'auto'>, Preset> = { s1, s1k, stratos, openthoughts, skythought, math500, aime, gpqa, generic };

/** Listing and detection order: the most specific schemas first (detectPreset tries trace presets before eval ones). */
export const PRESETS: readonly Preset[] = [s1k, s1, stratos, openthoughts, skythought, math500, gpqa, aime, generic];

export function presetByName(name: string): Preset | undefined {
  return Object.hasOwn(BY_NAME, name) ? BY_NAME[name as keyof typeof BY_NAME] : undefined;
}

export class UnknownSchemaError extends Error {}

/** Picks the preset for a row; fails listing the columns it saw. */
export function detectPreset(row: Row, fieldMap?: Record<string, string>): Preset {
  const columns = new Set(Object.keys(row));
  // Trace presets first: a row with a thinking column keeps it even when it also looks like an evaluation set.
  const found = PRESETS.find((p) => p.kind === 'traces' && p.detect(columns, row)) ?? PRESETS.find((p) => p.detect(columns, row));
  if (found) return found;
  if (fieldMap && (fieldMap.question || columns.has('question'))) return generic;
  const names = PRESETS.filter((p) => p.name !== 'generic').map((p) => p.name).join(', ');
  throw new UnknownSchemaError(
    `no preset fits the columns [${[...columns].join(', ')}]; known presets: ${names}. ` +
    'Pass --preset, or map the columns with --map question=COL,answer=COL,response=COL.');
}
