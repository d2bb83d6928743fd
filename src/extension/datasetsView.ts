// The Datasets tree: one node per dataset (sample and trace counts), children with its details; then, once
// there are any, a Selections node listing each selection's latest version (a mix names the data sets it spans),
// which opens the review panel on it.
// Refreshed on the engine's db/changed notification and when the database file changes on disk
// (CLI tasks write the same database from other processes).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetSummary } from '../shared/protocol';
import { type EngineClient, errorMessage } from './engine';
import { setContext } from './commands';
import { CONTEXT } from './contexts';

export type DatasetsNode = DatasetNode | DetailNode | SelectionsNode | SelectionNode;

export interface DatasetNode {
  kind: 'dataset';
  dataset: DatasetSummary;
}
export interface DetailNode {
  kind: 'detail';
  dataset: string;
  label: string;
  value: string;
  icon: string;
}

export interface SelectionsNode { kind: 'selections' }
export interface SelectionNode {
  kind: 'selection';
  /** NAME@VERSION, the latest version. */
  ref: string;
  count: number;
  versions: number;
  datasets: readonly string[];
}

/** The latest version of each selection name, with the number of versions (the list comes sorted by name, version). */
export function latestSelections(all: readonly { name: string; version: number; count: number; datasets?: readonly string[] }[]): SelectionNode[] {
  const byName = new Map<string, SelectionNode>();
  for (const s of all) byName.set(s.name, { kind: 'selection', ref: `${s.name}@${s.version}`, count: s.count, versions: (byName.get(s.name)?.versions ?? 0) + 1, datasets: s.datasets ?? [] });
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
      const item = new vscode.TreeItem(d.name, vscode.TreeItemCollapsibleState.Collapsed);
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
      return item;
    }
    if (node.kind === 'selections') {
      const item = new vscode.TreeItem('Selections', vscode.TreeItemCollapsibleState.Collapsed);
      item.id = 'selections';
      item.iconPath = new vscode.ThemeIcon('list-filter');
      item.contextValue = 'distillery.selections';
      return item;
    }
    if (node.kind === 'selection') {
      const item = new vscode.TreeItem(node.ref, vscode.TreeItemCollapsibleState.None);
      item.id = `selection:${node.ref.replace(/@\d+$/, '')}`;
      item.description = `${plural(node.count, 'sample')} · ${node.datasets.join(', ') || 'no data set'}`;
      item.tooltip = `${node.ref}: ${plural(node.count, 'sample')} from ${node.datasets.length > 1 ? `${node.datasets.length} data sets (a mix)` : node.datasets.join(', ') || 'no data set'}; ${plural(node.versions, 'version')}`;
      item.iconPath = new vscode.ThemeIcon(node.datasets.length > 1 ? 'merge' : 'list-selection');
      item.contextValue = 'distillery.selection';
      // One data set: open on it, as Curate does; a mix spans several, so the panel shows all of them.
      const dataset = node.datasets.length === 1 ? { dataset: { name: node.datasets[0] } } : {};
      item.command = { command: 'distillery.reviewDataset', title: 'Review Selection', arguments: [{ ...dataset, selection: node.ref }] };
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
        return selections.length ? [...datasets, { kind: 'selections' }] : datasets;
      } catch (e) {
        const msg = errorMessage(e);
        if (msg !== this.lastError) this.log.warn(`datasets: could not list: ${msg}`);
        this.lastError = msg;
        return [];
      }
    }
    if (node.kind === 'detail' || node.kind === 'selection') return [];
    if (node.kind === 'selections') return latestSelections(await this.engine.request('selections/list', {}).catch(() => []));
    const d = node.dataset;
    const detail = (label: string, value: string, icon: string): DetailNode => ({ kind: 'detail', dataset: d.name, label, value, icon });
    return [
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
