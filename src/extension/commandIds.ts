// Every command the extension contributes, by id. The command table (extension.ts) is typed by this list, so it
// registers each exactly once; a unit test checks that package.json declares exactly these. No vscode import.
import { REVIEW_KEYS } from './reviewKeys';

export const COMMAND_IDS = [
  'distillery.importDataset',
  'distillery.showOutput',
  'distillery.refreshDatasets',
  'distillery.restartEngine',
  'distillery.reviewDataset',
  'distillery.reviewSelection',
  'distillery.reviewRun',
  'distillery.runEvaluation',
  'distillery.setApiKey',
  'distillery.curateDataset',
  'distillery.exportSelection',
  'distillery.generateTraces',
  'distillery.newEvalConfig',
  'distillery.showBackend',
  'distillery.startReplayServer',
  'distillery.renameDataset',
  'distillery.deleteDataset',
  'distillery.importSampleData',
  'distillery.train',
  'distillery.refreshModels',
  'distillery.serveModel',
  'distillery.evaluateModel',
  'distillery.showRunsDashboard',
  'distillery.openReport',
  'distillery.verifyTraces',
  'distillery.compareTeachers',
] as const;

export type MainCommandId = (typeof COMMAND_IDS)[number];
export type ReviewKeyCommandId = (typeof REVIEW_KEYS)[number]['id'];
export type CommandId = MainCommandId | ReviewKeyCommandId;

/** All ids: the main commands, then the review panel's keys. */
export function allCommandIds(): string[] {
  return [...COMMAND_IDS, ...REVIEW_KEYS.map((k) => k.id)];
}
