// The evaluation config schema offers exactly the methods, prompts and formats the code knows: each list has
// one home (scaling/methods.ts, prompt/formats.ts) and the schema must not drift from it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { METHODS } from '../../../src/core/scaling/methods';
import { CLASS_PROMPTS, THINKING_FORMATS } from '../../../src/core/prompt/formats';
import { validateEvalConfig } from '../../../src/core/evaluate/config';

describe('evaluation config schema enums', () => {
  const props = (JSON.parse(readFileSync('schemas/eval-config.schema.json', 'utf8')) as { properties: Record<string, { enum?: string[] }> }).properties;

  it('method, prompt and format list what the code runs', () => {
    assert.deepEqual(props.method.enum, [...METHODS]);
    assert.deepEqual(props.prompt.enum, Object.keys(CLASS_PROMPTS));
    assert.deepEqual(props.format.enum, [...THINKING_FORMATS]);
  });

  it('the validator accepts every listed value and names the choices when one is wrong', () => {
    const base = { run: 'r', backend: 'http://a', model: 'm', benchmark: 'aime24' };
    for (const method of METHODS) for (const format of THINKING_FORMATS) assert.doesNotThrow(() => validateEvalConfig({ ...base, method, format }));
    assert.throws(() => validateEvalConfig({ ...base, method: 'none', format: 'xml' }), /'format' is s1, think-tags, sky/);
    assert.throws(() => validateEvalConfig({ ...base, method: 'none', prompt: 'medium' }), /'prompt' is short or long/);
  });
});
