// `distillery verify`: every trace in scope gets one verdict annotation (verifiers.ts), written as it is decided,
// so a stopped run resumes where it was (traces already verified are skipped unless forced). Code runs in the
// sandbox `concurrency` at a time; maths and choice are graded in-process.
import type { Db } from '../store/db';
import { traceIdsToVerify, traceToVerify, writeVerdict, type VerifyScope } from '../store/verifications';
import { Sandbox, SandboxUnavailableError, type Limits } from './sandbox';
import { kindOf, verifierOrigin, verifyChoice, verifyCode, verifyMath, type Verdict, type VerifyInput, type VerifyKind, type VerifyLabel } from './verifiers';

export interface VerifyOptions {
  scope: VerifyScope;
  /** One verifier for every trace, or 'auto': by the sample (tests → code, a letter → choice, else maths). */
  kind?: VerifyKind | 'auto';
  concurrency?: number;
  force?: boolean;
  limits?: Partial<Limits>;
  /** PATH for bwrap and Python (tests simulate a machine without bwrap). */
  path?: string;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface VerifySummary {
  traces: number;
  skipped: number;
  verified: number;
  failed: number;
  errors: number;
  byKind: Partial<Record<VerifyKind, Record<VerifyLabel, number>>>;
  /** Why code could not run, when the sandbox was unavailable. */
  sandbox?: string;
  cancelled?: boolean;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try { return JSON.parse(text); } catch { return null; }
}

export async function verifyTraces(db: Db, o: VerifyOptions): Promise<VerifySummary> {
  const { ids, already } = traceIdsToVerify(db, o.scope, !!o.force);
  const summary: VerifySummary = { traces: ids.length, skipped: o.force ? 0 : already, verified: 0, failed: 0, errors: 0, byKind: {} };
  let sandbox: Sandbox | SandboxUnavailableError | undefined;
  const getSandbox = () => {
    if (!sandbox) {
      try { sandbox = new Sandbox({ path: o.path, limits: o.limits }); } catch (e) {
        if (!(e instanceof SandboxUnavailableError)) throw e;
        sandbox = e;
      }
      if (sandbox instanceof SandboxUnavailableError) summary.sandbox = sandbox.message;
    }
    return sandbox;
  };
  const decide = async (id: number): Promise<void> => {
    const row = traceToVerify(db, id);
    if (!row) return;
    // Without a gold answer, a solution that is one (short) or boxes one stands in, as the review panel reads it.
    const sol = row.solution?.trim();
    const gold = row.gold ?? (sol && ((sol.length <= 80 && !sol.includes('\n')) || /\\boxed\s*\{/.test(sol)) ? sol : null);
    const input: VerifyInput = { question: row.question, gold, metadata: parseJson(row.metadata), thinking: row.thinking, answer: row.answer, finishReason: row.finishReason };
    const kind = !o.kind || o.kind === 'auto' ? (row.domain && /^code$|coding|programming/i.test(row.domain) ? 'code' : kindOf(input)) : o.kind;
    let v: Verdict;
    if (kind === 'code') v = await verifyCode(input, getSandbox());
    else v = kind === 'choice' ? verifyChoice(input) : verifyMath(input);
    writeVerdict(db, { sampleId: row.sampleId, traceId: row.traceId, origin: verifierOrigin(v.kind), label: v.label, evidence: v.evidence });
    if (v.label === 'verified') summary.verified++; else if (v.label === 'verify-failed') summary.failed++; else summary.errors++;
    const k = (summary.byKind[v.kind] ??= { verified: 0, 'verify-failed': 0, 'verify-error': 0 });
    k[v.label]++;
  };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < ids.length) {
      if (o.signal?.aborted) { summary.cancelled = true; return; }
      const id = ids[next++];
      await decide(id);
      o.onProgress?.(++done, ids.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 2) }, worker));
  return summary;
}
