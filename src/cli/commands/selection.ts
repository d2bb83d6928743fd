// distillery selection NAME[@VERSION]  (no name: list the selections)
import { openDatabase } from '../../core/store/db';
import { findSelection, listSelections, selectionSamples } from '../../core/store/selections';
import { CliError, type RegisterCommand } from '../context';

export const registerSelection: RegisterCommand = (program, ctx) => {
  program.command('selection')
    .description('the samples of a stored selection (NAME is the latest version, NAME@N a given one); no NAME lists them')
    .argument('[name]', 'selection, as `curate` printed it')
    .action((name: string | undefined) => {
      const db = openDatabase(ctx.dbPath());
      try {
        if (name === undefined) {
          const all = listSelections(db);
          ctx.emit({ selections: all }, (r: { selections: typeof all }) => r.selections.map((s) => `${s.name}@${s.version}  ${s.count} samples  ${s.created_at}`).join('\n') || '(no selections)');
          return;
        }
        const sel = findSelection(db, name);
        if (!sel) throw new CliError(`no selection named '${name}'`);
        const samples = selectionSamples(db, sel.id);
        const out = {
          name: `${sel.name}@${sel.version}`, base_name: sel.name, version: sel.version, count: sel.count, seed: sel.seed,
          recipe: sel.recipe, funnel: sel.funnel, created_at: sel.created_at,
          samples: samples.map((s) => ({ sample_id: s.sample_id, question_hash: s.question_hash, question: s.question, rank: s.rank })),
        };
        ctx.emit(out, (r: typeof out) => [`${r.name}: ${r.count} samples (seed ${r.seed})`,
          ...r.samples.slice(0, 50).map((s) => `  ${String(s.rank).padStart(4)} ${String(s.sample_id).padStart(7)} ${s.question_hash} ${s.question.replace(/\s+/g, ' ').slice(0, 80)}`),
          ...(r.samples.length > 50 ? [`  … ${r.samples.length - 50} more (--json for all)`] : [])].join('\n'));
      } finally {
        db.close();
      }
    });
};
