// Recipes are data: a list of stages with parameters (schemas/recipe.schema.json). Three are built in
// (recipes/*.json, bundled); a user's file is validated here with messages that name the bad field.
import { readFileSync } from 'node:fs';
import s1k from '../../../recipes/s1k.json';
import s1kNotebook from '../../../recipes/s1k-notebook.json';
import openthoughts from '../../../recipes/openthoughts.json';

export type DetectorName = 'api-error' | 'wrong-answer' | 'formatting' | 'truncated' | 'language';

export type Stage =
  | { stage: string; type: 'detector'; detector: DetectorName; labels?: string[]; params?: Record<string, unknown> }
  | { stage: string; type: 'decontaminate'; n?: number; rule?: 'any' | 'copy'; minCoverage?: number }
  | { stage: string; type: 'dedup'; n?: number; rule?: 'any' | 'copy'; minCoverage?: number; maxDf?: number }
  | { stage: string; type: 'difficulty'; dropIfAny: string[]; missing?: 'keep' | 'drop' }
  | { stage: string; type: 'sources'; include?: string[]; exclude?: string[] }
  | { stage: string; type: 'length'; min?: number; max?: number }
  | { stage: string; type: 'picks'; rules: PickRule[] }
  | { stage: string; type: 'diversity'; uniformUntil?: number; mix?: { source: string; weight: number }[]; lengthBase?: number }
  | { stage: string; type: 'longest' };

export interface PickRule { source: string; requireCorrect?: boolean; minLength?: number }

export interface Recipe {
  name: string;
  description?: string;
  target?: number;
  seed?: number;
  stages: Stage[];
}

export const BUILTIN_RECIPES: Record<string, Recipe> = {
  s1k: s1k as Recipe,
  's1k-notebook': s1kNotebook as Recipe,
  openthoughts: openthoughts as Recipe,
};

const TYPES = ['detector', 'decontaminate', 'dedup', 'difficulty', 'sources', 'length', 'picks', 'diversity', 'longest'];
const DETECTORS = ['api-error', 'wrong-answer', 'formatting', 'truncated', 'language'];

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
  try { json = JSON.parse(text); } catch (e) { throw new RecipeError(`${nameOrFile}: not JSON: ${(e as Error).message}`); }
  return validateRecipe(json, nameOrFile);
}

export function validateRecipe(v: unknown, where = 'recipe'): Recipe {
  const fail = (m: string): never => { throw new RecipeError(`${where}: ${m}`); };
  if (!v || typeof v !== 'object') fail('must be an object');
  const r = v as Recipe;
  if (typeof r.name !== 'string' || !r.name) fail("'name' must be a non-empty string");
  if (r.target !== undefined && (!Number.isInteger(r.target) || r.target < 1)) fail("'target' must be a positive integer");
  if (r.seed !== undefined && !Number.isInteger(r.seed)) fail("'seed' must be an integer");
  if (!Array.isArray(r.stages) || !r.stages.length) fail("'stages' must be a non-empty array");
  r.stages.forEach((s, i) => {
    const at = `stages[${i}]`;
    if (!s || typeof s !== 'object') fail(`${at} must be an object`);
    if (typeof s.stage !== 'string' || !s.stage) fail(`${at}.stage must be a non-empty string`);
    if (!TYPES.includes(s.type)) fail(`${at}.type must be one of ${TYPES.join(', ')}`);
    if (s.type === 'detector' && !DETECTORS.includes(s.detector)) fail(`${at}.detector must be one of ${DETECTORS.join(', ')}`);
    if (s.type === 'difficulty' && (!Array.isArray(s.dropIfAny) || !s.dropIfAny.every((x) => typeof x === 'string'))) fail(`${at}.dropIfAny must be an array of feature names`);
    if (s.type === 'picks' && (!Array.isArray(s.rules) || !s.rules.every((x) => typeof x?.source === 'string'))) fail(`${at}.rules must be an array of {source, requireCorrect?, minLength?}`);
    if ((s.type === 'decontaminate' || s.type === 'dedup') && s.rule !== undefined && s.rule !== 'any' && s.rule !== 'copy') fail(`${at}.rule must be 'any' or 'copy'`);
    if ((s.type === 'decontaminate' || s.type === 'dedup') && s.n !== undefined && (!Number.isInteger(s.n) || s.n < 1)) fail(`${at}.n must be a positive integer`);
  });
  const selecting = r.stages.filter((s) => s.type === 'diversity' || s.type === 'longest');
  if (selecting.length > 1 || (selecting.length === 1 && r.stages[r.stages.length - 1] !== selecting[0])) fail("at most one 'diversity' or 'longest' stage, and it comes last");
  return r;
}
