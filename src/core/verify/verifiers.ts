// The three verifiers: maths by the project's grader against the gold answer, multiple choice by letter, code by
// running the extracted program against the question's tests in the sandbox. Each returns the annotation the
// contract names: label verified | verify-failed | verify-error, with evidence {expected, got, test?, stdout?,
// stderr?, reason?}. A verifier never throws for what it is given: bad input is a verify-error that says why.
import { extractAnswer, gradeAnswer } from '../grade';
import { extractProgram } from './extract-code';
import { runPythonTests, type RunTestsOptions } from './python-tests';
import { SandboxUnavailableError, type Sandbox } from './sandbox';
import { sampleTests } from './tests';

export const VERIFY_KINDS = ['math', 'choice', 'code'] as const;
export type VerifyKind = (typeof VERIFY_KINDS)[number];
export const VERIFY_LABELS = ['verified', 'verify-failed', 'verify-error'] as const;
export type VerifyLabel = (typeof VERIFY_LABELS)[number];
export const verifierOrigin = (kind: VerifyKind) => `verifier:${kind}`;

export interface VerifyEvidence {
  expected: string | null;
  got: string | null;
  test?: number;
  input?: string;
  stdout?: string;
  stderr?: string;
  reason?: string;
  [k: string]: unknown;
}

export interface Verdict { kind: VerifyKind; label: VerifyLabel; evidence: VerifyEvidence }

/** What a verifier reads of a trace and its sample. */
export interface VerifyInput {
  question: string;
  gold: string | null;
  metadata: unknown;
  thinking: string;
  answer: string;
  finishReason: string | null;
}

/** The text graded: the answer part, else the end of the thinking (a trace cut off before its answer). */
const response = (t: VerifyInput) => (t.answer.trim() ? t.answer : t.thinking.slice(-4000));

export function verifyMath(t: VerifyInput): Verdict {
  if (!t.gold?.trim()) return { kind: 'math', label: 'verify-error', evidence: { expected: null, got: null, reason: 'the sample has no gold answer' } };
  const g = gradeAnswer(t.gold, response(t), { finishReason: t.finishReason });
  const undecided = g.reason === 'time limit' || g.reason.startsWith('error') || g.reason.startsWith('undecided');
  const label: VerifyLabel = undecided ? 'verify-error' : g.equal ? 'verified' : 'verify-failed';
  return { kind: 'math', label, evidence: { expected: g.gold, got: g.pred, reason: g.reason, ...(g.rule ? { rule: g.rule } : {}) } };
}

/** The options of a multiple-choice sample, when the data names them (GPQA's correct + incorrect). */
function choicesOf(metadata: unknown): string[] | undefined {
  const m = metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>) : {};
  return Array.isArray(m.choices) && m.choices.every((c) => typeof c === 'string') ? m.choices : undefined;
}

export function verifyChoice(t: VerifyInput): Verdict {
  const gold = t.gold?.trim().replace(/^\(?([A-J])\)?\.?$/, '$1') ?? '';
  if (!/^[A-J]$/.test(gold)) {
    return { kind: 'choice', label: 'verify-error', evidence: { expected: t.gold, got: null, reason: 'the gold answer is not an option letter (A-J)' } };
  }
  const x = extractAnswer(response(t), { kind: 'choice', choices: choicesOf(t.metadata), finishReason: t.finishReason });
  if (!x) return { kind: 'choice', label: 'verify-failed', evidence: { expected: gold, got: null, reason: 'no option letter in the answer' } };
  const got = x.answer.trim();
  return { kind: 'choice', label: got === gold ? 'verified' : 'verify-failed', evidence: { expected: gold, got, reason: got === gold ? 'same letter' : 'another letter' } };
}

export async function verifyCode(t: VerifyInput, sandbox: Sandbox | SandboxUnavailableError, opts: RunTestsOptions = {}): Promise<Verdict> {
  const err = (reason: string, extra: Partial<VerifyEvidence> = {}): Verdict => ({ kind: 'code', label: 'verify-error', evidence: { expected: null, got: null, reason, ...extra } });
  const tests = sampleTests(t.metadata);
  if (!tests.ok) return err(tests.reason);
  const program = extractProgram(t.answer) ?? extractProgram(t.thinking.slice(-20_000));
  if (!program) return { kind: 'code', label: 'verify-failed', evidence: { expected: null, got: null, reason: 'no code block in the answer' } };
  if (program.language && !/^(python|py|python3)$/.test(program.language)) return err(`the program is ${program.language}; only Python is run`);
  if (sandbox instanceof SandboxUnavailableError) return err(sandbox.message);
  try {
    const r = await runPythonTests(sandbox, program.code, tests.tests, opts);
    if (r.passed) return { kind: 'code', label: 'verified', evidence: { expected: `${r.total} tests`, got: `${r.total} passed`, reason: `all ${r.total} tests passed${r.rule ? ` (${r.rule} match)` : ''}`, program: program.how } };
    const f = r.failure!;
    // Past the output cap nothing comparable was kept: the verdict is unknown, not wrong (time and memory limits
    // are the problem's own, so exceeding them fails, as APPS counts them).
    return {
      kind: 'code', label: f.reason.startsWith('output limit') ? 'verify-error' : 'verify-failed',
      evidence: { expected: f.expected, got: f.got, test: f.test, input: f.input, stdout: f.stdout, stderr: f.stderr, reason: `test ${f.test + 1} of ${r.total}: ${f.reason}`, program: program.how },
    };
  } catch (e) {
    if (e instanceof SandboxUnavailableError) return err(e.message);
    return err(`the sandbox failed: ${(e as Error).message}`);
  }
}

/** The verifier a sample calls for: code when it carries tests, choice when its gold is a letter, else maths. */
export function kindOf(t: Pick<VerifyInput, 'gold' | 'metadata'>): VerifyKind {
  const m = t.metadata && typeof t.metadata === 'object' ? (t.metadata as Record<string, unknown>) : {};
  if (m.tests !== undefined || m.input_output !== undefined || m.test_cases !== undefined) return 'code';
  if (m.answer_kind === 'choice' || (t.gold && /^\(?[A-J]\)?$/.test(t.gold.trim()) && m.answer_kind !== 'math')) return 'choice';
  return 'math';
}
