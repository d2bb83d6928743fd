// The trainers' row shapes. Every format turns one sample and the traces chosen for it into rows (one per trace,
// except that s1 pairs a DeepSeek trace with another teacher's in one row, as s1K-1.1 does).
import type { ChatMessage, ChatRenderer } from '../prompt/chat';
import type { DelimiterStyle } from '../ingest/delimiters';
import type { ExportSampleRow, ExportTraceRow } from '../store/export-rows';
import { parquetLayout, pqPairList, pqString, pqStringList, type ParquetLayout, type Row } from './containers';
import { assistantTurn, s1AssistantContent, STRATOS_SYSTEM } from './thinking';

export const EXPORT_FORMATS = ['s1', 'messages', 'sharegpt', 'stratos', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The thinking delimiters each format uses unless --thinking-format says otherwise. */
export const DEFAULT_STYLE: Record<ExportFormat, DelimiterStyle> = { s1: 's1', parquet: 's1', messages: 'think-tags', sharegpt: 'think-tags', stratos: 'sky' };

export interface FormatOptions {
  style: DelimiterStyle;
  system?: string;
  /** Renders the s1 `text` column (Qwen2.5's template unless --chat-template). */
  chat: ChatRenderer;
  /** s1 only: whether rows carry s1K-1.1's gemini_* / deepseek_* columns (some sample has both teachers). */
  teacherPairs: boolean;
}

export interface RowFormat {
  rows(s: ExportSampleRow, traces: readonly ExportTraceRow[]): Row[];
  parquet: ParquetLayout;
  /** The columns a Hugging Face card lists. */
  columns: string[];
}

const isDeepSeek = (t: ExportTraceRow) => /deepseek/i.test(t.producer);

/** s1's `metadata` is a string (a Python repr there); ours is the stored JSON text, or the original text kept raw. */
export function metadataText(m: string | null): string | null {
  if (m === null || !m.startsWith('{"raw":')) return m;
  try {
    const o = JSON.parse(m) as { raw?: unknown };
    return Object.keys(o).length === 1 && typeof o.raw === 'string' ? o.raw : m;
  } catch {
    return m;
  }
}

function s1Format(o: FormatOptions): RowFormat {
  const base = ['question', 'solution', 'cot_type', 'source_type', 'metadata'];
  const pairCols = ['gemini_thinking_trajectory', 'gemini_attempt', 'deepseek_thinking_trajectory', 'deepseek_attempt'];
  const columns = [...base, 'thinking_trajectories', 'attempt', ...(o.teacherPairs ? pairCols : []), 'text'];
  const text = (question: string, t: ExportTraceRow) => {
    const msgs: ChatMessage[] = [];
    if (o.system) msgs.push({ role: 'system', content: o.system });
    msgs.push({ role: 'user', content: question });
    msgs.push({ role: 'assistant', content: o.style === 's1' ? s1AssistantContent([t.thinking], t.answer) : assistantTurn(o.style, t.thinking, t.answer) });
    return o.chat(msgs);
  };
  const row = (s: ExportSampleRow, main: ExportTraceRow, ds: ExportTraceRow | null): Row => {
    const r: Row = {
      question: s.question, solution: s.solution ?? s.answer, cot_type: s.cotType, source_type: s.source, metadata: metadataText(s.metadata),
      thinking_trajectories: [main.thinking], attempt: main.answer,
    };
    if (o.teacherPairs) {
      // s1K-1.1 repeats the first teacher's trace under gemini_*; the importer reads both teachers from these.
      r.gemini_thinking_trajectory = ds ? main.thinking : null;
      r.gemini_attempt = ds ? main.answer : null;
      r.deepseek_thinking_trajectory = ds?.thinking ?? null;
      r.deepseek_attempt = ds?.answer ?? null;
    }
    r.text = text(s.question, main);
    return r;
  };
  return {
    columns,
    parquet: parquetLayout([...base.map(pqString), pqStringList('thinking_trajectories'), pqString('attempt'),
      ...(o.teacherPairs ? pairCols.map(pqString) : []), pqString('text')]),
    rows(s, traces) {
      const others = traces.filter((t) => !isDeepSeek(t));
      const ds = traces.filter(isDeepSeek);
      if (!o.teacherPairs || !others.length || !ds.length) return traces.map((t) => row(s, t, null));
      const out: Row[] = [];
      for (let i = 0; i < Math.max(others.length, ds.length); i++) {
        // A DeepSeek trace without a partner stands alone in the main columns.
        out.push(others[i] ? row(s, others[i], ds[i] ?? null) : row(s, ds[i], null));
      }
      return out;
    },
  };
}

function messagesFormat(o: FormatOptions): RowFormat {
  return {
    columns: ['messages'],
    parquet: parquetLayout([pqPairList('messages', 'role', 'content')]),
    rows: (s, traces) => traces.map((t) => ({
      messages: [
        ...(o.system ? [{ role: 'system', content: o.system }] : []),
        { role: 'user', content: s.question },
        { role: 'assistant', content: assistantTurn(o.style, t.thinking, t.answer) },
      ],
    })),
  };
}

function sharegptFormat(o: FormatOptions): RowFormat {
  return {
    columns: o.system ? ['conversations', 'system'] : ['conversations'],
    parquet: parquetLayout([pqPairList('conversations', 'from', 'value'), ...(o.system ? [pqString('system')] : [])]),
    rows: (s, traces) => traces.map((t) => ({
      conversations: [{ from: 'human', value: s.question }, { from: 'gpt', value: assistantTurn(o.style, t.thinking, t.answer) }],
      ...(o.system ? { system: o.system } : {}),
    })),
  };
}

function stratosFormat(o: FormatOptions): RowFormat {
  const system = o.system ?? STRATOS_SYSTEM;
  return {
    columns: ['system', 'conversations'],
    parquet: parquetLayout([pqString('system'), pqPairList('conversations', 'from', 'value')]),
    rows: (s, traces) => traces.map((t) => ({
      system,
      conversations: [{ from: 'user', value: s.question }, { from: 'assistant', value: assistantTurn(o.style, t.thinking, t.answer) }],
    })),
  };
}

export function rowFormat(format: ExportFormat, o: FormatOptions): RowFormat {
  switch (format) {
    case 's1': case 'parquet': return s1Format(o);
    case 'messages': return messagesFormat(o);
    case 'sharegpt': return sharegptFormat(o);
    case 'stratos': return stratosFormat(o);
  }
}

/**
 * LLaMA-Factory's dataset_info.json entry for a ShareGPT file (data/README.md of LLaMA-Factory: `formatting`
 * "sharegpt", `columns.messages`/`columns.system`, and the role tags, written out although they are its defaults).
 */
export function sharegptDatasetInfo(fileName: string, hasSystem: boolean): Record<string, unknown> {
  return {
    file_name: fileName,
    formatting: 'sharegpt',
    columns: { messages: 'conversations', ...(hasSystem ? { system: 'system' } : {}) },
    tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt', system_tag: 'system' },
  };
}
