// A detector stage: the detector annotates every sample of the dataset (evidence kept; it reads the samples' text
// in the run's streamed pass), and the stage drops the samples still in the pool that carry one of its labels.
import { replaceDetectorAnnotations, type AnnotationInput } from '../../store/annotations';
import { DETECTORS, makeDetector, type Detector, type DetectorName, type Finding } from '../detectors';
import { S1_FEATURES } from '../detectors/api-error';
import { missingColumns, type StageDef } from './types';
import { describeFinding } from '../wording';
import { detached } from '../detach';

export interface DetectorStage { stage: string; type: 'detector'; detector: DetectorName; labels?: string[]; params?: Record<string, unknown> }

export const detectorStage: StageDef<DetectorStage> = {
  type: 'detector',
  check(s, fail) {
    if (!DETECTORS.includes(s.detector)) fail('detector', `must be one of ${DETECTORS.join(', ')}`);
  },
  validate(s) {
    const det = makeDetector(s.detector, s.params);
    const unknown = (s.labels ?? []).find((l) => !det.labels.includes(l));
    return unknown === undefined ? undefined : `has label '${unknown}', which the ${det.name} detector never writes (${det.labels.join(', ')})`;
  },
  scan(stage) {
    const det = makeDetector(stage.detector, stage.params);
    const findings: Finding[] = [];
    // each finding's evidence detached from the sample's text: the findings live until the stage runs, their drops to the end
    return { add: (batch) => { for (const s of batch) for (const f of det.detect(s)) findings.push({ ...f, evidence: detached(f.evidence) }); }, done: () => ({ det, findings }) };
  },
  run(stage, r) {
    const { det, findings } = r.scans.get(stage) as { det: Detector; findings: Finding[] };
    replaceDetectorAnnotations(r.db, r.datasetId, `detector:${det.name}`, findings.map(toAnnotation));
    const labels = new Set(stage.labels ?? det.labels.filter((l) => l !== 'grade-disagreement'));
    const first = new Map<number, Finding>();
    for (const f of findings) if (labels.has(f.label) && !first.has(f.sampleId)) first.set(f.sampleId, f);
    r.narrow(stage, (s) => { const f = first.get(s.id); return f && { stage: stage.stage, reason: describeFinding(f.label, f.evidence), detail: { label: f.label, ...f.evidence } }; });
  },
  whyEmpty(stage, input) {
    if (stage.detector !== 'api-error' || !stage.params?.requireFeatures) return undefined;
    return missingColumns([...S1_FEATURES, 'domain'], input, (s, k) => (k === 'domain' ? !!s.domain : s.features[k] !== undefined && s.features[k] !== null));
  },
};

function toAnnotation(f: Finding): AnnotationInput {
  return { sampleId: f.sampleId, traceId: f.traceId ?? null, label: f.label, evidence: f.evidence };
}
