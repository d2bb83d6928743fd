// The JSON schemas the editor validates saved files with (schemas/*.json) offer exactly what the code accepts:
// a value the schema allows must run, and one the code takes must not be marked an error in the editor.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { METHODS } from '../../src/core/scaling/methods';
import { CLASS_PROMPTS, THINKING_FORMATS } from '../../src/core/prompt/formats';
import { DATA_FILE_EXTENSIONS } from '../../src/core/ingest/catalog';
import { validateEvalConfig } from '../../src/core/evaluate/config';
import { BUILTIN_RECIPES, validateRecipe } from '../../src/core/curate/recipe';

/* eslint-disable @typescript-eslint/no-explicit-any */
const schema = (name: string) => JSON.parse(readFileSync(`schemas/${name}.schema.json`, 'utf8')) as any;
const sorted = (xs: readonly string[]) => [...xs].sort();

/** The list an error message names after "one of" (the validator's own list). */
function listInError(fn: () => unknown): string[] {
  try { fn(); } catch (e) {
    const m = /one of (.*)$/.exec((e as Error).message);
    if (m) return m[1].split(', ');
    throw e;
  }
  throw new Error('no error');
}

describe('schemas match the code', () => {
  const evalConfig = schema('eval-config');
  const base = { run: 'r', backend: 'http://127.0.0.1:8000/v1', model: 'm', benchmark: 'math500', method: 'none' };

  it('eval-config: methods, thinking formats and class prompts are the code\'s', () => {
    const p = evalConfig.properties;
    assert.deepEqual(sorted(p.method.enum), sorted(METHODS));
    assert.deepEqual(sorted(p.format.enum), sorted(THINKING_FORMATS));
    assert.deepEqual(sorted(p.prompt.enum), sorted(Object.keys(CLASS_PROMPTS)));
    for (const method of p.method.enum) validateEvalConfig({ ...base, method });
    for (const format of p.format.enum) validateEvalConfig({ ...base, format });
  });

  it('eval-config: a benchmark file may have any extension import reads', () => {
    const pattern = new RegExp(evalConfig.properties.benchmark.pattern);
    for (const ext of DATA_FILE_EXTENSIONS) {
      assert.match(`data/set.${ext}`, pattern);
      assert.match(`data/set.${ext}:50`, pattern);
    }
    for (const ok of ['math500', 'math500:10', 'aime24', 'gpqa=gpqa_diamond.csv:20']) assert.match(ok, pattern);
    assert.doesNotMatch('data/set.txt', pattern);
  });

  it('recipe: stage types and detectors are the ones a recipe may use, and the built-in recipes fit them', () => {
    const stage = schema('recipe').properties.stages.items;
    const types: string[] = stage.properties.type.enum;
    const detectors: string[] = stage.allOf.find((c: any) => c.if.properties.type.const === 'detector').then.properties.detector.enum;
    const recipe = (s: Record<string, unknown>) => validateRecipe({ name: 'x', stages: [{ stage: 's', ...s }] });
    assert.deepEqual(sorted(listInError(() => recipe({ type: 'no-such-stage' }))), sorted(types));
    assert.deepEqual(sorted(listInError(() => recipe({ type: 'detector', detector: 'no-such-detector' }))), sorted(detectors));
    for (const r of Object.values(BUILTIN_RECIPES)) {
      for (const s of r.stages) {
        assert.ok(types.includes(s.type), `${r.name}: ${s.type}`);
        if (s.type === 'detector') assert.ok(detectors.includes(s.detector), `${r.name}: ${s.detector}`);
      }
    }
  });
});
