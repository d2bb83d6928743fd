// distillery curate --dataset D --recipe s1k|FILE --eval FILE... [--target 1000] [--seed 42]
import { curate, CurateError, type CurateResult } from '../../core/curate/run';
import { loadRecipe, RecipeError, BUILTIN_RECIPES } from '../../core/curate/recipe';
import { checkInputFileSync } from '../../core/ingest/input-file';
import { readEvalFileCached } from '../../core/curate/eval-cache';
import { parseFieldMap } from './import';
import type { EvalItem } from '../../core/curate/decontaminate';
import { checkInputPath, cliNumber, CliError, InputRefusedError, type RegisterCommand } from '../context';
import { formatTable } from '../table';
import { overrideNote, plural } from '../../core/curate/wording';

const int = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = cliNumber(v);
  if (!Number.isInteger(n)) throw new CliError(`${name} must be an integer, not '${v}'`);
  return n;
};

/** A recipe refused: a recipe file that is there is refused input (exit 1); an unknown name or a missing file is
 *  a mistake in the command (exit 2). */
export function recipeRefused(nameOrFile: string, e: Error): CliError {
  const c = nameOrFile in BUILTIN_RECIPES ? undefined : checkInputFileSync(nameOrFile);
  return c && (c.ok || c.problem === 'file is empty') ? new InputRefusedError(e.message) : new CliError(e.message);
}

/** The funnel as a table: what each stage kept and dropped, and why a stage that dropped everything did. */
export function formatFunnel(r: CurateResult): string {
  const rows = r.funnel.map((f) => {
    const notes = [f.reason, overrideNote(f)].filter(Boolean).join('; ');
    if (f.picked !== undefined) {
      // a pick stage keeps its picks outright and drops nothing; the rest goes on to be drawn from
      return [f.stage, `${f.picked} picked`, '-', `${f.kept} picked so far; ${f.pool} go on to the next stage${notes ? `; ${notes}` : ''}`];
    }
    return [f.stage, f.kept, f.type === 'start' ? '' : f.dropped, notes];
  });
  return [`${r.selection}: ${plural(r.selected, 'sample')} selected (recipe ${r.recipe}, seed ${r.seed}, target ${r.target.toLocaleString('en-US')})`,
    ...(r.note ? [`${r.note[0].toUpperCase()}${r.note.slice(1)}.`] : []),
    formatTable([{ header: 'stage' }, { header: 'kept', align: 'right' }, { header: 'dropped', align: 'right' }, { header: 'note' }], rows, '  ')].join('\n');
}

export const registerCurate: RegisterCommand = (program, ctx) => {
  program.command('curate')
    .description('run a curation recipe over a dataset: annotate, filter, select; stores a versioned selection')
    .requiredOption('--dataset <name>', 'dataset to curate')
    .option('--recipe <name|file>', `built-in recipe (${Object.keys(BUILTIN_RECIPES).join(', ')}) or a recipe JSON file`, 's1k')
    .option('--eval <files...>', 'evaluation files to decontaminate against (MATH500/AIME JSONL, GPQA CSV, any file import reads)')
    .option('--eval-map <pairs>', "the evaluation files' columns, as import --map (e.g. question=prompt)")
    .option('--target <n>', 'selection size (default: the recipe\'s, 1000)')
    .option('--seed <n>', 'random seed (default: the recipe\'s, 42)')
    .action(async (o: { dataset: string; recipe: string; eval?: string[]; evalMap?: string; target?: string; seed?: string }) => {
      let recipe;
      try { recipe = loadRecipe(o.recipe); } catch (e) { if (e instanceof RecipeError) throw recipeRefused(o.recipe, e); throw e; }
      const evalItems: EvalItem[] = [];
      const fieldMap = parseFieldMap(o.evalMap, '--eval-map');
      for (const f of o.eval ?? []) {
        checkInputPath('--eval', f);
        try { evalItems.push(...(await readEvalFileCached(f, { fieldMap, mapFlag: '--eval-map' }))); } catch (e) { throw new InputRefusedError(`--eval ${f}: ${(e as Error).message}`); }
      }
      const target = int('--target', o.target);
      if (target !== undefined && target < 1) throw new CliError('--target must be at least 1');
      const db = ctx.openDb('read', { writes: true });
      let result: CurateResult;
      try {
        result = curate(db, { dataset: o.dataset, recipe, evalItems, target, seed: int('--seed', o.seed), onStage: (s) => ctx.info(`curate: ${s}`) });
      } catch (e) {
        if (e instanceof CurateError) throw new CliError(e.message);
        throw e;
      } finally {
        db.close();
      }
      const { sampleIds: _ids, ...out } = result;
      ctx.emit(out, () => formatFunnel(result));
    });
};
