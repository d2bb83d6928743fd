// distillery teachers --run A,B[,C...]: teachers compared on the questions all of their runs answered.
import { compareTeachers, type TeacherComparison } from '../../core/generate/teachers';
import { NotFoundError } from '../../core/errors';
import type { Db } from '../../core/store/db';
import { CliError, type RegisterCommand } from '../context';
import { formatTable } from '../table';

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

export function formatComparison(c: TeacherComparison): string {
  const t = formatTable([{ header: 'run' }, { header: 'teacher', max: 40 }, { header: 'traces', align: 'right' }, { header: 'accuracy', align: 'right' },
    { header: 'judged by', max: 40 }, { header: 'thinking mean', align: 'right' }, { header: 'p10/p50/p90', align: 'right' }],
  c.teachers.map((s) => [s.run, s.teacher, s.traces, `${pct(s.accuracy)} (${s.right}/${s.judged})`,
    Object.entries(s.judged_by).filter(([, n]) => n).map(([k, n]) => `${k.replace('_', ' ')} ${n}`).join(', '),
    s.thinking_tokens.mean ?? '-', `${s.thinking_tokens.p10 ?? '-'}/${s.thinking_tokens.p50 ?? '-'}/${s.thinking_tokens.p90 ?? '-'}`]), '  ');
  const a = c.agreement.map((x) => `  ${x.a} vs ${x.b}: on ${x.common} questions both right ${pct(x.both_right_share)}, both wrong ${pct(x.both_wrong_share)}, disagree ${x.disagree}`);
  return [`${c.questions} questions answered by every run`, t, ...(a.length ? ['agreement (right = at least half of the judged traces right):', ...a] : [])].join('\n');
}

/** The runs of these kinds, for an error that names a missing one (teachers, verify, metrics and report list theirs). */
export function knownRuns(db: Db, kinds: readonly ('generate' | 'eval')[] = ['generate', 'eval']): string {
  const names = db.prepare(`SELECT name FROM runs WHERE kind IN (${kinds.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT 21`).pluck().all(...kinds) as string[];
  const what = kinds.length > 1 ? 'generation or evaluation runs' : kinds[0] === 'eval' ? 'evaluation runs' : 'generation runs';
  if (!names.length) return ` (this database has no ${what}: run distillery ${kinds.map((k) => (k === 'generate' ? 'generate' : 'eval')).join(' or ')} first)`;
  return ` (runs in this database: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''})`;
}

export const registerTeachers: RegisterCommand = (program, ctx) => {
  program.command('teachers')
    .description('compare teachers (generation or evaluation runs) on the same questions: verified accuracy, thinking length, agreement')
    .requiredOption('--run <names>', 'runs, comma-separated')
    .action((o: { run: string }) => {
      const runs = o.run.split(',').map((r) => r.trim()).filter(Boolean);
      if (!runs.length) throw new CliError('--run: no run name given (generation or evaluation runs, comma-separated)');
      const db = ctx.openDb('read');
      try {
        let c: TeacherComparison;
        try { c = compareTeachers(db, runs); } catch (e) { if (e instanceof NotFoundError) throw new CliError(`${e.message}${knownRuns(db)}`); throw e; }
        ctx.emit(c, () => formatComparison(c));
      } finally {
        db.close();
      }
    });
};
