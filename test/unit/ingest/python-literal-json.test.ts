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
  it('matches the full parser on strings dense with escapes, raw strings and both quotes (random, seeded)', () => {
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const pieces = ['\\\\', '\\n', '\\t', '\\r', '\\b', '\\f', "\\'", '\\"', '\\x41', '\\u00e9', '\\0', '\\q', '"', "'", 'a', ' ', 'é', '\\frac', '\\\\\\n'];
    for (let k = 0; k < 300; k++) {
      const q = rnd(2) ? "'" : '"';
      const raw = rnd(4) === 0 ? 'r' : '';
      let body = '';
      for (let j = rnd(30); j > 0; j--) {
        const p = pieces[rnd(pieces.length)];
        if (p === q || (raw && (p === "\\'" || p === '\\"'))) continue; // would end the string or is not a valid raw string
        body += p;
      }
      if (raw && body.endsWith('\\') && !body.endsWith('\\\\')) body += 'x';
      const lit = `{'k': ${raw}${q}${body}${q}, 'n': [${raw}${q}${body}${q}]}`;
      let full: unknown;
      try { full = parsePythonLiteral(lit); } catch { continue; }
      const fast = pythonLiteralToJson(lit);
      if (fast !== null) assert.deepEqual(JSON.parse(fast), full, lit);
    }
  });
  it('gives the same stored text whether a literal takes the indexOf path or the character-by-character one', () => {
    // A control character anywhere sends the whole literal down the character-by-character path (stringToJson);
    // without one, quoted strings take quotedToJson. The metadata text stored must not depend on which.
    let seed = 11;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const pieces = ['\\\\', '\\n', '\\t', "\\'", '\\"', '\\x41', '\\u00e9', '\\U0001F600', '\\0', '\\a', '\\v', '\\q',
      '\\', '"', "'", 'a', ' ', 'é', '😀', '\\frac', '\\\\\\n', 'r', "''", '\\x4'];
    let compared = 0;
    for (let k = 0; k < 2000; k++) {
      let body = '';
      for (let j = rnd(24); j > 0; j--) body += pieces[rnd(pieces.length)];
      const q = rnd(2) ? "'" : '"';
      const lit = `{'k': ${q}${body}${q}, 'n': [1, ${q}${body.slice(rnd(body.length + 1))}${q}]}`;
      let plain: string | null | undefined;
      let forced: string | null | undefined;
      try { plain = pythonLiteralToJson(lit); } catch { plain = undefined; }
      try { forced = pythonLiteralToJson(`[${lit}, '\u0001']`); } catch { forced = undefined; }
      if (plain === undefined || plain === null) {
        assert.equal(forced, plain, lit); // both decline (or both throw): the full parser takes it
        continue;
      }
      assert.equal(forced, `[${plain},"\\u0001"]`, lit);
      compared++;
    }
    assert.ok(compared > 200, `compared ${compared}`);
  });
  it('declines what it does not handle, for the full parser to take', () => {
    assert.equal(pythonLiteralToJson("{'a': '''triple'''}"), null);
    assert.equal(pythonLiteralToJson("{'a': foo}"), null);
    assert.equal(pythonLiteralToJson("{'a': [1}"), null);
  });
});
