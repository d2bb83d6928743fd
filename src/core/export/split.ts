// Train/validation split by sample, stable under the seed: a sample's side depends only on the seed and its
// content hash, so the same sample lands on the same side whatever else the selection holds, and all traces of
// one question stay on one side (no question seen in training is validated on).
import { createHash } from 'node:crypto';

export type SplitName = 'train' | 'validation';

export function splitOf(seed: number, sampleHash: string, trainShare: number): SplitName {
  const h = createHash('sha256').update(`${seed}\u001f${sampleHash}`).digest();
  return h.readUInt32BE(0) / 0x1_0000_0000 < trainShare ? 'train' : 'validation';
}
