// A generation's request cache commits its replies in groups (one transaction per window) instead of one commit per
// reply: a reply is found again at once by the same process, and is in the database within the window or at flush().
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { dbRequestCache } from '../../../src/core/backend/cache';
import { tempDir } from '../helpers';

describe('generate: request cache written in groups', () => {
  it('finds a reply at once, commits it within its window, and everything left at flush()', async () => {
    const tmp = tempDir();
    const path = join(tmp.dir, 'c.db');
    const db = openDatabase(path);
    const other = openDatabase(path);
    const stored = () => other.prepare('SELECT count(*) FROM request_cache').pluck().get() as number;
    try {
      const cache = dbRequestCache(db, { batchMs: 30 });
      cache.put('k1', 'req1', 'resp1');
      assert.equal(cache.get('k1'), 'resp1', 'the same process finds its reply before the commit');
      assert.equal(stored(), 0);
      await new Promise((r) => setTimeout(r, 120));
      assert.equal(stored(), 1, 'committed within its window');
      cache.put('k2', 'req2', 'resp2');
      cache.flush();
      assert.equal(stored(), 2, 'flush() commits what is left');
      assert.equal(other.prepare("SELECT response FROM request_cache WHERE key = 'k2'").pluck().get(), 'resp2');
      // Unbatched (evaluations): every reply is in the database as soon as put() returns.
      const plain = dbRequestCache(db);
      plain.put('k3', 'req3', 'resp3');
      assert.equal(stored(), 3);
    } finally {
      other.close();
      db.close();
      tmp.cleanup();
    }
  });
});
