// The runs dashboard's reads: every run (evaluation, generation, training) with its status and progress, and the
// questions behind one point of a chart (one run's results on one benchmark, method and budget).
import type { Db } from './db';
import type { DashboardRun } from '../../shared/protocol';

type RawRun = Omit<DashboardRun, 'done' | 'planned'> & { config: string; results: number; traces: number; logged: number | null };

/** Every run, newest first. Progress: result rows (an evaluation's) or traces (a generation's) written so far, or a
 *  training run's steps (the step its progress bar reached, else the last step it logged), out of the `planned`
 *  count the run's config recorded, if it did (a training run: its total steps, once the trainer showed them). */
export function dashboardRuns(db: Db): DashboardRun[] {
  const rows = db.prepare(`SELECT r.name, r.kind, r.status, r.backend, r.config, r.error, r.created_at AS createdAt,
      r.started_at AS startedAt, r.finished_at AS finishedAt,
      (SELECT count(*) FROM results x WHERE x.run_id = r.id) AS results,
      (SELECT count(*) FROM traces t WHERE t.run_id = r.id) AS traces,
      (SELECT max(step) FROM train_metrics m WHERE m.run_id = r.id) AS logged
    FROM runs r ORDER BY r.id DESC`).all() as RawRun[];
  return rows.map(({ config, results, traces, logged, ...r }) => {
    const c = configOf(config);
    const done = r.kind === 'train' ? Math.max(count(c.step) ?? 0, logged ?? 0) : results || traces;
    return { ...r, done, planned: count(c.planned) };
  });
}

function configOf(config: string): { planned?: unknown; step?: unknown } {
  try {
    const c = JSON.parse(config) as unknown;
    return c && typeof c === 'object' ? c : {};
  } catch {
    return {};
  }
}

/** A positive finite number, else null. */
const count = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : null);

const EVAL_RUN = "x.run_id IN (SELECT id FROM runs WHERE name = ? AND kind = 'eval')";

/** The method keys of a run's results on one benchmark (the eval:<benchmark> questions). */
export function runMethodKeys(db: Db, run: string, benchmark: string): string[] {
  return db.prepare(`SELECT DISTINCT x.method FROM results x JOIN samples s ON s.id = x.sample_id
    WHERE ${EVAL_RUN} AND s.source = ? ORDER BY x.method`).pluck().all(run, benchmark) as string[];
}

/** The questions a run answered on one benchmark at one budget (null: unlimited) with any of these method keys. */
export function runPointSampleIds(db: Db, run: string, benchmark: string, budget: number | null, methods: readonly string[]): number[] {
  if (!methods.length) return [];
  return db.prepare(`SELECT DISTINCT x.sample_id FROM results x JOIN samples s ON s.id = x.sample_id
    WHERE ${EVAL_RUN} AND s.source = ? AND ifnull(x.budget, -1) = ? AND x.method IN (SELECT value FROM json_each(?))
    ORDER BY x.sample_id`).pluck().all(run, benchmark, budget ?? -1, JSON.stringify(methods)) as number[];
}
