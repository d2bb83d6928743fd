// A search's first run in a process costs several times a later one's (on the 59K pool ~120 ms of CPU against 10-20
// for the next words, at load ~12): statements prepared, the ranking's code compiled, the lists' statistics and the
// index pages read for the first time. The engine runs one throwaway search while it is idle, so that a person's
// first search does not pay for it (bench/README.md, "Search and scroll, eleventh session").
import type { ReviewFilter } from '../../shared/protocol';
import type { Db } from '../store/db';
import { searchListsBehind } from '../store/fts';
import { frequentListedWord } from '../store/fts-impact';
import { listSamples } from './queries';

/**
 * Runs the first page of a search for a frequent word under `filter`'s other fields and returns the word; null (and
 * nothing run) when the lists lag behind the index (the search would rank every occurrence: seconds, not a warm-up).
 */
export function warmSearch(db: Db, filter: ReviewFilter): string | null {
  if (searchListsBehind(db)) return null;
  const word = frequentListedWord(db);
  if (word === null) return null;
  listSamples(db, { ...filter, search: word }, 0, 30);
  return word;
}
