// distillery annotations --dataset D [--label L] [--origin O] [--limit N]
import { annotationKinds, listAnnotations, type AnnotationRow } from '../../core/store/annotations';
import { datasetId } from '../../core/curate/pool';
import { CliError, type RegisterCommand } from '../context';
import { capRows, formatTable, parseLimit, shorten } from '../table';

/** Evidence as `key=value` pairs, each value whole or visibly shortened (never JSON cut mid-string). */
export function evidenceSummary(evidence: unknown): string {
  if (evidence === null || evidence === undefined) return '';
  if (typeof evidence !== 'object' || Array.isArray(evidence)) return shorten(JSON.stringify(evidence), 60);
  return Object.entries(evidence as Record<string, unknown>).map(([k, v]) => {
    const value = typeof v === 'string' ? JSON.stringify(shorten(v, 40)) : v !== null && typeof v === 'object' ? shorten(JSON.stringify(v), 30) : String(v);
    return `${k}=${value}`;
  }).join(' ');
}

export function formatAnnotations(rows: AnnotationRow[], limit: number): string {
  if (!rows.length) return '(no annotations)';
  const { shown, more } = capRows(rows, limit);
  const table = formatTable(
    [{ header: 'sample', align: 'right' }, { header: 'question hash' }, { header: 'label' }, { header: 'origin' }, { header: 'evidence', max: 140 }],
    shown.map((a) => [a.sample_id, a.question_hash, a.label, a.origin, evidenceSummary(a.evidence)]));
  return [`${rows.length} annotation${rows.length === 1 ? '' : 's'}`, table, ...(more ? [more] : [])].join('\n');
}

export const registerAnnotations: RegisterCommand = (program, ctx) => {
  program.command('annotations')
    .description('labels on the samples of a dataset, with their origin (human or detector) and evidence')
    .requiredOption('--dataset <name>', 'dataset')
    .option('--label <label>', 'only this label (e.g. contamination, duplicate, ascii-art, dropped)')
    .option('--origin <origin>', "only this origin (e.g. human, detector:formatting)")
    .option('--limit <n>', 'rows shown (0 = all; --json always has all)', '50')
    .action((o: { dataset: string; label?: string; origin?: string; limit: string }) => {
      const limit = parseLimit(o.limit);
      const db = ctx.openDb('read');
      let rows: AnnotationRow[];
      let none = '';
      try {
        const id = datasetId(db, o.dataset);
        if (id === undefined) throw new CliError(`no dataset named '${o.dataset}' (distillery stats lists them)`);
        rows = listAnnotations(db, id, { label: o.label, origin: o.origin });
        // A filter that matches nothing says what the data set has, so a typo ('formatting' for
        // 'detector:formatting') is not taken for an empty result.
        const kinds = !rows.length && (o.label !== undefined || o.origin !== undefined) ? annotationKinds(db, id) : undefined;
        const missing = [
          ...(o.label !== undefined && kinds && !kinds.labels.includes(o.label) ? [`no label '${o.label}' (labels: ${kinds.labels.join(', ') || 'none'})`] : []),
          ...(o.origin !== undefined && kinds && !kinds.origins.includes(o.origin) ? [`no origin '${o.origin}' (origins: ${kinds.origins.join(', ') || 'none'})`] : []),
        ];
        if (missing.length) none = `(no annotations: data set ${o.dataset} has ${missing.join('; ')})`;
      } finally {
        db.close();
      }
      ctx.emit(rows, (r: AnnotationRow[]) => none || formatAnnotations(r, limit));
    });
};
