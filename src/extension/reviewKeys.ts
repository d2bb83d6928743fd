// The review panel's keyboard commands: one table that registers them (reviewPanel.ts) and generates their
// package.json entries (manifest.ts: command, palette entry, keybinding). No vscode import.
import type { ReviewCommand } from '../shared/protocol';

export interface ReviewKey {
  /** Command id: `distillery.review.<name>`. */
  id: `distillery.review.${string}`;
  title: string;
  /** The default keybinding (rebindable in VS Code). */
  key: string;
  /** What the webview does. */
  command: ReviewCommand;
}

const key = (name: string, k: string, title: string, command: ReviewCommand): ReviewKey => ({ id: `distillery.review.${name}`, title, key: k, command });

export const REVIEW_KEYS: readonly ReviewKey[] = [
  key('next', 'j', 'Next Sample', 'next'),
  key('previous', 'k', 'Previous Sample', 'previous'),
  key('accept', 'a', 'Accept Sample', 'accept'),
  key('reject', 'r', 'Reject Sample', 'reject'),
  key('flag', 'f', 'Flag Sample', 'flag'),
  key('undo', 'u', 'Undo Last Review Action', 'undo'),
  key('search', '/', 'Search Samples', 'search'),
  key('note', 'n', 'Add Note to Label', 'note'),
  key('diff', 'd', 'Diff Traces', 'diff'),
  key('help', 'shift+/', 'Show Review Keys', 'help'),
  ...Array.from({ length: 9 }, (_, i) => key(`label${i + 1}`, String(i + 1), `Toggle Label ${i + 1}`, `label:${i + 1}`)),
];
