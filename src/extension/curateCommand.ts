// `Distillery: Curate Dataset…`: data set, recipe and target picked by keyboard, then `distillery curate` runs as a
// task (the terminal shows the funnel); when it succeeds, a notification sums the selection up and its Review Selection
// opens the review panel on it (callers that pass `review: true` open the panel at once).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BUILTIN_RECIPE_LIST } from '../core/curate/builtin-recipes';
import { curationSummary } from '../core/curate/wording';
import type { Config } from './config';
import { safeLabel } from './bidi';
import { showEngineError } from './commands';
import type { EngineClient } from './engine';
import type { DistilleryTaskDefinition } from './taskArgs';
import { buildCliTask, runTaskToEnd } from './tasks';

const BUILT_IN_RECIPES = BUILTIN_RECIPE_LIST.map((r) => ({ label: r.name, detail: r.summary }));

/** The `curate` task of a data set: decontaminated against the bundled MATH500 and AIME24 and any GPQA CSV in the workspace. */
export async function curateTaskDefinition(config: Config, dataset: string, recipe: string, target: string, evalFiles?: string[]): Promise<DistilleryTaskDefinition> {
  const evals = evalFiles ?? await decontaminationFiles(config);
  return { type: 'distillery', command: 'curate', args: ['--dataset', dataset, '--recipe', recipe, '--target', target, '--eval', ...evals] };
}

export async function decontaminationFiles(config: Config): Promise<string[]> {
  return [path.join(config.extensionPath, 'samples', 'math500.jsonl'), path.join(config.extensionPath, 'samples', 'aime24.jsonl'),
    ...(await vscode.workspace.findFiles('**/gpqa*.csv', '**/node_modules/**', 5)).map((u) => u.fsPath)];
}

export interface CurateArgs { dataset?: string; recipe?: string; target?: number; review?: boolean }

/**
 * Programmatic callers (tests, other commands) pass the answers and skip the pickers; returns the selection made.
 * Needs a trusted workspace (the command table checks it).
 */
export async function curateDataset(ctx: { config: Config; engine: EngineClient; log: vscode.LogOutputChannel }, args: CurateArgs = {}): Promise<string | undefined> {
  let dataset = args.dataset;
  try {
    if (!dataset) {
      const all = (await ctx.engine.request('datasets/list', {})).filter((d) => d.kind !== 'eval');
      const pick = await vscode.window.showQuickPick(all.map((d) => ({ label: safeLabel(d.name), description: `${d.samples} samples`, name: d.name })), { title: 'Curate which data set?' });
      if (!pick) return undefined;
      dataset = pick.name;
    }
    const files = await vscode.workspace.findFiles('**/*.recipe.json', '**/node_modules/**', 50);
    const recipe = args.recipe ? { label: args.recipe, detail: args.recipe } : await vscode.window.showQuickPick(
      [...BUILT_IN_RECIPES, ...files.map((f) => ({ label: vscode.workspace.asRelativePath(f), detail: f.fsPath }))], { title: `Recipe for ${dataset}` });
    if (!recipe) return undefined;
    const target = args.target !== undefined ? String(args.target)
      : await vscode.window.showInputBox({ title: 'Target size', value: '1000', validateInput: (v) => (/^\d+$/.test(v) && Number(v) > 0 ? null : 'a positive whole number') });
    if (!target) return undefined;
    const recipeArg = BUILT_IN_RECIPES.some((r) => r.label === recipe.label) ? recipe.label : recipe.detail!;
    const def = await curateTaskDefinition(ctx.config, dataset, recipeArg, target);
    const code = await runTaskToEnd(buildCliTask(def, { config: ctx.config, name: `curate ${dataset} (${recipe.label})` }));
    if (code !== 0) {
      void vscode.window.showErrorMessage(`Distillery: curate ${dataset} failed (exit ${code}); see the task's terminal.`);
      return undefined;
    }
    const selections = await ctx.engine.request('selections/list', {});
    const latest = selections.filter((s) => s.name.endsWith(`:${dataset}`)).sort((a, b) => b.version - a.version)[0];
    if (!latest) return undefined;
    const ref = `${latest.name}@${latest.version}`;
    const sel = await ctx.engine.request('selections/get', { name: ref });
    const message = curationSummary(ref, latest.count, Number(target), sel?.funnel ?? []);
    ctx.log.info(`curation: ${message.replace(/^Distillery: /, '')}`);
    if (args.review) {
      await vscode.commands.executeCommand('distillery.reviewDataset', { dataset: { name: dataset }, selection: ref });
    } else {
      void vscode.window.showInformationMessage(message, 'Review Selection').then((open) => {
        if (open) void vscode.commands.executeCommand('distillery.reviewDataset', { dataset: { name: dataset }, selection: ref });
      });
    }
    return ref;
  } catch (e) {
    showEngineError(ctx.log, 'curation', e);
    return undefined;
  }
}
