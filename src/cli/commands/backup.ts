// distillery backup --out FILE [--force]: a consistent copy of the database, taken while others may write.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { backupDatabase } from '../../core/store/backup';
import { CliError, type RegisterCommand } from '../context';

export const registerBackup: RegisterCommand = (program, ctx) => {
  program.command('backup')
    .description('copy the database (with labels not yet checkpointed) to one file, safely while the editor or jobs write')
    .requiredOption('--out <file>', 'where to write the copy (a new file)')
    .option('--force', 'replace --out if it exists')
    .action(async (o: { out: string; force?: boolean }) => {
      const out = resolve(o.out);
      const source = resolve(ctx.dbPath());
      if (out === source) throw new CliError(`--out ${o.out} is the database itself: choose another file`);
      if (existsSync(out)) {
        if (statSync(out).isDirectory()) throw new CliError(`--out ${o.out} is a folder: pass a file path such as ${resolve(out, 'distillery-backup.db')}`);
        if (!o.force) throw new CliError(`${o.out} exists: pass --force to replace it, or choose another --out`);
      }
      if (!existsSync(dirname(out))) throw new CliError(`the folder ${dirname(out)} does not exist: create it first`);
      const db = ctx.openDb('read');
      try {
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
