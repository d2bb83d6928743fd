// The generated part of package.json: the review panel's 19 commands, palette entries and keybindings come from
// REVIEW_KEYS and the context keys, so their `when` clauses are written once. scripts/gen-manifest.mjs writes
// the result; a unit test checks that package.json is up to date. No vscode import.
import { CONTEXT, REVIEW_KEY_WHEN } from './contexts';
import { REVIEW_KEYS } from './reviewKeys';

interface Entry { command: string; [k: string]: unknown }
export interface Manifest {
  contributes: { commands: Entry[]; menus: Record<string, Entry[]>; keybindings: Entry[]; [k: string]: unknown };
  [k: string]: unknown;
}

const REVIEW_PREFIX = 'distillery.review.';

/** Replaces the review entries of a list by `generated`, where the first of them stood (else at the end). */
function splice(list: Entry[], generated: Entry[]): Entry[] {
  const at = list.findIndex((e) => e.command.startsWith(REVIEW_PREFIX));
  const rest = list.filter((e) => !e.command.startsWith(REVIEW_PREFIX));
  const i = at < 0 ? rest.length : at;
  return [...rest.slice(0, i), ...generated, ...rest.slice(i)];
}

/** package.json with its review-key entries regenerated; everything else is kept as it is, in its order. */
export function generateManifest(pkg: Manifest): Manifest {
  const c = pkg.contributes;
  const commands = REVIEW_KEYS.map((k) => ({ command: k.id, title: k.title, category: 'Distillery Review', enablement: CONTEXT.reviewFocused }));
  const palette = REVIEW_KEYS.map((k) => ({ command: k.id, when: CONTEXT.reviewFocused }));
  const keybindings = REVIEW_KEYS.map((k) => ({ command: k.id, key: k.key, when: REVIEW_KEY_WHEN }));
  return {
    ...pkg,
    contributes: {
      ...c,
      commands: splice(c.commands, commands),
      menus: { ...c.menus, commandPalette: splice(c.menus.commandPalette ?? [], palette) },
      keybindings: splice(c.keybindings, keybindings),
    },
  };
}

/** package.json's own format: two-space JSON, non-ASCII as \uXXXX escapes, a final newline. */
export function formatManifest(pkg: unknown): string {
  return JSON.stringify(pkg, null, 2).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
