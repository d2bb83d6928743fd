// distillery tokens --dataset D [--all] [--workers N] [--tokenizer PATH]: token counts of the thinking of traces that
// lack them, with the model's own tokenizer (a model folder or tokenizer.json; default: $DISTILLERY_TOKENIZER, else Qwen3's).
import { datasetId } from '../../core/curate/pool';
import { fillThinkingTokens, type FillResult } from '../../core/tokenize/fill';
import { TOKENIZER_OPTION_HELP } from '../../core/tokenize/select';
import { cliNumber, CliError, tokenizerOption, type RegisterCommand } from '../context';

export function formatTokens(dataset: string, x: FillResult): string {
  if (!x.traces) {
    return x.counted_before
      ? `${dataset}: all ${x.counted_before} traces already have token counts; nothing to do (--all recounts them)`
      : `${dataset}: no traces to count (the data set has questions only)`;
  }
  const before = x.counted_before ? ` (${x.counted_before} already had counts)` : '';
  return `${dataset}: counted ${x.filled} of ${x.traces} traces${before}: ${x.tokens} tokens, ${(x.bytes / 1e6).toFixed(1)} MB in ${x.seconds} s`;
}

export const registerTokens: RegisterCommand = (program, ctx) => {
  program.command('tokens')
    .description("count the thinking tokens of traces that lack them with the model's tokenizer (s1's length bias uses them)")
    .requiredOption('--dataset <name>', 'dataset')
    .option('--all', 'recount every trace, not only those without a count')
    .option('--workers <n>', 'tokenizer threads (default: one per core)')
    .option('--tokenizer <path>', `${TOKENIZER_OPTION_HELP}`)
    .action(async (o: { dataset: string; all?: boolean; workers?: string; tokenizer?: string }) => {
      const workers = o.workers === undefined ? undefined : cliNumber(o.workers);
      if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw new CliError('--workers must be a positive integer');
      // The tokenizer is loaded (and a bad file refused) before the database is opened.
      const tokenizer = tokenizerOption(o.tokenizer);
      const db = ctx.openDb('read', { writes: true });
      let r: FillResult;
      try {
        const id = datasetId(db, o.dataset);
        if (id === undefined) throw new CliError(`no dataset named '${o.dataset}'`);
        r = await fillThinkingTokens(db, id, { all: o.all, workers, tokenizer });
      } finally {
        db.close();
      }
      ctx.emit({ dataset: o.dataset, ...r }, (x: FillResult) => formatTokens(o.dataset, x));
    });
};
