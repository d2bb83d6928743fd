// Each replica's GET /models before a run starts, failing fast and clearly when one does not answer, instead of
// after the retries of the first request (eval and generate).
import { listModels, type ServedModel } from '../core/backend/client';
import { redact } from '../core/redact';
import { backendUrlProblem } from '../core/backend/url-check';
import { CliError } from './context';

/** A --backend that no request could go to, refused in words before anything is sent (fetch says only 'Connection error.'). */
export function checkBackendUrl(url: string): void {
  const problem = backendUrlProblem(url, 'cli');
  if (problem) throw new CliError(`--backend: ${problem}`);
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
