// Each replica's GET /models before a run starts, failing fast and clearly when one does not answer, instead of
// after the retries of the first request (eval and generate).
import { listModels, type ServedModel } from '../core/backend/client';
import { redact } from '../core/redact';
import { CliError } from './context';

/** A --backend that no request could go to, refused in words before anything is sent (fetch says only 'Connection error.'). */
export function checkBackendUrl(url: string): void {
  let u: URL;
  try { u = new URL(url); } catch { u = new URL('invalid:'); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new CliError(redact(`--backend: ${url} is not an http(s) URL: pass the server's base URL, e.g. http://127.0.0.1:8000/v1`));
  }
  if (u.username || u.password) {
    throw new CliError(redact(`--backend: ${url} has a user or password, which is never sent: put the API key in DISTILLERY_API_KEY (or name its variable with --api-key-env) and pass the URL without it`));
  }
  if (u.search || u.hash) {
    throw new CliError(redact(`--backend: ${url} has a query string or #fragment, which cannot be used (the API's paths go after /v1): pass the base URL alone, an API key through DISTILLERY_API_KEY`));
  }
}

export async function servedModels(urls: readonly string[], apiKey: string | undefined): Promise<{ url: string; models: ServedModel[] }[]> {
  for (const url of urls) checkBackendUrl(url);
  const out: { url: string; models: ServedModel[] }[] = [];
  for (const url of urls) {
    try {
      out.push({ url, models: await listModels(url, apiKey, AbortSignal.timeout(15_000)) });
    } catch (e) {
      throw new CliError(redact(`cannot reach the backend ${url} (GET /models): ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  return out;
}
