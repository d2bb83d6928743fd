// s1's diversity fill: the picks and force keeps first, then draws by domain until the target is reached.
import { byLength, type PoolEntry } from '../pool';
import { geometricIndex, seededRng, weightedIndex, type Rng } from '../random';
import { badRegex, sourceRe, type StageDef } from './types';

export interface DiversityStage { stage: string; type: 'diversity'; uniformUntil?: number; mix?: { source: string; weight: number }[]; lengthBase?: number }

export const diversityStage: StageDef<DiversityStage> = {
  type: 'diversity',
  selects: true,
  check(s, fail) {
    if (s.mix !== undefined && (!Array.isArray(s.mix) || !s.mix.every((m) => typeof m?.source === 'string' && typeof m.weight === 'number'))) fail('mix', 'must be an array of {source, weight}');
  },
  validate: (s) => badRegex((s.mix ?? []).map((m) => m.source), 'mix source'),
  run(stage, r) {
    const forced = r.alive.filter((s) => r.keep.has(s.id));
    const start = r.picks.concat(forced);
    const rest = r.alive.filter((s) => !r.keep.has(s.id));
    const fill = diversityFill(rest, r.pickedFrom ?? r.alive, start.length, r.target, stage, seededRng(r.seed));
    r.selected = start.concat(fill);
    const chosen = new Set(r.selected.map((s) => s.id));
    const notDrawn = { stage: stage.stage, reason: 'not drawn: the diversity fill reached the target without it' }; // one for all: most of a large pool
    for (const s of rest) if (!chosen.has(s.id)) r.drops.set(s.id, notDrawn);
    r.funnel.push({ stage: stage.stage, type: stage.type, kept: r.selected.length, dropped: rest.length - fill.length });
  },
};

/**
 * s1's diversity fill: draw a domain uniformly until `uniformUntil` questions are chosen, then by the mix
 * (AIME + 0.5 x GPQA counts per domain); inside the domain take the question of rank i (longest first) with
 * weight base^(-i). A drained domain leaves the draw; when no mix domain is left, the draw is uniform again.
 */
export function diversityFill(candidates: readonly PoolEntry[], mixFrom: readonly PoolEntry[], already: number, target: number,
  stage: DiversityStage, rng: Rng): PoolEntry[] {
  const domains = new Map<string, PoolEntry[]>();
  for (const s of candidates) {
    const d = s.domain ?? '(none)';
    const l = domains.get(d);
    if (l) l.push(s); else domains.set(d, [s]);
  }
  for (const l of domains.values()) l.sort(byLength);
  const names = [...domains.keys()].sort();
  const mixRules = (stage.mix ?? []).map((m) => ({ re: sourceRe(m.source), weight: m.weight }));
  const mix = new Map<string, number>();
  for (const s of mixFrom) {
    const w = mixRules.reduce((a, r) => a + (r.re.test(s.source ?? '') ? r.weight : 0), 0);
    if (w) mix.set(s.domain ?? '(none)', (mix.get(s.domain ?? '(none)') ?? 0) + w);
  }
  const uniformUntil = stage.uniformUntil ?? target;
  const base = stage.lengthBase ?? 2;
  const out: PoolEntry[] = [];
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
