// `Distillery: Export Selection…`: selection, format, traces and file picked by keyboard, then `distillery export`
// runs as a task (progress in its terminal); when it succeeds the dataset card written beside the data opens.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Config } from './config';
import { showEngineError } from './commands';
import type { EngineClient } from './engine';
import type { DistilleryTaskDefinition } from './taskArgs';
import { buildCliTask, runTaskToEnd } from './tasks';
import { safeLabel } from './bidi';

/** The CLI's formats (issue 11's contract), with what reads each. */
export const EXPORT_FORMAT_PICKS = [
  { label: 's1', detail: "s1K's columns and the text s1's sft.py trains on (Qwen2.5 chat template, <|im_start|>think … answer)", ext: 'jsonl' },
  { label: 'messages', detail: "TRL's SFT trainer: {messages: [{role, content}]}", ext: 'jsonl' },
  { label: 'sharegpt', detail: "LLaMA-Factory: {conversations: [{from, value}]} with its dataset_info.json beside it", ext: 'json' },
  { label: 'stratos', detail: 'Bespoke-Stratos / OpenThoughts rows: system + conversations with thought and solution markers', ext: 'jsonl' },
  { label: 'parquet', detail: "s1K's columns in Parquet, as the Hub serves s1K", ext: 'parquet' },
] as const;

export const EXPORT_TRACE_PICKS = [
  { label: 'best', detail: 'one per question: accepted by a person, then verified correct, then the longest' },
  { label: 'all', detail: 'every trace not rejected' },
  { label: 'verified', detail: 'only traces graded correct' },
  { label: 'accepted', detail: 'only samples a person accepted' },
] as const;

export interface ExportArgs { selection?: string; format?: string; traces?: string; out?: string; openCard?: boolean }

/** The export task's arguments; the file picker already asked before replacing a file, so `--force` follows it. */
export function exportTaskArgs(a: { selection: string; format: string; traces: string; out: string; replace: boolean }): string[] {
  return ['--selection', a.selection, '--format', a.format, '--traces', a.traces, '--out', a.out, ...(a.replace ? ['--force'] : [])];
}

/** Programmatic callers (tests, the tree, the panel) pass the answers and skip the pickers; returns the file written. */
export async function exportSelection(ctx: { config: Config; engine: EngineClient; log: vscode.LogOutputChannel }, args: ExportArgs = {}): Promise<string | undefined> {
  try {
    let selection = args.selection;
    if (!selection) {
      const all = await ctx.engine.request('selections/list', {});
      if (!all.length) {
        void vscode.window.showInformationMessage('Distillery: no selection to export yet. Curate a data set or save a review filter as a selection first.', 'Curate Dataset…')
          .then((c) => { if (c) void vscode.commands.executeCommand('distillery.curateDataset'); });
        return undefined;
      }
      const pick = await vscode.window.showQuickPick(all.map((s) => ({ label: safeLabel(`${s.name}@${s.version}`), description: `${s.count} samples`, ref: `${s.name}@${s.version}` })),
        { title: 'Export which selection?' });
      if (!pick) return undefined;
      selection = pick.ref;
    }
    const format = args.format ?? (await vscode.window.showQuickPick(EXPORT_FORMAT_PICKS.map((f) => ({ label: f.label, detail: f.detail })), { title: `Format for ${selection}` }))?.label;
    if (!format) return undefined;
    const traces = args.traces ?? (await vscode.window.showQuickPick(EXPORT_TRACE_PICKS.map((t) => ({ label: t.label, detail: t.detail })), { title: 'Which traces?' }))?.label;
    if (!traces) return undefined;
    const ext = EXPORT_FORMAT_PICKS.find((f) => f.label === format)?.ext ?? 'jsonl';
    let out = args.out;
    let replace = false;
    if (!out) {
      const root = vscode.workspace.workspaceFolders?.[0]?.uri;
      const base = selection.replace(/[^A-Za-z0-9._-]+/g, '-');
      const uri = await vscode.window.showSaveDialog({
        title: `Export ${selection} as ${format}`,
        defaultUri: root ? vscode.Uri.joinPath(root, 'exports', base, `${format === 'parquet' ? 'train' : format}.${ext}`) : undefined,
        filters: { 'JSON Lines': ['jsonl'], JSON: ['json'], Parquet: ['parquet'] },
      });
      if (!uri) return undefined;
      out = uri.fsPath;
      replace = true; // the save dialog asked before replacing
      await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(out)));
    }
    const def: DistilleryTaskDefinition = { type: 'distillery', command: 'export', args: exportTaskArgs({ selection, format, traces, out, replace }) };
    const code = await runTaskToEnd(buildCliTask(def, { config: ctx.config, name: `export ${selection} (${format})` }));
    if (code !== 0) {
      void vscode.window.showErrorMessage(`Distillery: export of ${selection} failed (exit ${code}); the task's terminal says why.`);
      return undefined;
    }
    const card = vscode.Uri.file(path.join(path.dirname(out), 'README.md'));
    if (args.openCard !== false) {
      await vscode.commands.executeCommand('markdown.showPreview', card).then(undefined, () => vscode.window.showTextDocument(card));
    }
    void vscode.window.showInformationMessage(`Distillery: exported ${selection} to ${out}, with manifest.json and a dataset card beside it.`, 'Reveal in Explorer')
      .then((c) => { if (c) void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(out)); });
    return out;
  } catch (e) {
    showEngineError(ctx.log, 'export', e);
    return undefined;
  }
}
