// distillery stats [--dataset NAME]
import { collectStats, UnknownDatasetError } from '../../core/store/stats';
import type { StatsResult } from '../../shared/protocol';
import { CliError, type RegisterCommand } from '../context';
import { printable } from '../table';

export function formatStats(s: StatsResult): string {
  const lines = [`${printable(s.db)} (schema v${s.schemaVersion})`];
  if (!s.datasets.length) lines.push('  no datasets yet: distillery import FILE');
  // The name column is as wide as the longest name (at least 24), so a long name does not push its row's counts out
  // of line with the others.
  const width = Math.max(24, ...s.datasets.map((d) => printable(d.name).length));
  for (const d of s.datasets) {
    lines.push(`  ${printable(d.name).padEnd(width)} ${d.kind.padEnd(7)} ${String(d.samples).padStart(8)} samples ${String(d.traces).padStart(8)} traces  ${d.reviewed} reviewed  [${printable(d.presets.join(', '))}]`);
  }
  // Under --dataset every figure is the data set's, and the line says so.
  const of = s.scope === 'dataset' && s.datasets.length ? ` of data set ${printable(s.datasets[0].name)}` : '';
  lines.push(`  total${of}: ${s.totals.samples} samples, ${s.totals.traces} traces, ${s.totals.annotations} annotations; full-text index: ${s.fts.indexedTraces} ${of ? 'of its traces' : 'traces'} indexed, ${s.fts.pendingTraces} pending`);
  return lines.join('\n');
}

export const registerStats: RegisterCommand = (program, ctx) => {
  program.command('stats')
    .description('datasets and counts in the database')
    .option('--dataset <name>', "only this dataset: every count is the data set's (its annotations, runs, results and indexed traces)")
    .action((o: { dataset?: string }) => {
      const db = ctx.openDb('read');
      let stats;
      try {
        stats = collectStats(db, o.dataset);
      } catch (e) {
        throw e instanceof UnknownDatasetError ? new CliError(e.message) : e;
      } finally {
        db.close();
      }
      ctx.emit(stats, formatStats);
    });
};
