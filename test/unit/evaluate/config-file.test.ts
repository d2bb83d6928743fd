// *.eval.json as a person writes it: comments and trailing commas are fine, and the template New Evaluation Config
// writes is a valid config that the shipped schema accepts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evalConfigTemplate, parseEvalConfigText, stripJsonComments } from '../../../src/core/evaluate/config-file';

interface Prop { enum?: unknown[]; pattern?: string; type?: string }
const schema = JSON.parse(readFileSync('schemas/eval-config.schema.json', 'utf8')) as { required: string[]; additionalProperties: boolean; properties: Record<string, Prop> };

/** The schema rules a config's top level can break: required keys, no other keys, enums, patterns, types. */
export function schemaProblems(v: Record<string, unknown>): string[] {
  const p: string[] = [];
  for (const k of schema.required) if (!(k in v)) p.push(`missing ${k}`);
  for (const [k, x] of Object.entries(v)) {
    const s = schema.properties[k];
    if (!s) { p.push(`unknown ${k}`); continue; }
    if (s.enum && !s.enum.includes(x)) p.push(`${k} not in enum`);
    if (s.pattern && !(typeof x === 'string' && new RegExp(s.pattern).test(x))) p.push(`${k} does not match ${s.pattern}`);
    if (s.type === 'string' && typeof x !== 'string') p.push(`${k} is not a string`);
    if (s.type === 'integer' && !Number.isInteger(x)) p.push(`${k} is not an integer`);
  }
  return p;
}

describe('evaluation config files', () => {
  it('comments and trailing commas are stripped outside strings; strings keep // and /*', () => {
    const text = '// head\n{ "a": "http://x/*y*/", /* block\n comment */ "b": [1, 2,], // tail\n "c": "\\"//\\"", }\n';
    assert.deepEqual(JSON.parse(stripJsonComments(text)), { a: 'http://x/*y*/', b: [1, 2], c: '"//"' });
    // Lines are kept, so a JSON error still points at the person's line.
    assert.equal(stripJsonComments(text).split('\n').length, text.split('\n').length);
  });

  it('the template is commented, parses, validates and meets the schema', () => {
    const text = evalConfigTemplate({ run: 'replay-math500' });
    assert.match(text, /^\/\/ A Distillery evaluation/);
    assert.ok(text.split('\n').filter((l) => l.trim().startsWith('//')).length >= 8, 'every key is explained');
    const c = parseEvalConfigText(text);
    assert.deepEqual([c.run, c.backend, c.model, c.benchmark, c.method], ['replay-math500', 'http://127.0.0.1:8000/v1', 'replay:math500', 'math500:20', 'truncation']);
    assert.deepEqual(schemaProblems(JSON.parse(stripJsonComments(text))), []);
    assert.equal(schema.additionalProperties, false);
  });

  it('a mistake names the key', () => {
    assert.throws(() => parseEvalConfigText('{ "run": "r", // x\n "backend": "http://a", "model": "m", "benchmark": "aime24", "method": "magic" }'), /unknown method 'magic'/);
  });
});
