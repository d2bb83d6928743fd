// The curation stages, listed once: a recipe's stage types, their recipe checks and their runs all come from
// here (schemas/recipe.schema.json's type enum is checked against this list by a unit test).
// To add a stage: write stages/<type>.ts exporting a StageDef, add it to STAGES, describe its fields in the schema.
import { decontaminateStage } from './decontaminate';
import { dedupStage } from './dedup';
import { detectorStage } from './detector';
import { difficultyStage } from './difficulty';
import { diversityStage } from './diversity';
import { lengthStage } from './length';
import { longestStage } from './longest';
import { picksStage } from './picks';
import { sourcesStage } from './sources';
import { verifiedStage } from './verified';
import type { BaseStage, StageDef } from './types';

export const STAGES = [
  detectorStage, decontaminateStage, dedupStage, difficultyStage, sourcesStage, lengthStage, verifiedStage, picksStage, diversityStage, longestStage,
] as const;

type StageOf<D> = D extends StageDef<infer S> ? S : never;
/** A recipe stage: the union of every registered stage's fields. */
export type Stage = StageOf<(typeof STAGES)[number]>;
export type StageType = Stage['type'];

export const STAGE_TYPES: readonly StageType[] = STAGES.map((d) => d.type);

/** The definition of a stage type, or undefined when no stage has that type. */
export function stageDef(type: string): StageDef<BaseStage> | undefined {
  return STAGES.find((d) => d.type === type) as StageDef<BaseStage> | undefined;
}

export type { DetectorStage } from './detector';
export type { DiversityStage } from './diversity';
export type { PickRule } from './picks';
export type { VerifiedStage, KeepRule } from './verified';
export type { BaseStage, CurateRun, Drop, FunnelRow, Scanner, StageDef, StageInputs } from './types';
