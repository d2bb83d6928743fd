// distillery stats [--dataset NAME]
import { existsSync } from 'node:fs';
import { openDatabase, schemaVersion } from '../../core/store/db';
import { listDatasets } from '../../core/store/datasets';
import { indexedTraces, pendingTraces } from '../../core/store/fts';
import type { StatsResult } from '../../shared/protocol';
import { CliError, type RegisterCommand } from '../context';

export function collectStats(dbPath: string, dataset?: string): StatsResult {
  const db = openDatabase(dbPath);
  try {
    const datasets = listDatasets(db, dataset);
    if (dataset !== undefined && !datasets.length) throw new CliError(`no dataset named '${dataset}'`);
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    return {
      db: db.name,
      schemaVersion: schemaVersion(db),
      datasets,
      totals: {
        samples: datasets.reduce((a, d) => a + d.samples, 0),
        traces: datasets.reduce((a, d) => a + d.traces, 0),
        annotations: count('SELECT count(*) FROM annotations'),
        runs: count('SELECT count(*) FROM runs'),
        results: count('SELECT count(*) FROM results'),
      },
      fts: { indexedTraces: indexedTraces(db), pendingTraces: pendingTraces(db) },
    };
  } finally {
    db.close();
  }
}

export function formatStats(s: StatsResult): string {
  const lines = [`${s.db} (schema v${s.schemaVersion})`];
  if (!s.datasets.length) lines.push('  no datasets yet: distillery import FILE');
  for (const d of s.datasets) {
    lines.push(`  ${d.name.padEnd(24)} ${d.kind.padEnd(7)} ${String(d.samples).padStart(8)} samples ${String(d.traces).padStart(8)} traces  ${d.reviewed} reviewed  [${d.presets.join(', ')}]`);
  }
  lines.push(`  total: ${s.totals.samples} samples, ${s.totals.traces} traces, ${s.totals.annotations} annotations; full-text index: ${s.fts.indexedTraces} traces indexed, ${s.fts.pendingTraces} pending`);
  return lines.join('\n');
}

export const registerStats: RegisterCommand = (program, ctx) => {
  program.command('stats')
    .description('datasets and counts in the database')
    .option('--dataset <name>', 'only this dataset')
    .action((o: { dataset?: string }) => {
      const path = ctx.dbPath();
      if (!existsSync(path)) ctx.info(`(no database at ${path} yet; creating an empty one)`);
      ctx.emit(collectStats(path, o.dataset), formatStats);
    });
};
