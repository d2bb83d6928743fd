import type { PoolSample } from '../pool';

/** One finding of a detector: a label with the evidence a person needs to check it. */
export interface Finding { sampleId: number; traceId?: number | null; label: string; evidence: Record<string, unknown> }

export interface Detector {
  name: string;
  /** Labels this detector can write. */
  labels: readonly string[];
  detect(s: PoolSample): Finding[];
}
