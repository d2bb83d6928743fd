// Runs a recipe over a dataset: detectors annotate every sample (evidence kept, nothing deleted), each stage
// narrows the pool, the last stage fills the selection, and the run stores a versioned selection plus one
// 'dropped' annotation per sample that did not make it, naming the stage that dropped it.
// The samples' text is read once, a batch at a time, by the stages that read it (their `scan`); the run holds
// entries without trace text, so memory grows with the questions, not with the traces.
// The stages themselves live in stages/*.ts; this file checks them all, then runs them in order.
import type { Db } from '../store/db';
import { humanOverrides, replaceDetectorAnnotations, type AnnotationInput } from '../store/annotations';
import { saveSelection } from '../store/selections';
import type { EvalItem } from './decontaminate';
import { datasetId, entryOf, forEachPoolBatch, Interner, type PoolEntry } from './pool';
import type { Recipe } from './recipe';
import { stageDef, type BaseStage, type CurateRun, type Drop, type FunnelRow } from './stages';
import { targetNote } from './wording';

export type { FunnelRow } from './stages';

export interface CurateOptions {
  dataset: string;
  recipe: Recipe;
  evalItems?: readonly EvalItem[];
  target?: number;
  seed?: number;
  onStage?: (stage: string) => void;
  /** Samples per read in the streamed pass (default: sized by their text, pool.ts; any size gives the same result). */
  batchSize?: number;
}

export interface CurateResult {
  selection: string;
  name: string;
  version: number;
  recipe: string;
  seed: number;
  target: number;
  funnel: FunnelRow[];
  selected: number;
  /** Why the selection is smaller than the target, when it is (wording.ts targetNote). */
  note?: string;
  /** Sample ids in selection order. */
  sampleIds: number[];
}

export class CurateError extends Error {}

export const DROP_LABEL = 'dropped';
/** A sample a stage would have dropped, kept because a person accepted it (or labelled it keep). */
export const KEPT_BY_PERSON_LABEL = 'kept-by-person';
export const curateOrigin = (recipe: string) => `detector:curate:${recipe}`;

/**
 * Every stage's arguments and inputs, checked before any stage runs (a run that fails half-way would have
 * rewritten the detectors' annotations for nothing). Throws one error naming each stage and what to pass.
 */
export function checkRecipeInputs(recipe: Recipe, evalItems: readonly EvalItem[] = []): void {
  const problems: string[] = [];
  for (const stage of recipe.stages) {
    const def = stageDef(stage.type);
    const p = def ? def.validate?.(stage, { evalItems }) : `has an unknown type '${stage.type}'`;
    if (p) problems.push(`stage '${stage.stage}' ${p}`);
  }
  if (problems.length) throw new CurateError(`recipe '${recipe.name}' cannot run: ${problems.join('; ')}`);
}

export function curate(db: Db, o: CurateOptions): CurateResult {
  const dsId = datasetId(db, o.dataset);
  if (dsId === undefined) throw new CurateError(`no dataset named '${o.dataset}'`);
  const recipe = o.recipe;
  if (!recipe.stages.length) throw new CurateError(`recipe '${recipe.name}' has no stages, only a mix: run it with distillery mix --recipe`);
  const evalItems = o.evalItems ?? [];
  checkRecipeInputs(recipe, evalItems);
  const target = o.target ?? recipe.target ?? 1000;
  const seed = o.seed ?? recipe.seed ?? 42;
  const name = `${recipe.name}:${o.dataset}`;
  // One streamed pass: the entries every stage holds, and each text-reading stage's findings.
  const pool: PoolEntry[] = [];
  const scanners = recipe.stages.flatMap((st) => {
    const sc = stageDef(st.type)!.scan?.(st, { evalItems });
    return sc ? [[st, sc] as const] : [];
  });
  const strings = new Interner();
  forEachPoolBatch(db, dsId, (batch) => {
    for (const s of batch) pool.push(entryOf(s, strings));
    for (const [, sc] of scanners) sc.add(batch);
  }, o.batchSize);
  const scans = new Map<BaseStage, unknown>(scanners.map(([st, sc]) => [st, sc.done()]));
  const { keep, drop: forceDrop } = humanOverrides(db, dsId);
  const run: CurateRun = {
    db, datasetId: dsId, pool, scans, keep, evalItems, target, seed,
    alive: pool, picks: [], drops: new Map<number, Drop>(), overrides: new Map<number, Drop>(),
    funnel: [{ stage: 'start', type: 'start', kept: pool.length, dropped: 0 }],
    narrow: (stage, dropOf) => {
      const next: PoolEntry[] = [];
      let overridden = 0;
      for (const s of run.alive) {
        const d = dropOf(s);
        if (d && keep.has(s.id)) {
          // A person's decision outranks the stage: kept, and said so (funnel row and a 'kept-by-person' label).
          overridden++;
          if (!run.overrides.has(s.id)) run.overrides.set(s.id, d);
          next.push(s);
        } else if (d) run.drops.set(s.id, d); else next.push(s);
      }
      run.funnel.push({ stage: stage.stage, type: stage.type, kept: next.length, dropped: run.alive.length - next.length, ...(overridden ? { overridden } : {}) });
      run.alive = next;
    },
  };
  if (forceDrop.size) run.narrow({ stage: 'human drop', type: 'human' }, (s) => (forceDrop.has(s.id) ? { stage: 'human drop', reason: 'a person rejected it' } : undefined));

  for (const stage of recipe.stages) {
    o.onStage?.(stage.stage);
    const def = stageDef(stage.type)!;
    const input = run.alive;
    const rows = run.funnel.length;
    def.run(stage, run);
    // The stage's findings are written and its drops made: let them go before the next stage (dedup's peak).
    scans.delete(stage);
    // A stage that emptied the pool says why when the data explains it (e.g. columns the recipe needs are missing).
    const row = run.funnel.length > rows ? run.funnel[run.funnel.length - 1] : undefined;
    if (row && row.kept === 0 && row.dropped > 0 && def.whyEmpty) {
      const reason = def.whyEmpty(stage, input, run);
      if (reason) row.reason = reason;
    }
  }
  const selected = run.selected ?? run.picks.concat(run.alive);
  const rows = run.funnel.map(({ stage, kept, dropped, ...rest }) => ({ stage, kept, dropped, ...rest }));

  const { version } = saveSelection(db, {
    name, datasetId: dsId, recipe, seed, funnel: rows, sampleIds: selected.map((s) => s.id),
  });
  const ref = `${name}@${version}`;
  // One row at a time (at 1.2M rows an array of them, evidence and all, was hundreds of MB).
  function* dropRows(): Generator<AnnotationInput> {
    for (const [sampleId, d] of run.drops) yield { sampleId, label: DROP_LABEL, evidence: { stage: d.stage, reason: d.reason, recipe: recipe.name, selection: ref, ...(d.detail === undefined ? {} : { detail: d.detail }) } };
    for (const [sampleId, d] of run.overrides) {
      yield { sampleId, label: KEPT_BY_PERSON_LABEL, evidence: { stage: d.stage, reason: `kept because a person accepted it; the stage would drop it: ${d.reason}`, recipe: recipe.name, selection: ref } };
    }
  }
  replaceDetectorAnnotations(db, dsId, curateOrigin(recipe.name), dropRows());
  const note = targetNote(rows, target, selected.length);
  return { selection: ref, name, version, recipe: recipe.name, seed, target, funnel: rows, selected: selected.length, ...(note ? { note } : {}), sampleIds: selected.map((s) => s.id) };
}
