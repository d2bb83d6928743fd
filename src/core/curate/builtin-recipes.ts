// The built-in recipes (recipes/*.json, bundled), listed once: `curate --recipe NAME` and the editor's recipe
// picker both read this list. Kept apart from recipe.ts so the extension host can import it without the stages.
import s1k from '../../../recipes/s1k.json';
import s1kNotebook from '../../../recipes/s1k-notebook.json';
import openthoughts from '../../../recipes/openthoughts.json';
import stratos from '../../../recipes/stratos.json';
import type { Recipe } from './recipe';

/** Each built-in recipe with the one line a picker shows (the recipe's own description is the long form). */
export const BUILTIN_RECIPE_LIST: readonly { name: string; summary: string; recipe: Recipe }[] = [
  { name: 's1k', summary: 's1K in full: quality, decontamination, dedup, difficulty, benchmark picks, domain diversity', recipe: s1k as Recipe },
  { name: 's1k-notebook', summary: "the s1 notebook's funnel exactly, to compare with the published counts", recipe: s1kNotebook as Recipe },
  { name: 'openthoughts', summary: 'OpenThoughts: sources, difficulty, length, dedup and decontamination; every trace kept, verified or not', recipe: openthoughts as Recipe },
  { name: 'stratos', summary: 'Bespoke-Stratos: only questions with a verified trace (distillery verify first), deduplicated and decontaminated', recipe: stratos as Recipe },
];

export const BUILTIN_RECIPES: Readonly<Record<string, Recipe>> = Object.fromEntries(BUILTIN_RECIPE_LIST.map((r) => [r.name, r.recipe]));
