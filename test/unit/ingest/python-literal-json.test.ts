import assert from 'node:assert/strict';
import { parsePythonLiteral, pythonLiteralToJson } from '../../../src/core/ingest/python-literal';

describe('pythonLiteralToJson', () => {
  const cases = [
    `{'source': 'aops_forum', 'messages': [{'content': 'Let  $a,b$ be \\\\[ f(x) \\\\]', 'role': 'user'}], 'n': 3, 'ok': True, 'x': None}`,
    `{'q': "it's \\"quoted\\"", 't': ('a', 'b'), 'one': ('x',), 'nl': 'a\\nb\\tc', 'u': '\\u00e9\\x41', 'f': -1.5e3, 'e': [], 'd': {}}`,
    `{1: 'int key', 'trailing': [1, 2,], 'nan': nan}`,
    `['日本語 ∑ 😀', 'back\\\\slash']`,
  ];
  for (const c of cases) {
    it(`matches the full parser on ${c.slice(0, 40)}`, () => {
      const fast = pythonLiteralToJson(c);
      assert.ok(fast !== null, 'handled by the fast path');
      assert.deepEqual(JSON.parse(fast!), parsePythonLiteral(c));
    });
  }
  it('declines what it does not handle, for the full parser to take', () => {
    assert.equal(pythonLiteralToJson("{'a': '''triple'''}"), null);
    assert.equal(pythonLiteralToJson("{'a': foo}"), null);
    assert.equal(pythonLiteralToJson("{'a': [1}"), null);
  });
});
