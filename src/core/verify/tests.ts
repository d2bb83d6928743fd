// A code problem's tests as APPS, TACO and OpenThoughts store them: `{inputs, outputs, fn_name?}` (JSON text or an
// object), or a list of `{input, output}` cases. Stdin/stdout tests when there is no fn_name; call-based otherwise
// (each input is the argument list). A problem without usable tests is an error the verifier reports, never a pass.

export interface CodeTests {
  /** Call-based tests: the function (or Solution method) to call. */
  fnName: string | null;
  inputs: unknown[];
  outputs: unknown[];
}

export type ParsedTests = { ok: true; tests: CodeTests } | { ok: false; reason: string };

/** The sample metadata keys tests are read from, in order (the code presets store them under `tests`). */
export const TEST_KEYS = ['tests', 'input_output', 'test_cases'] as const;

export function parseTests(raw: unknown): ParsedTests {
  if (raw === undefined || raw === null || raw === '') return { ok: false, reason: 'the question has no tests' };
  let v = raw;
  if (typeof raw === 'string') {
    try { v = JSON.parse(raw); } catch (e) { return { ok: false, reason: `the tests are not JSON (${(e as Error).message})` }; }
  }
  if (Array.isArray(v)) {
    // [{input, output}, ...] (LiveCodeBench / code_contests style)
    const inputs: unknown[] = [];
    const outputs: unknown[] = [];
    for (const [i, c] of v.entries()) {
      if (!c || typeof c !== 'object' || !('input' in c) || !('output' in c)) return { ok: false, reason: `test ${i} is not an {input, output} object` };
      inputs.push((c as { input: unknown }).input);
      outputs.push((c as { output: unknown }).output);
    }
    v = { inputs, outputs };
  }
  if (!v || typeof v !== 'object') return { ok: false, reason: `the tests are ${typeof v}, not an object with inputs and outputs` };
  const o = v as Record<string, unknown>;
  if (!Array.isArray(o.inputs) || !Array.isArray(o.outputs)) return { ok: false, reason: 'the tests have no inputs/outputs lists' };
  if (o.inputs.length !== o.outputs.length) return { ok: false, reason: `the tests have ${o.inputs.length} inputs but ${o.outputs.length} outputs` };
  if (!o.inputs.length) return { ok: false, reason: 'the question has no tests (empty inputs)' };
  const fn = typeof o.fn_name === 'string' && o.fn_name.trim() ? o.fn_name.trim() : null;
  return { ok: true, tests: { fnName: fn, inputs: o.inputs, outputs: o.outputs } };
}

/** The tests of a sample: its metadata's `tests` (or the raw column names), or the absence said plainly. */
export function sampleTests(metadata: unknown): ParsedTests {
  const m = metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>) : {};
  const key = TEST_KEYS.find((k) => m[k] !== undefined && m[k] !== null && m[k] !== '');
  return key ? parseTests(m[key]) : { ok: false, reason: 'the question has no tests' };
}

/** An APPS stdin input or expected output: a string, or a list of lines joined by newlines. */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n');
  return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}
