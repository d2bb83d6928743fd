// Presets of files that carry traces: teacher data sets (s1, s1K, Stratos, OpenThoughts, SFT sets with a
// chain of thought and a response), evaluation outputs (SkyThought / Qwen2.5-Math, SkyThought's results file)
// and the field-map-driven generic preset.
import { DELIMITERS } from './delimiters';
import { gradeValue, optArray, optBool, optNumber, optString, reqString, stringOrList, typeName, valueAt, type Row } from './fields';
import { answerText, col, firstPresent, producerOf, questionText, type Preset, type PresetOptions } from './preset-types';
import { parsePythonLiteral, pythonLiteralToJson } from './python-literal';
import { FieldError, JsonText, type SampleRecord, type TraceRecord } from './record';
import { splitResponse, type DelimiterStyle } from './split-thinking';

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

const S1_FEATURES = ['isqwen7bcorrect', 'isqwen32bcorrect', 'isgeminicorrect', 'gemini_length'];

/** s1 59K pool (plain or featurized): one Gemini trace per question. */
export const s1: Preset = {
  name: 's1',
  kind: 'traces',
  columns: ['question', 'solution', 'source_type', 'domain', 'cot_type', 'metadata', 'thinking_trajectories', 'attempt', ...S1_FEATURES],
  traceColumns: ['thinking_trajectories'],
  detect: (c) => c.has('question') && c.has('thinking_trajectories') && c.has('attempt') && !c.has('cot'),
  map(row, opts) {
    const producer = opts.teacher ?? 'gemini-2.0-flash-thinking-exp';
    const thinkings = stringOrList(row, col(opts, 'thinking', 'thinking_trajectories'));
    const attempt = optString(row, col(opts, 'attempt', 'attempt')) ?? '';
    const gemini = optBool(row, 'isgeminicorrect'); // read first: a row with several bad fields names the same one
    const qwen7 = optBool(row, 'isqwen7bcorrect');
    const qwen32 = optBool(row, 'isqwen32bcorrect');
    const len = optNumber(row, 'gemini_length');
    // Named stores in S1_FEATURES' order (the stored JSON's key order), not a loop of computed keys: this runs
    // on every row of the 59K pool, and computed keys made each store a megamorphic lookup.
    const features: Record<string, unknown> = {};
    if (qwen7 !== null) features.isqwen7bcorrect = qwen7;
    if (qwen32 !== null) features.isqwen32bcorrect = qwen32;
    if (gemini !== null) features.isgeminicorrect = gemini;
    if (len !== null) features.gemini_length = len;
    const record = s1SampleFields(row, opts) as SampleRecord;
    record.features = features;
    record.traces = thinkings.map((thinking) => ({
      producer, thinking, answer: attempt, grade: bool01(gemini), thinkingTokens: len,
    }));
    return record;
  },
};

/** The sample columns s1's pool and s1K share (metadata is a Python repr, stored as JSON). */
function s1SampleFields(row: Row, opts: PresetOptions): Omit<SampleRecord, 'traces' | 'features'> {
  return {
    question: reqString(row, col(opts, 'question', 'question')),
    solution: optString(row, col(opts, 'solution', 'solution')),
    source: optString(row, col(opts, 'source', 'source_type')),
    domain: optString(row, col(opts, 'domain', 'domain')),
    cotType: optString(row, 'cot_type'),
    metadata: pythonMetadata(row, 'metadata'),
  };
}

/** s1K and s1K-1.1: both teachers' traces become two traces of one sample. */
export const s1k: Preset = {
  name: 's1k',
  kind: 'traces',
  columns: ['question', 'solution', 'source_type', 'domain', 'cot_type', 'metadata', 'cot', 'thinking_trajectories', 'attempt',
    ...['gemini', 'deepseek'].flatMap((t) => [`${t}_thinking_trajectory`, `${t}_attempt`, `${t}_grade`, `${t}_grade_reason`])],
  traceColumns: ['gemini_thinking_trajectory', 'deepseek_thinking_trajectory', 'thinking_trajectories'],
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
      ...s1SampleFields(row, opts),
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

function conversationPreset(name: 'stratos' | 'openthoughts', producer: string | null, style: DelimiterStyle | null): Preset {
  return {
    name, kind: 'traces',
    columns: ['conversations', 'messages', 'system', 'ground_truth_solution', 'solution', 'answer', 'source', 'domain', 'model', 'generator'],
    traceColumns: ['conversations', 'messages'],
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
      const who = producer === null ? producerOf(row, opts) : opts.teacher ?? producer;
      const traces: TraceRecord[] = ts.filter((t) => t.role === 'assistant').map((t) => {
        // Exact: a conversation Distillery exported reads back as the stored texts, byte for byte.
        const s = splitResponse(t.content, style ?? undefined, { exact: true });
        return { producer: who, thinking: s.thinking, answer: s.answer, finishReason: s.unterminated ? 'length' : null };
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

export const stratos = conversationPreset('stratos', 'deepseek-r1', 'sky');
export const openthoughts = conversationPreset('openthoughts', null, null);

/** A list column's i-th grade (SkyThought's `score: [true, false]`), or a single grade for every response. */
function gradeAt(row: Row, field: string, i: number): number | null {
  const v = valueAt(row, field);
  return Array.isArray(v) ? gradeValue(v[i], `${field}[${i}]`) : gradeValue(v, field);
}

/** SkyThought / Qwen2.5-Math evaluation outputs: several responses per question with their scores. */
export const skythought: Preset = {
  name: 'skythought',
  kind: 'traces',
  columns: ['idx', 'question', 'problem', 'gt', 'answer', 'gt_cot', 'solution', 'code', 'pred', 'score', 'data_source', 'source', 'type', 'subject', 'model'],
  traceColumns: ['code'],
  detect: (c, row) => Array.isArray(row.code) && (c.has('gt') || c.has('score') || c.has('answer')),
  map(row, opts) {
    const responses = stringOrList(row, col(opts, 'responses', 'code'));
    const preds = optArray(row, 'pred') ?? [];
    const question = reqString(row, col(opts, 'question', row.question !== undefined ? 'question' : 'problem'));
    // `gt_cot` is the literal string "None" in Qwen2.5-Math's outputs: the worked solution is `solution`.
    const gtCot = optString(row, 'gt_cot');
    const producer = producerOf(row, opts);
    return {
      question,
      answer: answerText(row, col(opts, 'answer', row.gt !== undefined ? 'gt' : 'answer')),
      solution: optString(row, col(opts, 'solution', 'solution')) ?? (gtCot && !/^(none|null)$/i.test(gtCot.trim()) ? gtCot : null),
      source: optString(row, 'data_source') ?? optString(row, 'source'),
      domain: optString(row, 'type') ?? optString(row, 'subject'),
      metadata: row.idx !== undefined ? { idx: row.idx } : null,
      traces: responses.map((text, i) => {
        const s = splitResponse(text);
        const score = (optArray(row, 'score') ?? [])[i];
        return {
          producer, thinking: s.thinking, answer: s.answer,
          finishReason: s.unterminated ? 'length' : null,
          grade: typeof score === 'number' && score !== 0 && score !== 1 ? (score > 0 ? 1 : 0) : gradeAt(row, col(opts, 'grade', 'score'), i),
          metadata: preds[i] !== undefined ? { pred: preds[i] } : null,
        };
      }),
    };
  },
};

/** One SkyThought response: `{content, correctness, reason}`. */
function skyResponse(v: unknown, field: string): { content: string; correctness: unknown; reason: unknown } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new FieldError(field, `expected a response object, got ${typeName(v)}`);
  const o = v as Row;
  if (typeof o.content !== 'string') throw new FieldError(`${field}.content`, `expected a string, got ${typeName(o.content)}`);
  return { content: o.content, correctness: o.correctness, reason: o.reason };
}

const isSkyResponse = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Row).content === 'string';

/**
 * SkyThought's own results file: one JSON object keyed by problem, each with `responses` keyed by temperature
 * (`{"0.7": {content, correctness, reason}}`, or a list of them per temperature). Each response is a trace.
 */
export const skythoughtResults: Preset = {
  name: 'skythought-results',
  kind: 'traces',
  columns: ['_key', 'id', 'problem', 'question', 'answer', 'solution', 'responses', 'token_usages', 'prompt', 'model'],
  traceColumns: ['responses'],
  detect: (_c, row) => {
    const r = row.responses;
    if (!r || typeof r !== 'object' || Array.isArray(r)) return false;
    const first = Object.values(r)[0];
    return isSkyResponse(first) || (Array.isArray(first) && isSkyResponse(first[0]));
  },
  map(row, opts) {
    const field = col(opts, 'responses', 'responses');
    const byTemp = valueAt(row, field);
    if (!byTemp || typeof byTemp !== 'object' || Array.isArray(byTemp)) throw new FieldError(field, `expected an object keyed by temperature, got ${typeName(byTemp)}`);
    const usage = (row.token_usages ?? {}) as Record<string, unknown>;
    const producer = producerOf(row, opts);
    const traces: TraceRecord[] = [];
    for (const [temperature, v] of Object.entries(byTemp as Row)) {
      const list = Array.isArray(v) ? v : [v];
      list.forEach((item, i) => {
        const path = Array.isArray(v) ? `${field}.${temperature}[${i}]` : `${field}.${temperature}`;
        const r = skyResponse(item, path);
        const s = splitResponse(r.content);
        const u = Array.isArray(usage[temperature]) ? (usage[temperature] as unknown[])[i] : usage[temperature];
        traces.push({
          producer, thinking: s.thinking, answer: s.answer, finishReason: s.unterminated ? 'length' : null,
          grade: gradeValue(r.correctness, `${path}.correctness`),
          metadata: { temperature: Number(temperature), ...(r.reason ? { reason: r.reason } : {}), ...(u && typeof u === 'object' ? { token_usage: u } : {}) },
        });
      });
    }
    const qField = opts.fieldMap?.question ?? firstPresent(row, ['problem', 'question', '_key']) ?? 'problem';
    return {
      question: reqString(row, qField),
      answer: answerText(row, col(opts, 'answer', 'answer')),
      solution: optString(row, col(opts, 'solution', 'solution')),
      source: optString(row, col(opts, 'source', 'source')),
      metadata: { id: row.id ?? null, ...(typeof row.prompt === 'string' ? { prompt: row.prompt } : {}) },
      traces,
    };
  },
};

const SFT_QUESTION = ['Question', 'question'];
const SFT_COT = ['Complex_CoT', 'complex_cot'];
const SFT_RESPONSE = ['Response', 'response'];

/** SFT sets of a question, a chain of thought and a response (medical-o1 style: `Question / Complex_CoT / Response`). */
export const sft: Preset = {
  name: 'sft',
  kind: 'traces',
  columns: [...SFT_QUESTION, ...SFT_COT, ...SFT_RESPONSE, 'Ground-True Answer', 'source', 'data_source', 'domain', 'model', 'generator'],
  traceColumns: SFT_COT,
  detect: (c) => SFT_QUESTION.some((q) => c.has(q)) && SFT_COT.some((t) => c.has(t)) && SFT_RESPONSE.some((r) => c.has(r)),
  map(row, opts) {
    const pick = (logical: string, names: string[]) => opts.fieldMap?.[logical] ?? firstPresent(row, names) ?? names[0];
    const thinking = optString(row, pick('thinking', SFT_COT)) ?? '';
    const answer = optString(row, pick('response', SFT_RESPONSE)) ?? '';
    return {
      question: reqString(row, pick('question', SFT_QUESTION)),
      answer: optString(row, col(opts, 'answer', 'Ground-True Answer')),
      source: optString(row, opts.fieldMap?.source ?? firstPresent(row, ['source', 'data_source']) ?? 'source'),
      domain: optString(row, col(opts, 'domain', 'domain')),
      traces: thinking.trim() || answer.trim() ? [{ producer: producerOf(row, opts), thinking, answer }] : [],
    };
  },
};

/**
 * Any rows with a question (and optionally gold, thinking, response, grade): driven by the field map. Detected
 * without one when a row has a question (or problem) and a `thinking` or `response` column.
 */
export const generic: Preset = {
  name: 'generic',
  kind: 'traces',
  columns: ['question', 'problem', 'thinking', 'response', 'attempt', 'answer', 'solution', 'source', 'data_source', 'domain', 'model', 'generator', 'grade'],
  traceColumns: ['thinking', 'response'],
  detect: (c) => (c.has('question') || c.has('problem')) && (c.has('thinking') || c.has('response')),
  map(row, opts) {
    const fm = opts.fieldMap ?? {};
    const traces: TraceRecord[] = [];
    const producer = producerOf(row, opts);
    const gradeField = fm.grade ?? (row.grade !== undefined ? 'grade' : undefined);
    const grade = (i: number) => (gradeField ? gradeAt(row, gradeField, i) : null);
    const thinkingField = fm.thinking ?? (fm.response === undefined && row.thinking !== undefined ? 'thinking' : undefined);
    if (thinkingField) {
      // With a thinking column, the trace's answer is `attempt` (or the mapped response): stored as given.
      const answers = stringOrList(row, fm.attempt ?? fm.response ?? 'attempt');
      stringOrList(row, thinkingField).forEach((thinking, i) => {
        traces.push({ producer, thinking, answer: answers[i] ?? answers[0] ?? '', grade: grade(i) });
      });
    } else if (fm.response ?? row.response !== undefined) {
      stringOrList(row, fm.response ?? 'response').forEach((text, i) => {
        const s = splitResponse(text);
        traces.push({ producer, thinking: s.thinking, answer: s.answer, finishReason: s.unterminated ? 'length' : null, grade: grade(i) });
      });
    }
    const q = questionText(row, fm.question ?? (row.question !== undefined ? 'question' : 'problem'));
    return {
      question: q.question,
      answer: answerText(row, fm.answer ?? 'answer'),
      solution: optString(row, fm.solution ?? 'solution'),
      source: optString(row, fm.source ?? firstPresent(row, ['source', 'data_source']) ?? 'source'),
      domain: optString(row, fm.domain ?? 'domain'),
      metadata: q.system ? { system: q.system } : null,
      traces,
    };
  },
};
