// `distillery report`: reads the runs, renders every chart to SVG, writes each run's samples as JSONL and the
// samples behind the scaling failures, then report.md beside them.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Db } from '../store/db';
import { InvalidInputError } from '../errors';
import { makeFolder } from '../folders';
import { StagedFolder } from '../staged-folder';
import { iterateRunResults, reportRunRow, resultTexts } from '../store/report-rows';
import { loadReportData, type ReportData, type ReportDataOptions } from './data';
import { reportCharts } from './charts';
import { renderSvg } from './svg';
import { findFailures, type Failures } from './failures';
import { pairedDifference, type PairedDifference } from './compare';
import { pickExamples } from './examples';
import { reportMarkdown, type ReportFiles } from './markdown';

export interface WriteReportOptions extends ReportDataOptions {
  /** How the report was asked for, printed in it. */
  command?: string;
  /** Fixed time for reproducible output (tests); default now. */
  now?: Date;
}

export interface ReportOutput {
  report: string;
  dir: string;
  runs: { name: string; status: string; backend: string | null; replay: boolean; results: number }[];
  replay: boolean;
  charts: { id: string; file: string }[];
  exports: { run: string; file: string; rows: number }[];
  failures: { pairs: number; stalled: number; flips: number };
  examples: number;
  benchmarks: string[];
}

/** A run name as a file name (runs may be named anything). */
export const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || '_';

async function writeJsonl(path: string, rows: Iterable<unknown>): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  let n = 0;
  for (const r of rows) {
    if (!out.write(JSON.stringify(r) + '\n')) await once(out, 'drain');
    n++;
  }
  out.end();
  await once(out, 'finish');
  return n;
}

function exportRows(db: Db, run: string) {
  const id = reportRunRow(db, run)!.id;
  return (function* () {
    for (const r of iterateRunResults(db, id)) {
      let finish: unknown = r.finish_reasons;
      try { finish = r.finish_reasons ? JSON.parse(r.finish_reasons) : []; } catch { /* kept as stored */ }
      yield { run, ...r, finish_reasons: finish };
    }
  })();
}

/** The failures' samples with the texts of the results behind them, one JSON object a line per case. */
function failureRows(db: Db, data: ReportData, f: Failures): Record<string, Record<string, unknown>[]> {
  const resultOf = (run: string, benchmark: string, method: string, budget: number | null, sampleId: number) =>
    data.points.filter((p) => p.run === run && p.benchmark === benchmark && p.method === method && p.budget === budget && p.sample_id === sampleId).map((p) => p.result_id);
  const texts = (ids: number[]) => {
    const m = resultTexts(db, ids);
    return ids.map((id) => { const t = m.get(id); return t ? { result_id: id, extracted: t.extracted, answer: t.answer, thinking: t.thinking } : { result_id: id }; });
  };
  const question = (id: number) => {
    const t = resultTexts(db, data.points.filter((p) => p.sample_id === id).slice(0, 1).map((p) => p.result_id)).values().next().value;
    return t ? { question: t.question, gold: t.gold } : {};
  };
  const side = (run: string, benchmark: string, method: string, a: number | null, b: number | null, id: number) =>
    ({ sample_id: id, ...question(id), at_a: texts(resultOf(run, benchmark, method, a, id)), at_b: texts(resultOf(run, benchmark, method, b, id)) });
  return {
    pairs: f.pairs.flatMap((p) => [...p.lost.map((id) => ({ case: 'lost', ...p, lost: undefined, gained: undefined, ...side(p.run, p.benchmark, p.method, p.budget_a, p.budget_b, id) })),
      ...p.gained.map((id) => ({ case: 'gained', ...p, lost: undefined, gained: undefined, ...side(p.run, p.benchmark, p.method, p.budget_a, p.budget_b, id) }))]),
    stalled: f.stalled.flatMap((s) => s.sample_ids.map((id) => ({ ...s, sample_ids: undefined, ...side(s.run, s.benchmark, s.method, s.budget_a, s.budget_b, id) }))),
    flips: f.flips.map((x) => ({ ...x, ...side(x.run, x.benchmark, x.method, x.budget_a, x.budget_b, x.sample_id) })),
  };
}

export async function writeReport(db: Db, runNames: string[], dir: string, opts: WriteReportOptions = {}): Promise<ReportOutput> {
  const data = loadReportData(db, runNames, opts);
  // Made once the runs are found (a refused command creates nothing). A missing or empty folder is written whole or
  // not at all (beside it, then one rename); into a folder with files (--force), file by file, report.md last.
  let stage: StagedFolder | null = null;
  try {
    if (StagedFolder.fits(dir)) stage = new StagedFolder(dir);
    else makeFolder(dir);
  } catch (e) {
    throw new InvalidInputError(`cannot create the folder ${dir}: ${(e as Error).message} (choose a writable folder; nothing was written)`);
  }
  try {
    const out = await writeReportFiles(db, data, runNames, stage?.path ?? dir, dir, opts);
    if (stage && !stage.commit()) throw new InvalidInputError(`${dir} got files while the report was written: nothing was written there; run the report again (with --force to write among them)`);
    return out;
  } finally {
    stage?.discard();
  }
}

/** Writes the report's files into `work`, naming them under `dir` (where they end up) in what it returns. */
async function writeReportFiles(db: Db, data: ReportData, runNames: string[], work: string, dir: string, opts: WriteReportOptions): Promise<ReportOutput> {
  const files: ReportFiles = { charts: new Map(), exports: new Map(), failures: new Map() };
  const charts = reportCharts(data);
  for (const c of charts) {
    const file = `${c.id}.svg`;
    writeFileSync(join(work, file), await renderSvg(c.spec));
    files.charts.set(c.id, file);
  }
  mkdirSync(join(work, 'samples'), { recursive: true });
  const exports: ReportOutput['exports'] = [];
  for (const r of data.runs) {
    const file = `samples/${fileSafe(r.name)}.jsonl`;
    exports.push({ run: r.name, file, rows: await writeJsonl(join(work, file), exportRows(db, r.name)) });
    files.exports.set(r.name, file);
  }
  const failures = findFailures(data);
  const behind = failureRows(db, data, failures);
  for (const [kind, rows] of Object.entries(behind)) {
    if (!rows.length) continue;
    mkdirSync(join(work, 'failures'), { recursive: true });
    const file = `failures/${kind}.jsonl`;
    await writeJsonl(join(work, file), rows);
    files.failures.set(kind, file);
  }
  const compared: PairedDifference[] = data.runs.slice(1).flatMap((r) => pairedDifference(data, data.runs[0].name, r.name));
  const examples = pickExamples(data);
  const texts = resultTexts(db, examples.map((e) => e.point.result_id));
  const md = reportMarkdown({
    data, charts, failures, compared, examples, texts, files,
    generatedAt: (opts.now ?? new Date()).toISOString(), command: opts.command ?? `distillery report --run ${runNames.join(',')}`,
  });
  writeFileSync(join(work, 'report.md'), md);
  const report = join(dir, 'report.md');
  return {
    report, dir,
    runs: data.runs.map((r) => ({ name: r.name, status: r.status, backend: r.backend, replay: r.replay, results: data.points.filter((p) => p.run === r.name).length })),
    replay: data.runs.some((r) => r.replay),
    charts: charts.map((c) => ({ id: c.id, file: join(dir, files.charts.get(c.id)!) })),
    exports: exports.map((e) => ({ ...e, file: join(dir, e.file) })),
    failures: { pairs: failures.pairs.length, stalled: failures.stalled.length, flips: failures.flips.length },
    examples: examples.length,
    benchmarks: data.benchmarks,
  };
}
