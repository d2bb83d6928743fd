// Decontamination: drops questions that copy an item of the evaluation sets (`--eval`), with the shared n-gram
// as evidence. Every sample is checked (in the run's streamed pass) and annotated, not only those still in the pool.
import { replaceDetectorAnnotations } from '../../store/annotations';
import type { MatchRule } from '../decontaminate';
import { evalIndexCached } from '../eval-cache';
import { checkNgramFields, type StageDef } from './types';
import { detached } from '../detach';

export interface DecontaminateStage { stage: string; type: 'decontaminate'; n?: number; rule?: MatchRule; minCoverage?: number }

export const decontaminateStage: StageDef<DecontaminateStage> = {
  type: 'decontaminate',
  check: checkNgramFields,
  validate: (_s, inputs) => (inputs.evalItems.length ? undefined : 'needs evaluation files: pass --eval FILE...'),
  scan(stage, inputs) {
    const index = evalIndexCached(inputs.evalItems, stage.n ?? 8);
    const hits = new Map<number, unknown>();
    return {
      add(batch) {
        for (const s of batch) {
          const e = index.check(s.question, { rule: stage.rule ?? 'copy', minCoverage: stage.minCoverage });
          if (e) hits.set(s.id, detached(e)); // the span is cut from the question: kept apart from it
        }
      },
      done: () => hits,
    };
  },
  run(stage, r) {
    const hits = r.scans.get(stage) as Map<number, unknown>;
    replaceDetectorAnnotations(r.db, r.datasetId, 'detector:decontaminate', [...hits].map(([sampleId, evidence]) => ({ sampleId, label: 'contamination', evidence })));
    r.narrow(stage, (s) => (hits.has(s.id) ? { stage: stage.stage, reason: 'overlaps an evaluation question (contamination)', detail: hits.get(s.id) } : undefined));
  },
};
