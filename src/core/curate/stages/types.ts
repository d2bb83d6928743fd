// The contract every curation stage keeps (stages/*.ts, listed once in stages/index.ts): check its recipe
// fields, check its inputs before any stage runs, then narrow the pool of one run.
import type { Db } from '../../store/db';
import type { EvalItem } from '../decontaminate';
import type { PoolEntry, PoolSample } from '../pool';
import { describeMissingColumns } from '../wording';

/** Why a sample left the pool: the stage's name, a short reason (kept in its 'dropped' annotation) and evidence. */
export interface Drop { stage: string; reason: string; detail?: unknown }

/** One funnel line. `reason` says why a stage dropped every sample when the data explains it. */
export interface FunnelRow {
  stage: string; type: string; kept: number; dropped: number; picked?: number; pool?: number; reason?: string;
  /** Samples the stage would have dropped that a person's decision (accepted, or labelled keep) kept. */
  overridden?: number;
}

/** What a run has to offer its stages besides the data, checked by `validate` before anything runs. */
export interface StageInputs { evalItems: readonly EvalItem[] }

/** One curation run's state, shared by its stages in recipe order. */
export interface CurateRun {
  db: Db;
  datasetId: number;
  /** Every sample of the dataset (entries: no trace text). Detectors annotate all of them, whatever earlier stages dropped. */
  pool: readonly PoolEntry[];
  /** What each stage's `scan` gathered in the streamed pass over the samples' text, by stage. */
  scans: ReadonlyMap<BaseStage, unknown>;
  /** Samples a person forced in: no stage drops them. */
  keep: ReadonlySet<number>;
  evalItems: readonly EvalItem[];
  target: number;
  seed: number;
  /** Samples still in the running. */
  alive: PoolEntry[];
  /** Samples a 'picks' stage took; they go into the selection before any fill. */
  picks: PoolEntry[];
  /** The pool the picks came from (a diversity fill weighs domains by it). */
  pickedFrom?: PoolEntry[];
  /** Set by the selecting stage (the last one); otherwise the selection is picks + alive. */
  selected?: PoolEntry[];
  drops: Map<number, Drop>;
  /** Samples a person kept that a stage would have dropped: the first such stage and its reason. */
  overrides: Map<number, Drop>;
  funnel: FunnelRow[];
  /** Drops from `alive` what `dropOf` names (force-kept samples excepted) and adds the stage's funnel row. */
  narrow(stage: { stage: string; type: string }, dropOf: (s: PoolEntry) => Drop | undefined): void;
}

export interface BaseStage { stage: string; type: string }

/** One stage's share of the streamed pass (StageDef.scan). */
export interface Scanner { add(batch: readonly PoolSample[]): void; done(): unknown }

export interface StageDef<S extends BaseStage> {
  readonly type: S['type'];
  /** A selecting stage fills the selection up to the target; a recipe has at most one, last. */
  readonly selects?: boolean;
  /** The shape of the stage's own fields in a recipe file; `fail` throws naming the field. */
  check?(stage: S, fail: (field: string, message: string) => never): void;
  /** Arguments and inputs, before any stage runs: a problem to report (naming the option to pass), or undefined. */
  validate?(stage: S, inputs: StageInputs): string | undefined;
  /**
   * For a stage that reads every sample's text (detectors, decontamination): a scanner fed each batch of whole
   * samples in id order, in one streamed pass before any stage runs; what it returns from `done` is the stage's
   * `run.scans` entry. Nothing of a batch is kept unless the scanner keeps it (findings, not text).
   */
  scan?(stage: S, inputs: StageInputs): Scanner;
  run(stage: S, run: CurateRun): void;
  /** When the stage dropped every sample of `input`: why, if the data explains it (e.g. a missing column). */
  whyEmpty?(stage: S, input: readonly PoolEntry[], run: CurateRun): string | undefined;
}

/** Compiles a recipe's regular expression (sources, picks, mix) as stages match them: case-insensitive. */
export function sourceRe(source: string): RegExp {
  return new RegExp(source, 'i');
}

/** A problem if a recipe's regular expression does not compile. */
export function badRegex(sources: readonly string[], field: string): string | undefined {
  for (const s of sources) {
    try { sourceRe(s); } catch (e) { return `${field} '${s}' is not a regular expression (${(e as Error).message})`; }
  }
  return undefined;
}

/** The n-gram fields decontamination and dedup share. */
export function checkNgramFields(s: { rule?: unknown; n?: unknown }, fail: (field: string, message: string) => never): void {
  if (s.rule !== undefined && s.rule !== 'any' && s.rule !== 'copy') fail('rule', "must be 'any' or 'copy'");
  if (s.n !== undefined && (!Number.isInteger(s.n) || (s.n as number) < 1)) fail('n', 'must be a positive integer');
}

/**
 * Why a stage that needs feature columns dropped everything, when no sample carries some of them
 * (e.g. the s1K-1.1 release instead of the featurized s1 pool).
 */
export function missingColumns(keys: readonly string[], input: readonly PoolEntry[], has: (s: PoolEntry, key: string) => boolean): string | undefined {
  const missing = keys.filter((k) => !input.some((s) => has(s, k)));
  if (!missing.length) return undefined;
  return `every sample is ${describeMissingColumns(missing)}`;
}
