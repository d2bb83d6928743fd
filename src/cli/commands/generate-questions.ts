// distillery generate-questions --backend URL --model M --from SELECTION --n N --prompt FILE --dataset NAME [--eval FILE...]
import { readFileSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import { Option } from 'commander';
import { createBackend, normalizeBaseUrls } from '../../core/backend/client';
import { dbRequestCache } from '../../core/backend/cache';
import { THINKING_FORMATS } from '../../core/prompt/formats';
import { checkQuestionsTarget, generateQuestions } from '../../core/generate/questions';
import { readEvalFile } from '../../core/curate/eval-files';
import type { EvalItem } from '../../core/curate/decontaminate';
import type { DedupRule } from '../../core/curate/dedup';
import { InvalidInputError, NotFoundError } from '../../core/errors';
import { checkInputPath, cliNumber, CliError, InputRefusedError, tokenizerOption, type RegisterCommand } from '../context';
import { ProgressBar } from '../progress';
import { parseFieldMap } from './import';
import { countTokens, int, probeBackend, settingsOf, type GenerateCliOptions } from './generate';

interface QuestionsCliOptions extends Pick<GenerateCliOptions, 'backend' | 'model' | 'temperature' | 'topP' | 'maxTokens' | 'format' | 'system' | 'seed' | 'concurrency' | 'apiKeyEnv' | 'api' | 'timeoutS'> {
  from: string; n: string; prompt: string; dataset: string; eval?: string[]; evalMap?: string; dedupRule: DedupRule;
}

/** A file that could not be read, in words (no ENOENT and no repeated path). */
function fileProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file (check the path)';
  if (code === 'EISDIR') return 'is a folder: pass the prompt file inside it';
  if (code === 'EACCES') return 'not readable for this user';
  return (e as Error).message;
}

export const registerGenerateQuestions: RegisterCommand = (program, ctx) => {
  program.command('generate-questions')
    .description('new questions written by a model from the seed questions of a selection, stored as a data set with their provenance, deduplicated against the seeds and decontaminated')
    .requiredOption('--backend <urls>', 'base URL(s) of the server, comma-separated replicas')
    .requiredOption('--model <name>', 'the model that writes the questions')
    .requiredOption('--from <selection>', 'the seed questions: a selection')
    .requiredOption('--n <n>', 'questions to write (the seeds taken in turn)')
    .requiredOption('--prompt <file>', 'the prompt: a text file where {question} stands for the seed question ({answer} for its answer)')
    .requiredOption('--dataset <name>', 'the data set to store the new questions in')
    .option('--eval <files...>', 'evaluation files to decontaminate against (as curate --eval)')
    .option('--eval-map <pairs>', "the evaluation files' columns, as import --map")
    .addOption(new Option('--dedup-rule <rule>', 'what counts as a copy of a seed (curate\'s dedup rules)').choices(['copy', 'any', 'fuzzy']).default('copy'))
    .option('--temperature <t>', 'sampling temperature', '1.0')
    .option('--top-p <p>', 'top_p', '0.95')
    .option('--max-tokens <n>', 'max_tokens per question')
    .addOption(new Option('--format <format>', 'thinking delimiters of the model').choices([...THINKING_FORMATS]).default('s1'))
    .option('--system <text>', 'a system message')
    .option('--seed <n>', 'request k is sent with seed N + k', '42')
    .option('--concurrency <n>', 'requests in flight at once', '16')
    .option('--timeout-s <n>', 'seconds without a byte after which a request is retried', '3600')
    .option('--api-key-env <name>', 'environment variable holding the API key')
    .addOption(new Option('--api <kind>', "the server's kind (default: vllm when /v1/models says max_model_len)").choices(['vllm', 'openai']))
    .action(async (o: QuestionsCliOptions) => {
      const n = cliNumber(o.n);
      if (!Number.isInteger(n) || n < 1) throw new CliError(`--n must be an integer >= 1, not '${o.n}'`);
      tokenizerOption(undefined); // $DISTILLERY_TOKENIZER checked before the server is contacted
      // Every number checked before the server is contacted or anything is written.
      const concurrency = int('--concurrency', o.concurrency, 1);
      const timeoutMs = int('--timeout-s', o.timeoutS ?? '3600', 1) * 1000;
      let text: string;
      try { text = readFileSync(o.prompt, 'utf8'); } catch (e) { throw new CliError(`--prompt ${o.prompt}: ${fileProblem(e)}`); }
      if (!text.trim()) throw new InputRefusedError(`--prompt ${o.prompt} is empty: write the prompt in it, with {question} where the seed question goes`);
      const evalItems: EvalItem[] = [];
      const evalMap = parseFieldMap(o.evalMap, '--eval-map');
      for (const f of o.eval ?? []) {
        checkInputPath('--eval', f);
        try { evalItems.push(...(await readEvalFile(f, { fieldMap: evalMap, mapFlag: '--eval-map' }))); } catch (e) { throw new InputRefusedError(`--eval ${f}: ${(e as Error).message}`); }
      }
      const gen = { ...o, samples: '1', run: '', confirmAbove: '0' } as GenerateCliOptions;
      settingsOf(gen, false, null);
      const urls = normalizeBaseUrls(o.backend!);
      if (!urls.length) throw new CliError('--backend: no URL given');
      // The database, --from and --dataset checked before the server is contacted: a mistake in the command (2).
      const check = ctx.openDb('read');
      try { checkQuestionsTarget(check, o.from, o.dataset); } catch (e) { throw e instanceof NotFoundError || e instanceof InvalidInputError ? new CliError(e.message) : e; } finally { check.close(); }
      const probe = await probeBackend(ctx, urls, o);
      const settings = settingsOf(gen, probe.vllm, probe.maxModelTokens);
      const db = ctx.openDb('read', { writes: true });
      const backend = createBackend({ urls, model: o.model!, apiKey: probe.apiKey, concurrency, timeoutMs, cache: dbRequestCache(db) });
      const abort = new AbortController();
      setMaxListeners(0, abort.signal);
      const onSignal = () => abort.abort(new CliError(`cancelled; run it again with the same arguments: answered requests come from the cache`, 130));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const bar = new ProgressBar(`questions ${o.dataset}`);
      try {
        const r = await generateQuestions({
          db, backend, model: o.model!, from: o.from, n, prompt: { file: o.prompt, text }, dataset: o.dataset, settings, concurrency, countTokens,
          evalItems, dedupRule: o.dedupRule, signal: abort.signal, onProgress: (d, t) => bar.update(d, t, `${d}/${t} questions`),
        }).catch((e: unknown) => { throw e instanceof NotFoundError || e instanceof InvalidInputError ? new CliError(e.message) : e; });
        const out = { ...r, sent_requests: backend.stats.sent };
        ctx.emit(out, () => `${r.replay ? '[REPLAY: recorded questions, not a model] ' : ''}${r.added} new questions in ${r.dataset} (${r.requested} asked for${r.stored > r.added ? `, ${r.stored - r.added} of the questions written stored before` : ''}${r.failed.length ? `, ${r.failed.length} replies without one` : ''}); `
          + `${r.duplicates.length} duplicates (${r.duplicates.filter((d) => d.of_seed).length} of a seed), ${r.contaminated.length} contaminated; ${r.kept} kept in ${r.selection}`);
      } finally {
        bar.done();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        db.close();
      }
    });
};
