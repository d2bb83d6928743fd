// "Map Columns…" after an import no preset fits: the file's columns offered field by field, as `--preset generic
// --map` would name them on the CLI (the editor has no --map), so a file of any layout can be imported from here.
import type * as vscode from 'vscode';
import type { Prompts } from './prompts';

interface ColumnItem extends vscode.QuickPickItem { column?: string }

const NONE: ColumnItem = { label: '(none)', description: 'the file has no such column' };

/** One field's column, picked from `columns`; undefined = cancelled, null = none (optional fields only). */
async function pickColumn(prompts: Prompts, columns: readonly string[], field: string, what: string, optional: boolean): Promise<string | null | undefined> {
  const items: ColumnItem[] = [...(optional ? [NONE] : []), ...columns.map((c) => ({ label: c, column: c }))];
  const pick = await prompts.quickPick(items, { title: `Import: which column is the ${what}?`, placeHolder: `${field}${optional ? ' (optional)' : ''}` });
  if (!pick) return undefined;
  return pick.column ?? null;
}

/**
 * Asks which column holds the question (required), the gold answer, the thinking and the answer after it (or one
 * whole response with its thinking inside); returns the map for the generic preset, or undefined when cancelled.
 */
export async function askColumnMap(prompts: Prompts, columns: readonly string[]): Promise<Record<string, string> | undefined> {
  const map: Record<string, string> = {};
  const question = await pickColumn(prompts, columns, 'question', 'question (the prompt)', false);
  if (!question) return undefined;
  map.question = question;
  const rest = () => columns.filter((c) => !Object.values(map).includes(c));
  const steps: [field: string, what: string, when: () => boolean][] = [
    ['answer', 'gold answer', () => true],
    ['thinking', 'thinking (the reasoning trace)', () => true],
    ['attempt', "model's answer after its thinking", () => map.thinking !== undefined],
    ['response', "model's whole response (its thinking inside <think>…</think>)", () => map.thinking === undefined],
  ];
  for (const [field, what, when] of steps) {
    if (!when() || !rest().length) continue;
    const c = await pickColumn(prompts, rest(), field, what, true);
    if (c === undefined) return undefined;
    if (c) map[field] = c;
  }
  return map;
}

/** The map as the CLI would take it (`question=prob,answer=sol`), for the log and the notification. */
export const mapText = (map: Record<string, string>): string => Object.entries(map).map(([k, v]) => `${k}=${v}`).join(',');
