// Dedup: clusters near-duplicate questions still in the pool and keeps the longest trace of each cluster
// (a force-kept sample always stays), naming the kept sample in each drop's evidence.
import { questionHash, replaceDetectorAnnotations } from '../../store/annotations';
import type { MatchRule } from '../decontaminate';
import { dedup } from '../dedup';
import { traceLength } from '../pool';
import { checkNgramFields, type StageDef } from './types';

export interface DedupStage { stage: string; type: 'dedup'; n?: number; rule?: MatchRule; minCoverage?: number; maxDf?: number }

export const dedupStage: StageDef<DedupStage> = {
  type: 'dedup',
  check: checkNgramFields,
  run(stage, r) {
    const res = dedup(r.alive.map((s) => ({ id: s.id, question: s.question, length: traceLength(s), forceKeep: r.keep.has(s.id) })),
      { n: stage.n, rule: stage.rule, minCoverage: stage.minCoverage, maxDf: stage.maxDf });
    const dup = new Map(res.dropped.map((d) => [d.id, d]));
    const evidence = (d: (typeof res.dropped)[number]) => ({ kept_sample_id: d.keptId, kept_question_hash: questionHash(r.byId.get(d.keptId)!.question), cluster: d.cluster, cluster_size: d.size, coverage: d.coverage, rule: stage.rule ?? 'copy', n: stage.n ?? 8 });
    replaceDetectorAnnotations(r.db, r.datasetId, 'detector:dedup', res.dropped.map((d) => ({ sampleId: d.id, label: 'duplicate', evidence: evidence(d) })));
    r.narrow(stage, (s) => { const d = dup.get(s.id); return d && { stage: stage.stage, reason: 'a near-duplicate of a sample kept earlier', detail: evidence(d) }; });
  },
};
