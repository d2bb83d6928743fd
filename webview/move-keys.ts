// The keys the panel moves by itself, in the keydown's own task: j and k, the default keys of the next and previous
// sample (src/extension/reviewKeys.ts). Sent as VS Code commands they would go through the workbench and the
// extension host and back before the sample is shown.
import type { Action } from './review-model';

/** The move a keydown asks for (j next, k previous, without modifiers), or null. */
export function pageMoveKey(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): Action | null {
  if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  if (e.key === 'j') return { kind: 'move', delta: 1 };
  if (e.key === 'k') return { kind: 'move', delta: -1 };
  return null;
}
