// Imported first by main.ts, so it runs before the rest of the CLI loads: for `import` of a JSONL file, the parse
// workers start booting now, beside the main thread's own start-up (ingest/readers/parse-workers.ts says why).
// Only a guess from argv: a worker started for nothing is unref'd and ends with the process.
import { statSync } from 'node:fs';
import { defaultWorkers, prestartParseWorkers } from '../core/ingest/readers/parse-workers';

function parseWorkersFor(argv: readonly string[]): number {
  if (!argv.includes('import')) return 0;
  const file = argv.find((a) => /\.(jsonl|ndjson)$/i.test(a));
  if (!file) return 0;
  const w = argv.indexOf('--workers');
  if (w >= 0) return Number(argv[w + 1]) || 0;
  try {
    return defaultWorkers(statSync(file).size);
  } catch {
    return 0; // the import reports the missing file itself
  }
}

prestartParseWorkers(parseWorkersFor(process.argv.slice(2)));
