// A teacher's reply as a stored trace: the reasoning the server split off (vLLM's reasoning parser, DeepSeek's
// API) or the content split by the run's thinking format (another format's delimiters when the reply carries
// those instead), graded against the question's gold answer when it has one (the trace's own grade; verifiers
// add their annotations later), with its sampling parameters, sample index and usage in the metadata.
import type { Completion } from '../backend/client';
import { gradeAnswer, GRADE_KINDS, type GradeKind } from '../grade';
import { detectStyle, splitResponse } from '../ingest/split-thinking';
import type { GeneratedTraceRow, GenerationItem } from '../store/generations';
import type { GenerateSettings } from './request';

export interface TraceContext {
  run: string;
  teacher: string;
  item: GenerationItem;
  index: number;
  settings: GenerateSettings;
  maxTokens: number | null;
  source: 'live' | 'batch';
  countTokens: (text: string) => number;
  /** Grades already made in this run, by question, finish reason and answer: a question's samples often agree. */
  grades?: Map<string, 0 | 1>;
}

/** Thinking and answer of a reply. Without the run's delimiters: another family's when it has them, else all
 *  answer, unless the reply was cut off (then it is thinking that never ended). */
export function splitReply(c: Pick<Completion, 'text' | 'reasoning' | 'finish_reason'>, format: GenerateSettings['format']): { thinking: string; answer: string } {
  if (c.reasoning?.trim()) return { thinking: c.reasoning.trim(), answer: c.text.trim() };
  let split = splitResponse(c.text, format);
  if (split.unterminated) {
    const other = detectStyle(c.text);
    if (other && other !== format) split = splitResponse(c.text, other);
    else if (other === null && c.finish_reason !== 'length') split = splitResponse(c.text, null);
  }
  return { thinking: split.thinking, answer: split.answer };
}

function gradeKind(metadata: string | null): { kind?: GradeKind; choices?: string[] } {
  if (!metadata) return {};
  try {
    const m = JSON.parse(metadata) as { kind?: unknown; choices?: unknown };
    return {
      ...((GRADE_KINDS as readonly unknown[]).includes(m.kind) ? { kind: m.kind as GradeKind } : {}),
      ...(Array.isArray(m.choices) && m.choices.every((x) => typeof x === 'string') ? { choices: m.choices as string[] } : {}),
    };
  } catch {
    return {};
  }
}

function gradeOf(t: TraceContext, answer: string, finishReason: string): 0 | 1 | null {
  const gold = t.item.answer?.trim();
  if (!gold) return null;
  const key = `${t.item.sampleId}\u0000${finishReason}\u0000${answer}`;
  let g = t.grades?.get(key);
  if (g === undefined) {
    g = gradeAnswer(gold, answer, { ...gradeKind(t.item.metadata), finishReason }).equal ? 1 : 0;
    if (t.grades) {
      if (t.grades.size >= 4096) t.grades.clear();
      t.grades.set(key, g);
    }
  }
  return g;
}

export function traceRow(c: Completion & { cached?: boolean }, t: TraceContext): GeneratedTraceRow {
  const { thinking, answer } = splitReply(c, t.settings.format);
  const thinkingTokens = c.reasoning_tokens ?? (thinking ? t.countTokens(thinking) : 0);
  const grade = gradeOf(t, answer || c.text, c.finish_reason);
  const s = t.settings;
  return {
    sampleId: t.item.sampleId, index: t.index, producer: t.teacher, thinking, answer, thinkingTokens,
    answerTokens: c.reasoning_tokens !== undefined ? Math.max(0, c.completion_tokens - c.reasoning_tokens) : null,
    finishReason: c.finish_reason, grade,
    metadata: {
      run: t.run, teacher: t.teacher, sample_index: t.index, source: t.source,
      sampling: { temperature: s.temperature, top_p: s.topP, max_tokens: t.maxTokens, seed: s.seed + t.index },
      format: s.format, ...(s.system ? { system: s.system } : {}),
      usage: { prompt_tokens: c.prompt_tokens, completion_tokens: c.completion_tokens, ...(c.reasoning_tokens !== undefined ? { reasoning_tokens: c.reasoning_tokens } : {}) },
      ...(c.replay ? { replay: true } : {}),
    },
  };
}
