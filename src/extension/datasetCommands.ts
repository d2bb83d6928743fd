// The data set's own commands in the tree's context menu: rename (its selections follow) and delete (with a
// confirmation naming what goes: samples, traces, labels, selections). Both write the database: trusted only.
import * as vscode from 'vscode';
import { plural } from '../core/curate/wording';
import { safeLabel } from './bidi';
import { showEngineError } from './commands';
import type { Command } from './commands';
import type { EngineClient } from './engine';

/** A data set as the commands get it: a tree node, `{ dataset: { name } }`, or its name. */
type DatasetArg = string | { dataset?: { name: string } } | undefined;

export function datasetCommands(engine: EngineClient, log: vscode.LogOutputChannel): {
  'distillery.renameDataset': Omit<Command, 'id'>; 'distillery.deleteDataset': Omit<Command, 'id'>;
} {
  const pickDataset = async (arg: DatasetArg, title: string): Promise<string | undefined> => {
    const given = typeof arg === 'string' ? arg : arg?.dataset?.name;
    if (given) return given;
    const all = await engine.request('datasets/list', {});
    const pick = await vscode.window.showQuickPick(all.map((d) => ({ label: safeLabel(d.name), description: `${d.samples} samples`, name: d.name })), { title });
    return pick?.name;
  };
  return {
    'distillery.renameDataset': {
      needsTrust: 'renaming a data set',
      run: async (arg?: DatasetArg, newName?: string): Promise<string | undefined> => {
        try {
          const name = await pickDataset(arg, 'Rename which data set?');
          if (!name) return undefined;
          const to = newName ?? await vscode.window.showInputBox({
            title: `Rename ${safeLabel(name)}`, value: name, prompt: 'New name (its curated selections are renamed with it)',
            validateInput: (v) => (v.trim() && !/[/\\]/.test(v) ? null : 'a name without slashes'),
          });
          if (!to || to === name) return undefined;
          const r = await engine.request('datasets/rename', { name, to });
          log.info(`datasets: renamed ${name} to ${r.name}`);
          return r.name;
        } catch (e) {
          showEngineError(log, 'rename', e);
          return undefined;
        }
      },
    },
    'distillery.deleteDataset': {
      needsTrust: 'deleting a data set',
      /** `confirmed` skips the question (tests, scripts). */
      run: async (arg?: DatasetArg, confirmed?: boolean): Promise<number | undefined> => {
        try {
          const name = await pickDataset(arg, 'Delete which data set?');
          if (!name) return undefined;
          if (confirmed !== true) {
            const d = (await engine.request('datasets/list', {})).find((x) => x.name === name);
            const what = d ? `${plural(d.samples, 'sample')}, ${plural(d.traces, 'trace')}` : 'its samples and traces';
            const c = await vscode.window.showWarningMessage(`Delete the data set "${safeLabel(name)}"?`,
              { modal: true, detail: `This removes ${what}, their review labels and the selections curated from it from the workspace database. The files it was imported from are not touched. This cannot be undone.` }, 'Delete');
            if (c !== 'Delete') return undefined;
          }
          const r = await engine.request('datasets/delete', { name });
          log.info(`datasets: deleted ${name} (${r.samples} samples)`);
          return r.samples;
        } catch (e) {
          showEngineError(log, 'delete', e);
          return undefined;
        }
      },
    },
  };
}
