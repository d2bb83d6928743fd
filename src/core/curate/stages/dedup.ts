// Dedup: clusters near-duplicate questions still in the pool and keeps the longest trace of each cluster
// (a force-kept sample always stays). Each drop names the sample it was matched to and the rule that matched
// ("duplicate of sample 12 (fuzzy 97 after markup normalisation)"), and the sample kept in its place.
// The questions are read from the database a batch at a time, each time dedup asks for a pass over them: the run
// does not hold them (a 1.2M-question pool's questions are ~0.4 GB).
import { questionHash, replaceDetectorAnnotations } from '../../store/annotations';
import { questionOf, questionsBetween } from '../../store/curation-pool';
import type { Db } from '../../store/db';
import { dedupFrom, type DedupRule, type QuestionSource } from '../dedup';
import { POOL_BATCH, traceLength } from '../pool';
import { checkNgramFields, type StageDef } from './types';

export interface DedupStage { stage: string; type: 'dedup'; n?: number; rule?: DedupRule; minCoverage?: number; maxDf?: number; minRatio?: number }

export const dedupStage: StageDef<DedupStage> = {
  type: 'dedup',
  check(s, fail) {
    checkNgramFields({ ...s, rule: s.rule === 'fuzzy' ? undefined : s.rule }, (f, m) => fail(f, f === 'rule' ? "must be 'any', 'copy' or 'fuzzy'" : m));
    if (s.minRatio !== undefined && (typeof s.minRatio !== 'number' || !(s.minRatio > 0 && s.minRatio <= 1))) fail('minRatio', 'must be a number in (0, 1]');
  },
  run(stage, r) {
    const ids = r.alive.map((s) => s.id);
    const res = dedupFrom(r.alive.map((s) => ({ id: s.id, length: traceLength(s), forceKeep: r.keep.has(s.id) })), questionsFrom(r.db, r.datasetId, ids),
      { n: stage.n, rule: stage.rule, minCoverage: stage.minCoverage, maxDf: stage.maxDf, minRatio: stage.minRatio });
    const dup = new Map(res.dropped.map((d) => [d.id, d]));
    const keptHash = new Map<number, string>();
    const hashOfKept = (id: number) => {
      let h = keptHash.get(id);
      if (h === undefined) keptHash.set(id, (h = questionHash(questionOf(r.db, id)!)));
      return h;
    };
    const evidence = (d: (typeof res.dropped)[number]) => ({
      matched_sample_id: d.matchedId, match: d.match,
      kept_sample_id: d.keptId, kept_question_hash: hashOfKept(d.keptId), cluster: d.cluster, cluster_size: d.size, coverage: d.coverage, rule: stage.rule ?? 'copy', n: stage.n ?? 8,
    });
    replaceDetectorAnnotations(r.db, r.datasetId, 'detector:dedup', res.dropped.map((d) => ({ sampleId: d.id, label: 'duplicate', evidence: evidence(d) })));
    r.narrow(stage, (s) => { const d = dup.get(s.id); return d && { stage: stage.stage, reason: `duplicate of sample ${d.matchedId} (${d.match})`, detail: evidence(d) }; });
  },
};

/** The questions of samples `ids` (in that order), read POOL_BATCH at a time by id range when the ids ascend. */
export function questionsFrom(db: Db, datasetId: number, ids: readonly number[]): QuestionSource {
  const ascending = ids.every((id, i) => i === 0 || ids[i - 1] < id);
  return (fn) => {
    if (!ascending) { ids.forEach((id, i) => fn(i, questionOf(db, id)!)); return; }
    for (let a = 0; a < ids.length; a += POOL_BATCH) {
      const b = Math.min(ids.length, a + POOL_BATCH);
      const rows = questionsBetween(db, datasetId, ids[a], ids[b - 1]);
      let k = 0;
      for (let i = a; i < b; i++) {
        while (k < rows.length && rows[k].id < ids[i]) k++;
        if (k === rows.length || rows[k].id !== ids[i]) throw new Error(`dedup: sample ${ids[i]} is gone from the database`);
        fn(i, rows[k].question);
      }
    }
  };
}
