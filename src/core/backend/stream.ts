// One completion read as a stream (vLLM's `stream: true` with usage): a request that keeps producing tokens is
// alive however long it runs, and silence longer than the idle limit ends it. What arrived before a stream broke
// is kept, so the caller can continue from it instead of generating it again.
import type OpenAI from 'openai';
import type { Completion } from './client';

/** Text and completion tokens received before a stream stopped, with the prompt's tokens and the replay label. */
export interface Received { text: string; tokens: number; promptTokens?: number; replay?: boolean }

/** A stream that broke (dropped, cut, or silent past the idle limit) after `partial` arrived. */
export class StreamBroken extends Error {
  constructor(readonly reason: unknown, readonly partial: Received) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

export class IdleTimeout extends Error {
  constructor(ms: number) { super(`no token for ${Math.round(ms / 1000)} s: the request timed out (ETIMEDOUT)`); }
}

/** A chat message or delta: the answer, and the reasoning where the server splits it off (vLLM's reasoning
 *  parsers and DeepSeek's API say `reasoning_content`, newer vLLM and OpenRouter `reasoning`). */
interface ChatPart { content?: string | null; reasoning_content?: string | null; reasoning?: string | null }

export interface StreamChunk {
  model?: string;
  system_fingerprint?: string;
  replay?: boolean;
  choices?: { index?: number; text?: string; delta?: ChatPart; message?: ChatPart; finish_reason?: string | null; stop_reason?: number | string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; completion_tokens_details?: { reasoning_tokens?: number } | null } | null;
}

/** A reply put together from its chunks (events of a stream, or one JSON body read as a single chunk). */
export class ReplyReader {
  readonly got: Received = { text: '', tokens: 0, promptTokens: 0, replay: false };
  private finish: string | null = null;
  private stopReason: number | string | null = null;
  private completionTokens: number | undefined;
  private model = '';
  private reasoning = '';
  private reasoningTokens: number | undefined;

  take(chunk: StreamChunk): void {
    const got = this.got;
    this.model ||= chunk.model ?? '';
    got.replay ||= chunk.replay === true || chunk.system_fingerprint === 'distillery-replay' || this.model.startsWith('replay:');
    const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
    if (choice) {
      const part = choice.delta ?? choice.message;
      got.text += choice.text ?? part?.content ?? '';
      this.reasoning += part?.reasoning_content ?? part?.reasoning ?? '';
      if (choice.finish_reason) this.finish = choice.finish_reason;
      if (choice.stop_reason !== undefined && choice.stop_reason !== null) this.stopReason = choice.stop_reason;
    }
    if (chunk.usage) {
      got.promptTokens = chunk.usage.prompt_tokens ?? got.promptTokens;
      if (typeof chunk.usage.completion_tokens === 'number') this.completionTokens = got.tokens = chunk.usage.completion_tokens;
      const reasoning = chunk.usage.completion_tokens_details?.reasoning_tokens;
      if (typeof reasoning === 'number') this.reasoningTokens = reasoning;
    }
  }

  /** The completion; a StreamBroken when the server ended without its last chunk or without usage. */
  result(chat: boolean): Completion {
    const got = this.got;
    if (this.finish === null || this.completionTokens === undefined) {
      throw new StreamBroken(new SyntaxError(`the server's response ended without ${this.finish === null ? 'a finish reason' : 'usage'}`), got);
    }
    return { text: got.text, finish_reason: this.finish, stop_reason: this.stopReason, completion_tokens: this.completionTokens,
      prompt_tokens: got.promptTokens ?? 0, model: this.model, replay: got.replay === true,
      ...(chat ? { reasoning: this.reasoning, ...(this.reasoningTokens === undefined ? {} : { reasoning_tokens: this.reasoningTokens }) } : {}) };
  }
}

/** Sends `body` (which asks for a stream) to one server; `idleMs` of silence (no bytes) aborts it. A server that answers with one JSON
 *  body instead of events (some OpenAI-compatible servers ignore `stream`, or it was not asked for) is read as such.
 *  `chat`: POST /chat/completions, whose text is the message's content and whose reasoning is kept apart. */
export async function streamCompletion(client: OpenAI, body: Record<string, unknown>, idleMs: number, signal?: AbortSignal, chat = false): Promise<Completion> {
  const idle = new AbortController();
  const onAbort = () => idle.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  let silent = false;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { silent = true; idle.abort(new IdleTimeout(idleMs)); }, idleMs);
  };
  const reply = new ReplyReader();
  const got = reply.got;
  try {
    arm();
    // The raw response: error statuses still become the client's APIError (with Retry-After) before this returns.
    const res = await (chat
      ? client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsStreaming, { signal: idle.signal })
      : client.completions.create(body as unknown as OpenAI.CompletionCreateParamsStreaming, { signal: idle.signal })).asResponse();
    if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      reply.take(JSON.parse(await res.text()) as StreamChunk);
    } else {
      for await (const data of sseData(res, arm)) {
        if (data === '[DONE]') break;
        reply.take(JSON.parse(data) as StreamChunk);
      }
    }
  } catch (e) {
    if (signal?.aborted) throw signal.reason ?? e;
    throw new StreamBroken(silent ? new IdleTimeout(idleMs) : e, got);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  return reply.result(chat);
}

/** The `data:` payloads of a server-sent event stream; `onBytes` on every chunk of bytes (the idle timer). */
async function* sseData(res: Response, onBytes: () => void): AsyncGenerator<string> {
  if (!res.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
    onBytes();
    buffer += decoder.decode(bytes, { stream: true });
    let end: number;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const data = eventData(buffer.slice(0, end));
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      if (data) yield data;
    }
  }
  buffer += decoder.decode();
  if (buffer.trim()) throw new SyntaxError('the event stream ended in the middle of an event');
}

/** The `data:` lines of one server-sent event, joined. */
export function eventData(event: string): string {
  return event.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
}
