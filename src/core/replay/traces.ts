// Recorded traces the replay server answers from: one per question, from any JSONL the importer knows
// (s1K rows, evaluation sets with a reference solution, or {question, thinking, answer}).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export interface ReplayTrace { question: string; thinking: string; answer: string }

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** One trace from a row, or null when the row has no question or nothing to think. */
export function traceFromRow(row: Record<string, unknown>): ReplayTrace | null {
  const question = str(row.question) ?? str(row.problem) ?? str(row.Question);
  if (!question) return null;
  const trajectories = Array.isArray(row.thinking_trajectories) ? str(row.thinking_trajectories[0]) : undefined;
  const thinking = str(row.thinking) ?? str(row.deepseek_thinking_trajectory) ?? trajectories ?? str(row.solution) ?? str(row.Explanation);
  const gold = str(row.answer) ?? (typeof row.answer === 'number' ? String(row.answer) : undefined) ?? str(row['Correct Answer']);
  // {question, thinking, answer}: answer is the response text; evaluation sets: answer is the gold, boxed.
  const answer = str(row.attempt) ?? str(row.deepseek_attempt) ?? (str(row.thinking) && str(row.answer) ? str(row.answer)
    : gold !== undefined ? `The final answer is $\\boxed{${gold}}$.` : undefined);
  if (!thinking || !answer) return null;
  return { question: question.trim(), thinking: thinking.trim(), answer: answer.trim() };
}

/** Traces from one or more files (comma-separated): JSONL, or a GPQA-style CSV (Question, Correct Answer, Explanation). */
export function loadTraces(files: string): ReplayTrace[] {
  return files.split(',').map((f) => f.trim()).filter(Boolean).flatMap((f) => (/\.csv$/i.test(f) ? loadCsv(f) : loadJsonl(f)));
}

function loadCsv(file: string): ReplayTrace[] {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  const out = rows.map((r) => traceFromRow({ ...r, thinking: r.Explanation?.trim() || 'Consider each option in turn.' })).filter((t): t is ReplayTrace => t !== null);
  if (!out.length) throw new Error(`${file}: no row with a Question and a Correct Answer`);
  return out;
}

function loadJsonl(file: string): ReplayTrace[] {
  const out: ReplayTrace[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    let row: unknown;
    try {
      row = JSON.parse(lines[i]);
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    const t = row && typeof row === 'object' ? traceFromRow(row as Record<string, unknown>) : null;
    if (t) out.push(t);
  }
  if (!out.length) throw new Error(`${file}: no row with a question and a trace`);
  return out;
}
