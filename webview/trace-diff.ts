// The diff of two traces: lines first, then each changed block word by word when it is small enough. A word
// diff of two whole 12K-character traces took 7-27 s (Myers is O(N·D), and two samples' thinking differ in
// nearly every word); by blocks, each step is bounded and the whole can yield to the UI between blocks.
import { diffLines, diffWordsWithSpace, type Change } from 'diff';

/** Above this many characters in all, only lines are compared. */
export const WORD_DIFF_LIMIT = 60_000;
/** A changed block (removed + added) is compared word by word up to this many characters. */
export const BLOCK_WORD_LIMIT = 6_000;
/** Edit distance (lines), or time, beyond which two traces count as wholly different. */
const MAX_LINE_EDITS = 1_000;
const MAX_LINE_DIFF_MS = 250;
/** Edit distance (words) beyond which a block stays a line change. */
const MAX_WORD_EDITS = 600;

export interface DiffPart { kind: 'same' | 'added' | 'removed'; text: string }
export interface TraceDiff { parts: DiffPart[]; granularity: 'words' | 'lines' }

const part = (c: Change): DiffPart => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value });

/** The diff as steps: each yield ends a bounded piece of work (the line diff, then one block at a time). */
export function* diffSteps(left: string, right: string): Generator<void, TraceDiff> {
  const lines = diffLines(left, right, { maxEditLength: MAX_LINE_EDITS, timeout: MAX_LINE_DIFF_MS }) as Change[] | undefined;
  yield;
  if (!lines) return { granularity: 'lines', parts: [{ kind: 'removed', text: left }, { kind: 'added', text: right }] };
  const words = left.length + right.length <= WORD_DIFF_LIMIT;
  const parts: DiffPart[] = [];
  let refined = false;
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i];
    const next = lines[i + 1];
    // A removed block followed by an added one is a replacement: compare its words when it is small.
    if (words && c.removed && next?.added && c.value.length + next.value.length <= BLOCK_WORD_LIMIT) {
      const w = diffWordsWithSpace(c.value, next.value, { maxEditLength: MAX_WORD_EDITS }) as Change[] | undefined;
      yield;
      if (w) {
        parts.push(...w.map(part));
        refined = true;
        i++;
        continue;
      }
    }
    parts.push(part(c));
  }
  return { granularity: refined ? 'words' : 'lines', parts };
}

export function diffTraces(left: string, right: string): TraceDiff {
  const steps = diffSteps(left, right);
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

/** The same diff, giving the UI thread back every `sliceMs` (a Worker is not possible under the panel's CSP). */
export async function diffTracesAsync(left: string, right: string, sliceMs = 12): Promise<TraceDiff> {
  const steps = diffSteps(left, right);
  let since = performance.now();
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    if (performance.now() - since > sliceMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      since = performance.now();
    }
  }
}

export function diffStats(parts: DiffPart[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const p of parts) {
    if (p.kind === 'added') added += p.text.length;
    else if (p.kind === 'removed') removed += p.text.length;
  }
  return { added, removed };
}
