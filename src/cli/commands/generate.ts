// distillery generate --backend URL[,URL] --model TEACHER --selection NAME --run NAME [--samples 16] [...]
// distillery generate --model TEACHER --selection NAME --run NAME --batch-out FILE      (OpenAI batch JSONL)
// distillery generate --run NAME --batch-in RESULTS.jsonl                               (results back into the run)
import { once, setMaxListeners } from 'node:events';
import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Option } from 'commander';
import { createBackend, normalizeBaseUrls } from '../../core/backend/client';
import { servedModels } from '../served-models';
import { redact } from '../../core/redact';
import { dbRequestCache } from '../../core/backend/cache';
import { THINKING_FORMATS, type ThinkingFormatName } from '../../core/prompt/formats';
import { DEFAULT_SETTINGS, chatMessages, type GenerateSettings } from '../../core/generate/request';
import { generateSession, pendingWork, prepareRun, type GenerateRunConfig } from '../../core/generate/session';
import { GenerateCancelled } from '../../core/generate/runner';
import { pacedFetch, RateLimiter } from '../../core/generate/rate-limit';
import { describeCost, estimateCost, knownPrices, type CostEstimate } from '../../core/generate/cost';
import { batchLines, importBatchResults } from '../../core/generate/batch';
import { findGenerateRun, generatedKeys, generationItems } from '../../core/store/generations';
import { findSelection } from '../../core/store/selections';
import { stagingId, tempBeside } from '../../core/staged-folder';
import { qwenChat } from '../../core/prompt/chat';
import { fastQwenTokenizer } from '../../core/tokenize/fast';
import { InvalidInputError, NotFoundError } from '../../core/errors';
import { makeFolder } from '../../core/folders';
import type { Db } from '../../core/store/db';
import { checkInputPath, cliNumber, CliError, InputRefusedError, tokenizerOption, type CliContext, type RegisterCommand } from '../context';
import { ProgressBar } from '../progress';
import { apiKeyFromEnv } from './eval';

export interface GenerateCliOptions {
  backend?: string; model?: string; selection?: string; run: string; samples: string; temperature: string; topP: string; maxTokens?: string;
  format: ThinkingFormatName; system?: string; concurrency: string; seed: string; stream?: boolean; timeoutS?: string; apiKeyEnv?: string;
  api?: 'vllm' | 'openai'; priceIn?: string; priceOut?: string; yes?: boolean; confirmAbove: string; batchOut?: string; batchIn?: string; force?: boolean;
}

const num = (name: string, v: string, ok: (x: number) => boolean, what: string) => {
  const x = cliNumber(v);
  if (!Number.isFinite(x) || !ok(x)) throw new CliError(`${name} must be ${what}, not '${v}'`);
  return x;
};
export const int = (name: string, v: string, min: number) => num(name, v, (x) => Number.isInteger(x) && x >= min, `an integer >= ${min}`);

let tokenizer: ReturnType<typeof fastQwenTokenizer> | undefined;
/** Qwen token counts (thinking lengths, prompt room), the tokenizer loaded on first use. */
export const countTokens = (text: string) => (tokenizer ??= fastQwenTokenizer()).count(text);

export function settingsOf(o: GenerateCliOptions, vllm: boolean, maxModelTokens: number | null): GenerateSettings {
  return {
    samples: int('--samples', o.samples, 1), temperature: num('--temperature', o.temperature, (x) => x >= 0, 'a number >= 0'),
    topP: num('--top-p', o.topP, (x) => x > 0 && x <= 1, 'a number in (0, 1]'), maxTokens: o.maxTokens === undefined ? null : int('--max-tokens', o.maxTokens, 1),
    format: o.format, system: o.system ?? null, seed: int('--seed', o.seed, 0), vllm, maxModelTokens, stream: o.stream === true,
  };
}

/** The stored run's settings, for an import into it. */
function settingsOfRun(c: GenerateRunConfig): GenerateSettings {
  return { ...DEFAULT_SETTINGS, ...c, vllm: false, maxModelTokens: null, stream: false };
}

/** Asks on the terminal; false when the answer is not yes. */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((r) => rl.question(`${question} [y/N] `, r));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** The estimate of a run on a paid API, or undefined when no price applies (vLLM, the replay server, an unknown model without --price-*). */
function costOf(db: Db, o: GenerateCliOptions, settings: GenerateSettings, hosted: boolean): CostEstimate | undefined {
  const flags = o.priceIn !== undefined || o.priceOut !== undefined;
  const table = hosted ? knownPrices(o.model!) : undefined;
  if (!flags && !table) return undefined;
  const price = (name: string, v: string | undefined, fallback: number | undefined) => (v === undefined ? fallback ?? 0 : num(name, v, (x) => x >= 0, 'a price >= 0 (USD per 1M tokens)'));
  const work = pendingWork(db, { run: o.run, selection: o.selection!, samples: settings.samples });
  const promptTokens = work.flatMap((w) => Array<number>(w.missing).fill(countTokens(qwenChat(chatMessages(w.item.question, settings.system)))));
  return estimateCost({ promptTokens, samples: 1, maxTokens: settings.maxTokens, priceIn: price('--price-in', o.priceIn, table?.in), priceOut: price('--price-out', o.priceOut, table?.out),
    prices: flags ? 'flags' : `table:${o.model}` });
}

/** --batch-out, checked before the database is opened (which stores the run), as export and backup check --out: a
 *  folder, a file there already without --force, or a file in the way of the folders to make (README: output paths). */
function checkBatchOut(path: string, force: boolean | undefined): void {
  const p = resolve(path);
  if (existsSync(p)) {
    if (statSync(p).isDirectory()) throw new CliError(`--batch-out ${path} is a folder: pass a file path such as ${join(p, 'requests.jsonl')}`);
    if (!force) throw new CliError(`${path} exists: pass --force to replace it, or choose another --batch-out (nothing was written)`);
    return;
  }
  let d = dirname(p);
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  if (!statSync(d).isDirectory()) throw new CliError(`--batch-out ${path}: ${d} is a file, so no folder can be made there (nothing was written)`);
}

async function batchOut(ctx: CliContext, o: GenerateCliOptions): Promise<void> {
  if (!o.model || !o.selection) throw new CliError('--batch-out needs --model and --selection');
  checkBatchOut(o.batchOut!, o.force);
  const settings = settingsOf(o, o.api !== 'openai', null);
  const db = ctx.openDb('read', { writes: true });
  try {
    const { runId, config, items } = wrap(() => prepareRun(db, { run: o.run, teacher: o.model!, selection: o.selection!, settings }));
    const finished = generatedKeys(db, runId);
    // The missing folders on the path, as export --out and backup --out make them.
    try {
      makeFolder(dirname(resolve(o.batchOut!)));
    } catch (e) {
      throw new CliError(`--batch-out ${o.batchOut}: cannot create its folder (${(e as Error).message})`);
    }
    // Written under a hidden name beside it and renamed when whole: a failure or a kill never leaves part of the
    // requests under the real name (vllm run-batch would run them as if they were all).
    const target = resolve(o.batchOut!);
    const tmp = tempBeside(target, stagingId());
    const out = createWriteStream(tmp);
    // A write that fails (a full disk, the file taken away) is an error naming the file, not an unhandled event.
    let failed: Error | undefined;
    out.on('error', (e) => { failed ??= e; });
    let lines = 0;
    try {
      for (const line of batchLines({ items, settings, teacher: o.model, finished, countTokens })) {
        if (failed) throw failed;
        if (!out.write(line + '\n')) await once(out, 'drain');
        lines++;
      }
      await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ?? failed ? rej(e ?? failed) : res())));
      renameSync(tmp, target);
    } catch (e) {
      out.destroy();
      rmSync(tmp, { force: true });
      throw new CliError(`--batch-out ${o.batchOut}: cannot write it (${(e as Error).message})`, 1);
    }
    const r = { run: o.run, selection: config.selection, file: o.batchOut, lines, already_stored: items.length * settings.samples - lines, url: '/v1/chat/completions' };
    ctx.emit(r, () => `wrote ${lines} requests of run ${o.run} (${config.selection}) to ${o.batchOut}; run them with \`vllm run-batch -i ${o.batchOut} -o results.jsonl --model ${o.model}\`, then \`distillery generate --run ${o.run} --batch-in results.jsonl\``);
  } finally {
    db.close();
  }
}

async function batchIn(ctx: CliContext, o: GenerateCliOptions): Promise<void> {
  const db = ctx.openDb('read', { writes: true });
  try {
    const run = findGenerateRun(db, o.run);
    if (!run) throw new CliError(`no generation run named '${o.run}': write its requests first with --batch-out`);
    const config = JSON.parse(run.config) as GenerateRunConfig;
    const sel = findSelection(db, config.selection);
    if (!sel) throw new CliError(`run '${o.run}': its selection ${config.selection} no longer exists`);
    const r = await importBatchResults({ db, runId: run.id, run: o.run, teacher: config.teacher, items: generationItems(db, sel.id), settings: settingsOfRun(config), file: o.batchIn!, countTokens })
      .catch((e: unknown) => { throw e instanceof InvalidInputError ? new InputRefusedError(e.message) : e; });
    const out = { run: o.run, file: o.batchIn, ...r };
    ctx.emit(out, () => `run ${o.run}: ${r.stored} traces stored from ${r.lines} results (${r.already} already stored${r.failed.length ? `, ${r.failed.length} failed: ${r.failed.slice(0, 5).map((f) => `line ${f.line} (${f.custom_id}): ${f.error}`).join('; ')}` : ''})`);
  } finally {
    db.close();
  }
}

function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InvalidInputError || e instanceof NotFoundError) throw new CliError(e.message);
    throw e;
  }
}

/** Each replica's GET /models, failing fast when one does not answer: the replay label, vLLM or hosted, and the context length. */
export async function probeBackend(ctx: CliContext, urls: readonly string[], o: { model?: string; apiKeyEnv?: string; api?: 'vllm' | 'openai' }) {
  const apiKey = apiKeyFromEnv(o.apiKeyEnv);
  let replay = false;
  const contexts: number[] = [];
  for (const { url, models } of await servedModels(urls, apiKey)) {
    replay ||= models.some((m) => m.replay);
    // As eval warns: a --model the server does not list is refused by vLLM on every request (404).
    if (!models.some((m) => m.replay) && models.length && !models.some((m) => m.id === o.model)) ctx.info(redact(`warning: ${url} serves ${models.map((m) => m.id).join(', ')}, not '${o.model}'`));
    const len = (models.find((m) => m.id === o.model) ?? models[0])?.max_model_len;
    if (len) contexts.push(len);
  }
  if (replay) ctx.info('the backend is Distillery\'s replay server: its replies are replays of recorded traces, not a model\'s');
  // vLLM says its context length on /v1/models; a hosted API does not.
  const vllm = o.api ? o.api === 'vllm' : replay || contexts.length > 0;
  return { apiKey, replay, vllm, maxModelTokens: contexts.length ? Math.min(...contexts) : null };
}

async function live(ctx: CliContext, o: GenerateCliOptions): Promise<void> {
  if (!o.backend || !o.model || !o.selection) throw new CliError('generate needs --backend, --model and --selection (or --batch-out FILE, or --batch-in FILE with --run)');
  const urls = normalizeBaseUrls(o.backend);
  if (!urls.length) throw new CliError('--backend: no URL given');
  settingsOf(o, false, null); // every number checked before the server is contacted
  const { apiKey, vllm, maxModelTokens, replay } = await probeBackend(ctx, urls, o);
  const settings = settingsOf(o, vllm, maxModelTokens);
  const concurrency = int('--concurrency', o.concurrency, 1);
  const db = ctx.openDb('read', { writes: true });
  // Every reply is committed as it arrives: a killed run must never send an answered request again (the kill
  // soak checks it); grouping the commits saved a little CPU but would re-ask the last group after a kill.
  const cache = dbRequestCache(db);
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);
  const onSignal = () => abort.abort(new GenerateCancelled());
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const bar = new ProgressBar(`generate ${o.run}`);
  const started = Date.now();
  try {
    const cost = wrap(() => costOf(db, o, settings, !vllm));
    const confirmAbove = num('--confirm-above', o.confirmAbove, (x) => x >= 0, 'an amount in USD >= 0');
    if (cost) {
      ctx.info(describeCost(cost));
      if (cost.usd >= confirmAbove && !o.yes) {
        if (!process.stdin.isTTY) throw new CliError(`${describeCost(cost)}; not started: pass --yes to go on (no terminal to ask on)`);
        if (!(await confirm('Go on?'))) throw new CliError('not started: the cost estimate was declined');
      }
    }
    const limiter = vllm ? undefined : new RateLimiter();
    const timeoutMs = int('--timeout-s', o.timeoutS ?? (settings.stream ? '600' : '3600'), 1) * 1000;
    const backend = createBackend({ urls, model: o.model, apiKey, concurrency, timeoutMs, cache, ...(limiter ? { fetch: pacedFetch(limiter) } : {}) });
    let lastLine = 0;
    const result = await generateSession({
      db, run: o.run, teacher: o.model, selection: o.selection, backend, backendUrls: urls, settings, concurrency, countTokens, signal: abort.signal,
      onProgress: (p) => {
        const secs = (Date.now() - started) / 1000;
        const line = `${p.done + p.skipped}/${p.total} samples, ${p.failed} failed, ${p.completionTokens} tokens, ${(p.done / Math.max(secs, 0.001)).toFixed(1)}/s`;
        bar.update(p.done + p.skipped + p.failed, p.total, line);
        // Without a terminal (a log, a CI job): a line every 10 s.
        if (!process.stderr.isTTY && Date.now() - lastLine > 10_000) { lastLine = Date.now(); ctx.info(`generate ${o.run}: ${line}`); }
      },
    }).catch((e: unknown) => {
      if (e instanceof GenerateCancelled) throw new CliError(`generation cancelled; run it again with --run ${o.run} to resume`, 130);
      if (e instanceof InvalidInputError || e instanceof NotFoundError) throw new CliError(e.message);
      throw e;
    });
    const out = {
      run: o.run, selection: result.selection, teacher: o.model, questions: result.questions, samples: settings.samples, new_traces: result.written,
      skipped: result.skipped, failed: result.failed, failures: result.failures, requests: result.done, cached_requests: result.cachedRequests,
      sent_requests: backend.stats.sent, retries: backend.stats.retries, completion_tokens: result.completionTokens,
      // the server said it is the replay server: a resume with nothing left to send is still one (not only replies seen now)
      replay: result.replay || replay,
      ...(limiter ? { rate_limit: { waits: limiter.stats.waits, waited_ms: Math.round(limiter.stats.waitedMs) } } : {}),
      ...(cost ? { cost_estimate_usd: +cost.usd.toFixed(4) } : {}), seconds: (Date.now() - started) / 1000,
    };
    ctx.emit(out, (r: typeof out) => `${r.replay ? '[REPLAY: recorded traces, not a model] ' : ''}run ${r.run}: ${r.new_traces} new traces for ${r.questions} questions × ${r.samples} samples of ${r.selection} (${r.skipped} already stored${r.failed ? `, ${r.failed} failed` : ''}), ${r.sent_requests} requests sent (${r.cached_requests} from cache, ${r.retries} retries)`);
  } finally {
    bar.done();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    db.close();
  }
}

export const registerGenerate: RegisterCommand = (program, ctx) => {
  program.command('generate')
    .description("generate traces with a teacher model: several samples per question of a selection, stored as the samples' traces (resumable, cached, cancellable); or write/import an OpenAI batch file")
    .requiredOption('--run <name>', 'run name: an existing run resumes')
    .option('--backend <urls>', 'base URL(s) of the server (vLLM, a hosted OpenAI-compatible API, the replay server), comma-separated replicas')
    .option('--model <name>', 'the teacher model')
    .option('--selection <name>', 'the questions: a selection (NAME or NAME@VERSION)')
    .option('--samples <n>', 'traces per question', String(DEFAULT_SETTINGS.samples))
    .option('--temperature <t>', 'sampling temperature', String(DEFAULT_SETTINGS.temperature))
    .option('--top-p <p>', 'top_p', String(DEFAULT_SETTINGS.topP))
    .option('--max-tokens <n>', "max_tokens per sample (default: the context's room on vLLM, the provider's default on a hosted API)")
    .addOption(new Option('--format <format>', 'thinking delimiters of the teacher, to split its replies').choices([...THINKING_FORMATS]).default(DEFAULT_SETTINGS.format))
    .option('--system <text>', 'a system message before each question')
    .option('--seed <n>', 'sample i is sent with seed N + i', String(DEFAULT_SETTINGS.seed))
    .option('--concurrency <n>', 'requests in flight at once', '64')
    .option('--stream', 'stream replies (for proxies that cut silent connections); default: one JSON body per reply')
    .option('--timeout-s <n>', 'seconds without a byte after which a request is retried (default 3600, 600 with --stream)')
    .option('--api-key-env <name>', 'environment variable holding the API key (default DISTILLERY_API_KEY, then OPENAI_API_KEY)')
    .addOption(new Option('--api <kind>', "the server's kind: vllm sends vLLM's extras (skip_special_tokens); default: vllm when /v1/models says max_model_len").choices(['vllm', 'openai']))
    .option('--price-in <usd>', 'USD per 1M input tokens, for the cost estimate (default: a table of list prices for known hosted models)')
    .option('--price-out <usd>', 'USD per 1M output tokens')
    .option('--confirm-above <usd>', 'ask before a run estimated above this many USD', '1')
    .option('--yes', 'go on without asking after the cost estimate')
    .option('--batch-out <file>', 'write the requests as OpenAI batch JSONL (vllm run-batch, hosted batch APIs) instead of sending them')
    .option('--batch-in <file>', 'import a batch results file into the run (matched by custom_id)')
    .option('--force', 'replace an existing --batch-out file')
    .action(async (o: GenerateCliOptions) => {
      if (o.batchOut && o.batchIn) throw new CliError('--batch-out and --batch-in are two steps: one at a time');
      tokenizerOption(undefined); // $DISTILLERY_TOKENIZER, which counts the prompts and thinking, checked before any work
      if (o.batchOut) return batchOut(ctx, o);
      if (o.batchIn) {
        checkInputPath('--batch-in', o.batchIn);
        return batchIn(ctx, o);
      }
      return live(ctx, o);
    });
};
