// One generation run by name: found or created (runs of kind 'generate'), checked to be the same teacher,
// selection and sampling when resumed (more samples per question may be asked for later), run, and its end
// recorded. Batch files (batch.ts) use the same run rows.
import type { Db } from '../store/db';
import { setRunBackend, setRunStatus, updateRunConfig } from '../store/runs';
import { createGenerateRun, findGenerateRun, generatedKeys, generationItems, type GenerationItem } from '../store/generations';
import { findSelection } from '../store/selections';
import { redact, safeUrl } from '../redact';
import { InvalidInputError, NotFoundError } from '../errors';
import { FIXED_SETTINGS, type GenerateSettings } from './request';
import { GenerateCancelled, runGeneration, type GenerateRunOptions, type GenerateSummary } from './runner';

export interface GenerateRunConfig extends Omit<GenerateSettings, 'vllm' | 'maxModelTokens' | 'stream'> {
  teacher: string;
  /** The selection as resolved when the run started: NAME@VERSION (a later version is another question set). */
  selection: string;
  backend?: string[];
}

export interface PreparedRun { runId: number; config: GenerateRunConfig; items: GenerationItem[]; resumed: boolean }

/** Finds or creates the run; throws when a resumed run was made with other fixed settings. */
export function prepareRun(db: Db, o: { run: string; teacher: string; selection: string; settings: GenerateSettings; backendUrls?: readonly string[] }): PreparedRun {
  const existing = findGenerateRun(db, o.run);
  const before = existing ? JSON.parse(existing.config) as GenerateRunConfig : undefined;
  // A resumed run keeps its selection version, whatever the name's latest version is now.
  const ref = before?.selection ?? o.selection;
  const sel = findSelection(db, ref);
  if (!sel) throw new NotFoundError(`no selection named '${ref}'`);
  const selection = `${sel.name}@${sel.version}`;
  const config: GenerateRunConfig = {
    teacher: o.teacher, selection, samples: o.settings.samples, temperature: o.settings.temperature, topP: o.settings.topP, maxTokens: o.settings.maxTokens,
    format: o.settings.format, system: o.settings.system, seed: o.settings.seed, ...(o.backendUrls ? { backend: o.backendUrls.map(safeUrl) } : {}),
  };
  let runId: number;
  if (existing && before) {
    const named = o.selection.replace(/@v?\d+$/, '');
    const fixed = ['teacher', ...FIXED_SETTINGS] as const;
    const changed: string[] = fixed.filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(config[k] ?? null));
    if (named !== sel.name) changed.push('selection');
    if (changed.length) throw new RunMismatchError(`run '${o.run}' was made with other settings (${changed.join(', ')}); resume it with the same ones or use another --run name`);
    runId = existing.id;
    updateRunConfig(db, runId, { ...before, ...config, samples: Math.max(before.samples, config.samples) }, existing.backend ?? 'openai');
  } else {
    runId = createGenerateRun(db, o.run, config, 'openai');
  }
  return { runId, config, items: generationItems(db, sel.id), resumed: !!existing };
}

export class RunMismatchError extends InvalidInputError {}

export interface GenerateSessionOptions extends Omit<GenerateRunOptions, 'runId' | 'items' | 'db'> {
  db: Db;
  selection: string;
  backendUrls: readonly string[];
}

export interface GenerateSessionResult extends GenerateSummary { run: string; runId: number; selection: string; questions: number }

export async function generateSession(o: GenerateSessionOptions): Promise<GenerateSessionResult> {
  const { runId, config, items } = prepareRun(o.db, { run: o.run, teacher: o.teacher, selection: o.selection, settings: o.settings, backendUrls: o.backendUrls });
  setRunStatus(o.db, runId, 'running');
  try {
    const summary = await runGeneration({ ...o, runId, items });
    if (summary.replay) setRunBackend(o.db, runId, 'replay');
    setRunStatus(o.db, runId, 'done');
    return { ...summary, run: o.run, runId, selection: config.selection, questions: items.length };
  } catch (e) {
    setRunStatus(o.db, runId, e instanceof GenerateCancelled ? 'cancelled' : 'failed', redact(e instanceof Error ? e.message : String(e)));
    throw e;
  }
}

/** Without writing anything: the questions of a (new or resumed) run and how many samples each still needs. */
export function pendingWork(db: Db, o: { run: string; selection: string; samples: number }): { item: GenerationItem; missing: number }[] {
  const existing = findGenerateRun(db, o.run);
  const ref = existing ? (JSON.parse(existing.config) as GenerateRunConfig).selection : o.selection;
  const sel = findSelection(db, ref);
  if (!sel) throw new NotFoundError(`no selection named '${ref}'`);
  const done = existing ? generatedKeys(db, existing.id) : new Set<string>();
  return generationItems(db, sel.id).map((item) => {
    let missing = 0;
    for (let i = 0; i < o.samples; i++) if (!done.has(`${item.sampleId}:${i}`)) missing++;
    return { item, missing };
  }).filter((w) => w.missing > 0);
}
