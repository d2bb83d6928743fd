// distillery eval --backend URL[,URL...] --model NAME --benchmark B --method M [...] --run NAME
import { setMaxListeners } from 'node:events';
import { Option } from 'commander';
import { TOKENIZER_OPTION_HELP } from '../../core/tokenize/select';
import { existsSync } from 'node:fs';
import { BenchmarkError, loadBenchmark, type Benchmark } from '../../core/evaluate/benchmarks';
import { createBackend, normalizeBaseUrls } from '../../core/backend/client';
import { servedModels } from '../served-models';
import { dbRequestCache } from '../../core/backend/cache';
import { evalSession, RunMismatchError } from '../../core/evaluate/session';
import { parseFieldMap } from './import';
import { parseBudgets } from '../../core/evaluate/plan';
import { EvalCancelled } from '../../core/evaluate/runner';
import { METHODS, type MethodName } from '../../core/scaling/methods';
import { END_OF_TURN, thinkingFormat, THINKING_FORMATS, type ClassPrompt, type ThinkingFormatName } from '../../core/prompt/formats';
import { resolveSpecialIds } from '../../core/evaluate/special-ids';
import { redact } from '../../core/redact';
import { checkChatTemplate, cliNumber, CliError, InputRefusedError, tokenizerOption, type RegisterCommand } from '../context';
import { ProgressBar } from '../progress';

interface EvalCliOptions {
  backend: string; model: string; benchmark: string; benchmarkMap?: string; method: MethodName; budgets?: string; wait?: string; waitWord: string;
  prompt?: ClassPrompt; format: ThinkingFormatName; repeats: string; temperature: string; concurrency: string; run: string;
  chatTemplate?: string; tokenizer?: string; maxThinkingTokens?: string; maxAnswerTokens?: string; maxModelLen?: string; timeoutS: string; apiKeyEnv?: string;
  topP: string; topK: string; minP: string; repetitionPenalty: string;
}

const real = (name: string, v: string, ok: (x: number) => boolean, range: string) => {
  const x = cliNumber(v);
  if (!Number.isFinite(x) || !ok(x)) throw new CliError(`${name} must be a number ${range}, not '${v}'`);
  return x;
};

const int = (name: string, v: string, min: number) => {
  const n = cliNumber(v);
  if (!Number.isInteger(n) || n < min) throw new CliError(`${name} must be an integer >= ${min}, not '${v}'`);
  return n;
};

/** The API key: the variable named by --api-key-env, else DISTILLERY_API_KEY, else OPENAI_API_KEY. Never a flag (shell history). */
export function apiKeyFromEnv(name?: string): string | undefined {
  return (name ? process.env[name] : undefined) ?? process.env.DISTILLERY_API_KEY ?? process.env.OPENAI_API_KEY;
}

export const registerEval: RegisterCommand = (program, ctx) => {
  program.command('eval')
    .description('evaluate a model with a test-time scaling method on a benchmark (vLLM OpenAI-compatible server or the replay server)')
    .requiredOption('--backend <urls>', 'base URL(s) of the server, comma-separated replicas (e.g. http://127.0.0.1:8000/v1)')
    .requiredOption('--model <name>', 'model name the server serves')
    .requiredOption('--benchmark <spec>', 'math500[:N] (default 100), aime24, gpqa=FILE.csv[:N] or FILE.jsonl')
    .option('--benchmark-map <pairs>', "a benchmark file's columns, as import --map: question=COL,answer=COL")
    .addOption(new Option('--method <method>', 'test-time scaling method').choices([...METHODS]).makeOptionMandatory())
    .option('--budgets <list>', 'thinking-token budgets (truncation, budget-forcing), "inf" = unlimited', '500,1000,2000,4000,8000,inf')
    .option('--wait <n>', 'continuations for budget forcing (a list runs each: 1,2,4)', '1')
    .option('--wait-word <word>', 'continuation word appended when thinking stops early', 'Wait')
    .addOption(new Option('--prompt <kind>', 'class-conditional prompt (default: both)').choices(['short', 'long']))
    .addOption(new Option('--format <format>', 'thinking delimiters of the model').choices([...THINKING_FORMATS]).default('s1'))
    .option('--repeats <n>', 'passes over the benchmark (mean ± standard error)', '1')
    .option('--temperature <t>', 'sampling temperature (seed 42 + repeat when sampling)', '0')
    .option('--concurrency <n>', 'requests in flight at once', '16')
    .requiredOption('--run <name>', 'run name: an existing run resumes')
    .option('--chat-template <path>', "a model's tokenizer_config.json (or its folder) to render prompts with its own chat template (default: Qwen2.5's)")
    .option('--tokenizer <path>', `token counts: ${TOKENIZER_OPTION_HELP}`)
    .option('--max-thinking-tokens <n>', 'max_tokens of an unlimited thinking phase', '32000')
    .option('--max-answer-tokens <n>', 'max_tokens of the answer phase (default: what the context has left, as s1)')
    .option('--max-model-len <n>', "the server's context length, to which every call's max_tokens is capped (default: max_model_len from the server's /v1/models, else 32768)")
    .option('--top-p <p>', 'top_p, sent on every request so the model\'s generation_config.json never applies', '1')
    .option('--top-k <k>', 'top_k (-1: all tokens), sent on every request', '-1')
    .option('--min-p <p>', 'min_p, sent on every request', '0')
    .option('--repetition-penalty <r>', 'repetition_penalty, sent on every request (vLLM would take the model\'s, e.g. 1.05)', '1')
    .option('--timeout-s <n>', 'seconds of silence (no token) after which a request is retried, continuing from the text it delivered; a request that keeps producing tokens never times out', '600')
    .option('--api-key-env <name>', 'environment variable holding the API key (default DISTILLERY_API_KEY, then OPENAI_API_KEY)')
    .action(async (o: EvalCliOptions) => {
      tokenizerOption(o.tokenizer);
      const urls = normalizeBaseUrls(o.backend);
      if (!urls.length) throw new CliError('--backend: no URL given');
      const temperature = cliNumber(o.temperature);
      if (!Number.isFinite(temperature) || temperature < 0) throw new CliError(`--temperature must be >= 0, not '${o.temperature}'`);
      let budgets: (number | null)[];
      try {
        budgets = parseBudgets(o.budgets ?? '');
      } catch (e) {
        throw new CliError(`--budgets: ${(e as Error).message}`);
      }
      const waits = (o.wait ?? '1').split(',').map((w) => int('--wait', w.trim(), 0));
      if (!o.waitWord) throw new CliError('--wait-word must not be empty');
      const concurrency = int('--concurrency', o.concurrency, 1);
      const numbers = {
        maxThinkingTokens: int('--max-thinking-tokens', o.maxThinkingTokens ?? '32000', 1),
        maxAnswerTokens: o.maxAnswerTokens === undefined ? null : int('--max-answer-tokens', o.maxAnswerTokens, 1),
        maxModelTokens: o.maxModelLen === undefined ? undefined : int('--max-model-len', o.maxModelLen, 0),
        repeats: int('--repeats', o.repeats, 1), timeoutMs: int('--timeout-s', o.timeoutS, 1) * 1000,
      };
      const sampling = {
        top_p: real('--top-p', o.topP, (x) => x > 0 && x <= 1, 'in (0, 1]'), top_k: int('--top-k', o.topK, -1),
        min_p: real('--min-p', o.minP, (x) => x >= 0 && x <= 1, 'in [0, 1]'), repetition_penalty: real('--repetition-penalty', o.repetitionPenalty, (x) => x > 0, '> 0'),
      };
      // Everything that can be checked here is checked before the backend is contacted.
      const benchmarkRead = { fieldMap: parseFieldMap(o.benchmarkMap, '--benchmark-map'), mapFlag: '--benchmark-map' };
      let loadedBenchmark: Benchmark;
      try {
        loadedBenchmark = await loadBenchmark(o.benchmark, benchmarkRead);
      } catch (e) {
        // A spec naming no benchmark or a missing file is a mistake in the command (2); a file refused for what it
        // holds is refused input (1), as import refuses it.
        const message = `--benchmark: ${(e as Error).message}`;
        throw e instanceof BenchmarkError && e.usage ? new CliError(message) : new InputRefusedError(message);
      }
      if (o.chatTemplate !== undefined && !existsSync(o.chatTemplate)) throw new CliError(`--chat-template ${o.chatTemplate}: no such file or folder`);
      if (o.chatTemplate !== undefined) checkChatTemplate(o.chatTemplate);
      // Fail fast and clearly when a replica is unreachable, instead of after the retries of the first request.
      const apiKey = apiKeyFromEnv(o.apiKeyEnv);
      const contexts: number[] = [];
      let servedReplay = false;
      for (const { url, models } of await servedModels(urls, apiKey)) {
        servedReplay ||= models.some((m) => m.replay);
        if (models.some((m) => m.replay)) ctx.info(redact(`${url} is Distillery's replay server: results are replays of recorded traces, not a model's`));
        else if (models.length && !models.some((m) => m.id === o.model)) ctx.info(redact(`warning: ${url} serves ${models.map((m) => m.id).join(', ')}, not '${o.model}'`));
        const len = (models.find((m) => m.id === o.model) ?? models[0])?.max_model_len;
        if (len) contexts.push(len);
      }
      // The smallest context of the replicas: every call must fit each of them.
      const maxModelTokens = numbers.maxModelTokens ?? (contexts.length ? Math.min(...contexts) : 32_768);
      ctx.info(`context: ${maxModelTokens} tokens (${numbers.maxModelTokens !== undefined ? '--max-model-len' : contexts.length ? "the server's max_model_len" : 'default; the server did not say'})`);
      // Stop-token ids from the served model's tokenizer (its tokenizer_config.json, else the server's /tokenize).
      const format = thinkingFormat(o.format);
      const special = await resolveSpecialIds([...(format.endToken ? [format.endToken] : []), END_OF_TURN],
        { chatTemplate: o.chatTemplate, url: urls[0], model: o.model, apiKey });
      if (special.source === 'qwen-default') ctx.info(`stop tokens: Qwen's ids (${Object.entries(special.ids).map(([t, id]) => `${t}=${id}`).join(', ')}); neither --chat-template nor the server's /tokenize gave them`);
      const db = ctx.openDb('write');
      const backend = createBackend({ urls, model: o.model, apiKey, concurrency, timeoutMs: numbers.timeoutMs, cache: dbRequestCache(db) });
      const abort = new AbortController();
      // Every in-flight request listens on the one signal.
      setMaxListeners(0, abort.signal);
      const onSignal = () => abort.abort(new EvalCancelled());
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const bar = new ProgressBar(`eval ${o.run}`);
      const started = Date.now();
      let result;
      try {
        result = await evalSession({
          db, run: o.run, backend, backendUrls: urls, model: o.model, benchmark: o.benchmark, benchmarkRead, loadedBenchmark, method: o.method, budgets, wait: waits,
          waitWord: o.waitWord, prompts: o.prompt ? [o.prompt] : undefined, format: o.format, chatTemplate: o.chatTemplate, temperature,
          maxThinkingTokens: numbers.maxThinkingTokens, maxAnswerTokens: numbers.maxAnswerTokens, maxModelTokens, sampling, specialIds: special.ids,
          repeats: numbers.repeats, concurrency, signal: abort.signal,
          onProgress: (p) => {
            const secs = (Date.now() - started) / 1000;
            const eta = p.done ? Math.round((secs / p.done) * (p.total - p.skipped - p.done)) : 0;
            bar.update(p.done + p.skipped, p.total, `${p.done + p.skipped}/${p.total} results, ${p.requests} requests, ${p.thinkingTokens} thinking tokens, ETA ${eta}s`);
          },
        });
      } catch (e) {
        if (e instanceof EvalCancelled) throw new CliError(`evaluation cancelled; run it again with --run ${o.run} to resume`, 130);
        if (e instanceof RunMismatchError) throw new CliError(e.message);
        if (e instanceof BenchmarkError || (e instanceof Error && /budget/.test(e.message))) throw new CliError(e.message);
        throw e;
      } finally {
        bar.done();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        db.close();
      }
      // The server said it is the replay server: a resume with nothing left to ask is still a replay.
      const replay = result.replay || servedReplay;
      const out = {
        run: o.run, results: result.results, benchmark: result.benchmark, method: o.method, new_results: result.done, skipped: result.skipped,
        correct: result.correct, failed: result.failed, max_model_len: maxModelTokens, requests: result.requests, cached_requests: result.cachedRequests, sent_requests: backend.stats.sent,
        retries: backend.stats.retries, thinking_tokens: result.thinkingTokens, backend: replay ? 'replay' : 'openai', replay,
        seconds: (Date.now() - started) / 1000,
      };
      ctx.emit(out, (r: typeof out) => `${r.replay ? '[REPLAY: recorded traces, not a model] ' : ''}run ${r.run}: ${r.results} results on ${r.benchmark} (${r.new_results} new, ${r.skipped} already done${r.failed ? `, ${r.failed} failed: see finish_reasons` : ''}), ${r.requests} requests (${r.cached_requests} from cache, ${r.retries} retries)`);
      // A question that cannot be run counts as a wrong answer; when none of this call's questions could be run,
      // the run's accuracy says nothing about the model, so the run failed (README: exit 1).
      if (result.done > 0 && result.failed >= result.done) {
        process.stderr.write(`distillery eval: every question of this call failed (${result.failed}; their finish_reasons say why, e.g. \`distillery metrics --run ${o.run}\`): they are stored as wrong answers in run ${o.run}, so fix the cause and run again under a new --run name\n`);
        process.exitCode = 1;
      }
    });
};
