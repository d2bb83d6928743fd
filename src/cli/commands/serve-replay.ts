// distillery serve-replay --port P (--traces FILE | --dataset NAME | --selection NAME) [--delay-ms-per-token D]
// Trace files are read by the importer's own readers and presets, and a data set or selection is read from the
// database with the same rule (traceFromRecord), so what import stores and what replay answers never disagree.
import { Option } from 'commander';
import { startReplayServer } from '../../core/replay/server';
import { tracesFromDb, type ReplayTrace } from '../../core/replay/traces';
import { THINKING_FORMATS, type ThinkingFormatName } from '../../core/prompt/formats';
import type { PresetName } from '../../core/ingest/catalog';
import { checkInputPath, cliNumber, CliError, InputRefusedError, tokenizerOption, type RegisterCommand } from '../context';
import { parseFieldMap, PRESET_NAMES } from './import';

export const registerServeReplay: RegisterCommand = (program, ctx) => {
  program.command('serve-replay')
    .description('serve recorded traces through an OpenAI-compatible API (vLLM subset) for tests, demos and benchmarks; every answer is labelled as a replay')
    .option('--traces <file>', 'traces, comma-separated: any file import reads (s1K / s1K-1.1 rows, MATH500/AIME with solutions, {question, thinking, answer}, a GPQA CSV)')
    .option('--dataset <name>', 'or: the traces of a data set in the database (--db)')
    .option('--selection <name>', 'or: the traces of a selection in the database (--db)')
    .addOption(new Option('--preset <preset>', 'schema of the trace files, as import --preset').choices(PRESET_NAMES).default('auto'))
    .option('--map <pairs>', 'override columns, as import --map')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', '8000')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--delay-ms-per-token <ms>', 'simulated decoding time per generated token', '0')
    .option('--name <name>', 'served model id (prefixed with "replay:")')
    .addOption(new Option('--format <format>', 'thinking delimiters of a fresh assistant turn').choices([...THINKING_FORMATS]).default('s1'))
    .action(async (o: { traces?: string; dataset?: string; selection?: string; preset: PresetName; map?: string; port: string; host: string; delayMsPerToken: string; name?: string; format: ThinkingFormatName }) => {
      const port = cliNumber(o.port);
      const delay = cliNumber(o.delayMsPerToken);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0..65535, not '${o.port}'`);
      if (!Number.isFinite(delay) || delay < 0) throw new CliError(`--delay-ms-per-token must be >= 0, not '${o.delayMsPerToken}'`);
      const sources = [o.traces, o.dataset, o.selection].filter((x) => x !== undefined).length;
      if (sources !== 1) throw new CliError('name the traces once: --traces FILE, --dataset NAME or --selection NAME (with --db)');
      tokenizerOption(undefined); // the usage it reports counts with $DISTILLERY_TOKENIZER: checked before it listens
      const fieldMap = parseFieldMap(o.map);
      let traces: string | ReplayTrace[] = o.traces ?? [];
      for (const f of (o.traces ?? '').split(',').map((x) => x.trim()).filter(Boolean)) checkInputPath('--traces', f);
      if (!o.traces) {
        const db = ctx.openDb('read');
        try {
          traces = tracesFromDb(db, { dataset: o.dataset, selection: o.selection });
        } catch (e) {
          throw new CliError(e instanceof Error ? e.message : String(e));
        } finally {
          db.close();
        }
      }
      let server;
      try {
        server = await startReplayServer({ traces, name: o.name ?? (o.traces ? undefined : (o.selection ?? o.dataset)), read: { preset: o.preset, fieldMap }, port, host: o.host, delayMsPerToken: delay, format: o.format, warm: true });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new CliError(`--port ${o.port}: ${o.host}:${o.port} is already in use (another server?): pass another --port, or --port 0 for any free port`);
        if (code === 'EACCES') throw new CliError(`--port ${o.port}: this user may not listen on ${o.host}:${o.port} (ports below 1024 need privileges): pass a port of 1024 or more, or --port 0`);
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new CliError(`--host ${o.host}: not an address of this machine: pass 127.0.0.1 or another local address`);
        // What is left is the trace files' content (they are there: checked above), refused as input (exit 1).
        const message = e instanceof Error ? e.message : String(e);
        throw o.traces ? new InputRefusedError(message) : new CliError(message);
      }
      const info = { url: server.url, port: server.port, model: server.model, replay: true, traces: o.traces ?? (o.selection ? `selection ${o.selection}` : `data set ${o.dataset}`), delay_ms_per_token: delay };
      // One line (JSON with --json) when ready, so scripts can read the port; then serve until a signal.
      ctx.emit(info, (r: typeof info) => `replay server (recorded traces, not a model) serving ${r.model} at ${r.url}`);
      await new Promise<void>((resolveP) => {
        const stop = () => { void server.close().then(resolveP); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
};
