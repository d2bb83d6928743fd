// Saved evaluation configs: what the schema allows becomes exactly the `eval` command line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evalConfigArgs, validateEvalConfig, EvalConfigError } from '../../../src/core/evaluate/config';

describe('evaluation configs', () => {
  it('turn into eval arguments', () => {
    const c = validateEvalConfig({ run: 'r', backend: ['http://a:8000', 'http://b:8000'], model: 'm', benchmark: 'math500:100', method: 'budget-forcing', budgets: [500, 'inf'], wait: [1, 2], temperature: 0 });
    assert.deepEqual(evalConfigArgs(c), ['--backend', 'http://a:8000,http://b:8000', '--model', 'm', '--benchmark', 'math500:100', '--method', 'budget-forcing', '--run', 'r',
      '--budgets', '500,inf', '--wait', '1,2', '--temperature', '0']);
  });

  it('reject unknown keys and bad values with the key named', () => {
    const base = { run: 'r', backend: 'http://a', model: 'm', benchmark: 'aime24', method: 'none' };
    assert.throws(() => validateEvalConfig({ ...base, budgte: [1] }), /unknown key 'budgte'/);
    assert.throws(() => validateEvalConfig({ ...base, method: 'magic' }), EvalConfigError);
    assert.throws(() => validateEvalConfig({ ...base, budgets: [0] }), /budgets/);
    assert.throws(() => validateEvalConfig({ ...base, backend: [] }), /backend/);
  });

  it('the JSON schema lists the same keys the validator knows', () => {
    const schema = JSON.parse(readFileSync('schemas/eval-config.schema.json', 'utf8')) as { properties: Record<string, unknown>; required: string[] };
    const full = Object.fromEntries(Object.keys(schema.properties).map((k) => [k, undefined]));
    assert.doesNotThrow(() => validateEvalConfig({ ...full, run: 'r', backend: 'http://a', model: 'm', benchmark: 'aime24', method: 'none' }));
    assert.deepEqual(schema.required.sort(), ['backend', 'benchmark', 'method', 'model', 'run']);
  });
});
