// What a mix is made of: its sources (a stored selection each, with a count or a weight) and its dedup options,
// as `distillery mix --from` writes them and as a recipe's `mix` section holds them (schemas/recipe.schema.json).
//
// `--from SELECTION[:WEIGHT|:N]`: a suffix with a decimal point is a weight (`:0.3`, `:2.0`); a whole number is
// an exact count (`:300`); no suffix is weight 1. Only the last `:NUMBER` is read, so `s1k:math@2:0.5` is the
// selection `s1k:math@2` at weight 0.5; a selection whose own name ends in `:NUMBER` needs a suffix (`:1.0`).
import type { DedupRule } from './dedup';

export class MixError extends Error {}

/** One source: exactly one of count (take this many) and weight (a share of what the target leaves). */
export interface MixSource { selection: string; count?: number; weight?: number }

/** The curation's dedup options (dedup.ts). A mix defaults to 'fuzzy': sources often write one problem in other markup. */
export interface MixDedup { n?: number; rule?: DedupRule; minCoverage?: number; maxDf?: number; minRatio?: number }

export const MIX_DEDUP_DEFAULT: MixDedup = { rule: 'fuzzy' };

/** A recipe's `mix` section. */
export interface MixSection { sources: MixSource[]; dedup?: MixDedup | false }

const SUFFIX = /^(.+):(\d+|\d*\.\d+|\d+\.\d*)$/;

export function parseMixSource(spec: string): MixSource {
  const m = SUFFIX.exec(spec);
  if (!m) {
    if (!spec.trim()) throw new MixError('--from needs a selection name');
    return { selection: spec, weight: 1 };
  }
  const [, selection, num] = m;
  if (num.includes('.')) {
    const weight = Number(num);
    if (!(weight > 0)) throw new MixError(`--from ${spec}: a weight must be above 0 (write :300 for a count, :0.3 for a weight)`);
    return { selection, weight };
  }
  const count = Number(num);
  if (count < 1) throw new MixError(`--from ${spec}: a count must be at least 1 (write :300 for a count, :0.3 for a weight)`);
  return { selection, count };
}

/** The source as `--from` would write it (the funnel and the stored recipe show it so). */
export function formatMixSource(s: MixSource): string {
  const w = s.weight ?? 1;
  return s.count !== undefined ? `${s.selection}:${s.count}` : `${s.selection}:${Number.isInteger(w) ? w.toFixed(1) : w}`;
}

/** Checks a recipe's `mix` section; `fail` throws naming the field. Sources without count or weight get weight 1. */
export function checkMixSection(v: unknown, fail: (field: string, message: string) => never): MixSection {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return fail('mix', 'must be an object with a sources array');
  const m = v as MixSection;
  if (!Array.isArray(m.sources) || !m.sources.length) return fail('mix.sources', 'must be a non-empty array');
  m.sources.forEach((s, i) => {
    const at = `mix.sources[${i}]`;
    if (!s || typeof s !== 'object') fail(at, 'must be an object');
    if (typeof s.selection !== 'string' || !s.selection) fail(`${at}.selection`, 'must be a non-empty string (a selection name, NAME@N for a version)');
    if (s.count !== undefined && s.weight !== undefined) fail(at, "has both 'count' and 'weight': give one");
    if (s.count !== undefined && (!Number.isInteger(s.count) || s.count < 1)) fail(`${at}.count`, 'must be a positive integer');
    if (s.weight !== undefined && (typeof s.weight !== 'number' || !(s.weight > 0) || !Number.isFinite(s.weight))) fail(`${at}.weight`, 'must be a number above 0');
    if (s.count === undefined && s.weight === undefined) s.weight = 1;
  });
  const d = m.dedup;
  if (d !== undefined && d !== false) {
    if (!d || typeof d !== 'object') return fail('mix.dedup', 'must be an object (n, rule, minCoverage, maxDf) or false');
    if (d.rule !== undefined && d.rule !== 'any' && d.rule !== 'copy' && d.rule !== 'fuzzy') fail('mix.dedup.rule', "must be 'any', 'copy' or 'fuzzy'");
    if (d.minRatio !== undefined && (typeof d.minRatio !== 'number' || !(d.minRatio > 0 && d.minRatio <= 1))) fail('mix.dedup.minRatio', 'must be a number in (0, 1]');
    if (d.n !== undefined && (!Number.isInteger(d.n) || d.n < 1)) fail('mix.dedup.n', 'must be a positive integer');
    if (d.minCoverage !== undefined && (typeof d.minCoverage !== 'number' || d.minCoverage < 0 || d.minCoverage > 1)) fail('mix.dedup.minCoverage', 'must be a number from 0 to 1');
    if (d.maxDf !== undefined && (!Number.isInteger(d.maxDf) || d.maxDf < 2)) fail('mix.dedup.maxDf', 'must be an integer of at least 2');
  }
  return m;
}
