// Telling another process's commits from the engine's own (the review panel keeps what it fetched ahead otherwise).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { ForeignCommits } from '../../../src/core/store/foreign-commits';
import { tempDir } from '../helpers';

describe('ForeignCommits', () => {
  it('sees another connection\'s commit once, and never this connection\'s own', () => {
    const tmp = tempDir();
    const file = join(tmp.dir, 'f.db');
    const mine = openDatabase(file);
    const other = openDatabase(file);
    try {
      const foreign = new ForeignCommits(mine);
      assert.equal(foreign.take(), false, 'nothing written yet');
      mine.prepare("INSERT INTO meta (key, value) VALUES ('a', '1')").run();
      assert.equal(foreign.take(), false, 'its own commit is not foreign');
      other.prepare("INSERT INTO meta (key, value) VALUES ('b', '1')").run();
      assert.equal(foreign.take(), true, 'another connection committed');
      assert.equal(foreign.take(), false, 'told once');
      other.prepare("UPDATE meta SET value = '2' WHERE key = 'b'").run();
      other.prepare("UPDATE meta SET value = '3' WHERE key = 'b'").run();
      mine.prepare("UPDATE meta SET value = '2' WHERE key = 'a'").run();
      assert.equal(foreign.take(), true, 'a foreign commit before one of its own is still seen');
    } finally {
      mine.close();
      other.close();
      tmp.cleanup();
    }
  });
});
