// A completion as vLLM streams it (server-sent events): text deltas in chunks, the finish reason on the last one,
// usage on every chunk with `continuous_usage_stats` and in a closing chunk with `include_usage`, then [DONE].
// The replay sends a chunk per STREAM_TOKENS tokens, paced by its per-token delay.
import type { ServerResponse } from 'node:http';
import type { Generated } from './generate';

const STREAM_TOKENS = 16;
const REPLAY_FINGERPRINT = 'distillery-replay';

interface Usage { prompt_tokens: number; completion_tokens: number; total_tokens: number }

export class StreamReply {
  /** Called once the reply is written or its client left (the server's in-flight count). */
  onDone: () => void = () => undefined;
  constructor(readonly events: unknown[], readonly chunkDelayMs: number) {}

  async write(res: ServerResponse): Promise<void> {
    try {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-distillery-replay': '1' });
      for (const e of this.events) {
        if (res.destroyed) return;
        if (this.chunkDelayMs > 0) await new Promise((r) => setTimeout(r, this.chunkDelayMs));
        res.write(`data: ${JSON.stringify(e)}\n\n`);
      }
      res.end('data: [DONE]\n\n');
    } finally {
      this.onDone();
    }
  }
}

export function streamReply(id: string, model: string, choices: (Generated & { index: number })[], usage: Usage,
  options: { include_usage?: boolean; continuous_usage_stats?: boolean }, delayMsPerToken: number, count: (text: string) => number): StreamReply {
  const created = Math.floor(Date.now() / 1000);
  const base = { id, object: 'text_completion', created, model, system_fingerprint: REPLAY_FINGERPRINT, replay: true };
  const events: unknown[] = [];
  for (const c of choices) {
    // Chunks end between a word and the next " word" (where Qwen's pre-tokenizer splits), so the tokens of the text sent so
    // far are exactly its share of the whole, and a client resuming from a chunk adds up to the same count.
    const pieces = c.text.split(/(?<=\S)(?= \S)/);
    let sentTokens = 0;
    let chunk = '';
    let chunkTokens = 0;
    const flush = (last: boolean) => {
      sentTokens = last ? c.tokens : sentTokens + chunkTokens;
      events.push({
        ...base, choices: [{ index: c.index, text: chunk, logprobs: null, finish_reason: last ? c.finish_reason : null, stop_reason: last ? c.stop_reason : null }],
        ...(options.continuous_usage_stats ? { usage: { prompt_tokens: usage.prompt_tokens, completion_tokens: sentTokens, total_tokens: usage.prompt_tokens + sentTokens } } : {}),
      });
      chunk = '';
      chunkTokens = 0;
    };
    for (const piece of pieces) {
      chunk += piece;
      chunkTokens += count(piece);
      if (chunkTokens >= STREAM_TOKENS) flush(false);
    }
    flush(true);
  }
  if (options.include_usage) events.push({ ...base, choices: [], usage });
  const longest = choices.reduce((m, c) => Math.max(m, c.tokens), 0);
  return new StreamReply(events, Math.min(STREAM_TOKENS, longest) * delayMsPerToken);
}
