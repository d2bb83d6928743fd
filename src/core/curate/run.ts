// Runs a recipe over a dataset: detectors annotate every sample (evidence kept, nothing deleted), each stage
// narrows the pool, the last stage fills the selection, and the run stores a versioned selection plus one
// 'dropped' annotation per sample that did not make it, naming the stage that dropped it.
import type { Db } from '../store/db';
import { humanOverrides, questionHash, replaceDetectorAnnotations, type AnnotationInput } from '../store/annotations';
import { saveSelection } from '../store/selections';
import { dataLabel } from './detectors/wrong-answer';
import { makeDetector, type Finding } from './detectors';
import { EvalIndex, type EvalItem } from './decontaminate';
import { dedup } from './dedup';
import { datasetId, loadPool, traceLength, type PoolSample } from './pool';
import { geometricIndex, seededRng, weightedIndex, type Rng } from './random';
import type { Recipe, Stage } from './recipe';

export interface FunnelRow { stage: string; type: string; kept: number; dropped: number; picked?: number; pool?: number }

export interface CurateOptions {
  dataset: string;
  recipe: Recipe;
  evalItems?: readonly EvalItem[];
  target?: number;
  seed?: number;
  onStage?: (stage: string) => void;
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
  /** Sample ids in selection order. */
  sampleIds: number[];
}

export class CurateError extends Error {}

interface Drop { stage: string; reason: string; detail?: unknown }

export const DROP_LABEL = 'dropped';
export const curateOrigin = (recipe: string) => `detector:curate:${recipe}`;

export function curate(db: Db, o: CurateOptions): CurateResult {
  const dsId = datasetId(db, o.dataset);
  if (dsId === undefined) throw new CurateError(`no dataset named '${o.dataset}'`);
  const recipe = o.recipe;
  const target = o.target ?? recipe.target ?? 1000;
  const seed = o.seed ?? recipe.seed ?? 42;
  const name = `${recipe.name}:${o.dataset}`;
  const pool = loadPool(db, dsId);
  const byId = new Map(pool.map((s) => [s.id, s]));
  const { keep, drop: forceDrop } = humanOverrides(db, dsId);
  const drops = new Map<number, Drop>();
  let alive: PoolSample[] = pool;
  const funnel: FunnelRow[] = [{ stage: 'start', type: 'start', kept: pool.length, dropped: 0 }];
  const narrow = (stage: Stage | { stage: string; type: string }, dropOf: (s: PoolSample) => Drop | undefined) => {
    const next: PoolSample[] = [];
    for (const s of alive) {
      const d = keep.has(s.id) ? undefined : dropOf(s);
      if (d) drops.set(s.id, d); else next.push(s);
    }
    funnel.push({ stage: stage.stage, type: stage.type, kept: next.length, dropped: alive.length - next.length });
    alive = next;
  };
  if (forceDrop.size) narrow({ stage: 'human drop', type: 'human' }, (s) => (forceDrop.has(s.id) ? { stage: 'human drop', reason: 'drop' } : undefined));

  let picks: PoolSample[] = [];
  let selected: PoolSample[] | undefined;
  // The pool the picks came from: the mix weights of the fill count the picked AIME/GPQA questions too.
  let pickedFrom: PoolSample[] | undefined;
  for (const stage of recipe.stages) {
    o.onStage?.(stage.stage);
    switch (stage.type) {
      case 'detector': {
        const det = makeDetector(stage.detector, stage.params);
        const findings: Finding[] = [];
        for (const s of pool) findings.push(...det.detect(s));
        replaceDetectorAnnotations(db, dsId, `detector:${det.name}`, findings.map(toAnnotation));
        const labels = new Set(stage.labels ?? det.labels.filter((l) => l !== 'grade-disagreement'));
        const first = new Map<number, Finding>();
        for (const f of findings) if (labels.has(f.label) && !first.has(f.sampleId)) first.set(f.sampleId, f);
        narrow(stage, (s) => { const f = first.get(s.id); return f && { stage: stage.stage, reason: f.label, detail: f.evidence }; });
        break;
      }
      case 'decontaminate': {
        if (!o.evalItems?.length) throw new CurateError(`recipe '${recipe.name}' has a decontamination stage: give the evaluation files with --eval FILE...`);
        const index = new EvalIndex(o.evalItems, stage.n ?? 8);
        const hits = new Map<number, unknown>();
        for (const s of pool) {
          const e = index.check(s.question, { rule: stage.rule ?? 'copy', minCoverage: stage.minCoverage });
          if (e) hits.set(s.id, e);
        }
        replaceDetectorAnnotations(db, dsId, 'detector:decontaminate', [...hits].map(([sampleId, evidence]) => ({ sampleId, label: 'contamination', evidence })));
        narrow(stage, (s) => (hits.has(s.id) ? { stage: stage.stage, reason: 'contamination', detail: hits.get(s.id) } : undefined));
        break;
      }
      case 'dedup': {
        const r = dedup(alive.map((s) => ({ id: s.id, question: s.question, length: traceLength(s), forceKeep: keep.has(s.id) })),
          { n: stage.n, rule: stage.rule, minCoverage: stage.minCoverage, maxDf: stage.maxDf });
        const dup = new Map(r.dropped.map((d) => [d.id, d]));
        const evidence = (d: (typeof r.dropped)[number]) => ({ kept_sample_id: d.keptId, kept_question_hash: questionHash(byId.get(d.keptId)!.question), cluster: d.cluster, cluster_size: d.size, coverage: d.coverage, rule: stage.rule ?? 'copy', n: stage.n ?? 8 });
        replaceDetectorAnnotations(db, dsId, 'detector:dedup', r.dropped.map((d) => ({ sampleId: d.id, label: 'duplicate', evidence: evidence(d) })));
        narrow(stage, (s) => { const d = dup.get(s.id); return d && { stage: stage.stage, reason: 'duplicate', detail: evidence(d) }; });
        break;
      }
      case 'difficulty': {
        narrow(stage, (s) => {
          const solved = stage.dropIfAny.filter((k) => s.features[k] === true);
          if (solved.length) return { stage: stage.stage, reason: 'solved', detail: { solved_by: solved } };
          if (stage.missing === 'drop' && stage.dropIfAny.some((k) => typeof s.features[k] !== 'boolean')) return { stage: stage.stage, reason: 'no difficulty label' };
          return undefined;
        });
        break;
      }
      case 'sources': {
        const inc = (stage.include ?? []).map((x) => new RegExp(x, 'i'));
        const exc = (stage.exclude ?? []).map((x) => new RegExp(x, 'i'));
        narrow(stage, (s) => {
          const src = s.source ?? '';
          if (inc.length && !inc.some((r) => r.test(src))) return { stage: stage.stage, reason: 'source not included', detail: { source: s.source } };
          if (exc.some((r) => r.test(src))) return { stage: stage.stage, reason: 'source excluded', detail: { source: s.source } };
          return undefined;
        });
        break;
      }
      case 'length': {
        narrow(stage, (s) => {
          const len = traceLength(s);
          if ((stage.min !== undefined && len < stage.min) || (stage.max !== undefined && len > stage.max)) return { stage: stage.stage, reason: 'length', detail: { length: len, min: stage.min ?? null, max: stage.max ?? null } };
          return undefined;
        });
        break;
      }
      case 'picks': {
        const rules = stage.rules.map((r) => ({ ...r, re: new RegExp(r.source, 'i') }));
        const picked = alive.filter((s) => keep.has(s.id) || rules.some((r) => r.re.test(s.source ?? '')
          && (!r.requireCorrect || dataLabel(s) === true) && (r.minLength === undefined || traceLength(s) > r.minLength)));
        const ids = new Set(picked.map((s) => s.id));
        picks = picks.concat(picked);
        funnel.push({ stage: stage.stage, type: stage.type, kept: picks.length, dropped: 0, picked: picked.length, pool: alive.length - picked.length });
        pickedFrom = alive;
        alive = alive.filter((s) => !ids.has(s.id));
        break;
      }
      case 'diversity': {
        const forced = alive.filter((s) => keep.has(s.id));
        const start = picks.concat(forced);
        const rest = alive.filter((s) => !keep.has(s.id));
        const fill = diversityFill(rest, pickedFrom ?? alive, start.length, target, stage, seededRng(seed));
        selected = start.concat(fill);
        const chosen = new Set(selected.map((s) => s.id));
        for (const s of rest) if (!chosen.has(s.id)) drops.set(s.id, { stage: stage.stage, reason: 'not drawn' });
        funnel.push({ stage: stage.stage, type: stage.type, kept: selected.length, dropped: rest.length - fill.length });
        break;
      }
      case 'longest': {
        const forced = alive.filter((s) => keep.has(s.id));
        const rest = alive.filter((s) => !keep.has(s.id)).sort(byLength);
        const room = Math.max(0, target - picks.length - forced.length);
        selected = picks.concat(forced, rest.slice(0, room));
        for (const s of rest.slice(room)) drops.set(s.id, { stage: stage.stage, reason: 'shorter than the selected' });
        funnel.push({ stage: stage.stage, type: stage.type, kept: selected.length, dropped: Math.max(0, rest.length - room) });
        break;
      }
    }
  }
  if (!selected) selected = picks.concat(alive);
  const rows = funnel.map(({ stage, kept, dropped, ...rest }) => ({ stage, kept, dropped, ...rest }));

  const { version } = saveSelection(db, {
    name, datasetId: dsId, recipe, seed, funnel: rows, sampleIds: selected.map((s) => s.id),
  });
  const ref = `${name}@${version}`;
  const dropRows: AnnotationInput[] = [];
  for (const [sampleId, d] of drops) dropRows.push({ sampleId, label: DROP_LABEL, evidence: { stage: d.stage, reason: d.reason, recipe: recipe.name, selection: ref, ...(d.detail === undefined ? {} : { detail: d.detail }) } });
  replaceDetectorAnnotations(db, dsId, curateOrigin(recipe.name), dropRows);
  return { selection: ref, name, version, recipe: recipe.name, seed, target, funnel: rows, selected: selected.length, sampleIds: selected.map((s) => s.id) };
}

function byLength(a: PoolSample, b: PoolSample): number {
  return traceLength(b) - traceLength(a) || a.id - b.id;
}

/**
 * s1's diversity fill: draw a domain uniformly until `uniformUntil` questions are chosen, then by the mix
 * (AIME + 0.5 x GPQA counts per domain); inside the domain take the question of rank i (longest first) with
 * weight base^(-i). A drained domain leaves the draw; when no mix domain is left, the draw is uniform again.
 */
export function diversityFill(candidates: readonly PoolSample[], mixFrom: readonly PoolSample[], already: number, target: number,
  stage: Extract<Stage, { type: 'diversity' }>, rng: Rng): PoolSample[] {
  const domains = new Map<string, PoolSample[]>();
  for (const s of candidates) {
    const d = s.domain ?? '(none)';
    const l = domains.get(d);
    if (l) l.push(s); else domains.set(d, [s]);
  }
  for (const l of domains.values()) l.sort(byLength);
  const names = [...domains.keys()].sort();
  const mixRules = (stage.mix ?? []).map((m) => ({ re: new RegExp(m.source, 'i'), weight: m.weight }));
  const mix = new Map<string, number>();
  for (const s of mixFrom) {
    const w = mixRules.reduce((a, r) => a + (r.re.test(s.source ?? '') ? r.weight : 0), 0);
    if (w) mix.set(s.domain ?? '(none)', (mix.get(s.domain ?? '(none)') ?? 0) + w);
  }
  const uniformUntil = stage.uniformUntil ?? target;
  const base = stage.lengthBase ?? 2;
  const out: PoolSample[] = [];
  while (already + out.length < target && names.length) {
    let di: number;
    const weights = names.map((n) => mix.get(n) ?? 0);
    if (already + out.length < uniformUntil || !weights.some((w) => w > 0)) di = Math.floor(rng() * names.length);
    else di = weightedIndex(rng, weights);
    const list = domains.get(names[di])!;
    const i = geometricIndex(rng, list.length, base);
    out.push(list[i]);
    list.splice(i, 1);
    if (!list.length) names.splice(di, 1);
  }
  return out;
}

function toAnnotation(f: Finding): AnnotationInput {
  return { sampleId: f.sampleId, traceId: f.traceId ?? null, label: f.label, evidence: f.evidence };
}
