// The Models view's list: every training run with its finished checkpoints — those stored when it ended, and those
// in its output folder now (a run still going, or one trained elsewhere into the same folder), the final model first.
import type { Db } from '../store/db';
import { listTrainRuns } from '../store/train-runs';
import type { TrainRunInfo } from '../../shared/protocol';
import { findCheckpoints, isModelFolder } from './checkpoints';

export function trainModels(db: Db): TrainRunInfo[] {
  return listTrainRuns(db).map((r) => {
    // A stored checkpoint deleted since cannot be served: only folders that still hold a model are listed.
    const byPath = new Map(r.checkpoints.filter((c) => isModelFolder(c.path)).map((c) => [c.path, c]));
    for (const c of findCheckpoints(r.outputDir)) byPath.set(c.path, c);
    const checkpoints = [...byPath.values()].sort((a, b) => Number(b.final) - Number(a.final) || (b.step ?? 0) - (a.step ?? 0));
    return {
      name: r.name, status: r.status, error: r.error, trainer: r.trainer, model: r.model, selection: r.selection, runDir: r.runDir, outputDir: r.outputDir,
      gpus: r.gpus, steps: r.steps, lastLoss: r.lastLoss, finishedAt: r.finishedAt, checkpoints,
    };
  });
}
