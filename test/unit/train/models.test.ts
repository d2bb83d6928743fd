// The Models view's list (engine train/models): stored checkpoints that still hold a model, plus those found in the
// output folder now, the final model first; the loss curve by run name (engine train/metrics).
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveCheckpoints, saveTrainPoints, startTrainRun, trainPoints, finishTrainRun } from '../../../src/core/store/train-runs';
import { trainModels } from '../../../src/core/train/models';
import { freshDatabase } from '../helpers';
import type { Db } from '../../../src/core/store/db';

describe('Models view list and loss curve', () => {
  let db: Db;
  let dir: string;
  freshDatabase((d, t) => { db = d; dir = t.dir; });

  const model = (p: string) => { mkdirSync(p, { recursive: true }); writeFileSync(join(p, 'config.json'), '{}'); writeFileSync(join(p, 'model.safetensors'), ''); };

  it('lists each run with the checkpoints that hold a model now, the final one first', () => {
    const out = join(dir, 'run', 'output');
    const id = startTrainRun(db, 'stu', { trainer: 'trl', model: 'Qwen/Qwen2.5-3B-Instruct', selection: 's1k', runDir: join(dir, 'run'), outputDir: out, argv: ['accelerate'], blockSize: 100, gpus: 2 });
    model(join(out, 'checkpoint-2'));
    model(join(out, 'checkpoint-4'));
    saveCheckpoints(db, id, [{ path: join(out, 'checkpoint-2'), step: 2, final: false }, { path: join(out, 'checkpoint-4'), step: 4, final: false }]);
    saveTrainPoints(db, id, [{ step: 1, epoch: 0.5, loss: 1, learningRate: 1e-5, gradNorm: 2 }, { step: 2, epoch: 1, loss: 0.5, learningRate: 5e-6, gradNorm: NaN }], 'log');
    finishTrainRun(db, id, 'done');
    rmSync(join(out, 'checkpoint-2'), { recursive: true });
    model(out); // the final model written since
    const [r] = trainModels(db);
    assert.equal(r.name, 'stu');
    assert.equal(r.model, 'Qwen/Qwen2.5-3B-Instruct', 'the base model, for the comparison');
    assert.equal(r.gpus, 2);
    assert.equal(r.lastLoss, 0.5);
    assert.deepEqual(r.checkpoints.map((c) => [c.path, c.final]), [[out, true], [join(out, 'checkpoint-4'), false]], 'a deleted checkpoint is gone, the final model found');
    const curve = trainPoints(db, 'stu')!;
    assert.equal(curve.status, 'done');
    assert.equal(curve.points[1].gradNorm, null, 'a non-finite number is stored as unknown');
    assert.equal(trainPoints(db, 'nope'), null);
  });

  it('trainer_state.json values replace the console\'s for the same step', () => {
    const id = startTrainRun(db, 'x', { trainer: 's1', model: 'm', selection: 's', runDir: dir, outputDir: join(dir, 'o'), argv: [], blockSize: 1, gpus: 1 });
    saveTrainPoints(db, id, [{ step: 1, epoch: 0.5, loss: 0.8123, learningRate: 1e-5, gradNorm: 1 }], 'log');
    saveTrainPoints(db, id, [{ step: 1, epoch: 0.5, loss: 0.81234567, learningRate: 1e-5, gradNorm: 1 }], 'state');
    assert.deepEqual(trainPoints(db, 'x')!.points.map((p) => p.loss), [0.81234567]);
  });
});
