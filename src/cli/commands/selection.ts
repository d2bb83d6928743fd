// distillery selection NAME[@VERSION]  (no name: list the selections, curated, saved from the panel or mixed)
import { findSelection, listSelections, selectionDatasets, selectionSamples } from '../../core/store/selections';
import { CliError, type RegisterCommand } from '../context';
import { capRows, formatTable, parseLimit } from '../table';

export const registerSelection: RegisterCommand = (program, ctx) => {
  program.command('selection')
    .description('the samples of a stored selection (NAME is the latest version, NAME@N a given one); no NAME lists them')
    .argument('[name]', 'selection, as `curate` printed it')
    .option('--limit <n>', 'samples shown (0 = all; --json always has all)', '50')
    .action((name: string | undefined, o: { limit: string }) => {
      const limit = parseLimit(o.limit);
      const db = ctx.openDb('read');
      try {
        if (name === undefined) {
          const all = listSelections(db);
          ctx.emit({ selections: all }, (r: { selections: typeof all }) => r.selections.length
            ? formatTable([{ header: 'selection' }, { header: 'samples', align: 'right' }, { header: 'data sets', max: 60 }, { header: 'created' }],
              r.selections.map((s) => [`${s.name}@${s.version}`, s.count, s.datasets.join(', '), s.created_at]))
            : '(no selections yet: distillery curate --dataset D --recipe s1k, distillery mix --from A B --name M, or save a filter in the review panel)');
          return;
        }
        const sel = findSelection(db, name);
        if (!sel) {
          // NAME@N of a selection that exists in other versions says which there are.
          const at = /^(.*)@(\d+)$/.exec(name);
          const versions = at ? db.prepare('SELECT version FROM selections WHERE name = ? ORDER BY version').pluck().all(at[1]) as number[] : [];
          throw new CliError(at && versions.length
            ? `selection '${at[1]}' has no version ${at[2]} (its versions: ${versions.join(', ')}; ${at[1]} alone is the latest)`
            : `no selection named '${name}' (distillery selection lists them)`);
        }
        const samples = selectionSamples(db, sel.id);
        const datasets = selectionDatasets(db, sel.id);
        const out = {
          name: `${sel.name}@${sel.version}`, base_name: sel.name, version: sel.version, count: sel.count, seed: sel.seed,
          recipe: sel.recipe, funnel: sel.funnel, created_at: sel.created_at, datasets,
          samples: samples.map((s) => ({ sample_id: s.sample_id, question_hash: s.question_hash, question: s.question, rank: s.rank, dataset: s.dataset })),
        };
        ctx.emit(out, (r: typeof out) => {
          const { shown, more } = capRows(r.samples, limit);
          const mixed = r.datasets.length > 1;
          return [`${r.name}: ${r.count} samples (seed ${r.seed}) from ${r.datasets.map((d) => `${d.dataset} (${d.count})`).join(', ') || 'no data set'}`,
            formatTable([{ header: 'rank', align: 'right' }, { header: 'sample', align: 'right' }, ...(mixed ? [{ header: 'data set', max: 24 }] : []), { header: 'question hash' }, { header: 'question', max: 80 }],
              shown.map((x) => [x.rank, x.sample_id, ...(mixed ? [x.dataset] : []), x.question_hash, x.question]), '  '),
            ...(more ? [`  ${more}`] : [])].join('\n');
        });
      } finally {
        db.close();
      }
    });
};
