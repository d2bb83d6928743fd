// distillery report --run NAME[,NAME...] --out DIR [--selection NAME] [--force]
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidInputError } from '../../core/errors';
import { UnknownRunError, UnknownSelectionError } from '../../core/report/data';
import { writeReport, type ReportOutput } from '../../core/report/write';
import { CliError, type RegisterCommand } from '../context';
import { knownRuns } from './teachers';

export function formatReport(o: ReportOutput): string {
  const lines: string[] = [];
  if (o.replay) lines.push(`REPLAY: ${o.runs.filter((r) => r.replay).map((r) => r.name).join(', ')} answered by the replay server (recorded traces); the report says so at the top and its numbers are not a model's.`);
  lines.push(`report: ${o.report}`);
  lines.push(`  runs: ${o.runs.map((r) => `${r.name} (${r.results} results, ${r.status})`).join(', ')}`);
  lines.push(`  plots: ${o.charts.map((c) => c.file).join(', ')}`);
  lines.push(`  samples: ${o.exports.map((e) => `${e.file} (${e.rows})`).join(', ')}`);
  lines.push(`  where scaling fails: ${o.failures.pairs} budget steps without gain, ${o.failures.stalled} without more thinking, ${o.failures.flips} questions right → wrong`);
  return lines.join('\n');
}

/** Refuses before anything is read or written, as export and backup do: a file in the way, or a folder with files
 *  in it without --force (a report written over another leaves the other's files beside it). */
function checkOutFolder(out: string, force: boolean | undefined): void {
  const dir = resolve(out);
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new CliError(`--out ${out} is a file, not a folder: pass a folder for report.md and its files (nothing was written)`);
  if (!force && readdirSync(dir).length) {
    throw new CliError(`--out ${out} is a folder with files in it: pass --force to write the report into it (files of the same names are replaced), or choose another --out (nothing was written)`);
  }
}

export const registerReport: RegisterCommand = (program, ctx) => {
  program.command('report')
    .description('write a Markdown report of evaluation runs: scaling plots (SVG), metrics tables, where scaling fails, examples, cost, configuration and per-sample JSONL')
    .requiredOption('--run <names>', 'evaluation run(s), comma-separated (several compare side by side; the first is the baseline)')
    .requiredOption('--out <dir>', 'folder for report.md and its files (created when missing; a folder with files in it needs --force)')
    .option('--selection <name>', 'also show the curation funnel of this selection (NAME or NAME@VERSION)')
    .option('--force', 'write into a --out folder that has files in it (those of the same names are replaced)')
    .action(async (o: { run: string; out: string; selection?: string; force?: boolean }) => {
      const names = [...new Set(o.run.split(',').map((s) => s.trim()).filter(Boolean))];
      if (!names.length) throw new CliError('--run: no run name given');
      checkOutFolder(o.out, o.force);
      const db = ctx.openDb('read');
      let out: ReportOutput;
      try {
        out = await writeReport(db, names, resolve(o.out), {
          selection: o.selection, command: `distillery report --run ${names.join(',')} --out ${o.out}${o.selection ? ` --selection ${o.selection}` : ''}${o.force ? ' --force' : ''}`,
        });
      } catch (e) {
        if (e instanceof UnknownRunError) throw new CliError(`${e.message}${knownRuns(db, ['eval'])}`);
        if (e instanceof UnknownSelectionError) throw new CliError(`--selection: ${e.message}`);
        if (e instanceof InvalidInputError) throw new CliError(`--out ${o.out}: ${e.message}`);
        throw e;
      } finally {
        db.close();
      }
      ctx.emit(out, formatReport);
    });
};
