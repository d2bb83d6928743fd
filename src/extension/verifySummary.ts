// The pure part of Verify Traces…: its arguments (from a tree node or a caller), the task's arguments, and the
// message that reports the verdicts when it ends. No vscode import, so unit tests run it under Node.
import type { VerdictSummary, VerifyScopeRef } from '../shared/protocol';

export const VERIFY_KIND_CHOICES = ['auto', 'math', 'choice', 'code'] as const;
export type VerifyKindChoice = (typeof VERIFY_KIND_CHOICES)[number];

export interface VerifyArgs extends VerifyScopeRef {
  kind?: VerifyKindChoice;
  cpuSeconds?: number;
  memoryMb?: number;
  concurrency?: number;
  /** Verify again traces that already have a verdict (asked when every trace has one). */
  force?: boolean;
}

export type VerifyArg = VerifyArgs | { kind: 'generation' | 'run'; run: string } | { kind: 'selection' | 'listedSelection'; selection: string } | { kind: 'dataset'; dataset: { name: string } } | undefined;

/** Arguments from a tree node (a generation run, a selection, a data set), a caller (the answers) or nothing (ask). */
export function verifyArgsOf(arg: VerifyArg): VerifyArgs {
  if (!arg) return {};
  // Tree nodes first: a selection's or a run's node names its data set too.
  if (arg.kind === 'generation' || arg.kind === 'run') return { run: (arg as { run: string }).run };
  if (arg.kind === 'selection' || arg.kind === 'listedSelection') return { selection: (arg as { selection: string }).selection };
  if (arg.kind === 'dataset') return { dataset: (arg as { dataset: { name: string } }).dataset.name };
  return arg as VerifyArgs;
}

export type VerifyTaskAnswers = Omit<VerifyArgs, keyof VerifyScopeRef | 'kind'> & { scope: VerifyScopeRef; kind: VerifyKindChoice };

/** The `verify` task's arguments (an argument array: nothing passes through a shell). */
export function verifyTaskArgs(a: VerifyTaskAnswers): string[] {
  const scope = a.scope.run !== undefined ? ['--run', a.scope.run] : a.scope.selection !== undefined ? ['--selection', a.scope.selection] : ['--dataset', a.scope.dataset ?? ''];
  return [...scope, '--kind', a.kind,
    ...(a.concurrency ? ['--concurrency', String(a.concurrency)] : []),
    ...(a.cpuSeconds ? ['--cpu-seconds', String(a.cpuSeconds)] : []),
    ...(a.memoryMb ? ['--memory-mb', String(a.memoryMb)] : []),
    ...(a.force ? ['--force'] : [])];
}

/** How the scope reads in a task name: "gen-a", "s1k:x@2", "data set x". */
export function scopeName(s: VerifyScopeRef): string {
  return s.run ?? s.selection ?? `data set ${s.dataset ?? ''}`;
}

/** True when a reason says the sandbox could not run code (no bubblewrap, or it could not start). */
export const isSandboxReason = (reason: string) => /\bbwrap\b|bubblewrap|prlimit is not on PATH|no sandbox/i.test(reason);

/**
 * "run gen-a: 20 verified, 10 failed, 2 could not be verified (of 32 traces)", then why traces could not be
 * verified (the commonest reason), and first of all that code was not run when the sandbox is missing.
 */
export function verifyMessage(s: VerdictSummary): { text: string; warn: boolean } {
  const head = `${s.scope}: ${s.verified} verified, ${s.failed} failed, ${s.errors} could not be verified (of ${s.traces} trace${s.traces === 1 ? '' : 's'}${s.unverified ? `; ${s.unverified} not verified` : ''}).`;
  const sandbox = s.errorReasons.find((r) => isSandboxReason(r.reason));
  if (sandbox) return { text: `${head} Code was not run on ${sandbox.traces} trace${sandbox.traces === 1 ? '' : 's'}: ${sandbox.reason}.`, warn: true };
  const top = s.errorReasons[0];
  return { text: top ? `${head} Commonest reason it could not: ${top.reason} (${top.traces}).` : head, warn: s.traces === 0 };
}
