// The Hugging Face Trainer's console output as the trainers print it, and trainer_state.json, read into points.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLogDict, TrainerLogReader, type TrainPoint, type TrainSummary } from '../../../src/core/train/log-lines';
import { findCheckpoints, latestTrainerState } from '../../../src/core/train/checkpoints';
import { lossChart } from '../../../src/core/train/loss-chart';
import { tempDir } from '../helpers';

describe('trainer log lines', () => {
  it('reads the logs dict, the tqdm step and the final summary; other lines are ignored', () => {
    const points: TrainPoint[] = [];
    let summary: TrainSummary | undefined;
    const r = new TrainerLogReader({ point: (p) => points.push(p), summary: (s) => { summary = s; } });
    r.push("[INFO] loading model\n  0%|          | 0/315 [00:00<?, ?it/s]\r  0%|          | 1/315 [00:16<1:23:00, 16.0s/it]", 'stderr');
    r.push("{'loss': 0.6914, 'grad_norm': 3.3615094645372428, 'learning_rate': 8.888888888888888e-06, 'epoch': 0.0}\n", 'stdout');
    r.push("\r  1%|          | 2/315 [00:30<1:20:00, 15.0s/it]", 'stderr');
    r.push("{'loss': 0.5, 'grad_norm': tensor(1.25, device='cuda:0'), 'learning_rate': 1e-05, 'num_tokens': 20480.0, 'mean_token_accuracy': 0.71, 'epoch': 0.03}\n", 'stdout');
    r.push("{'eval_loss': 0.4, 'epoch': 1.0}\n", 'stdout');
    // s1's train/sft.sh records its reference run's last line in a comment; this is that line.
    r.push("{'train_runtime': 5268.8407, 'train_samples_per_second': 0.949, 'train_steps_per_second': 0.119, 'train_loss': 0.1172730620391667, 'epoch': 5.0}\n", 'stdout');
    r.end();
    assert.equal(points.length, 2);
    assert.deepEqual(points[0], { step: 1, epoch: 0, loss: 0.6914, learningRate: 8.888888888888888e-06, gradNorm: 3.3615094645372428 });
    assert.equal(points[1].step, 2);
    assert.equal(points[1].gradNorm, 1.25);
    assert.deepEqual(points[1].extra, { num_tokens: 20480, mean_token_accuracy: 0.71 });
    assert.deepEqual(summary, { trainLoss: 0.1172730620391667, runtime: 5268.8407, epoch: 5 });
  });

  it('only the Trainer\'s own bar (no description) gives the step and the total steps', () => {
    const points: TrainPoint[] = [];
    const seen: [number, number][] = [];
    const r = new TrainerLogReader({ point: (p) => points.push(p), progress: (step, total) => seen.push([step, total]) });
    r.push('Map: 100%|██████████| 1000/1000 [00:00<00:00, 5000.00 examples/s]\nLoading checkpoint shards: 100%|██████████| 2/2 [00:01<00:00,  1.50it/s]\n', 'stderr');
    r.push('\x1b[A  0%|          | 0/315 [00:00<?, ?it/s]\r  0%|          | 1/315 [00:16<1:23:00, 16.0s/it]\n', 'stderr');
    r.push("{'loss': 0.6914, 'learning_rate': 1e-05, 'epoch': 0.0}\n", 'stdout');
    assert.deepEqual(seen, [[0, 315], [1, 315]]);
    assert.deepEqual(points.map((p) => p.step), [1], 'not step 1000 of the tokenizer\'s bar');
  });

  it('without a progress bar the step is the count of logs × logging_steps; nan is kept as NaN', () => {
    const points: TrainPoint[] = [];
    const r = new TrainerLogReader({ point: (p) => points.push(p) }, 10);
    r.push("{'loss': 1.0, 'learning_rate': 1e-05, 'epoch': 0.1}\n{'loss': nan, 'grad_norm': inf, 'learning_rate': 1e-05, 'epoch': 0.2}\n");
    assert.deepEqual(points.map((p) => p.step), [10, 20]);
    assert.ok(Number.isNaN(points[1].loss));
    assert.equal(points[1].gradNorm, Infinity);
    assert.equal(parseLogDict('no dict here'), null);
    assert.deepEqual(parseLogDict("[rank0]: {'loss': '0.8123', 'epoch': 1.0}"), { loss: 0.8123, epoch: 1 });
  });

  it('trainer_state.json: the most advanced one wins; checkpoints need config.json and weights; the final model comes last', () => {
    const t = tempDir();
    try {
      const out = join(t.dir, 'out put');
      const state = (step: number, n: number) => JSON.stringify({ global_step: step, max_steps: 4, log_history: [
        ...Array.from({ length: n }, (_, i) => ({ loss: 1 - i / 10, grad_norm: 1, learning_rate: 1e-5, epoch: (i + 1) / 2, step: i + 1 })),
        ...(step === 4 ? [{ train_loss: 0.85, train_runtime: 3, epoch: 2.0, step: 4 }] : []),
      ] });
      for (const [name, step, weights] of [['checkpoint-2', 2, 'model.safetensors'], ['checkpoint-4', 4, 'model-00001-of-00002.safetensors'], ['checkpoint-3', 3, null]] as const) {
        mkdirSync(join(out, name), { recursive: true });
        writeFileSync(join(out, name, 'config.json'), '{}');
        if (weights) writeFileSync(join(out, name, weights), '');
        writeFileSync(join(out, name, 'trainer_state.json'), state(step, step));
      }
      assert.deepEqual(findCheckpoints(out).map((c) => [c.step, c.final]), [[2, false], [4, false]], 'checkpoint-3 has no weights: not a model');
      writeFileSync(join(out, 'config.json'), '{}');
      writeFileSync(join(out, 'model.safetensors'), '');
      writeFileSync(join(out, 'trainer_state.json'), state(4, 4));
      const cps = findCheckpoints(out);
      assert.deepEqual(cps[cps.length - 1], { path: out, step: 4, final: true });
      const s = latestTrainerState(out)!;
      assert.equal(s.globalStep, 4);
      assert.equal(s.points.length, 4);
      assert.equal(s.trainLoss, 0.85);
      assert.deepEqual(findCheckpoints(join(t.dir, 'missing')), []);
    } finally {
      t.cleanup();
    }
  });

  it("the loss chart is a Vega-Lite spec in the dashboard's {id, title, spec} shape, loss by step", () => {
    const c = lossChart('stu', [
      { step: 1, epoch: 0.5, loss: 1, learningRate: 1e-5, gradNorm: 2 },
      { step: 2, epoch: 1, loss: NaN, learningRate: 1e-5, gradNorm: 2 },
      { step: 3, epoch: 1.5, loss: 0.5, learningRate: 5e-6, gradNorm: 1 },
    ]);
    assert.equal(c.id, 'loss');
    assert.match(c.title, /stu/);
    const spec = c.spec as { data: { values: { step: number; loss: number }[] }; layer: { encoding: { y: { field: string } } }[]; $schema: string };
    assert.match(spec.$schema, /vega-lite/);
    assert.deepEqual(spec.data.values.map((v) => [v.step, v.loss]), [[1, 1], [3, 0.5]], 'a NaN loss is left out of the curve');
    assert.equal(spec.layer[0].encoding.y.field, 'loss');
  });
});
