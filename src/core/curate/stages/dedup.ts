// Dedup: clusters near-duplicate questions still in the pool and keeps the longest trace of each cluster
// (a force-kept sample always stays). Each drop names the sample it was matched to and the rule that matched
// ("duplicate of sample 12 (fuzzy 97 after markup normalisation)"), and the sample kept in its place.
import { questionHash, replaceDetectorAnnotations } from '../../store/annotations';
import { dedup, type DedupRule } from '../dedup';
import { traceLength } from '../pool';
import { checkNgramFields, type StageDef } from './types';

export interface DedupStage { stage: string; type: 'dedup'; n?: number; rule?: DedupRule; minCoverage?: number; maxDf?: number; minRatio?: number }

export const dedupStage: StageDef<DedupStage> = {
  type: 'dedup',
  check(s, fail) {
    checkNgramFields({ ...s, rule: s.rule === 'fuzzy' ? undefined : s.rule }, (f, m) => fail(f, f === 'rule' ? "must be 'any', 'copy' or 'fuzzy'" : m));
    if (s.minRatio !== undefined && (typeof s.minRatio !== 'number' || !(s.minRatio > 0 && s.minRatio <= 1))) fail('minRatio', 'must be a number in (0, 1]');
  },
  run(stage, r) {
    const res = dedup(r.alive.map((s) => ({ id: s.id, question: s.question, length: traceLength(s), forceKeep: r.keep.has(s.id) })),
      { n: stage.n, rule: stage.rule, minCoverage: stage.minCoverage, maxDf: stage.maxDf, minRatio: stage.minRatio });
    const dup = new Map(res.dropped.map((d) => [d.id, d]));
    const evidence = (d: (typeof res.dropped)[number]) => ({
      matched_sample_id: d.matchedId, match: d.match,
      kept_sample_id: d.keptId, kept_question_hash: questionHash(r.byId.get(d.keptId)!.question), cluster: d.cluster, cluster_size: d.size, coverage: d.coverage, rule: stage.rule ?? 'copy', n: stage.n ?? 8,
    });
    replaceDetectorAnnotations(r.db, r.datasetId, 'detector:dedup', res.dropped.map((d) => ({ sampleId: d.id, label: 'duplicate', evidence: evidence(d) })));
    r.narrow(stage, (s) => { const d = dup.get(s.id); return d && { stage: stage.stage, reason: `duplicate of sample ${d.matchedId} (${d.match})`, detail: evidence(d) }; });
  },
};
