// distillery annotations --dataset D [--label L] [--origin O]
import { openDatabase } from '../../core/store/db';
import { listAnnotations, type AnnotationRow } from '../../core/store/annotations';
import { datasetId } from '../../core/store/datasets';
import { CliError, type RegisterCommand } from '../context';

export const registerAnnotations: RegisterCommand = (program, ctx) => {
  program.command('annotations')
    .description('labels on the samples of a dataset, with their origin (human or detector) and evidence')
    .requiredOption('--dataset <name>', 'dataset')
    .option('--label <label>', 'only this label (e.g. contamination, duplicate, ascii-art, dropped)')
    .option('--origin <origin>', "only this origin (e.g. human, detector:formatting)")
    .action((o: { dataset: string; label?: string; origin?: string }) => {
      const db = openDatabase(ctx.dbPath());
      let rows: AnnotationRow[];
      try {
        const id = datasetId(db, o.dataset);
        if (id === undefined) throw new CliError(`no dataset named '${o.dataset}'`);
        rows = listAnnotations(db, id, { label: o.label, origin: o.origin });
      } finally {
        db.close();
      }
      ctx.emit(rows, (r: AnnotationRow[]) => r.length
        ? r.map((a) => `${String(a.sample_id).padStart(7)} ${a.question_hash} ${a.label.padEnd(18)} ${a.origin.padEnd(24)} ${a.evidence === null ? '' : JSON.stringify(a.evidence).slice(0, 120)}`).join('\n')
        : '(no annotations)');
    });
};
