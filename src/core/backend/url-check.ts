// A backend URL that no request could go to (another scheme, a user or password, a query or #fragment), said in
// words before anything is sent: fetch refuses credentials in a URL with a bare TypeError, the OpenAI client says
// only 'Connection error.'. The CLI's --backend and the editor's *.eval.json share these words.
import { redact } from '../redact';

/** Where a key goes instead of the URL: the CLI's environment, or the editor's secret storage. */
export type KeyAdvice = 'cli' | 'editor';

const KEY_HOME: Record<KeyAdvice, string> = {
  cli: 'put the API key in DISTILLERY_API_KEY (or name its variable with --api-key-env)',
  editor: 'store the API key with "Distillery: Set Backend API Key…"',
};

/** Why `url` cannot be used as an OpenAI-compatible base URL (credentials redacted), or undefined when it can. */
export function backendUrlProblem(url: string, advice: KeyAdvice): string | undefined {
  const give = advice === 'cli' ? 'pass' : 'give'; // the CLI's words, as they were
  let u: URL;
  try { u = new URL(url); } catch { u = new URL('invalid:'); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return redact(`${url} is not an http(s) URL: ${give} the server's base URL, e.g. http://127.0.0.1:8000/v1`);
  }
  if (u.username || u.password) {
    return redact(`${url} has a user or password, which is never sent: ${KEY_HOME[advice]} and ${give} the URL without it`);
  }
  if (u.search || u.hash) {
    return redact(`${url} has a query string or #fragment, which cannot be used (the API's paths go after /v1): ${give} the base URL alone, ${advice === 'cli' ? 'an API key through DISTILLERY_API_KEY' : 'an API key through "Distillery: Set Backend API Key…"'}`);
  }
  return undefined;
}
