// The panel's logic without a browser: list position, the undo stack, label keys, filter edits and list pages.
// Unit-tested under Node.
import type { ReviewCommand, ReviewFilter, ReviewListResult, ReviewListRow, ReviewStatus } from '../src/shared/protocol';

export type Action =
  | { kind: 'move'; delta: number }
  | { kind: 'status'; status: ReviewStatus }
  | { kind: 'label'; label: string }
  | { kind: 'undo' }
  | { kind: 'focus-search' }
  | { kind: 'note' }
  | { kind: 'diff' }
  | { kind: 'help' };

export function actionFor(command: ReviewCommand, labels: readonly string[]): Action | null {
  switch (command) {
    case 'next': return { kind: 'move', delta: 1 };
    case 'previous': return { kind: 'move', delta: -1 };
    case 'accept': return { kind: 'status', status: 'accepted' };
    case 'reject': return { kind: 'status', status: 'rejected' };
    case 'flag': return { kind: 'status', status: 'flagged' };
    case 'undo': return { kind: 'undo' };
    case 'search': return { kind: 'focus-search' };
    case 'note': return { kind: 'note' };
    case 'diff': return { kind: 'diff' };
    case 'help': return { kind: 'help' };
  }
  const m = /^label:(\d)$/.exec(command);
  const label = m ? labels[Number(m[1]) - 1] : undefined;
  return label ? { kind: 'label', label } : null;
}

/** What undo reverses: a status change (with the status before) or a label toggle. */
export type UndoEntry = { kind: 'status'; id: number; previous: ReviewStatus } | { kind: 'label'; id: number; label: string };

export class UndoStack {
  private readonly entries: UndoEntry[] = [];
  constructor(private readonly limit = 200) {}
  push(e: UndoEntry): void {
    this.entries.push(e);
    if (this.entries.length > this.limit) this.entries.shift();
  }
  pop(): UndoEntry | undefined {
    return this.entries.pop();
  }
  get size(): number {
    return this.entries.length;
  }
}

/** Clamps a move in a list of `total` rows. */
export function moveIndex(index: number, delta: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(total - 1, Math.max(0, index + delta));
}

/**
 * Where a list key moves the selection in a list of `total` rows (`page` rows on screen): arrows step, Home / End
 * jump to the ends, PageUp / PageDown move a screenful. Null for any other key.
 */
export function listKeyIndex(key: string, index: number, total: number, page: number): number | null {
  const step = Math.max(1, page);
  switch (key) {
    case 'ArrowDown': return moveIndex(index, 1, total);
    case 'ArrowUp': return moveIndex(index, -1, total);
    case 'Home': return moveIndex(0, 0, total);
    case 'End': return moveIndex(total - 1, 0, total);
    case 'PageDown': return moveIndex(index, step, total);
    case 'PageUp': return moveIndex(index, -step, total);
    default: return null;
  }
}

/** A trace marked for comparison, and its sample. */
export interface Marked { traceId: number; sampleId: number }

export type CompareStep = { kind: 'mark'; traceId: number } | { kind: 'unmark' } | { kind: 'diff'; left: number; right: number } | { kind: 'none' };

/** A trace header's Compare…: marks the trace; on the marked one, unmarks it; on any other (of any sample), diffs the two. */
export function compareClick(marked: Marked | null, traceId: number): CompareStep {
  if (!marked) return { kind: 'mark', traceId };
  return marked.traceId === traceId ? { kind: 'unmark' } : { kind: 'diff', left: marked.traceId, right: traceId };
}

/**
 * The `d` key on a sample with these traces: a trace marked elsewhere (another sample, or another trace of this
 * one) is diffed with this sample's first other trace; else the first two traces; a lone trace is marked.
 */
export function diffKey(marked: Marked | null, sampleId: number, traceIds: readonly number[]): CompareStep {
  const other = marked && traceIds.find((id) => id !== marked.traceId);
  if (marked && other !== undefined && other !== null) return { kind: 'diff', left: marked.traceId, right: other };
  if (traceIds.length >= 2) return { kind: 'diff', left: traceIds[0], right: traceIds[1] };
  if (traceIds.length === 1 && marked?.traceId !== traceIds[0]) return { kind: 'mark', traceId: traceIds[0] };
  return { kind: 'none' };
}

/** Rows to render for a virtual list: the visible window plus overscan on both sides. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, total: number, overscan = 10): { from: number; to: number } {
  const first = Math.floor(scrollTop / rowHeight);
  const count = Math.ceil(viewport / rowHeight);
  return { from: Math.max(0, first - overscan), to: Math.min(total, first + count + overscan) };
}

export function formatChars(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(n >= 10_000 ? 0 : 1)}k` : String(n);
}

/** Filter fields set from the filter bar's controls. */
export type FilterField = 'dataset' | 'status' | 'label' | 'grade' | 'origin' | 'run' | 'method' | 'selection' | 'minChars' | 'maxChars' | 'budget' | 'search';

/**
 * The filter after one control changed. An empty control means "any"; lengths are typed in thousands of
 * characters; a budget of 'inf' is the unlimited budget (null), distinct from any budget (undefined).
 */
export function withFilterField(filter: ReviewFilter, key: FilterField, value: string): ReviewFilter {
  let v: ReviewFilter[keyof ReviewFilter];
  if (key === 'minChars' || key === 'maxChars') v = value.trim() ? Number(value) * 1000 : undefined;
  else if (key === 'budget') v = value === '' ? undefined : value === 'inf' ? null : Number(value);
  else if (key === 'search') v = value.trim() || undefined;
  else v = value || undefined;
  return { ...filter, [key]: v };
}

/** The list's rows by position, fetched a page at a time; a hole is a row not fetched yet. */
export class RowPages {
  rows: (ReviewListRow | undefined)[] = [];
  private readonly loading = new Set<number>();

  constructor(private readonly fetch: (offset: number, limit: number) => Promise<ReviewListResult>, readonly size = 200) {}

  /** Forgets every row (a new filter, or the database changed). */
  clear(): void {
    this.rows = [];
    this.loading.clear();
  }

  pageOf(index: number): number {
    return Math.floor(Math.max(0, index) / this.size);
  }

  async load(page: number): Promise<ReviewListResult> {
    this.loading.add(page);
    const r = await this.fetch(page * this.size, this.size);
    r.rows.forEach((row, i) => { this.rows[page * this.size + i] = row; });
    return r;
  }

  /** The pages of rows [from, to) not fetched or on their way yet. */
  missing(from: number, to: number, total: number): number[] {
    return pagesToLoad(from, to, total, this.loading, this.size);
  }

  indexOf(id: number): number {
    return this.rows.findIndex((r) => r?.id === id);
  }

  patch(id: number, patch: Partial<ReviewListRow>): void {
    const i = this.indexOf(id);
    if (i >= 0) this.rows[i] = { ...this.rows[i]!, ...patch };
  }
}

/**
 * Runs `run` for the latest value asked for, one run at a time: values asked for while one runs are replaced by the
 * last of them, which runs when it ends (the list's rows for where a scroll is, not for every place it passed).
 */
export class LatestOnly<T> {
  private wanted: { value: T } | null = null;
  private running = false;

  constructor(private readonly run: (value: T) => Promise<unknown>, private readonly onError: (e: unknown) => void) {}

  want(value: T): void {
    this.wanted = { value };
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let w = this.wanted; w; w = this.wanted) {
        this.wanted = null;
        try { await this.run(w.value); } catch (e) { this.onError(e); }
      }
    } finally {
      this.running = false;
    }
  }
}

/** The list pages (of `size` rows) still to fetch so that rows [from, to) can be shown. */
export function pagesToLoad(from: number, to: number, total: number, loading: ReadonlySet<number>, size: number): number[] {
  const pages: number[] = [];
  for (let p = Math.floor(from / size); p <= Math.floor(Math.max(from, to - 1) / size); p++) {
    if (!loading.has(p) && p * size < total) pages.push(p);
  }
  return pages;
}

/** The label a note goes on: the latest one a person set, else 'other'. */
export function noteLabel(annotations: readonly { label: string; origin: string }[]): string {
  const human = annotations.filter((a) => a.origin === 'human');
  return human[human.length - 1]?.label ?? 'other';
}
