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

  it('a backend URL no request could go to is refused in words, credentials never shown: the key belongs in secret storage', () => {
    const base = { run: 'r', model: 'm', benchmark: 'aime24', method: 'none' };
    const refused = (backend: string | string[]) => {
      try { validateEvalConfig({ ...base, backend }); } catch (e) { return (e as Error).message; }
      return 'accepted';
    };
    const withKey = refused(['http://127.0.0.1:8000/v1', 'http://me:sk-secret123@gpu2:8000/v1']);
    assert.match(withKey, /^'backend': http:\/\/\*\*\*@gpu2:8000\/v1 has a user or password, which is never sent: store the API key with "Distillery: Set Backend API Key…"/);
    assert.doesNotMatch(withKey, /sk-secret123|\bme:/);
    assert.match(refused('http://gpu:8000/v1?api_key=sk-secret123'), /has a query string or #fragment/);
    assert.doesNotMatch(refused('http://gpu:8000/v1?api_key=sk-secret123'), /sk-secret123/);
    assert.match(refused('gpu:8000/v1'), /is not an http\(s\) URL/);
    assert.equal(refused('http://a:8000/v1,http://b:8000'), 'accepted', 'a comma-separated list of replicas');
  });

  it('the JSON schema lists the same keys the validator knows', () => {
    const schema = JSON.parse(readFileSync('schemas/eval-config.schema.json', 'utf8')) as { properties: Record<string, unknown>; required: string[] };
    const full = Object.fromEntries(Object.keys(schema.properties).map((k) => [k, undefined]));
    assert.doesNotThrow(() => validateEvalConfig({ ...full, run: 'r', backend: 'http://a', model: 'm', benchmark: 'aime24', method: 'none' }));
    assert.deepEqual(schema.required.sort(), ['backend', 'benchmark', 'method', 'model', 'run']);
  });
});
