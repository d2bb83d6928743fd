// The shape of a request body, checked before anything reads it: a body from an untrusted client may be `null`,
// an array, `messages: [null]` or a `stop` of the wrong type, and each of those must be a 400 naming the field
// (as vLLM's request models answer), never a 500 with an internal JavaScript message.

/** The reason a body of `path` has the wrong shape, or undefined when its fields have the types vLLM takes. */
export function bodyShapeError(path: string, body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the request body must be a JSON object.';
  const b = body as Record<string, unknown>;
  const chat = path === '/v1/chat/completions';
  if (b.messages !== undefined && (chat || path === '/tokenize')) {
    if (!Array.isArray(b.messages)) return 'messages must be a list of messages.';
    for (const [i, m] of b.messages.entries()) {
      const bad = messageError(m);
      if (bad) return `messages[${i}]: ${bad}`;
    }
  }
  if (b.prompt !== undefined && !chat) {
    const ok = typeof b.prompt === 'string' || (Array.isArray(b.prompt) && b.prompt.every((p) => typeof p === 'string'));
    if (!ok) return 'prompt must be a string or a list of strings.';
  }
  const stop = b.stop;
  if (stop !== undefined && stop !== null && typeof stop !== 'string' && !(Array.isArray(stop) && stop.every((s) => typeof s === 'string'))) {
    return 'stop must be a string or a list of strings.';
  }
  const ids = b.stop_token_ids;
  if (ids !== undefined && ids !== null && !(Array.isArray(ids) && ids.every((x) => Number.isInteger(x)))) return 'stop_token_ids must be a list of integers.';
  for (const k of ['stream', 'skip_special_tokens', 'include_stop_str_in_output', 'ignore_eos'] as const) {
    if (b[k] !== undefined && b[k] !== null && typeof b[k] !== 'boolean') return `${k} must be a boolean.`;
  }
  if (b.seed !== undefined && b.seed !== null && !Number.isInteger(b.seed)) return 'seed must be an integer.';
  for (const k of ['stream_options', 'logit_bias'] as const) {
    const v = b[k];
    if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v))) return `${k} must be an object.`;
  }
  if (b.model !== undefined && b.model !== null && typeof b.model !== 'string') return 'model must be a string.';
  return undefined;
}

function messageError(m: unknown): string | undefined {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return 'each message must be an object with a role and a content.';
  const { role, content } = m as Record<string, unknown>;
  if (role !== 'system' && role !== 'user' && role !== 'assistant') return `role must be system, user or assistant, got ${JSON.stringify(role)?.slice(0, 40)}.`;
  if (typeof content !== 'string') return 'content must be a string.';
  return undefined;
}

/** The longest Qwen token is 128 characters (a run of spaces): a prompt longer than this many characters per
 *  allowed token cannot fit, and is refused without tokenizing it (which would block the server for seconds). */
export const MAX_CHARS_PER_TOKEN = 128;

export function promptTooLong(chars: number, maxModelLen: number): string | undefined {
  if (chars <= maxModelLen * MAX_CHARS_PER_TOKEN) return undefined;
  return `This model's maximum context length is ${maxModelLen} tokens. However, your prompt has ${chars} characters, which is more than ${maxModelLen} tokens.`;
}
