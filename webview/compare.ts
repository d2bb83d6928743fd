// Which two traces the diff compares, when a person picks them: Compare… on a trace header marks a trace and,
// on another trace (of this sample or any other), diffs the two; `d` on a one-trace sample marks its trace.
// The mark outlives a change of sample. A Lit controller: the app shows what it holds and applies what it returns.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReviewSampleDetail } from '../src/shared/protocol';
import { compareClick, diffKey, type CompareStep, type Marked } from './review-model';
import type { CompareMark, Trace } from './trace-view';

/** What the app does next: say something, or open the diff (with the other sample's trace when it is one). */
export type CompareOutcome =
  | { kind: 'notice'; text: string | null }
  | { kind: 'diff'; pick: { left: number; right: number }; otherTrace: Trace | null };

export class CompareState implements ReactiveController {
  private marked: { trace: Trace; sampleId: number } | null = null;
  private shown: CompareMark | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  get isMarked(): boolean {
    return this.marked !== null;
  }

  unmark(): void {
    this.marked = null;
    this.host.requestUpdate();
  }

  private get ids(): Marked | null {
    return this.marked ? { traceId: this.marked.trace.id, sampleId: this.marked.sampleId } : null;
  }

  /** Compare… on trace `id` of the sample shown. */
  click(d: ReviewSampleDetail, id: number): CompareOutcome | null {
    const t = d.traces.find((x) => x.id === id);
    if (!t) return null;
    return this.apply(d, compareClick(this.ids, id), t,
      `Trace #${id} is marked: choose Compare… on another trace, of this or any sample, to diff the two (Escape unmarks).`);
  }

  /** The `d` key on the sample shown, when no diff is open. */
  key(d: ReviewSampleDetail): CompareOutcome {
    const step = diffKey(this.ids, d.id, d.traces.map((t) => t.id));
    if (step.kind === 'none') {
      return { kind: 'notice', text: d.traces.length ? 'diff: this trace is marked; press d on another sample to diff it (Escape unmarks)' : 'diff: this sample has no trace' };
    }
    return this.apply(d, step, d.traces[0],
      `This sample has one trace: trace #${d.traces[0]?.id} is marked. Press d on another sample, or Compare… on any trace header, to diff the two (Escape unmarks).`);
  }

  private apply(d: ReviewSampleDetail, step: CompareStep, trace: Trace, marked: string): CompareOutcome {
    if (step.kind === 'mark') {
      this.marked = { trace, sampleId: d.id };
      this.host.requestUpdate();
      return { kind: 'notice', text: marked };
    }
    if (step.kind !== 'diff') {
      this.unmark();
      return { kind: 'notice', text: null };
    }
    const m = this.marked;
    // The marked trace of another sample goes with the diff, named with its sample.
    const otherTrace = m && m.sampleId !== d.id && m.trace.id === step.left ? { ...m.trace, producer: `${m.trace.producer} (sample #${m.sampleId})` } : null;
    this.unmark();
    return { kind: 'diff', pick: { left: step.left, right: step.right }, otherTrace };
  }

  /** The mark as the trace headers show it: one object per mark and sample, so traces redraw only when it changes. */
  markFor(sampleId: number | undefined): CompareMark | null {
    const m = this.marked;
    if (!m) return null;
    const label = `${m.trace.producer} #${m.trace.id}${m.sampleId === sampleId ? '' : ` of sample #${m.sampleId}`}`;
    if (this.shown?.id !== m.trace.id || this.shown.label !== label) this.shown = { id: m.trace.id, label };
    return this.shown;
  }
}
