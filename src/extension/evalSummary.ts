// What the person reads when an evaluation task ends: the accuracy per budget of the run, and for a replay run
// a whole sentence saying what the numbers are. Pure (no vscode import), so unit tests check the wording.
import type { RunMetrics } from '../shared/protocol';

export const REPLAY_NOTE = 'This was a replay run: the replay server answered with recorded traces, so these numbers test the pipeline, not a model.';

const pct = (x: number) => `${(x * 100).toFixed(x === 0 || x === 1 ? 0 : 1)}%`;
const budget = (b: number | null) => (b === null ? 'no limit' : `${b.toLocaleString('en-US')} tokens`);

/** "math500, truncation: 33.3% at 100 tokens, 66.7% with no limit (3 questions)" per benchmark and method. */
export function accuracyLines(m: RunMetrics): string[] {
  const groups = new Map<string, RunMetrics['rows']>();
  for (const r of m.rows) {
    const k = `${r.benchmark}, ${r.method}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(r);
  }
  return [...groups].map(([k, rows]) => {
    const sorted = [...rows].sort((a, b) => (a.budget ?? Infinity) - (b.budget ?? Infinity));
    const ns = [...new Set(sorted.map((r) => r.n))];
    const n = ns.length === 1 ? ` (${ns[0]} ${ns[0] === 1 ? 'answer' : 'answers'} each)` : '';
    return `${k}: ${sorted.map((r) => `${pct(r.accuracy)} at ${budget(r.budget)}`).join(', ')}${n}`;
  });
}

/** The notification of a finished run: one sentence per benchmark and method, then the replay note. */
export function finishedMessage(m: RunMetrics): string {
  const lines = accuracyLines(m);
  const body = lines.length ? `accuracy ${lines.join('; ')}.` : 'it has no results yet.';
  return `Distillery: run ${m.run} finished: ${body}${m.replay ? ` ${REPLAY_NOTE}` : ''}`;
}

/**
 * Whether an eval task was stopped rather than failed: terminated by VS Code (no exit code) or cancelled by a
 * signal (the CLI's exit 130, "evaluation cancelled").
 */
export const wasStopped = (exitCode: number | undefined) => exitCode === undefined || exitCode === 130;

/** The notification of a run stopped before its end (Terminate Task, Ctrl+C): what was done is kept. */
export function stoppedMessage(run: string): string {
  return `Distillery: run ${run} was stopped before it finished; its results so far are kept, and running the same config again resumes it.`;
}

/** The notification of a failed run: the run's own error when it recorded one. */
export function failedMessage(run: string, exitCode: number | undefined, error: string | null | undefined): string {
  const code = exitCode === undefined ? 'it was stopped' : `exit ${exitCode}`;
  return `Distillery: run ${run} failed (${code})${error ? `: ${error}` : '. The task output says why.'}`;
}
