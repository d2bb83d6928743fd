// The training config's schema (attached to *.train.json in the editor) and the CLI's check agree, and the
// defaults are s1's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TRAIN_CONFIG_KEYS, TRAIN_DEFAULTS, trainConfigTemplate, validateTrainConfig } from '../../../src/core/train/config';

const schema = JSON.parse(readFileSync('schemas/train-config.schema.json', 'utf8')) as {
  required: string[]; additionalProperties: boolean; properties: Record<string, { default?: unknown; enum?: unknown[] }>;
};

describe('training config', () => {
  it('the schema lists exactly the keys the CLI accepts, with the same defaults; package.json attaches it to *.train.json', () => {
    assert.deepEqual(Object.keys(schema.properties), [...TRAIN_CONFIG_KEYS]);
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.required, ['name', 'selection']);
    for (const [k, v] of Object.entries(TRAIN_DEFAULTS)) assert.deepEqual(schema.properties[k].default, v, k);
    assert.deepEqual(schema.properties.trainer.enum, ['trl', 'llamafactory', 's1']);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { jsonValidation: { fileMatch: string | string[]; url: string }[] } };
    assert.ok(pkg.contributes.jsonValidation.some((j) => j.fileMatch === '*.train.json' && j.url === './schemas/train-config.schema.json'));
  });

  it("defaults: Qwen2.5-3B-Instruct, lr 1e-5, 5 epochs, batch 16, cosine, warmup 5%, weight decay 1e-4, betas 0.9/0.95, block size from the data", () => {
    const c = validateTrainConfig({ name: 'x', selection: 's' });
    assert.equal(c.model, 'Qwen/Qwen2.5-3B-Instruct');
    assert.deepEqual([c.learningRate, c.epochs, c.batchSize, c.scheduler, c.warmupRatio, c.weightDecay, c.adamBeta1, c.adamBeta2, c.blockSize, c.trainer, c.seed],
      [1e-5, 5, 16, 'cosine', 0.05, 1e-4, 0.9, 0.95, 'auto', 'trl', 42]);
  });

  it('the template the editor writes is a valid config', () => {
    for (const trainer of ['trl', 'llamafactory', 's1'] as const) {
      const c = validateTrainConfig(JSON.parse(trainConfigTemplate({ name: 'stu', selection: 's1k@2', trainer })));
      assert.equal(c.trainer, trainer);
      assert.equal(c.selection, 's1k@2');
    }
  });

  it('refuses wrong types and values with the key named', () => {
    for (const [bad, msg] of [
      [{ epochs: 0 }, /'epochs' must be an integer >= 1/], [{ trainer: 'axolotl' }, /'trainer' is one of trl, llamafactory, s1/],
      [{ blockSize: 'max' }, /'blockSize'/], [{ slurm: { nodes: 2 } }, /unknown key 'slurm.nodes'/], [{ warmupRatio: 1.5 }, /'warmupRatio'/],
    ] as const) assert.throws(() => validateTrainConfig({ name: 'x', selection: 's', ...bad }), msg);
    assert.throws(() => validateTrainConfig([]), /JSON object/);
    assert.throws(() => validateTrainConfig({ name: 'x' }), /'selection' is required/);
  });
});
