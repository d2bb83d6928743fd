// The runs dashboard's Teachers view: `distillery teachers`' own comparison (core/generate/teachers.ts) of the
// generation runs ticked, with the distribution of their thinking lengths as a Vega-Lite chart (the same kind of
// spec as the report's charts; the webview draws it).
import type { Db } from '../store/db';
import { compareTeachersWithLengths, type TeacherComparison } from '../generate/teachers';
import { base, type ChartSpec } from '../report/charts';

export interface TeachersView extends TeacherComparison { charts: ChartSpec[] }

const MAX_BINS = 20;

/** A bin width of 1, 2 or 5 times a power of ten that puts [0, max] in at most MAX_BINS bins. */
export function binWidth(max: number): number {
  if (max <= 0) return 1;
  for (let p = 1; ; p *= 10) for (const m of [1, 2, 5]) if (max < m * p * MAX_BINS) return m * p;
}

/** Per teacher, the share of its traces in each bin of thinking tokens (every bin, empty ones too, so bars line up). */
export function lengthHistogram(c: TeacherComparison, lengths: readonly (readonly number[])[]): ChartSpec {
  const max = Math.max(0, ...lengths.flat());
  const width = binWidth(max);
  const bins = Math.floor(max / width) + 1;
  const values = c.teachers.flatMap((t, i) => {
    const counts = new Array<number>(bins).fill(0);
    for (const x of lengths[i] ?? []) counts[Math.floor(x / width)]++;
    const n = lengths[i]?.length ?? 0;
    return counts.map((k, b) => ({
      run: t.run, teacher: `${t.run} (${t.teacher})`, from: b * width, to: (b + 1) * width, bin: `${b * width}–${(b + 1) * width}`, traces: k, share: n ? k / n : 0,
    }));
  });
  const order = Array.from({ length: bins }, (_, b) => `${b * width}–${(b + 1) * width}`);
  return {
    id: 'teachers:lengths',
    title: 'Thinking length per teacher',
    spec: {
      ...base('Thinking length per teacher'),
      data: { values },
      // A band per bin wide enough for one thin bar per teacher.
      width: { step: 8 * Math.max(2, c.teachers.length) },
      height: 220,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'bin', type: 'ordinal', sort: order, title: 'thinking tokens', axis: { labelAngle: -45 } },
        xOffset: { field: 'teacher', type: 'nominal' },
        y: { field: 'share', type: 'quantitative', title: 'share of the teacher\'s traces', axis: { format: '.0%' } },
        color: { field: 'teacher', type: 'nominal', title: 'teacher' },
        tooltip: [{ field: 'teacher', type: 'nominal' }, { field: 'bin', type: 'ordinal', title: 'thinking tokens' },
          { field: 'traces', type: 'quantitative' }, { field: 'share', type: 'quantitative', format: '.1%' }],
      },
    },
  };
}

/** The Teachers view of the runs named (NotFoundError when one does not exist). */
export function teachersView(db: Db, runs: readonly string[]): TeachersView {
  const { comparison, lengths } = compareTeachersWithLengths(db, [...new Set(runs)]);
  return { ...comparison, charts: lengths.some((l) => l.length) ? [lengthHistogram(comparison, lengths)] : [] };
}
