// distillery import FILE... [--dataset NAME] [--preset P] [--map F=COL,…] [--source NAME] [--teacher MODEL] [--skip-bad]
import { Option } from 'commander';
import { join } from 'node:path';
import { importFiles, ImportCancelled } from '../../core/ingest/importer';
import { PRESETS } from '../../core/ingest/presets';
import { PRESET_INFO, type ImportResult, type PresetName } from '../../shared/protocol';
import { checkInputFileSync } from '../../core/ingest/input-file';
import { MAP_KEYS } from '../../core/ingest/field-map';
import { cliNumber, CliError, type RegisterCommand } from '../context';
import { ProgressBar } from '../progress';

export const PRESET_NAMES = ['auto', ...PRESETS.map((p) => p.name)];

/** Parses `question=prompt,answer=gold` into a field map; a field no map may set is a usage error (2) before any
 *  file is read, not a refusal of each file, in words naming the flag it came from (--map, --eval-map, --benchmark-map). */
export function parseFieldMap(spec: string | undefined, flag = '--map'): Record<string, string> | undefined {
  if (!spec) return undefined;
  const out: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    const m = /^\s*([\w.-]+)\s*=\s*(.+?)\s*$/.exec(pair);
    if (!m) throw new CliError(`${flag}: '${pair}' is not field=column`);
    if (!Object.hasOwn(MAP_KEYS, m[1])) throw new CliError(`${flag}: unknown field '${m[1]}' in '${pair.trim()}' (known: ${Object.keys(MAP_KEYS).join(', ')})`);
    out[m[1]] = m[2];
  }
  return out;
}

/** Refuses before anything is opened: a missing path, a folder, or several files without one data set named. */
function checkInputFiles(files: string[], dataset: string | undefined): void {
  for (const f of files) {
    const c = checkInputFileSync(f);
    if (c.ok || c.problem === 'file is empty') continue; // an empty file is the importer's one-line error
    if (c.problem.startsWith('file not found')) throw new CliError(`${f}: no such file (check the path; nothing was imported)`);
    if (c.problem.startsWith('is a folder')) throw new CliError(`${f} is a folder: pass the files inside it, e.g. ${join(f, '*.jsonl')} (nothing was imported)`);
    throw new CliError(`${f}: ${c.problem} (nothing was imported)`);
  }
  if (files.length > 1 && dataset === undefined) {
    throw new CliError(`${files.length} files given without --dataset: name the one data set they go into (--dataset NAME), or import them one at a time to get one data set each`);
  }
}

/** --max-field-mb and --workers, refused as a usage error before anything is opened (not a per-line error, not ignored). */
export function checkNumbers(o: { maxFieldMb: string; workers?: string }): { maxFieldBytes: number; workers: number | undefined } {
  const mb = cliNumber(o.maxFieldMb);
  if (!(Number.isFinite(mb) && mb > 0)) throw new CliError(`--max-field-mb must be a positive number of million characters, not '${o.maxFieldMb}' (nothing was imported)`);
  const workers = o.workers === undefined ? undefined : cliNumber(o.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) {
    throw new CliError(`--workers must be a whole number (0 parses on the main thread), not '${o.workers}' (nothing was imported)`);
  }
  return { maxFieldBytes: Math.round(mb * 1e6), workers };
}

export const registerImport: RegisterCommand = (program, ctx) => {
  program.command('import')
    .description('import trace or evaluation files (JSONL, JSON array, Parquet, CSV) into the database')
    .argument('<files...>', 'files to import')
    .option('--dataset <name>', 'dataset to import into (default: the file name; several files need --dataset: they go into one data set)')
    .addOption(new Option('--preset <preset>', 'schema of the files').choices(PRESET_NAMES).default('auto'))
    .option('--skip-bad', 'keep the good rows of a file with bad ones (default: the file is all-or-nothing)')
    .option('--map <pairs>', 'name the columns: question=COL,answer=COL,solution=COL,thinking=COL,attempt=COL,response=COL,grade=COL,source=COL,domain=COL,producer=COL; a COL may be a path such as prompt[0].value or reward_model.ground_truth')
    .option('--teacher <name>', 'record this model as the producer of the traces (default: a model column, else a model folder in the path, else unknown)')
    .option('--source <name>', 'source of samples whose rows name none (default: a source or data_source column, else the file name)')
    .option('--max-field-mb <n>', 'reject a row whose text field has more than this many million characters', '32')
    .addHelpText('after', `\nPresets:\n${PRESET_INFO.map((p) => `  ${p.name.padEnd(Math.max(...PRESET_INFO.map((q) => q.name.length)))}  ${p.description}`).join('\n')}`)
    .option('--workers <n>', 'parse threads for JSONL (default: 1, or 2 for large files on 3 or more cores)')
    .action(async (files: string[], o: { dataset?: string; preset: PresetName; skipBad?: boolean; map?: string; teacher?: string; source?: string; maxFieldMb: string; workers?: string }) => {
      const { maxFieldBytes, workers } = checkNumbers(o);
      checkInputFiles(files, o.dataset);
      const fieldMap = parseFieldMap(o.map);
      const db = ctx.openDb('write');
      const bar = new ProgressBar('import');
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      let result: ImportResult;
      try {
        result = await importFiles(db, {
          files, dataset: o.dataset, preset: o.preset, skipBad: o.skipBad, fieldMap, teacher: o.teacher, source: o.source,
          maxFieldBytes, workers, signal: abort.signal,
          bulkJournal: true,
          onProgress: (p) => bar.update(p.bytes, p.totalBytes, `${p.rows} rows`),
        });
      } catch (e) {
        if (e instanceof ImportCancelled) throw new CliError('import cancelled; nothing from the interrupted file was stored', 130);
        throw e;
      } finally {
        bar.done();
        process.off('SIGINT', onSignal);
        db.close();
      }
      ctx.emit(result, (r: ImportResult) => {
        const lines = [`${r.dataset}: ${r.rows} rows, ${r.traces} traces (${r.new_samples} new samples, ${r.new_traces} new traces), ${r.skipped} skipped`];
        if (r.gold_filled) lines.push(`  gold filled in for ${r.gold_filled} stored question(s) that had none`);
        if (r.gold_conflicts) lines.push(`  ${r.gold_conflicts} row(s) whose gold differs from the stored gold of the same question: the stored gold is kept (a different answer is a sample of its own)`);
        for (const f of r.files) {
          lines.push(`  ${f.file} [${f.preset}] ${f.ok ? `${f.rows} rows` : 'NOT IMPORTED'}`);
          if (f.ok && f.unknown_producer_traces) {
            lines.push(`    producer unknown for ${f.unknown_producer_traces} traces (no model column, no model folder in the path): stored as 'unknown'; pass --teacher MODEL to name it`);
          }
        }
        return lines.join('\n');
      });
      // Errors go to stderr (with --json too, where they are also in the object): a script reading stdout still
      // sees why a file was refused, and a person sees it even when stdout is redirected.
      for (const e of result.errors) ctx.info(`error ${e.file}${e.line > 0 ? `:${e.line}` : ''}: ${e.message}`);
      const failed = result.files.some((f) => !f.ok);
      if (failed) {
        ctx.info(`distillery: ${result.files.filter((f) => !f.ok).length} file(s) not imported; the database is unchanged for them`);
        process.exitCode = 1;
      }
    });
};
