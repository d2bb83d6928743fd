// The dataset card: README.md with the Hugging Face YAML header (configs → data files, size category, tags; the
// licence left for the owner to fill in) and tables of counts, token lengths and the selection's funnel, so the
// folder can be uploaded to the Hub as it is.
import type { TokenSummary, LengthSummary } from './token-stats';

export interface ExportCounts {
  selected: number;
  exported_samples: number;
  rows: number;
  /** Samples a person rejected (status or 'drop' label). */
  rejected_samples: number;
  /** Samples left without a trace after the trace choice. */
  no_trace: number;
  /** Traces a person rejected, among the samples not rejected. */
  rejected_traces: number;
  per_split: Record<string, number>;
  per_source: Record<string, number>;
  per_label: Record<string, number>;
  per_status: Record<string, number>;
  per_producer: Record<string, number>;
}

export interface CardInput {
  name: string;
  version: number;
  format: string;
  container: string;
  traces: string;
  style: string;
  data: { split: string; path: string }[];
  columns: string[];
  counts: ExportCounts;
  tokens: TokenSummary | null;
  funnel: unknown;
  recipe: unknown;
  seed: number | null;
  /** Parquet: the pages' compression (--parquet-compression). */
  compression?: 'brotli' | 'snappy' | 'none';
}

const COMPRESSION_NOTE = {
  brotli: 'Parquet pages are Brotli-compressed: pyarrow (and so `datasets`), pandas, Polars and DuckDB read them; Spark needs its Brotli codec.',
  snappy: "Parquet pages are Snappy-compressed (pyarrow's default; every Parquet reader reads them).",
  none: 'Parquet pages are not compressed (every Parquet reader reads them).',
};

export function sizeCategory(n: number): string {
  const bands: [number, string][] = [[1e3, 'n<1K'], [1e4, '1K<n<10K'], [1e5, '10K<n<100K'], [1e6, '100K<n<1M'], [1e7, '1M<n<10M'], [1e8, '10M<n<100M']];
  for (const [limit, name] of bands) if (n < limit) return name;
  return 'n>1T';
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const y = (s: string) => JSON.stringify(s);
/** Markdown table cells: pipes escaped, one line. */
const cell = (s: string | number) => String(s).replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function table(header: string[], rows: (string | number)[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

const sorted = (m: Record<string, number>) => Object.entries(m).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

function funnelRows(funnel: unknown): (string | number)[][] {
  if (!Array.isArray(funnel)) return [];
  // curate's rows: { stage, type, kept, dropped, ... }
  return funnel.map((f: Record<string, unknown>) => [String(f.stage ?? ''), String(f.type ?? ''), Number(f.kept ?? 0), Number(f.dropped ?? 0)]);
}

export function datasetCard(c: CardInput): string {
  const formatTag: Record<string, string> = { s1: 's1', parquet: 's1', messages: 'trl-conversational', sharegpt: 'sharegpt', stratos: 'bespoke-stratos' };
  const yaml = [
    '---',
    '# license: fill in the licence your sources allow (e.g. apache-2.0, mit, cc-by-nc-4.0) before publishing',
    'language:', '- en',
    'task_categories:', '- text-generation',
    `size_categories:`, `- ${sizeCategory(c.counts.rows)}`,
    'tags:', ...['reasoning', 'distillation', 'synthetic', 'distillery', formatTag[c.format] ?? c.format].map((t) => `- ${t}`),
    'configs:', '- config_name: default', '  data_files:',
    ...c.data.flatMap((d) => [`  - split: ${d.split}`, `    path: ${y(d.path)}`]),
    '---',
  ];
  const lines = [...yaml, '', `# ${c.name} (version ${c.version})`, '',
    `Exported by Distillery from the selection \`${c.name}@${c.version}\` (seed ${c.seed ?? 'none'}): ${c.counts.exported_samples} questions, ` +
    `${c.counts.rows} rows, format \`${c.format}\` in ${c.container}, traces \`${c.traces}\`, thinking delimiters \`${c.style}\`. ` +
    'Provenance, file hashes and the recipe are in `manifest.json`.', '',
    `Columns: ${c.columns.map((x) => `\`${x}\``).join(', ')}.`, '',
    ...(c.compression ? [COMPRESSION_NOTE[c.compression], ''] : []),
    '## Counts', '',
    table(['what', 'count'], [
      ['questions in the selection', c.counts.selected],
      ['questions exported', c.counts.exported_samples],
      ['rows written', c.counts.rows],
      ...Object.entries(c.counts.per_split).map(([k, v]) => [`rows in ${k === 'all' ? 'train' : k}`, v]),
      ['questions a person rejected (not exported)', c.counts.rejected_samples],
      ['questions without a trace to export', c.counts.no_trace],
      ['traces a person rejected (not exported)', c.counts.rejected_traces],
    ]), '',
    table(['source', 'questions'], sorted(c.counts.per_source)), '',
  ];
  if (Object.keys(c.counts.per_producer).length) lines.push(table(['teacher', 'rows'], sorted(c.counts.per_producer)), '');
  if (Object.keys(c.counts.per_label).length) lines.push(table(['label', 'questions'], sorted(c.counts.per_label)), '');
  lines.push(table(['review status', 'questions'], sorted(c.counts.per_status)), '');
  if (c.tokens) {
    const t = c.tokens;
    const row = (name: string, s: LengthSummary) => [name, s.mean, s.p50, s.p90, s.p99, s.max, s.total];
    lines.push('## Lengths', '', "Thinking, questions and answers in exact Qwen2.5 tokens (the tokenizer s1 counts with). One value per row.", '',
      table(['part', 'mean', 'p50', 'p90', 'p99', 'max', 'total'], [row('thinking (tokens)', t.thinking_tokens), row('question (tokens)', t.question_tokens), row('answer (tokens)', t.answer_tokens)]), '');
  }
  const funnel = funnelRows(c.funnel);
  if (funnel.length) lines.push('## Funnel', '', 'How the selection was made (its recipe is in `manifest.json`).', '', table(['stage', 'type', 'kept', 'dropped'], funnel), '');
  return lines.join('\n');
}
