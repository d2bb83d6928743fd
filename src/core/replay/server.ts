// The replay server: the subset of vLLM's OpenAI-compatible API that evaluation uses (/v1/models,
// /v1/completions, /v1/chat/completions, /tokenize), answering from recorded traces with the real Qwen tokenizer.
// Every response says it is a replay: model id "replay:<name>", system_fingerprint "distillery-replay", replay: true.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import type { Tokenizer } from '../tokenize';
import { fastQwenTokenizer } from '../tokenize/fast';
import { qwenChat, type ChatMessage } from '../prompt/chat';
import { vllmRequestError } from './vllm-checks';
import { bodyShapeError, promptTooLong } from './body-shape';
import { thinkingFormat, type ThinkingFormatName } from '../prompt/formats';
import { applySampling, type Generated, type SamplingParams } from './generate';
import { StreamReply, streamReply } from './stream-reply';
import { continuation, questionTurn, TraceIndex, writtenQuestion } from './script';
import { loadTraces, type ReplayTrace } from './traces';
import { stripDataExtension } from '../ingest/catalog';
import type { RecordOptions } from '../ingest/rows';

export const REPLAY_FINGERPRINT = 'distillery-replay';

export interface ReplayOptions {
  traces: readonly ReplayTrace[] | string;
  /** How trace files are read (as `import --preset/--map`): default auto-detected. */
  read?: Pick<RecordOptions, 'preset' | 'fieldMap'>;
  /** Served model id; always starts with "replay:". */
  name?: string;
  port?: number;
  host?: string;
  /** Simulated decoding time per generated token (a GPU's inter-token latency), milliseconds. */
  delayMsPerToken?: number;
  /** Delimiter format of a fresh assistant turn (default s1). */
  format?: ThinkingFormatName;
  maxModelTokens?: number;
  /** Build the tokenizer's tables before listening (a long-lived server: its first requests are not held up by them). */
  warm?: boolean;
  /** Seen by tests: every request body, with its path. */
  onRequest?: (path: string, body: unknown) => void;
}

export interface ReplayServer {
  url: string;
  port: number;
  model: string;
  server: Server;
  /** Requests answered so far, by path. */
  counts: Record<string, number>;
  close(): Promise<void>;
}

interface CompletionBody extends SamplingParams {
  model?: string;
  prompt?: string | string[];
  messages?: ChatMessage[];
  n?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean; continuous_usage_stats?: boolean };
  seed?: number;
  temperature?: number;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export async function startReplayServer(o: ReplayOptions): Promise<ReplayServer> {
  const traces = typeof o.traces === 'string' ? await loadTraces(o.traces, o.read) : o.traces;
  const model = o.name?.startsWith('replay:') ? o.name : `replay:${o.name ?? (typeof o.traces === 'string' ? stripDataExtension(basename(o.traces)) : 'traces')}`;
  const index = new TraceIndex(traces);
  // The fast path: ids identical to the reference, and a long prompt blocks the server for less time.
  const tok: Tokenizer = fastQwenTokenizer();
  const eos = ['<|im_end|>', '<|endoftext|>'].map((t) => tok.specialId(t)).filter((x): x is number => x !== undefined);
  const format = thinkingFormat(o.format ?? 's1');
  const maxModelTokens = o.maxModelTokens ?? 32768;
  const delay = Math.max(0, o.delayMsPerToken ?? 0);
  const counts: Record<string, number> = {};
  // first_at / last_done_at (epoch ms): when the first request came and the last reply was done, for a benchmark's window.
  const served = { requests: 0, completion_tokens: 0, longest_tokens_sum: 0, in_flight: 0, max_in_flight: 0, first_at: 0, last_done_at: 0 };
  const done = () => { served.in_flight--; served.last_done_at = Date.now(); };
  // Token ids of a continuation text: the same continuations come back often (every budget of a question).
  const encodeCache = new Map<string, number[]>();
  const encode = (text: string) => {
    let ids = encodeCache.get(text);
    if (!ids) {
      ids = tok.encode(text);
      if (encodeCache.size > 20_000) encodeCache.clear();
      encodeCache.set(text, ids);
    }
    return ids;
  };
  const created = Math.floor(Date.now() / 1000);
  if (o.warm) tok.decode(tok.encode('warm: ¿ü 1+1=2'));
  // The sampled reply of a continuation: the samples of one question ask for the same one with the same parameters.
  const sampled = new Map<string, Generated>();
  const sample = (text: string, body: CompletionBody): Generated => {
    const key = `${text}\u0000${JSON.stringify([body.max_tokens, body.min_tokens, body.stop, body.stop_token_ids, body.skip_special_tokens, body.include_stop_str_in_output, body.ignore_eos])}`;
    let g = sampled.get(key);
    if (!g) {
      g = applySampling(tok, encode(text), body, eos, maxModelTokens);
      if (sampled.size >= 1024) sampled.clear();
      sampled.set(key, g);
    }
    return g;
  };

  const complete = (prompt: string, body: CompletionBody) => {
    const seed = body.seed ?? 0;
    // A prompt asking for a new question gets one (synthetic questions); any other continues its recorded trace.
    const written = writtenQuestion(prompt, index, seed);
    const text = written !== undefined ? questionTurn(written, format) : continuation(prompt, index.find(prompt, seed).trace, format);
    const n = Math.max(1, Math.min(16, body.n ?? 1));
    const g = sample(text, body);
    // Temperature and seed do not change a replay: every choice is the recorded continuation.
    return { choices: Array.from({ length: n }, (_, i) => ({ index: i, ...g })), promptTokens: tok.count(prompt) };
  };

  const handle = async (req: IncomingMessage, path: string): Promise<unknown> => {
    if (req.method === 'GET' && path === '/v1/models') {
      return { object: 'list', data: [{ id: model, object: 'model', created, owned_by: REPLAY_FINGERPRINT, max_model_len: maxModelTokens, replay: true }] };
    }
    if (req.method === 'GET' && (path === '/health' || path === '/ping')) return {};
    // Not vLLM: what the replay served, for benchmarks (the ideal time follows from the tokens and the delay).
    if (req.method === 'GET' && path === '/replay/stats') return { ...served, delay_ms_per_token: delay, replay: true };
    if (req.method !== 'POST') throw new HttpError(404, `no route ${req.method} ${path}`);
    const body = await readJson(req) as CompletionBody;
    served.first_at ||= Date.now();
    served.in_flight++;
    served.max_in_flight = Math.max(served.max_in_flight, served.in_flight);
    let streaming = false;
    try {
      const result = await answer(path, body);
      // A streamed reply is in flight until its last event is written.
      if (result instanceof StreamReply) {
        streaming = true;
        result.onDone = done;
      }
      return result;
    } finally {
      if (!streaming) done();
    }
  };

  const answer = async (path: string, body: CompletionBody): Promise<unknown> => {
    o.onRequest?.(path, body);
    const shape = bodyShapeError(path, body);
    if (shape) throw new HttpError(400, shape);
    if (path === '/tokenize') {
      const text = body.messages ? qwenChat(body.messages) : String(body.prompt ?? '');
      const long = promptTooLong(text.length, maxModelTokens);
      if (long) throw new HttpError(400, long);
      const tokens = tok.encode(text);
      return { count: tokens.length, max_model_len: maxModelTokens, tokens, replay: true };
    }
    const chat = path === '/v1/chat/completions';
    if (!chat && path !== '/v1/completions') throw new HttpError(404, `no route POST ${path}`);
    let prompt: string;
    if (chat) {
      if (!Array.isArray(body.messages)) throw new HttpError(400, 'messages is required');
      prompt = qwenChat(body.messages);
    } else {
      if (Array.isArray(body.prompt)) throw new HttpError(400, 'the replay server takes one prompt per request');
      if (typeof body.prompt !== 'string') throw new HttpError(400, 'prompt is required');
      prompt = body.prompt;
    }
    const long = promptTooLong(prompt.length, maxModelTokens);
    if (long) throw new HttpError(400, long);
    // Types first (a 400 naming the field), before any work on the prompt.
    const typed = vllmRequestError(body, 0, Number.MAX_SAFE_INTEGER);
    if (typed) throw new HttpError(400, typed);
    const r = complete(prompt, body);
    // As vLLM: what its OpenAI server would refuse with a 400, this refuses too.
    const refused = vllmRequestError(body, r.promptTokens, maxModelTokens);
    if (refused) throw new HttpError(400, refused);
    const completionTokens = r.choices.reduce((s, c) => s + c.tokens, 0);
    // A GPU decodes the choices of one request in parallel: the delay follows the longest.
    const longest = r.choices.reduce((m, c) => Math.max(m, c.tokens), 0);
    served.requests++;
    served.completion_tokens += completionTokens;
    served.longest_tokens_sum += longest;
    const usage = { prompt_tokens: r.promptTokens, completion_tokens: completionTokens, total_tokens: r.promptTokens + completionTokens };
    const id = `${chat ? 'chatcmpl' : 'cmpl'}-replay-${(counts[path] ?? 0) + 1}`;
    if (body.stream === true && !chat) return streamReply(id, model, r.choices, usage, body.stream_options ?? {}, delay, (t) => encode(t).length);
    if (delay > 0) await new Promise((res) => setTimeout(res, longest * delay));
    const choices = r.choices.map((c) => chat
      ? { index: c.index, message: { role: 'assistant', content: c.text }, finish_reason: c.finish_reason, stop_reason: c.stop_reason, logprobs: null }
      : { index: c.index, text: c.text, finish_reason: c.finish_reason, stop_reason: c.stop_reason, logprobs: null });
    return { id, object: chat ? 'chat.completion' : 'text_completion', created: Math.floor(Date.now() / 1000), model, choices, usage, system_fingerprint: REPLAY_FINGERPRINT, replay: true };
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    handle(req, path).then((result) => {
      counts[path] = (counts[path] ?? 0) + 1;
      if (result instanceof StreamReply) void result.write(res);
      else send(res, 200, result);
    }, (e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      const error = { message: e instanceof Error ? e.message : String(e), type: status === 404 ? 'NotFoundError' : status === 413 ? 'RequestTooLargeError' : status >= 500 ? 'InternalServerError' : 'BadRequestError', code: status };
      // vLLM's error shape, and OpenAI's nested one that the openai package reads.
      send(res, status, { object: 'error', ...error, error, replay: true });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolveP, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolveP());
  });
  const port = (server.address() as AddressInfo).port;
  const host = o.host ?? '127.0.0.1';
  return {
    // An IPv6 address is bracketed in a URL (http://[::1]:8000/v1; 'http://::1:8000/v1' is no URL).
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`, port, model, server, counts,
    close: () => new Promise((resolveP) => {
      server.close(() => resolveP());
      server.closeAllConnections();
    }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-distillery-replay': '1' });
  res.end(text);
}

/** Room for the longest prompt that can fit (MAX_CHARS_PER_TOKEN × 32K tokens, JSON-escaped); more is a 413. */
const MAX_BODY = 32 << 20;
/** A client still sending after this much is cut off: a 413 is owed only to one that stops. */
const MAX_DRAIN = 512 << 20;

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolveP, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Over the cap: keep reading and dropping what arrives, so that the client gets the 413 instead of a reset.
      if (size > MAX_BODY) {
        chunks.length = 0;
        if (size > MAX_DRAIN) req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) { reject(new HttpError(413, `the request body is ${size} bytes; the replay server takes at most ${MAX_BODY}.`)); return; }
      try {
        resolveP(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        reject(new HttpError(400, 'request body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}
