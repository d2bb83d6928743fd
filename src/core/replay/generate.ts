// Applies vLLM's sampling parameters to the replay text token by token: max_tokens, min_tokens (suppresses EOS
// and stop_token_ids until reached), stop_token_ids and EOS (the token counts in usage, its text is dropped unless
// include_stop_str_in_output), stop strings (text cut before them), skip_special_tokens.
import type { Tokenizer } from '../tokenize';

export interface SamplingParams {
  max_tokens?: number | null;
  min_tokens?: number;
  stop?: string | string[] | null;
  stop_token_ids?: number[] | null;
  skip_special_tokens?: boolean;
  include_stop_str_in_output?: boolean;
  ignore_eos?: boolean;
}

export interface Generated {
  text: string;
  tokens: number;
  finish_reason: 'stop' | 'length';
  /** vLLM's stop_reason: the stop token id or string that ended it, null for EOS or length. */
  stop_reason: number | string | null;
}

/** Qwen's ids from here up are special or added tokens (<|endoftext|>, <|im_start|>, <|im_end|>, <think>, ...). */
const FIRST_SPECIAL_ID = 151643;

export function applySampling(tok: Tokenizer, ids: readonly number[], p: SamplingParams, eosIds: readonly number[], maxModelTokens: number): Generated {
  const max = Math.max(1, Math.min(p.max_tokens ?? maxModelTokens, maxModelTokens));
  const min = Math.max(0, p.min_tokens ?? 0);
  const stopIds = new Set(p.stop_token_ids ?? []);
  const eos = new Set(p.ignore_eos ? [] : eosIds);
  const out: number[] = [];
  let finish: Generated['finish_reason'] = 'stop';
  let stopReason: number | string | null = null;
  let dropLast = false;
  for (const id of ids) {
    const isStop = stopIds.has(id) || eos.has(id);
    // min_tokens: the model is not allowed to end yet; the replay skips the ending token as sampling would.
    if (isStop && out.length < min) continue;
    out.push(id);
    if (isStop) {
      stopReason = stopIds.has(id) ? id : null;
      dropLast = !p.include_stop_str_in_output;
      break;
    }
    if (out.length >= max) {
      finish = 'length';
      break;
    }
  }
  const visible = dropLast ? out.slice(0, -1) : out;
  const decode = (xs: readonly number[]) => {
    const shown = p.skip_special_tokens === false ? xs : xs.filter((x) => x < FIRST_SPECIAL_ID);
    return shown.length ? tok.decode(shown) : '';
  };
  let text = decode(visible);
  let tokens = out.length;
  const stops = (typeof p.stop === 'string' ? [p.stop] : p.stop ?? []).filter((s) => s.length > 0);
  if (stops.length) {
    let at = -1, which = '';
    // Stop strings count only once min_tokens are out (vLLM's detokenizer): an occurrence must end after them.
    const minChars = min > 0 ? decode(visible.slice(0, min)).length : 0;
    for (const s of stops) {
      const i = text.indexOf(s, Math.max(0, minChars - s.length + 1));
      if (i >= 0 && (at < 0 || i < at)) { at = i; which = s; }
    }
    if (at >= 0) {
      // Tokens generated up to the one that completed the stop string (the fewest whose text contains it).
      const need = at + which.length;
      let lo = 1, hi = visible.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (decode(visible.slice(0, mid)).length >= need) hi = mid; else lo = mid + 1;
      }
      tokens = lo;
      text = text.slice(0, p.include_stop_str_in_output ? need : at);
      finish = 'stop';
      stopReason = which;
    }
  }
  return { text, tokens, finish_reason: finish, stop_reason: stopReason };
}
