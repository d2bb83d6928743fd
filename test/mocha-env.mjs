// Loaded by mocha before the unit tests (.mocharc.json): the tokenizer's table cache (src/core/tokenize/tables.ts)
// goes to the checkout's git-ignored .cache/, not the user's ~/.cache, unless the caller chose a folder.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

if (process.env.DISTILLERY_CACHE_DIR === undefined) {
  process.env.DISTILLERY_CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'distillery');
}
