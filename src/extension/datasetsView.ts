// The Datasets tree: one node per dataset (sample and trace counts); under it its curated selections, the
// evaluation runs that answered its questions, the generation runs that made traces of them, and its details; then, once there are any, a Selections node listing
// every selection's latest version (a mix names the data sets it spans). Clicking a selection or run (or a data
// set's inline Review button) opens it in the review panel (nodes double as the review command's argument).
// Refreshed on the engine's db/changed notification and when the database file changes on disk (CLI tasks write
// the same database from other processes).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetSummary, GenerationRunSummary, RunSummary } from '../shared/protocol';
import { safeLabel } from './bidi';
import { type EngineClient, errorMessage } from './engine';
import { setContext } from './commands';
import { CONTEXT } from './contexts';
import { describeEngineError, engineWentAway } from './engineMessages';

export type DatasetsNode = DatasetNode | DetailNode | SelectionNode | RunNode | GenerationNode | SelectionsNode | ListedSelectionNode;

export interface DatasetNode {
  kind: 'dataset';
  dataset: DatasetSummary;
}
/** A curated selection of the data set (its latest version); `selection` is the name@version to open. */
export interface SelectionNode {
  kind: 'selection';
  dataset: { name: string };
  selection: string;
  count: number;
}
/** An evaluation run with results on the data set's questions. */
export interface RunNode {
  kind: 'run';
  dataset: { name: string };
  run: string;
  summary: RunSummary;
}
/** A generation run with traces of the data set's questions; `run` makes it the review, verify and compare commands' argument. */
export interface GenerationNode {
  kind: 'generation';
  dataset: { name: string };
  run: string;
  summary: GenerationRunSummary;
}
export interface DetailNode {
  kind: 'detail';
  dataset: string;
  label: string;
  value: string;
  icon: string;
}

export interface SelectionsNode { kind: 'selections' }
/** A selection under the top-level Selections node: its latest version, from any data sets (a mix spans several).
 *  `selection` (and `dataset` when it has one) make the node the review and export commands' argument. */
export interface ListedSelectionNode {
  kind: 'listedSelection';
  /** NAME@VERSION, the latest version. */
  selection: string;
  count: number;
  versions: number;
  datasets: readonly string[];
  dataset?: { name: string };
}

/** The latest version of each selection name, with the number of versions (the list comes sorted by name, version). */
export function latestSelections(all: readonly { name: string; version: number; count: number; datasets?: readonly string[] }[]): ListedSelectionNode[] {
  const byName = new Map<string, ListedSelectionNode>();
  for (const s of all) {
    const datasets = s.datasets ?? [];
    byName.set(s.name, { kind: 'listedSelection', selection: `${s.name}@${s.version}`, count: s.count, versions: (byName.get(s.name)?.versions ?? 0) + 1, datasets,
      ...(datasets.length === 1 ? { dataset: { name: datasets[0] } } : {}) });
  }
  return [...byName.values()];
}

const REFRESH_DEBOUNCE_MS = 300;

export class DatasetsProvider implements vscode.TreeDataProvider<DatasetsNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<DatasetsNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly loadedEmitter = new vscode.EventEmitter<readonly DatasetSummary[]>();
  /** Fires after each successful load of the list (tests wait on it). */
  readonly onDidLoad = this.loadedEmitter.event;
  private datasets: DatasetSummary[] | undefined;
  private loading: Promise<DatasetSummary[]> | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private lastError: string | undefined;
  /** The top level as last shown. */
  private root: DatasetsNode[] = [];
  /** Why the last refresh happened (the output shows it at debug level; tests read it). */
  lastRefreshReason: string | undefined;

  constructor(
    private readonly engine: EngineClient,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Reload the list from the engine and redraw (debounced: bursts of changes make one reload). */
  refresh(reason = 'refresh'): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.log.debug(`datasets: refresh (${reason})`);
      this.lastRefreshReason = reason;
      this.datasets = undefined;
      this.changeEmitter.fire(undefined);
    }, REFRESH_DEBOUNCE_MS);
  }

  /** The datasets as last loaded (loads them when needed). */
  async list(): Promise<DatasetSummary[]> {
    if (this.datasets) return this.datasets;
    if (!this.loading) {
      this.loading = this.engine
        .request('datasets/list', {})
        .then((ds) => {
          this.datasets = [...ds].sort((a, b) => a.name.localeCompare(b.name));
          this.lastError = undefined;
          setContext(CONTEXT.hasDatasets, ds.length > 0);
          this.loadedEmitter.fire(this.datasets);
          return this.datasets;
        })
        .finally(() => (this.loading = undefined));
    }
    return this.loading;
  }

  getTreeItem(node: DatasetsNode): vscode.TreeItem {
    if (node.kind === 'dataset') {
      const d = node.dataset;
      const item = new vscode.TreeItem(safeLabel(d.name), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `dataset:${d.name}`;
      item.description = `${plural(d.samples, 'sample')} · ${plural(d.traces, 'trace')}`;
      item.tooltip = new vscode.MarkdownString(
        [
          `**${escapeMd(d.name)}**`,
          '',
          `- ${plural(d.samples, 'sample')}, ${plural(d.traces, 'trace')}`,
          `- ${plural(d.files, 'file')} · preset ${d.presets.length ? d.presets.map(escapeMd).join(', ') : 'n/a'}`,
          `- ${d.reviewed} reviewed · kind ${escapeMd(d.kind)}`,
          `- updated ${escapeMd(formatTime(d.updatedAt))}`,
        ].join('\n'),
      );
      item.iconPath = new vscode.ThemeIcon('database');
      item.contextValue = 'distillery.dataset';
      // No click command: a click expands the data set (a command would open the panel and take the focus away
      // from the tree); its inline Review button, Enter on a selection or run, and the context menu open review.
      return item;
    }
    if (node.kind === 'selection') {
      const item = new vscode.TreeItem(safeLabel(node.selection), vscode.TreeItemCollapsibleState.None);
      item.id = `selection:${node.dataset.name}:${node.selection}`;
      item.description = plural(node.count, 'sample');
      item.tooltip = `Curated selection ${node.selection} of ${node.dataset.name}: ${plural(node.count, 'sample')}. Click to review it.`;
      item.iconPath = new vscode.ThemeIcon('filter');
      item.contextValue = 'distillery.selection';
      item.command = { command: 'distillery.reviewDataset', title: 'Review Selection', arguments: [node] };
      return item;
    }
    if (node.kind === 'run') {
      const r = node.summary;
      const item = new vscode.TreeItem(safeLabel(node.run), vscode.TreeItemCollapsibleState.None);
      item.id = `run:${node.dataset.name}:${node.run}`;
      item.description = `${r.status} · ${plural(r.results, 'result')}${r.backend === 'replay' ? ' · replay' : ''}`;
      item.tooltip = `Evaluation run ${node.run} (${r.methods.join(', ') || 'no results'}; budgets ${r.budgets.map((b) => b ?? 'inf').join(', ') || '-'})${r.backend === 'replay' ? '. A replay run: recorded traces, not a model.' : ''} Click to review its traces; its graph button opens the runs dashboard.`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = 'distillery.run';
      item.command = { command: 'distillery.reviewDataset', title: 'Review Run', arguments: [node] };
      return item;
    }
    if (node.kind === 'generation') {
      const g = node.summary;
      const item = new vscode.TreeItem(safeLabel(node.run), vscode.TreeItemCollapsibleState.None);
      item.id = `generation:${node.dataset.name}:${node.run}`;
      const verdicts = g.verified + g.failed + g.errors;
      item.description = `${g.status} · ${plural(g.traces, 'trace')}${verdicts ? ` · ${g.verified} verified` : ''}`;
      item.tooltip = `Generation run ${node.run}${g.teacher ? ` by ${g.teacher}` : ''}: ${plural(g.traces, 'trace')} of ${plural(g.questions, 'question')} of ${node.dataset.name}`
        + (verdicts ? `; verified ${g.verified}, failed ${g.failed}, could not verify ${g.errors}` : '; not verified yet') + '. Click to review its traces.';
      item.iconPath = new vscode.ThemeIcon('sparkle');
      item.contextValue = 'distillery.generation';
      item.command = { command: 'distillery.reviewDataset', title: 'Review Run', arguments: [node] };
      return item;
    }
    if (node.kind === 'selections') {
      const item = new vscode.TreeItem('Selections', vscode.TreeItemCollapsibleState.Collapsed);
      item.id = 'selections';
      item.iconPath = new vscode.ThemeIcon('list-filter');
      item.contextValue = 'distillery.selections';
      return item;
    }
    if (node.kind === 'listedSelection') {
      const item = new vscode.TreeItem(safeLabel(node.selection), vscode.TreeItemCollapsibleState.None);
      item.id = `selection:${node.selection.replace(/@\d+$/, '')}`;
      item.description = `${plural(node.count, 'sample')} · ${node.datasets.join(', ') || 'no data set'}`;
      item.tooltip = `${node.selection}: ${plural(node.count, 'sample')} from ${node.datasets.length > 1 ? `${node.datasets.length} data sets (a mix)` : node.datasets.join(', ') || 'no data set'}; ${plural(node.versions, 'version')}`;
      item.iconPath = new vscode.ThemeIcon(node.datasets.length > 1 ? 'merge' : 'list-selection');
      item.contextValue = 'distillery.selection';
      // One data set: open on it, as Curate does; a mix spans several, so the panel shows all of them.
      item.command = { command: 'distillery.reviewDataset', title: 'Review Selection', arguments: [{ ...(node.dataset ? { dataset: node.dataset } : {}), selection: node.selection }] };
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = `dataset:${node.dataset}:${node.label}`;
    item.description = node.value;
    item.iconPath = new vscode.ThemeIcon(node.icon);
    item.contextValue = 'distillery.datasetDetail';
    return item;
  }

  async getChildren(node?: DatasetsNode): Promise<DatasetsNode[]> {
    if (!node) {
      try {
        const datasets: DatasetsNode[] = (await this.list()).map((dataset) => ({ kind: 'dataset', dataset }));
        const selections = await this.engine.request('selections/list', {}).catch(() => []);
        this.root = selections.length ? [...datasets, { kind: 'selections' }] : datasets;
        return this.root;
      } catch (e) {
        const msg = describeEngineError(e).message;
        if (msg !== this.lastError) this.log.warn(`datasets: could not list: ${msg}`);
        this.lastError = msg;
        // The engine went away mid-request: what was shown stays until the restarted one answers (the view read
        // again when it is ready), rather than the empty view's "No datasets yet" meanwhile.
        return engineWentAway(e) ? this.root : [];
      }
    }
    if (node.kind === 'selections') return latestSelections(await this.engine.request('selections/list', {}).catch(() => []));
    if (node.kind !== 'dataset') return [];
    const d = node.dataset;
    const detail = (label: string, value: string, icon: string): DetailNode => ({ kind: 'detail', dataset: d.name, label, value, icon });
    const children = await this.engine.request('datasets/children', { name: d.name }).catch((e: unknown) => {
      this.log.warn(`datasets: could not list what ${d.name} holds: ${errorMessage(e)}`);
      return { selections: [], runs: [] };
    });
    const generations = await this.engine.request('datasets/generations', { name: d.name }).catch((e: unknown) => {
      this.log.warn(`datasets: could not list the generation runs of ${d.name}: ${errorMessage(e)}`);
      return [];
    });
    return [
      ...children.selections.map((s): SelectionNode => ({ kind: 'selection', dataset: { name: d.name }, selection: `${s.name}@${s.version}`, count: s.count })),
      ...children.runs.map((r): RunNode => ({ kind: 'run', dataset: { name: d.name }, run: r.name, summary: r })),
      ...generations.map((g): GenerationNode => ({ kind: 'generation', dataset: { name: d.name }, run: g.name, summary: g })),
      detail('Samples', String(d.samples), 'symbol-number'),
      detail('Traces', String(d.traces), 'symbol-text'),
      detail('Files', String(d.files), 'files'),
      detail('Preset', d.presets.join(', ') || 'n/a', 'symbol-enum'),
      detail('Kind', d.kind, 'tag'),
      detail('Reviewed', String(d.reviewed), 'check'),
      detail('Updated', formatTime(d.updatedAt), 'history'),
    ];
  }

  dispose(): void {
    clearTimeout(this.debounce);
    this.changeEmitter.dispose();
    this.loadedEmitter.dispose();
  }
}

/** Watches the database file and its WAL for writes by other processes (CLI tasks). */
export function watchDatabase(dbPath: string, onChange: (uri: vscode.Uri) => void): vscode.Disposable {
  const dir = vscode.Uri.file(path.dirname(dbPath));
  const base = path.basename(dbPath);
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, `{${base},${base}-wal}`));
  const subs = [watcher.onDidChange(onChange), watcher.onDidCreate(onChange), watcher.onDidDelete(onChange)];
  return vscode.Disposable.from(watcher, ...subs);
}

/** "2026-11-21 23:52" in local time, or the text as it came when it is not a date. */
export function formatTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())} ${p(t.getHours())}:${p(t.getMinutes())}`;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
