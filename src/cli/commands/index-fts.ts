// distillery index: builds the full-text index over traces imported since the last build.
import { buildSearchIndex } from '../../core/store/fts';
import type { IndexResult } from '../../shared/protocol';
import type { RegisterCommand } from '../context';
import { ProgressBar } from '../progress';

export const registerIndex: RegisterCommand = (program, ctx) => {
  program.command('index')
    .description('build the full-text search index over traces (imports leave it for later to stay fast)')
    .option('--no-lists', 'leave the search lists (ranked first pages) for a later `index` or the engine to build')
    .action((opts: { lists: boolean }) => {
      const db = ctx.openDb('read', { writes: true });
      const bar = new ProgressBar('index');
      const t0 = performance.now();
      try {
        // maxRows 0: the lists are left behind (searches rank exactly until a build without the flag brings them up)
        const indexed = buildSearchIndex(db, (d, t) => bar.update(d, t, `${d}/${t} traces`), undefined, opts.lists ? Infinity : 0);
        bar.done();
        const r: IndexResult = { indexed, seconds: Math.round(performance.now() - t0) / 1000 }; // milliseconds are its precision
        ctx.emit(r, (x: IndexResult) => `indexed ${x.indexed} traces in ${x.seconds.toFixed(1)} s`);
      } finally {
        db.close();
      }
    });
};
