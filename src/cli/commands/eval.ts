// distillery eval --backend URL[,URL...] --model NAME --benchmark B --method M [...] --run NAME
import { setMaxListeners } from 'node:events';
import { Option } from 'commander';
import { openDatabase } from '../../core/store/db';
import { createBackend, listModels, normalizeBaseUrls } from '../../core/backend/client';
import { dbRequestCache } from '../../core/backend/cache';
import { evalSession, RunMismatchError } from '../../core/evaluate/session';
import { BenchmarkError } from '../../core/evaluate/benchmarks';
import { parseFieldMap } from './import';
import { parseBudgets } from '../../core/evaluate/plan';
import { EvalCancelled } from '../../core/evaluate/runner';
import { METHODS, type MethodName } from '../../core/scaling/methods';
import { THINKING_FORMATS, type ClassPrompt, type ThinkingFormatName } from '../../core/prompt/formats';
import { CliError, type RegisterCommand } from '../context';
import { ProgressBar } from '../progress';

interface EvalCliOptions {
  backend: string; model: string; benchmark: string; benchmarkMap?: string; method: MethodName; budgets?: string; wait?: string; waitWord: string;
  prompt?: ClassPrompt; format: ThinkingFormatName; repeats: string; temperature: string; concurrency: string; run: string;
  chatTemplate?: string; maxThinkingTokens?: string; maxAnswerTokens?: string; maxModelLen: string; timeoutS: string; apiKeyEnv?: string;
}

const int = (name: string, v: string, min: number) => {
  const n = Number(v);
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
    .option('--max-thinking-tokens <n>', 'max_tokens of an unlimited thinking phase', '32000')
    .option('--max-answer-tokens <n>', 'max_tokens of the answer phase', '2048')
    .option('--max-model-len <n>', "the server's context length: later calls' max_tokens are capped to fit it", '32768')
    .option('--timeout-s <n>', 'per-request timeout in seconds', '600')
    .option('--api-key-env <name>', 'environment variable holding the API key (default DISTILLERY_API_KEY, then OPENAI_API_KEY)')
    .action(async (o: EvalCliOptions) => {
      const urls = normalizeBaseUrls(o.backend);
      if (!urls.length) throw new CliError('--backend: no URL given');
      const temperature = Number(o.temperature);
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
      // Fail fast and clearly when a replica is unreachable, instead of after the retries of the first request.
      const apiKey = apiKeyFromEnv(o.apiKeyEnv);
      for (const url of urls) {
        let models: { id: string; replay: boolean }[];
        try {
          models = await listModels(url, apiKey, AbortSignal.timeout(15_000));
        } catch (e) {
          throw new CliError(`cannot reach the backend ${url} (GET /models): ${e instanceof Error ? e.message : String(e)}`);
        }
        if (models.some((m) => m.replay)) ctx.info(`${url} is Distillery's replay server: results are replays of recorded traces, not a model's`);
        else if (models.length && !models.some((m) => m.id === o.model)) ctx.info(`warning: ${url} serves ${models.map((m) => m.id).join(', ')}, not '${o.model}'`);
      }
      const db = openDatabase(ctx.dbPath());
      const backend = createBackend({ urls, model: o.model, apiKey, concurrency, timeoutMs: int('--timeout-s', o.timeoutS, 1) * 1000, cache: dbRequestCache(db) });
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
          db, run: o.run, backend, backendUrls: urls, model: o.model, benchmark: o.benchmark, benchmarkRead: { fieldMap: parseFieldMap(o.benchmarkMap) }, method: o.method, budgets, wait: waits,
          waitWord: o.waitWord, prompts: o.prompt ? [o.prompt] : undefined, format: o.format, chatTemplate: o.chatTemplate, temperature,
          maxThinkingTokens: int('--max-thinking-tokens', o.maxThinkingTokens ?? '32000', 1), maxAnswerTokens: int('--max-answer-tokens', o.maxAnswerTokens ?? '2048', 1),
          maxModelTokens: int('--max-model-len', o.maxModelLen, 0),
          repeats: int('--repeats', o.repeats, 1), concurrency, signal: abort.signal,
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
      const out = {
        run: o.run, results: result.results, benchmark: result.benchmark, method: o.method, new_results: result.done, skipped: result.skipped,
        correct: result.correct, requests: result.requests, cached_requests: result.cachedRequests, sent_requests: backend.stats.sent,
        retries: backend.stats.retries, thinking_tokens: result.thinkingTokens, backend: result.replay ? 'replay' : 'openai', replay: result.replay,
        seconds: (Date.now() - started) / 1000,
      };
      ctx.emit(out, (r: typeof out) => `${r.replay ? '[REPLAY: recorded traces, not a model] ' : ''}run ${r.run}: ${r.results} results on ${r.benchmark} (${r.new_results} new, ${r.skipped} already done), ${r.requests} requests (${r.cached_requests} from cache, ${r.retries} retries)`);
    });
};
