// distillery mix --from SELECTION[:WEIGHT|:N]... [--target N] [--seed 42] --name NAME [--recipe FILE] [--no-dedup]
import { mix, MixError, parseMixSource, type MixResult, type MixSource } from '../../core/curate/mix';
import { loadRecipe, RecipeError, type Recipe } from '../../core/curate/recipe';
import { cliNumber, CliError, type RegisterCommand } from '../context';
import { recipeRefused } from './curate';
import { formatTable } from '../table';

const int = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = cliNumber(v);
  if (!Number.isInteger(n)) throw new CliError(`${name} must be an integer, not '${v}'`);
  return n;
};

/** The funnel and the per-source counts as two tables (warnings go to stderr). */
export function formatMix(r: MixResult): string {
  const funnel = formatTable([{ header: 'stage' }, { header: 'kept', align: 'right' }, { header: 'dropped', align: 'right' }],
    r.funnel.map((f) => [f.stage, f.kept, f.type === 'start' ? '' : f.dropped]), '  ');
  const sources = formatTable([{ header: 'source' }, { header: 'data sets' }, { header: 'asked', align: 'right' }, { header: 'samples', align: 'right' },
    { header: 'duplicates', align: 'right' }, { header: 'available', align: 'right' }, { header: 'taken', align: 'right' }],
  r.sources.map((s) => [s.selection, s.datasets.join(', '), s.count !== undefined ? String(s.count) : `weight ${s.weight}`, s.size, s.duplicates + s.humanDropped, s.available, s.taken]), '  ');
  return [`${r.selection}: ${r.selected} samples mixed from ${r.sources.length} source${r.sources.length === 1 ? '' : 's'} (seed ${r.seed}${r.target === null ? ', no target: all of each' : `, target ${r.target}`})`,
    funnel, sources].join('\n');
}

export const registerMix: RegisterCommand = (program, ctx) => {
  program.command('mix')
    .description('combine stored selections (of one data set or several) into one new versioned selection, deduplicated across them')
    .option('--from <sources...>', 'SELECTION (weight 1), SELECTION:0.3 (a weight: has a decimal point) or SELECTION:300 (exactly 300); NAME@N for a version; only a last :NUMBER is read, a name may hold \':\' (s1k:math)')
    .option('--target <n>', 'mix size: counts first, the rest shared by weight (default: the recipe\'s; none: all of every source)')
    .option('--seed <n>', 'random seed of the draws (default: the recipe\'s, 42)')
    .option('--name <name>', 'name of the new selection (default: the recipe\'s name); each run adds a version')
    .option('--recipe <file>', 'a recipe JSON file with a mix section (its sources, target, seed and dedup; --from replaces its sources)')
    .option('--no-dedup', 'keep duplicate questions across sources')
    .action((o: { from?: string[]; target?: string; seed?: string; name?: string; recipe?: string; dedup: boolean }) => {
      let recipe: Recipe | undefined;
      if (o.recipe !== undefined) {
        try { recipe = loadRecipe(o.recipe); } catch (e) { if (e instanceof RecipeError) throw recipeRefused(o.recipe, e); throw e; }
        if (!recipe.mix) {
          throw recipeRefused(o.recipe, new Error(o.from?.length
            ? `recipe '${recipe.name}' has no mix section, which mix --recipe reads (its target, seed and dedup; --from replaces its sources): add "mix": {"sources": [{"selection": "NAME", "weight": 1}]}, or leave --recipe out and give --name, --target and --seed`
            : `recipe '${recipe.name}' has no mix section: add "mix": {"sources": [{"selection": "NAME", "weight": 1}]} or use --from`));
        }
      }
      let sources: MixSource[];
      try { sources = o.from?.length ? o.from.map(parseMixSource) : recipe?.mix?.sources ?? []; } catch (e) { if (e instanceof MixError) throw new CliError(e.message); throw e; }
      if (!sources.length) throw new CliError('name the sources: --from SELECTION[:WEIGHT|:N] ... (distillery selection lists them), or --recipe FILE with a mix section');
      const name = o.name ?? recipe?.name;
      if (!name?.trim()) throw new CliError('name the new selection: --name NAME');
      const target = int('--target', o.target) ?? recipe?.target;
      if (target !== undefined && target < 1) throw new CliError('--target must be at least 1');
      const seed = int('--seed', o.seed) ?? recipe?.seed;
      const db = ctx.openDb('read', { writes: true });
      let result: MixResult;
      try {
        result = mix(db, { name, sources, target, seed, dedup: o.dedup ? recipe?.mix?.dedup : false, onStage: (s) => ctx.info(`mix: ${s}`) });
      } catch (e) {
        if (e instanceof MixError) throw new CliError(e.message);
        throw e;
      } finally {
        db.close();
      }
      for (const w of result.warnings) ctx.info(`mix: warning: ${w}`);
      const { sampleIds: _ids, ...rest } = result;
      // human_dropped beside humanDropped: the snake_case twin of a contract field, which stays (README: mix --json).
      const out = { ...rest, sources: rest.sources.map((s) => ({ ...s, human_dropped: s.humanDropped })) };
      ctx.emit(out, () => formatMix(result));
    });
};
