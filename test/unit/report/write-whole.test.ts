// A report is written whole or not at all: into a missing or empty folder it is written beside it and moved into place
// by one rename, so a failure (or a kill) midway leaves no part of it under the real name.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, type TempDir } from '../helpers';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { writeReport } from '../../../src/core/report/write';
import { HAND_RUN, seedRun } from './seed';

describe('report: written whole or not at all', () => {
  let tmp: TempDir;
  let db: Db;
  beforeEach(() => {
    tmp = tempDir();
    db = openDatabase(join(tmp.dir, 'r.db'));
    seedRun(db, 'base', HAND_RUN);
  });
  afterEach(() => { db.close(); tmp.cleanup(); });

  const hidden = () => readdirSync(tmp.dir).filter((f) => f.startsWith('.'));

  it('into a new folder and into an empty one: the whole report, no staging folder left beside it', async () => {
    const out = join(tmp.dir, 'new', 'rep');
    const r = await writeReport(db, ['base'], out);
    assert.equal(r.report, join(out, 'report.md'));
    assert.ok(readdirSync(out).includes('report.md') && readdirSync(out).includes('samples'));
    assert.ok(r.charts.every((c) => c.file.startsWith(out)), 'files named where they are');
    assert.deepEqual(readdirSync(join(tmp.dir, 'new')), ['rep']);
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty);
    await writeReport(db, ['base'], empty);
    assert.ok(readdirSync(empty).includes('report.md'));
    assert.deepEqual(hidden(), []);
  });

  it('a failure midway (after the plots and samples were written) leaves neither the folder nor its staging folder', async () => {
    const out = join(tmp.dir, 'rep');
    // An invalid time fails when report.md is written, the last step.
    await assert.rejects(writeReport(db, ['base'], out, { now: new Date(NaN) }), RangeError);
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.includes('rep')), []);
  });

  it('into a folder with files (--force): written among them, report.md last, the other files kept', async () => {
    const out = join(tmp.dir, 'rep');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    await writeReport(db, ['base'], out);
    assert.ok(readdirSync(out).includes('report.md') && readdirSync(out).includes('notes.txt'));
    assert.deepEqual(hidden(), []);
  });
});
