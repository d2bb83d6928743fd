// The keep rule of verified generation (issue 13): Bespoke-Stratos keeps only questions with a verified trace
// (keep 'verified'); OpenThoughts keeps every trace, right or wrong (keep 'all'). Verdicts come from
// `distillery verify` (verifier annotations); the selection's recipe carries the rule on to export, which then
// writes the verified traces, or all of them.
import { datasetVerdictCounts, type VerdictCounts } from '../../store/verifications';
import type { StageDef } from './types';

export const KEEP_RULES = ['verified', 'all'] as const;
export type KeepRule = (typeof KEEP_RULES)[number];

export interface VerifiedStage { stage: string; type: 'verified'; keep: KeepRule }

export const verifiedStage: StageDef<VerifiedStage> = {
  type: 'verified',
  check(s, fail) {
    if (!KEEP_RULES.includes(s.keep)) fail('keep', `must be one of ${KEEP_RULES.join(', ')}`);
  },
  run(stage, r) {
    const counts = datasetVerdictCounts(r.db, r.datasetId);
    r.narrow(stage, (s) => {
      if (stage.keep === 'all') return undefined;
      const c: VerdictCounts = counts.get(s.id) ?? { verified: 0, failed: 0, errors: 0 };
      if (c.verified > 0) return undefined;
      const parts = [c.failed ? `${c.failed} failed` : '', c.errors ? `${c.errors} could not be verified` : ''].filter(Boolean);
      return { stage: stage.stage, reason: `no verified trace${parts.length ? ` (${parts.join(', ')})` : ' (none verified yet)'}`, detail: { ...c } };
    });
  },
  whyEmpty(_stage, _input, r) {
    const counts = datasetVerdictCounts(r.db, r.datasetId);
    return counts.size === 0 ? 'no trace of this data set has been verified: run distillery verify --dataset first' : undefined;
  },
};

/** The trace choice a selection's recipe implies for export: its verified stage's keep rule, if it has one. */
export function recipeKeepRule(recipe: unknown): KeepRule | undefined {
  const stages = recipe && typeof recipe === 'object' ? (recipe as { stages?: unknown }).stages : undefined;
  if (!Array.isArray(stages)) return undefined;
  const s = stages.find((x) => x && typeof x === 'object' && (x as { type?: unknown }).type === 'verified') as { keep?: unknown } | undefined;
  return s && KEEP_RULES.includes(s.keep as KeepRule) ? (s.keep as KeepRule) : undefined;
}
