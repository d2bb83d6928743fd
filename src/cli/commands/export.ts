// distillery export --selection NAME --format s1|messages|sharegpt|stratos|parquet --out PATH [--traces …] [--split 0.95] …
import { Option } from 'commander';
import { TOKENIZER_OPTION_HELP } from '../../core/tokenize/select';
import { existsSync } from 'node:fs';
import { DELIMITER_STYLES, type DelimiterStyle } from '../../core/ingest/delimiters';
import { InvalidInputError, NotFoundError } from '../../core/errors';
import { EXPORT_FORMATS, type ExportFormat } from '../../core/export/formats';
import { TRACE_CHOICES, type TraceChoice } from '../../core/export/traces';
import { PARQUET_COMPRESSIONS, type ParquetCompression } from '../../core/export/parquet-groups';
import { exportSelection, type ExportSummary } from '../../core/export/run';
import { checkChatTemplate, cliNumber, CliError, tokenizerOption, type RegisterCommand } from '../context';
import { ProgressBar } from '../progress';

interface ExportFlags {
  selection: string; format: ExportFormat; out: string; traces?: TraceChoice; thinkingFormat?: DelimiterStyle; system?: string;
  split?: string; seed: string; chatTemplate?: string; tokenizer?: string; force?: boolean; parquetCompression?: ParquetCompression;
}

export function formatExport(r: ExportSummary): string {
  const c = r.counts;
  const lines = [`${r.selection}@${r.version}: ${c.exported_samples} questions, ${c.rows} rows as ${r.format} (traces ${r.traces}, ${r.thinking_format} delimiters)` +
    `${c.rejected_samples ? `; ${c.rejected_samples} rejected by a person` : ''}${c.no_trace ? `; ${c.no_trace} without a trace to export` : ''}`];
  for (const f of r.files) lines.push(`  ${f.path}${f.rows !== undefined ? `  ${f.rows} rows` : ''}  ${(f.bytes / 1e6).toFixed(1)} MB  sha256 ${f.sha256.slice(0, 16)}…`);
  for (const n of r.notes ?? []) lines.push(`note: ${n}`);
  return lines.join('\n');
}

export const registerExport: RegisterCommand = (program, ctx) => {
  program.command('export')
    .description("write a selection for a trainer (s1, TRL messages, LLaMA-Factory ShareGPT, Bespoke-Stratos) with a manifest and a Hugging Face dataset card beside it")
    .requiredOption('--selection <name>', 'selection to export (NAME is its latest version, NAME@N a given one)')
    .addOption(new Option('--format <format>', "row shape; 'parquet' is s1's columns in Parquet").choices(EXPORT_FORMATS).makeOptionMandatory())
    .requiredOption('--out <path>', 'data file; .jsonl, .json or .parquet chooses the container (manifest.json and README.md go beside it)')
    .addOption(new Option('--traces <which>', "best: one per question (accepted by a person, then verified correct, then the longest); all; verified (a person's acceptance, else distillery verify's verdict, else the source's grade); accepted. Default: the selection recipe's keep rule (stratos: verified, openthoughts: all), else best").choices(TRACE_CHOICES))
    .addOption(new Option('--thinking-format <style>', 'thinking delimiters in the assistant turn (default: s1 for s1/parquet, think-tags for messages/sharegpt, sky for stratos)').choices(DELIMITER_STYLES))
    .option('--system <text>', 'a system turn for every row (stratos: replaces its system prompt)')
    .option('--split <share>', 'write train and validation files, this share of questions in train (e.g. 0.95)')
    .option('--seed <n>', 'seed of the split', '42')
    .option('--chat-template <path>', "a model's tokenizer_config.json (or its folder) to render s1's text column with (default: Qwen2.5's)")
    .option('--tokenizer <path>', `token counts: ${TOKENIZER_OPTION_HELP}`)
    .addOption(new Option('--parquet-compression <codec>', "Parquet pages: snappy (default, as pyarrow's; every reader reads it), brotli (the smallest file; Spark needs its Brotli codec), none").choices(PARQUET_COMPRESSIONS))
    .option('--force', 'replace existing files')
    .action(async (o: ExportFlags) => {
      tokenizerOption(o.tokenizer);
      const seed = cliNumber(o.seed);
      if (!Number.isInteger(seed)) throw new CliError(`--seed ${o.seed}: expected an integer`);
      const split = o.split === undefined ? undefined : cliNumber(o.split);
      if (split !== undefined && !(split > 0 && split < 1)) throw new CliError(`--split ${o.split}: the train share must be a number between 0 and 1, e.g. 0.95`);
      if (o.chatTemplate !== undefined && !existsSync(o.chatTemplate)) throw new CliError(`--chat-template ${o.chatTemplate}: no such file or folder`);
      if (o.chatTemplate !== undefined) checkChatTemplate(o.chatTemplate);
      const db = ctx.openDb('read');
      const bar = new ProgressBar('export');
      let r: ExportSummary;
      try {
        r = await exportSelection(db, {
          selection: o.selection, format: o.format, out: o.out, traces: o.traces, thinkingFormat: o.thinkingFormat, system: o.system,
          split, seed, chatTemplate: o.chatTemplate, force: o.force, dbPath: ctx.dbPath(), parquetCompression: o.parquetCompression,
          onProgress: (done, total) => bar.update(done, total, `${done} of ${total} questions`),
        });
      } catch (e) {
        if (e instanceof InvalidInputError || e instanceof NotFoundError) throw new CliError(e.message);
        throw e;
      } finally {
        bar.done();
        db.close();
      }
      ctx.emit(r, formatExport);
    });
};
