// The rules a verdict rests on, without running anything: which program is taken from an answer, how tests are
// read (and why they cannot be), and when an output counts as the expected one (APPS's comparison rules).
import assert from 'node:assert/strict';
import { compareStdout, compareValue } from '../../../src/core/verify/compare';
import { extractProgram } from '../../../src/core/verify/extract-code';
import { parseTests, sampleTests } from '../../../src/core/verify/tests';
import { kindOf, verifyChoice, verifyMath } from '../../../src/core/verify/verifiers';

describe('verify rules', () => {
  it("takes the answer's last python block, else its longest code block, and never prose", () => {
    const two = 'Draft:\n```python\nprint(1)\n```\nFinal:\n```python\nprint(2)\n```\n';
    assert.equal(extractProgram(two)?.code, 'print(2)\n');
    assert.equal(extractProgram(two)?.how, 'last python block');
    const plain = '```\nx = 1\n```\nand\n```text\na much longer block of text here\n```';
    assert.deepEqual([extractProgram(plain)?.code, extractProgram(plain)?.how], ['a much longer block of text here\n', 'longest code block']);
    assert.equal(extractProgram('Just print the sum of a and b.'), null);
  });

  it('reads APPS, OpenThoughts and {input, output} test layouts, and says why bad tests are unusable', () => {
    const apps = parseTests('{"inputs": ["1\\n"], "outputs": ["2\\n"], "fn_name": ""}');
    assert.ok(apps.ok && apps.tests.fnName === null && apps.tests.inputs.length === 1);
    const call = parseTests({ fn_name: 'f', inputs: [[1]], outputs: [[2]] });
    assert.ok(call.ok && call.tests.fnName === 'f');
    const list = parseTests([{ input: '1', output: '2' }, { input: '3', output: '4' }]);
    assert.ok(list.ok && list.tests.outputs[1] === '4');
    const reason = (v: unknown) => { const r = parseTests(v); return r.ok ? '' : r.reason; };
    assert.match(reason('{inputs: [1]'), /^the tests are not JSON/);
    assert.equal(reason('{"inputs": ["1"], "outputs": []}'), 'the tests have 1 inputs but 0 outputs');
    assert.equal(reason('{"inputs": [], "outputs": []}'), 'the question has no tests (empty inputs)');
    assert.equal(reason(null), 'the question has no tests');
    assert.equal(reason('[1, 2]'), 'test 0 is not an {input, output} object');
    const fromMeta = sampleTests({ test_cases: '{"inputs": ["a"], "outputs": ["b"]}' });
    assert.ok(fromMeta.ok);
  });

  it("compares stdout as APPS does: trailing whitespace, stripped lines, tokens, numbers within tolerance", () => {
    assert.equal(compareStdout('3\n', '3'), 'exact');
    assert.equal(compareStdout('1 2 \n3\n', '1 2\n3\n'), 'lines');
    assert.equal(compareStdout('1  2\n3', '1 2 3\n'), 'tokens');
    assert.equal(compareStdout('0.3333333\n', '0.33333334\n'), 'numbers');
    assert.equal(compareStdout('2\n', '3\n'), null);
    assert.equal(compareStdout('1.5\n', '1.6\n'), null);
    assert.equal(compareStdout('YES\n', 'yes\n'), null, 'case matters');
    assert.equal(compareStdout('', '0\n'), null);
  });

  it('compares call-based results as values; a one-element expected list also accepts its element', () => {
    assert.equal(compareValue(3, [3]), true);
    assert.equal(compareValue([1, 2], [[1, 2]]), true);
    assert.equal(compareValue({ a: 1 }, { a: 1 }), true);
    assert.equal(compareValue(4, [3]), false);
    assert.equal(compareValue('3', [3]), false);
  });

  it('picks the verifier from the sample, and grades maths and letters with evidence', () => {
    assert.equal(kindOf({ gold: null, metadata: { tests: null } }), 'code');
    assert.equal(kindOf({ gold: '(B)', metadata: null }), 'choice');
    assert.equal(kindOf({ gold: '\\frac{1}{2}', metadata: null }), 'math');
    const base = { question: 'q', metadata: null, thinking: '', finishReason: null };
    const m = verifyMath({ ...base, gold: '\\frac{1}{2}', answer: 'So the answer is $\\boxed{0.5}$.' });
    assert.equal(m.label, 'verified');
    assert.equal(verifyMath({ ...base, gold: null, answer: '\\boxed{1}' }).evidence.reason, 'the sample has no gold answer');
    const c = verifyChoice({ ...base, gold: '(B)', answer: 'The answer is **B**.' });
    assert.deepEqual([c.label, c.evidence.expected, c.evidence.got], ['verified', 'B', 'B']);
    assert.equal(verifyChoice({ ...base, gold: '42', answer: 'B' }).label, 'verify-error');
  });
});
