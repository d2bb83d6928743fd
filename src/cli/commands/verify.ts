// distillery verify (--run NAME | --selection NAME | --dataset NAME) [--kind math|choice|code|auto] [--concurrency N] [--force]
import { Option } from 'commander';
import { NotFoundError } from '../../core/errors';
import { resolveVerifyScope } from '../../core/store/verdict-summary';
import { verifyTraces, type VerifySummary } from '../../core/verify/run';
import { VERIFY_KINDS } from '../../core/verify/verifiers';
import { cliNumber, CliError, type RegisterCommand } from '../context';
import { ProgressBar } from '../progress';
import { knownRuns } from './teachers';

interface VerifyFlags { run?: string; selection?: string; dataset?: string; kind: string; concurrency: string; force?: boolean; cpuSeconds?: string; memoryMb?: string }

export function formatVerify(r: VerifySummary & { scope: string }): string {
  // Nothing to verify at all (questions only, or no samples), said as the editor's Verify Traces says it, not as "0 traces verified".
  if (!r.traces && !r.skipped && !r.cancelled) return `${r.scope} has no traces to verify (its samples have none: distillery generate writes a selection's traces, or import a file with them)`;
  const lines = [`${r.scope}: ${r.traces} traces verified: ${r.verified} verified, ${r.failed} failed, ${r.errors} could not be verified` +
    `${r.skipped ? `; ${r.skipped} already verified (--force to redo)` : ''}${r.cancelled ? '; stopped early' : ''}`];
  for (const [kind, c] of Object.entries(r.byKind)) lines.push(`  ${kind}: ${c.verified} verified, ${c['verify-failed']} failed, ${c['verify-error']} errors`);
  if (r.sandbox) lines.push(`  code was not run: ${r.sandbox}`);
  return lines.join('\n');
}

export const registerVerify: RegisterCommand = (program, ctx) => {
  program.command('verify')
    .description('verify traces (maths by the grader, multiple choice by letter, code in a bubblewrap sandbox against the tests) and annotate each with its verdict')
    .option('--run <name>', "a generation or evaluation run's traces")
    .option('--selection <name>', "a selection's traces (NAME@N for a given version)")
    .option('--dataset <name>', "a data set's traces")
    .addOption(new Option('--kind <kind>', 'the verifier (auto: code where the sample has tests, choice where its gold is a letter, else maths)').choices([...VERIFY_KINDS, 'auto']).default('auto'))
    .option('--concurrency <n>', 'programs run at once', '2')
    .option('--cpu-seconds <n>', 'CPU time per test, in whole seconds (a fraction is rounded up; default 4)')
    .option('--memory-mb <n>', 'address space per test in MiB (default 1024)')
    .option('--force', 'verify again traces that already have a verdict')
    .action(async (o: VerifyFlags) => {
      const given = (['run', 'selection', 'dataset'] as const).filter((k) => o[k] !== undefined).map((k) => `--${k}`);
      if (!given.length) throw new CliError('name one of --run, --selection or --dataset');
      if (given.length > 1) throw new CliError(`name only one of --run, --selection or --dataset, not ${given.join(' and ')}`);
      const concurrency = cliNumber(o.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new CliError(`--concurrency ${o.concurrency}: expected a positive integer`);
      const num = (flag: string, v: string | undefined) => {
        if (v === undefined) return undefined;
        const n = cliNumber(v);
        if (!(n > 0)) throw new CliError(`${flag} ${v}: expected a positive number`);
        return n;
      };
      const cpu = num('--cpu-seconds', o.cpuSeconds);
      const mem = num('--memory-mb', o.memoryMb);
      const db = ctx.openDb('read', { writes: true });
      const bar = new ProgressBar('verify');
      try {
        let resolved: ReturnType<typeof resolveVerifyScope>;
        try { resolved = resolveVerifyScope(db, o); } catch (e) { if (e instanceof NotFoundError) throw new CliError(`${e.message}${o.run !== undefined && /^no run named/.test(e.message) ? knownRuns(db) : ''}`); throw e; }
        const { scope, label } = resolved;
        const limits = { ...(cpu ? { cpuSeconds: cpu, wallSeconds: Math.max(cpu * 1.5, cpu + 2) } : {}), ...(mem ? { memoryBytes: Math.round(mem * 2 ** 20) } : {}) };
        let lastLine = 0;
        const r = await verifyTraces(db, {
          scope, kind: o.kind as never, concurrency, force: o.force, limits,
          onProgress: (done, total) => {
            bar.update(done, total, `${done} of ${total} traces`);
            // Without a terminal, a plain line now and then (a task's output panel, a log).
            if (!process.stderr.isTTY && (done === total || Date.now() - lastLine > 5000)) { lastLine = Date.now(); ctx.info(`verify: ${done} of ${total} traces`); }
          },
        });
        bar.done();
        ctx.emit({ scope: label, ...r }, formatVerify);
      } finally {
        bar.done();
        db.close();
      }
    });
};
