// `Distillery: Import Dataset…`: file picker, dataset name, preset, then a cancellable progress notification
// while the engine imports. Programmatic callers (tests, other commands) pass the answers and skip the UI.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PRESET_INFO, type ImportResult, type PresetName } from '../shared/protocol';
import { DATA_FILE_EXTENSIONS, FORMAT_INFO, datasetNameOf } from '../core/ingest/catalog';
import { showEngineError } from './commands';
import { type EngineClient, isCancelledError } from './engine';
import { askColumnMap, mapText } from './importMap';
import type { Prompts } from './prompts';

export interface ImportCommandArgs {
  files?: string | string[];
  dataset?: string;
  preset?: PresetName;
  skipBad?: boolean;
  /** field=column pairs for the generic preset (what Map Columns… asks for). */
  fieldMap?: Record<string, string>;
}



export class ImportCommand {
  constructor(
    private readonly engine: EngineClient,
    private readonly log: vscode.LogOutputChannel,
    private readonly prompts: Prompts,
  ) {}

  /**
   * Arguments: ImportCommandArgs, or the Uri(s) of the explorer context menu. Returns the result, or undefined.
   * Needs a trusted workspace (the command table checks it).
   */
  async run(arg?: ImportCommandArgs | vscode.Uri, selected?: vscode.Uri[]): Promise<ImportResult | undefined> {
    const args: ImportCommandArgs =
      arg instanceof vscode.Uri ? { files: (selected?.length ? selected : [arg]).map((u) => u.fsPath) } : (arg ?? {});
    const files = await this.pickFiles(args.files);
    if (!files?.length) return undefined;
    const dataset = args.dataset ?? (await this.askDataset(files));
    if (!dataset) return undefined;
    const preset = args.preset ?? (await this.askPreset());
    if (!preset) return undefined;
    return this.import(files, dataset, preset, args.skipBad ?? false, args.fieldMap);
  }

  private async pickFiles(given: string | string[] | undefined): Promise<string[] | undefined> {
    if (given !== undefined) return (Array.isArray(given) ? given : [given]).map((f) => this.absolute(f));
    const uris = await vscode.window.showOpenDialog({
      title: 'Import a trace data set',
      canSelectMany: true,
      canSelectFolders: false,
      openLabel: 'Import',
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: { [`Trace data (${FORMAT_INFO.map((f) => f.label).join(', ')})`]: [...DATA_FILE_EXTENSIONS], 'All files': ['*'] },
    });
    return uris?.map((u) => u.fsPath);
  }

  private absolute(f: string): string {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return path.isAbsolute(f) || !folder ? f : path.join(folder, f);
  }

  private askDataset(files: string[]): Thenable<string | undefined> {
    const stem = datasetNameOf(path.basename(files[0]));
    return this.prompts.inputBox({
      title: 'Import: dataset name',
      prompt: files.length > 1 ? `Dataset for ${files.length} files` : `Dataset for ${path.basename(files[0])}`,
      value: stem,
      validateInput: (v) => (v.trim() ? undefined : 'Give the dataset a name'),
    }).then((v) => v?.trim());
  }

  private async askPreset(): Promise<PresetName | undefined> {
    const pick = await vscode.window.showQuickPick(
      PRESET_INFO.map((p) => ({ label: p.name, detail: p.description, preset: p.name })),
      { title: 'Import: preset (the schema of the file)', placeHolder: 'auto detects the schema from the columns' },
    );
    return pick?.preset;
  }

  private async import(files: string[], dataset: string, preset: PresetName, skipBad: boolean, fieldMap?: Record<string, string>): Promise<ImportResult | undefined> {
    const token = randomUUID();
    const title = files.length === 1 ? `Importing ${path.basename(files[0])}` : `Importing ${files.length} files`;
    this.log.info(`import: ${files.join(', ')} → dataset "${dataset}" (preset ${preset}${fieldMap ? `, map ${mapText(fieldMap)}` : ''}${skipBad ? ', skip bad rows' : ''})`);
    let result: ImportResult;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, cancel) => {
          let reported = 0;
          const sub = this.engine.onNotification((n) => {
            if (n.method !== 'import/progress' || n.params.token !== token) return;
            const p = n.params;
            const pct = p.totalBytes > 0 ? Math.min(100, (100 * p.bytes) / p.totalBytes) : 0;
            progress.report({
              message: `${path.basename(p.file)}: ${p.rows.toLocaleString('en-US')} rows${p.totalBytes > 0 ? ` · ${pct.toFixed(0)}%` : ''}`,
              increment: pct > reported ? pct - reported : undefined,
            });
            reported = Math.max(reported, pct);
          });
          cancel.onCancellationRequested(() => this.log.info('import: cancel requested'));
          try {
            return await this.engine.request('import/run', { files, dataset, preset, skipBad, token, ...(fieldMap ? { fieldMap } : {}) }, cancel);
          } finally {
            sub.dispose();
          }
        },
      );
    } catch (e) {
      if (isCancelledError(e)) {
        this.log.info('import: cancelled');
        void vscode.window.showInformationMessage('Distillery: import cancelled; nothing was added.');
        return undefined;
      }
      showEngineError(this.log, 'import', e);
      return undefined;
    }
    this.report(result, { files, dataset, preset, skipBad, fieldMap });
    return result;
  }

  private report(r: ImportResult, again: Required<Omit<ImportCommandArgs, 'files' | 'fieldMap'>> & { files: string[]; fieldMap?: Record<string, string> }): void {
    const n = (x: number) => x.toLocaleString('en-US');
    const summary =
      `${n(r.rows)} rows, ${n(r.traces)} traces into "${r.dataset}"` +
      ` (${n(r.new_samples)} new samples, ${n(r.new_traces)} new traces${r.skipped ? `, ${n(r.skipped)} bad rows skipped` : ''})`;
    this.log.info(`import: ${summary} in ${r.seconds.toFixed(2)} s`);
    for (const e of r.errors) this.log.error(`import: ${e.file}${e.line > 0 ? `:${e.line}` : ''}: ${e.message}`);
    if (!r.errors.length) {
      void vscode.window.showInformationMessage(`Distillery: imported ${summary}.`);
      return;
    }
    const first = r.errors[0];
    // No preset fits: the CLI's advice (--preset generic --map ...) has no place here; Map Columns… asks for the map.
    const unmapped = r.errors.find((e) => e.columns?.length);
    const where = (e: typeof first) => `${path.basename(e.file)}${e.line > 0 ? `:${e.line}` : ''}: ${e.columns?.length
      ? `no preset fits the columns [${e.columns.join(', ')}]; choose Map Columns… to say which column is the question (and the answer, the thinking), or import again with a preset`
      : e.message}`;
    const more = r.errors.length > 1 ? ` (and ${r.errors.length - 1} more; see the output)` : '';
    const failedFiles = r.files.filter((f) => !f.ok);
    // Row errors (a line number) can be skipped with --skip-bad; file errors (not found, no preset fits) cannot.
    const canSkip = !again.skipBad && r.errors.some((e) => e.line > 0);
    const buttons = [...(unmapped ? ['Map Columns…'] : []), 'Show Output', ...(canSkip ? ['Import Again, Skipping Bad Rows'] : [])];
    const onChoice = (c: string | undefined) => {
      if (c === 'Show Output') this.log.show(true);
      else if (c === 'Map Columns…') void this.mapAndImport(unmapped!, again);
      else if (c) void this.import(again.files, again.dataset, again.preset, true, again.fieldMap);
    };
    if (r.rows === 0) {
      void this.prompts.message('error', `Distillery: nothing was imported into "${r.dataset}"; the database is unchanged. ${where(unmapped ?? first)}${more}`, ...buttons)
        .then(onChoice);
    } else if (failedFiles.length) {
      void this.prompts.message('warning',
        `Distillery: imported ${summary}, but ${failedFiles.length} of ${r.files.length} files were not imported ` +
          `(each file is all-or-nothing). ${where(unmapped ?? first)}${more}`,
        ...buttons,
      ).then(onChoice);
    } else {
      void vscode.window.showWarningMessage(`Distillery: imported ${summary}. Skipped: ${where(first)}${more}`, 'Show Output').then(onChoice);
    }
  }

  /** Map Columns…: the columns of the file no preset fitted, field by field; then that file again with the generic preset. */
  private async mapAndImport(e: { file: string; columns?: string[] }, again: { dataset: string; skipBad: boolean }): Promise<ImportResult | undefined> {
    const map = await askColumnMap(this.prompts, e.columns ?? []);
    if (!map) return undefined;
    return this.import([e.file], again.dataset, 'generic', again.skipBad, map);
  }
}
