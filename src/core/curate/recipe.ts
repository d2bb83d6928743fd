// Recipes are data: a list of stages with parameters (schemas/recipe.schema.json). Three are built in
// (builtin-recipes.ts); a user's file is validated here with messages that name the bad field.
// The stage types and their fields come from the stage registry (stages/index.ts). A recipe may name a mix
// instead of (or besides) stages: its `mix` section lists source selections with counts or weights (mix-spec.ts),
// which `distillery mix --recipe FILE` runs; `curate` needs stages.
import { readFileSync } from 'node:fs';
import { BUILTIN_RECIPES } from './builtin-recipes';
import { STAGES, STAGE_TYPES, stageDef, type Stage } from './stages';
import { checkMixSection, type MixSection } from './mix-spec';

export type { Stage, PickRule } from './stages';
export type { DetectorName } from './detectors';
export { BUILTIN_RECIPES, BUILTIN_RECIPE_LIST } from './builtin-recipes';

export interface Recipe {
  name: string;
  description?: string;
  target?: number;
  seed?: number;
  /** Empty in a recipe that only mixes. */
  stages: Stage[];
  /** Sources and weights for `distillery mix`. */
  mix?: MixSection;
}

export class RecipeError extends Error {}

/** A built-in recipe by name, or a recipe file. */
export function loadRecipe(nameOrFile: string): Recipe {
  const builtin = BUILTIN_RECIPES[nameOrFile];
  if (builtin) return validateRecipe(structuredClone(builtin));
  let text: string;
  try { text = readFileSync(nameOrFile, 'utf8'); } catch {
    throw new RecipeError(`no built-in recipe '${nameOrFile}' (${Object.keys(BUILTIN_RECIPES).join(', ')}) and no such file`);
  }
  let json: unknown;
  // A byte-order mark (a file saved on Windows) is no part of the JSON, as import reads its files.
  try { json = JSON.parse(text.replace(/^\uFEFF/, '')); } catch (e) { throw new RecipeError(`${nameOrFile}: not JSON: ${(e as Error).message}`); }
  return validateRecipe(json, nameOrFile);
}

export function validateRecipe(v: unknown, where = 'recipe'): Recipe {
  const fail = (m: string): never => { throw new RecipeError(`${where}: ${m}`); };
  if (!v || typeof v !== 'object') fail('must be an object');
  const r = v as Recipe;
  if (typeof r.name !== 'string' || !r.name) fail("'name' must be a non-empty string");
  if (r.target !== undefined && (!Number.isInteger(r.target) || r.target < 1)) fail("'target' must be a positive integer");
  if (r.seed !== undefined && !Number.isInteger(r.seed)) fail("'seed' must be an integer");
  if (r.mix !== undefined) checkMixSection(r.mix, (field, message) => fail(`${field} ${message}`));
  if (r.mix !== undefined && r.stages === undefined) r.stages = [];
  else if (!Array.isArray(r.stages) || !r.stages.length) fail(`'stages' must be a non-empty array${r.mix === undefined ? " (or give a 'mix' section)" : ''}`);
  r.stages.forEach((s, i) => {
    const at = `stages[${i}]`;
    if (!s || typeof s !== 'object') fail(`${at} must be an object`);
    if (typeof s.stage !== 'string' || !s.stage) fail(`${at}.stage must be a non-empty string`);
    const def = stageDef(s.type);
    if (!def) return fail(`${at}.type must be one of ${STAGE_TYPES.join(', ')}`);
    def.check?.(s, (field, message) => fail(`${at}.${field} ${message}`));
  });
  const selecting = r.stages.filter((s) => stageDef(s.type)?.selects);
  if (selecting.length > 1 || (selecting.length === 1 && r.stages[r.stages.length - 1] !== selecting[0])) {
    fail(`at most one ${STAGES.filter((d) => d.selects).map((d) => `'${d.type}'`).join(' or ')} stage, and it comes last`);
  }
  return r;
}
