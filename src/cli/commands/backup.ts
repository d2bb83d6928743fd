// distillery backup --out FILE [--force]: a consistent copy of the database, taken while others may write.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { makeFolder } from '../../core/folders';
import { backupDatabase } from '../../core/store/backup';
import { CliError, type RegisterCommand } from '../context';

/** The path with every symlink resolved: the file's own when it is there, else its folder's (nearest existing one). */
function realPath(p: string): string {
  try { return realpathSync(p); } catch { /* not there */ }
  const dir = dirname(p);
  return dir === p ? p : join(realPath(dir), basename(p));
}

export const registerBackup: RegisterCommand = (program, ctx) => {
  program.command('backup')
    .description('copy the database (with labels not yet checkpointed) to one file, safely while the editor or jobs write')
    .requiredOption('--out <file>', 'where to write the copy (a new file; missing folders on its path are created, as export --out does)')
    .option('--force', 'replace --out if it exists')
    .action(async (o: { out: string; force?: boolean }) => {
      const out = resolve(o.out);
      const source = resolve(ctx.dbPath());
      // The database, or its -wal/-shm/-journal beside it, under any name (a symlink, a linked folder): the rename at
      // the end would put the copy in its place under a live connection, or replace its write-ahead log.
      const real = realPath(source);
      const hit = ['', '-wal', '-shm', '-journal'].find((suffix) => realPath(out) === real + suffix);
      if (hit !== undefined) throw new CliError(`--out ${o.out} is ${hit ? `the ${hit} file of the database ${source}` : 'the database itself'}: choose another file`);
      if (existsSync(out)) {
        if (statSync(out).isDirectory()) throw new CliError(`--out ${o.out} is a folder: pass a file path such as ${resolve(out, 'distillery-backup.db')}`);
        if (!o.force) throw new CliError(`${o.out} exists: pass --force to replace it, or choose another --out`);
      }
      const db = ctx.openDb('read');
      try {
        // A missing folder is made (with its parents) as export makes --out's, once the database is open: a command
        // refused before that creates nothing.
        const dir = dirname(out);
        try {
          makeFolder(dir);
        } catch (e) {
          throw new CliError(`cannot create the folder ${dir} for --out ${o.out}: ${(e as Error).message} (choose a writable folder; nothing was written)`);
        }
        let last = 0;
        const r = await backupDatabase(db, out, (done, total) => {
          const now = Date.now();
          if (now - last > 1000 && !ctx.globals().json) { ctx.info(`backup: ${done}/${total} pages`); last = now; }
        });
        ctx.emit({ source, ...r }, (x: typeof r & { source: string }) =>
          `backed up ${x.source} to ${x.out}: ${(x.bytes / 1e6).toFixed(1)} MB, integrity ${x.integrity}, ${x.seconds.toFixed(1)} s`);
      } catch (e) {
        if (e instanceof CliError) throw e;
        throw new CliError(`backup to ${o.out} failed: ${(e as Error).message} (nothing was written there)`);
      } finally {
        db.close();
      }
    });
};
