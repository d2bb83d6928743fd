// Distillery's extension host side: thin. It starts the engine process, shows its state, and turns
// commands, views and tasks into engine requests or CLI runs. Nothing here computes.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandTable, registerCommands, setContext } from './commands';
import { Config } from './config';
import { CONTEXT } from './contexts';
import { DatasetsProvider, watchDatabase } from './datasetsView';
import { EngineClient, errorMessage } from './engine';
import { ImportCommand } from './importCommand';
import { curateDataset, type CurateArgs } from './curateCommand';
import { exportSelection, type ExportArgs } from './exportCommand';
import { generateArgsOf, generateTraces } from './generateCommand';
import { verifyTraces } from './verifyCommand';
import { verifyArgsOf } from './verifySummary';
import { compareTeachers, type CompareTeachersArg } from './teachersCommand';
import { openReport, type ReportArgs } from './reportCommand';
import { EvaluationCommands } from './evaluation';
import { datasetCommands } from './datasetCommands';
import { registerReview, reviewSelectionCommand, ReviewPanel } from './reviewPanel';
import { DashboardPanel, registerDashboard } from './dashboardPanel';
import { EngineStatusBar } from './statusBar';
import { DistilleryTaskProvider, sampleDataPath, TASK_TYPE } from './tasks';
import { ModelsProvider } from './modelsView';
import { TrainCommand, type TrainArgs } from './trainCommand';
import { ServeCommands } from './serveCommand';
import { windowPrompts, type Prompts } from './prompts';

/** What activate() returns: for tests and for other extensions. */
export interface DistilleryApi {
  readonly config: Config;
  readonly engine: EngineClient;
  readonly datasets: DatasetsProvider;
  readonly tasks: DistilleryTaskProvider;
  readonly statusBar: EngineStatusBar;
  readonly evaluation: EvaluationCommands;
  readonly log: vscode.LogOutputChannel;
  readonly models: ModelsProvider;
  readonly train: TrainCommand;
  readonly serve: ServeCommands;
  /** The questions commands ask (VS Code's input boxes, quick picks, notifications): tests answer them here. */
  readonly prompts: Prompts;
}

export const VIEW_DATASETS = 'distillery.datasets';
export const VIEW_MODELS = 'distillery.models';

export function activate(context: vscode.ExtensionContext): DistilleryApi {
  const log = vscode.window.createOutputChannel('Distillery', { log: true });
  context.subscriptions.push(log);
  try {
    return activateInner(context, log);
  } catch (e) {
    // VS Code only logs a failed activation; say it where the user looks.
    const msg = errorMessage(e);
    log.error(`activation failed: ${e instanceof Error && e.stack ? e.stack : msg}`);
    void vscode.window.showErrorMessage(`Distillery failed to activate: ${msg}`, 'Show Output').then((c) => {
      if (c) log.show(true);
    });
    throw e;
  }
}

function activateInner(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): DistilleryApi {
  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  log.info(`Distillery ${version} activating in VS Code ${vscode.version} (${vscode.env.appHost}, trusted: ${vscode.workspace.isTrusted})`);
  const config = new Config(context);
  const engine = new EngineClient(config, log);
  const datasets = new DatasetsProvider(engine, log);
  const statusBar = new EngineStatusBar(engine);
  const tasks = new DistilleryTaskProvider(config, log, engine);
  const prompts = windowPrompts();
  const importCommand = new ImportCommand(engine, log, prompts);
  context.subscriptions.push(engine, datasets, statusBar);

  const view = vscode.window.createTreeView(VIEW_DATASETS, { treeDataProvider: datasets, showCollapseAll: true });
  context.subscriptions.push(view);

  context.subscriptions.push(vscode.tasks.registerTaskProvider(TASK_TYPE, tasks));
  const reviewDataset = registerReview(context, engine, config, log);
  const showDashboard = registerDashboard(context, engine, log);
  const evaluation = new EvaluationCommands(context, config, engine, log, prompts);
  tasks.useApiKeys((url) => evaluation.apiKeyFor(url));
  context.subscriptions.push(evaluation);
  const models = new ModelsProvider(engine, log);
  const train = new TrainCommand({ config, engine, log }, () => models.refresh());
  const serve = new ServeCommands(evaluation, log, engine);
  context.subscriptions.push(models, train, vscode.window.createTreeView(VIEW_MODELS, { treeDataProvider: models }));

  // The command table: every command of package.json once (commandIds.ts), registered in one loop; needsTrust
  // commands are refused in Restricted Mode with one wording (commands.ts requireTrust).
  registerCommands(context, log, commandTable({
    'distillery.importDataset': {
      needsTrust: 'importing',
      run: (arg?: Parameters<ImportCommand['run']>[0], selected?: vscode.Uri[]) => importCommand.run(arg, selected),
    },
    'distillery.importSampleData': {
      needsTrust: 'importing',
      run: () => importCommand.run({ files: sampleDataPath(config), dataset: 's1k-sample', preset: 'auto' }),
    },
    'distillery.showOutput': { run: () => log.show(true) },
    'distillery.refreshDatasets': {
      run: () => {
        if (engine.state === 'failed' || engine.state === 'stopped') void engine.restart('refresh');
        datasets.refresh('command');
      },
    },
    'distillery.restartEngine': { run: () => engine.restart('command') },
    'distillery.reviewDataset': { run: reviewDataset },
    'distillery.reviewSelection': { run: reviewSelectionCommand(engine, reviewDataset) },
    // A run's or a generation's item in the tree (not in the palette): the same panel, on the run.
    'distillery.reviewRun': { run: reviewDataset },
    'distillery.showRunsDashboard': { run: showDashboard },
    'distillery.curateDataset': {
      needsTrust: 'curating',
      run: (arg?: string | CurateArgs | { dataset?: { name: string } }) =>
        curateDataset({ config, engine, log }, typeof arg === 'string' ? { dataset: arg }
          : arg && typeof arg.dataset === 'object' ? { dataset: arg.dataset.name } : (arg as CurateArgs | undefined)),
    },
    'distillery.exportSelection': {
      needsTrust: 'exporting',
      // From the tree a node arrives (its `selection` is NAME@VERSION); from callers, the answers themselves.
      run: (arg?: string | ExportArgs | { kind: string; selection: string }) =>
        exportSelection({ config, engine, log }, typeof arg === 'string' ? { selection: arg }
          : arg && 'kind' in arg ? { selection: arg.selection } : arg),
    },
    'distillery.train': {
      needsTrust: 'training',
      // From a *.train.json in the explorer a Uri arrives; from the tree a selection node (its `selection` is NAME@VERSION).
      run: (arg?: vscode.Uri | TrainArgs | { kind: string; selection: string }) =>
        train.run(arg instanceof vscode.Uri ? arg : arg && 'kind' in arg ? { selection: arg.selection } : arg),
    },
    'distillery.refreshModels': { run: () => models.refresh() },
    'distillery.serveModel': { needsTrust: 'serving a model', run: (arg: Parameters<ServeCommands['serve']>[0]) => serve.serve(arg) },
    'distillery.evaluateModel': { needsTrust: 'running an evaluation', run: (arg: Parameters<ServeCommands['evaluate']>[0]) => serve.evaluate(arg) },
    'distillery.generateTraces': {
      needsTrust: 'generating traces',
      // From the tree a selection node arrives; from callers, the answers themselves.
      run: (arg?: Parameters<typeof generateArgsOf>[0]) => generateTraces({ context, config, engine, log, defaultBackend: () => evaluation.health.snapshot?.url }, generateArgsOf(arg)),
    },
    'distillery.verifyTraces': {
      needsTrust: 'verifying traces',
      // From the tree a generation run, selection or data set node arrives; from callers, the answers themselves.
      run: (arg?: Parameters<typeof verifyArgsOf>[0]) => verifyTraces({ config, engine, log, refresh: () => {
        datasets.refresh('verified');
        ReviewPanel.post({ type: 'dbChanged', reason: 'verify' });
        DashboardPanel.post({ type: 'refresh', reason: 'verify' });
      } }, verifyArgsOf(arg)),
    },
    'distillery.compareTeachers': { run: (arg?: CompareTeachersArg) => compareTeachers({ engine, log, showDashboard }, arg) },
    'distillery.openReport': {
      needsTrust: 'writing a report',
      run: (arg?: string | ReportArgs) => openReport({ config, engine, log, prompts }, typeof arg === 'string' ? { runs: [arg] } : arg),
    },
    ...evaluation.commands(),
    ...datasetCommands(engine, log),
  }, (command) => ReviewPanel.command(command)));

  // Refresh the tree when the engine reports a write, and when the database changes on disk
  // (CLI tasks and other processes write it too). The watcher follows the database path.
  let watched: { path: string; watcher: vscode.Disposable } | undefined;
  // The review panel and the runs dashboard hear of writes by other processes too (debounced: one look per burst).
  // The watcher also sees the engine's own writes (a person's labels): the engine tells them apart (db/checkForeign)
  // and sends db/changed 'external' for another process's, which both panels hear; without an engine, both refresh.
  let panelTimer: NodeJS.Timeout | undefined;
  const notifyPanel = () => {
    clearTimeout(panelTimer);
    panelTimer = setTimeout(() => {
      engine.request('db/checkForeign', {}).catch(() => {
        ReviewPanel.post({ type: 'dbChanged', reason: 'file' });
        DashboardPanel.post({ type: 'refresh', reason: 'file' });
      });
    }, 500);
  };
  const watchDb = (dbPath: string) => {
    if (watched?.path === dbPath) return;
    watched?.watcher.dispose();
    watched = {
      path: dbPath,
      watcher: watchDatabase(dbPath, (uri) => {
        datasets.refresh(`file changed: ${path.basename(uri.fsPath)}`);
        models.refresh();
        notifyPanel();
      }),
    };
  };
  context.subscriptions.push({ dispose: () => watched?.watcher.dispose() });
  engine.onNotification((n) => {
    if (n.method === 'db/changed') { datasets.refresh(`engine: ${n.params.reason}`); models.refresh(); }
  }, undefined, context.subscriptions);
  engine.onDidChangeState((s) => {
    if (s === 'ready' && engine.dbPath) {
      watchDb(engine.dbPath);
      // A new process may serve another database (the setting changed): both trees read it again.
      datasets.refresh('engine ready');
      models.refresh();
    }
  }, undefined, context.subscriptions);

  // Restart the engine when its settings, the folder (and so the database) or the trust change.
  vscode.workspace.onDidChangeConfiguration((e) => {
    if (Config.affectsEngine(e)) void engine.restart('settings changed');
  }, undefined, context.subscriptions);
  vscode.workspace.onDidChangeWorkspaceFolders(() => {
    if (config.databasePath !== engine.dbPath) void engine.restart('workspace folders changed');
  }, undefined, context.subscriptions);
  // In Restricted Mode the workspace's own distillery.nodePath/databasePath are ignored (restrictedConfigurations).
  vscode.workspace.onDidGrantWorkspaceTrust(() => void engine.restart('workspace trusted'), undefined, context.subscriptions);

  setContext(CONTEXT.trusted, vscode.workspace.isTrusted);
  engine.start();
  return { config, engine, datasets, tasks, statusBar, evaluation, log, models, train, serve, prompts };
}

export function deactivate(): void {
  // The engine and everything else are disposed through context.subscriptions.
}
