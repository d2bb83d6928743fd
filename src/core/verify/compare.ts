// Whether a program's output matches the expected one, by APPS's rules, most exact first: identical after
// trailing whitespace; the same lines stripped; the same whitespace-separated tokens; the same tokens where
// numbers match within tolerance (APPS compares floats with numpy's allclose: rtol 1e-5, atol 1e-8).

export type MatchRule = 'exact' | 'lines' | 'tokens' | 'numbers';

export function compareStdout(got: string, expected: string): MatchRule | null {
  const g = got.replace(/\r\n/g, '\n');
  const e = expected.replace(/\r\n/g, '\n');
  if (g.trimEnd() === e.trimEnd()) return 'exact';
  const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter((l, i, a) => l !== '' || a.slice(i).some((x) => x.trim() !== ''));
  const gl = lines(g);
  const el = lines(e);
  if (gl.length === el.length && gl.every((l, i) => l === el[i])) return 'lines';
  const gt = g.split(/\s+/).filter(Boolean);
  const et = e.split(/\s+/).filter(Boolean);
  if (gt.length !== et.length) return null;
  if (gt.every((t, i) => t === et[i])) return 'tokens';
  return gt.every((t, i) => t === et[i] || numbersClose(t, et[i])) ? 'numbers' : null;
}

function numbersClose(a: string, b: string): boolean {
  const num = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  if (!num.test(a) || !num.test(b)) return false;
  const x = Number(a);
  const y = Number(b);
  return Math.abs(x - y) <= 1e-8 + 1e-5 * Math.abs(y);
}

/**
 * A call-based result against the expected value: equal as JSON values (tuples arrive as lists), or equal to the
 * single element of an expected one-element list (APPS stores `outputs: [[3]]` for a function returning 3).
 */
export function compareValue(got: unknown, expected: unknown): boolean {
  if (deepEqual(got, expected)) return true;
  return Array.isArray(expected) && expected.length === 1 && deepEqual(got, expected[0]);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
