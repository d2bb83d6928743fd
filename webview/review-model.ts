// The panel's logic without a browser: list position, the undo stack, label keys. Unit-tested under Node.
import type { ReviewCommand, ReviewStatus } from '../src/shared/protocol';

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

/** Rows to render for a virtual list: the visible window plus overscan on both sides. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, total: number, overscan = 10): { from: number; to: number } {
  const first = Math.floor(scrollTop / rowHeight);
  const count = Math.ceil(viewport / rowHeight);
  return { from: Math.max(0, first - overscan), to: Math.min(total, first + count + overscan) };
}

export function formatChars(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(n >= 10_000 ? 0 : 1)}k` : String(n);
}
