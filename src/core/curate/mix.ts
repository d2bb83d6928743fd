// A mix: one new versioned selection drawn from several stored selections, of one data set or of several, as
// Bespoke-Stratos (math + code + puzzles) and OpenThoughts (sources per domain with mixing weights) combine
// theirs. Funnel: sources → a person's drops → dedup across sources (the curation's dedup) → sampling to the
// target, where a source with a count gives exactly that many and the rest of the target is shared by weight.
// Draws are seeded per source, so the same sources, target and seed give the same selection.
import type { Db } from '../store/db';
import { humanOverrides } from '../store/annotations';
import { selectionMixRows, type MixRow } from '../store/curation-pool';
import { findSelection, saveSelection } from '../store/selections';
import { dedup } from './dedup';
import { MixError, MIX_DEDUP_DEFAULT, formatMixSource, type MixDedup, type MixSource } from './mix-spec';
import { lengthOf } from './pool';
import { seededRng } from './random';
import type { FunnelRow } from './stages';

export { MixError, MIX_DEDUP_DEFAULT, parseMixSource, formatMixSource, checkMixSection, type MixSource, type MixSection, type MixDedup } from './mix-spec';

export interface MixOptions {
  /** The new selection's name (each run adds a version). */
  name: string;
  sources: readonly MixSource[];
  /** Size of the mix; without it, every weighted source gives all it has (a deduplicated union). */
  target?: number;
  seed?: number;
  /** The curation's dedup options (default: its fuzzy rule, MIX_DEDUP_DEFAULT), or false to keep duplicates. */
  dedup?: MixDedup | false;
  onStage?: (stage: string) => void;
}

/** What one source gave: the per-source counts of the funnel. */
export interface MixSourceReport {
  /** The selection as NAME@VERSION (the version this mix read). */
  selection: string;
  datasets: string[];
  count?: number;
  weight?: number;
  /** Samples in the source selection. */
  size: number;
  /** Dropped because a person rejected (or dropped) them. */
  humanDropped: number;
  /** Dropped as duplicates of a sample kept elsewhere (in another source, or earlier in this one). */
  duplicates: number;
  /** Left after dedup: what the sampling could draw from. */
  available: number;
  taken: number;
}

export interface MixResult {
  selection: string;
  name: string;
  version: number;
  seed: number;
  target: number | null;
  selected: number;
  sources: MixSourceReport[];
  funnel: FunnelRow[];
  warnings: string[];
  /** Sample ids in selection order: source by source, each in its own selection's order. */
  sampleIds: number[];
}

interface Loaded { ref: string; spec: MixSource; rows: MixRow[] }

/**
 * How many each source gives. Counts first (all a source has when it has fewer, with a warning); what the target
 * leaves is shared by weight, largest remainders first, and a source with less than its share gives all it has
 * while the others share the rest (water filling).
 */
export function allocate(sources: readonly { label: string; count?: number; weight?: number; available: number }[], target: number | undefined): { take: number[]; warnings: string[] } {
  const take = sources.map(() => 0);
  const warnings: string[] = [];
  let counted = 0;
  let requested = 0;
  sources.forEach((s, i) => {
    if (s.count === undefined) return;
    requested += s.count;
    take[i] = Math.min(s.count, s.available);
    counted += take[i];
    if (s.available < s.count) warnings.push(`${s.label} has only ${s.available} samples after dedup, not ${s.count}: all ${s.available} taken`);
  });
  if (target !== undefined && requested > target) throw new MixError(`the sources' counts add up to ${requested}, above --target ${target}`);
  let active = sources.map((s, i) => i).filter((i) => sources[i].count === undefined && sources[i].available > 0);
  if (target === undefined) {
    for (const i of active) take[i] = sources[i].available;
    return { take, warnings };
  }
  let room = target - counted;
  while (room > 0 && active.length) {
    const shares = largestRemainder(room, active.map((i) => sources[i].weight ?? 1));
    const full = active.filter((i, k) => shares[k] >= sources[i].available);
    if (!full.length) {
      active.forEach((i, k) => { take[i] = shares[k]; });
      room = 0;
      break;
    }
    for (const i of full) { take[i] = sources[i].available; room -= take[i]; }
    active = active.filter((i) => !full.includes(i));
  }
  const total = take.reduce((a, b) => a + b, 0);
  if (total < target) warnings.push(`the mix holds ${total} samples, below --target ${target}: the sources have no more after dedup`);
  return { take, warnings };
}

/** `total` split in whole numbers proportional to `weights` (largest remainders first, ties to the first). */
function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => i).sort((a, b) => (exact[b] - out[b]) - (exact[a] - out[a]) || a - b);
  for (const i of order) { if (left <= 0) break; out[i]++; left--; }
  return out;
}

/** Each source's draws have their own stream, so one source's count does not move another's draws. */
function sourceRng(seed: number, index: number) {
  return seededRng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

/** `k` of `n` positions drawn without replacement (partial Fisher-Yates), in ascending order. */
function drawPositions(n: number, k: number, rng: () => number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (n - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, k).sort((a, b) => a - b);
}

/**
 * A name may hold ':' (curate's RECIPE:DATASET), so only a last `:NUMBER` is a weight or count and `all:abc` is the
 * selection `all:abc`. When there is none and `all` is a selection, the suffix was meant as a weight or a count: say so.
 */
function suffixHint(db: Db, selection: string): string {
  const at = selection.lastIndexOf(':');
  if (at <= 0) return '';
  const [base, suffix] = [selection.slice(0, at), selection.slice(at + 1)];
  if (!findSelection(db, base)) return '';
  return `; '${suffix}' after the last ':' is no weight or count for the selection '${base}': write ${base}:0.3 for a weight (a decimal point), ${base}:300 for a count`;
}

export function mix(db: Db, o: MixOptions): MixResult {
  const name = o.name.trim();
  if (!name) throw new MixError('a mix needs a name (--name)');
  // NAME@N reads as version N of NAME (findSelection), so a mix named so could not be found by its own name.
  const at = /^(.*)@(v?\d+)$/.exec(name);
  if (at) throw new MixError(`--name ${name}: a selection's name cannot end in @N (${name} reads as version ${at[2].replace('v', '')} of ${at[1]}): choose another name, e.g. ${at[1]}-${at[2]}`);
  if (!o.sources.length) throw new MixError('a mix needs at least one source (--from SELECTION[:WEIGHT|:N])');
  if (o.target !== undefined && (!Number.isInteger(o.target) || o.target < 1)) throw new MixError('--target must be a positive integer');
  // Counts above the target are a mistake in the command: said before any source is read.
  const requested = o.sources.reduce((a, s) => a + (s.count ?? 0), 0);
  if (o.target !== undefined && requested > o.target) throw new MixError(`the sources' counts add up to ${requested}, above --target ${o.target}`);
  const seed = o.seed ?? 42;
  const loaded: Loaded[] = [];
  for (const spec of o.sources) {
    const sel = findSelection(db, spec.selection);
    if (!sel) throw new MixError(`no selection named '${spec.selection}' (distillery selection lists them)${suffixHint(db, spec.selection)}`);
    const ref = `${sel.name}@${sel.version}`;
    if (loaded.some((l) => l.ref === ref)) throw new MixError(`selection ${ref} is named twice in the mix`);
    loaded.push({ ref, spec, rows: selectionMixRows(db, sel.id) });
  }
  const reports: MixSourceReport[] = loaded.map((l) => ({
    selection: l.ref, datasets: [...new Set(l.rows.map((r) => r.dataset))].sort(),
    ...(l.spec.count !== undefined ? { count: l.spec.count } : { weight: l.spec.weight ?? 1 }),
    size: l.rows.length, humanDropped: 0, duplicates: 0, available: 0, taken: 0,
  }));
  const total = loaded.reduce((a, l) => a + l.rows.length, 0);
  const funnel: FunnelRow[] = [{ stage: 'sources', type: 'start', kept: total, dropped: 0 }];

  // A person's decisions win, as in curate: rejected or 'drop' never enters; accepted or 'keep' survives dedup.
  o.onStage?.('human drop');
  const keep = new Set<number>();
  const drop = new Set<number>();
  for (const dsId of new Set(loaded.flatMap((l) => l.rows.map((r) => r.dataset_id)))) {
    const h = humanOverrides(db, dsId);
    h.keep.forEach((id) => keep.add(id));
    h.drop.forEach((id) => drop.add(id));
  }
  let alive = 0;
  const pools: MixRow[][] = loaded.map((l, i) => l.rows.filter((r) => {
    if (drop.has(r.id) && !keep.has(r.id)) { reports[i].humanDropped++; return false; }
    alive++;
    return true;
  }));
  if (alive < total) funnel.push({ stage: 'human drop', type: 'human', kept: alive, dropped: total - alive });

  // Dedup across sources: a sample listed by two sources stays in the first; copies and near copies go through the
  // curation's dedup, its fuzzy rule by default (longest trace kept, a person's keep always stays).
  o.onStage?.('dedup across sources');
  const owner = new Map<number, number>();
  const docs: { id: number; question: string; length: number; forceKeep: boolean }[] = [];
  pools.forEach((rows, i) => {
    for (const r of rows) {
      if (owner.has(r.id)) continue;
      owner.set(r.id, i);
      docs.push({ id: r.id, question: r.question, length: lengthOf(r.gemini_length, r.thinking_tokens, r.thinking_chars), forceKeep: keep.has(r.id) });
    }
  });
  const dedupOpts = o.dedup === false ? false : { ...MIX_DEDUP_DEFAULT, ...o.dedup };
  const dropped = new Set(dedupOpts === false ? [] : dedup(docs, dedupOpts).dropped.map((d) => d.id));
  let afterDedup = 0;
  const deduped = pools.map((rows, i) => {
    const kept = rows.filter((r) => owner.get(r.id) === i && !dropped.has(r.id));
    reports[i].duplicates = rows.length - kept.length;
    reports[i].available = kept.length;
    afterDedup += kept.length;
    return kept;
  });
  funnel.push({ stage: 'dedup across sources', type: 'dedup', kept: afterDedup, dropped: alive - afterDedup });

  o.onStage?.('sampling');
  const { take, warnings } = allocate(reports.map((r, i) => ({ label: formatMixSource({ ...loaded[i].spec, selection: r.selection }), count: r.count, weight: r.weight, available: r.available })), o.target);
  const sampleIds: number[] = [];
  const datasetsUsed = new Set<number>();
  deduped.forEach((rows, i) => {
    reports[i].taken = take[i];
    for (const p of drawPositions(rows.length, take[i], sourceRng(seed, i))) {
      sampleIds.push(rows[p].id);
      datasetsUsed.add(rows[p].dataset_id);
    }
  });
  funnel.push({ stage: o.target === undefined ? 'union' : 'weighted sampling', type: 'mix', kept: sampleIds.length, dropped: afterDedup - sampleIds.length });
  if (!sampleIds.length) {
    // Sources that were empty to begin with are named as such, not as emptied by the stages.
    throw new MixError(total === 0
      ? `the mix is empty: ${reports.map((r) => r.selection).join(', ')} ${reports.length === 1 ? 'holds' : 'hold'} no samples (distillery selection NAME shows one)`
      : `the mix is empty: its sources hold no samples after ${funnel.slice(1).map((f) => f.stage).join(' and ')}`);
  }

  const recipe = {
    kind: 'mix', name, target: o.target ?? null, seed, dedup: dedupOpts,
    // The versions read, so the mix can be made again from the same inputs.
    sources: reports.map((r) => ({ ...r })),
  };
  const { version } = saveSelection(db, {
    name, datasetId: datasetsUsed.size === 1 ? [...datasetsUsed][0] : null, recipe, seed, funnel, sampleIds,
  });
  return { selection: `${name}@${version}`, name, version, seed, target: o.target ?? null, selected: sampleIds.length, sources: reports, funnel, warnings, sampleIds };
}
