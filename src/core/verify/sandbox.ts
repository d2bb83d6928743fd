// Runs untrusted programs (a teacher's code answers) inside bubblewrap: the host read-only, no network, its own
// pid/ipc/uts namespaces, one writable folder (mounted at /tmp), rlimits on CPU, address space, processes and file
// size, a wall-clock limit and a cap on what it prints. Without bwrap nothing runs: the caller gets the reason.
// Commands are argument arrays, never shell strings.
import { spawn } from 'node:child_process';
import { accessSync, chmodSync, chownSync, closeSync, constants, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';

export interface Limits {
  /** Wall-clock seconds before the sandbox is killed (default 6). */
  wallSeconds: number;
  /** CPU seconds (RLIMIT_CPU; default 4). */
  cpuSeconds: number;
  /** Address space in bytes (RLIMIT_AS; default 1 GiB). */
  memoryBytes: number;
  /** Processes of the sandbox's user (RLIMIT_NPROC; default 64): what stops a fork bomb. */
  processes: number;
  /** Largest file it may write (RLIMIT_FSIZE; default 16 MiB). */
  fileBytes: number;
  /** stdout + stderr kept; past it the program is killed (default 4 MiB). */
  outputBytes: number;
}

/** The CPU seconds set: RLIMIT_CPU counts whole seconds (prlimit reads --cpu=0.5 as 0, which kills at once), so a
 *  fraction is rounded up. */
export const cpuLimit = (l: Pick<Limits, 'cpuSeconds'>): number => Math.max(1, Math.ceil(l.cpuSeconds));

export const DEFAULT_LIMITS: Limits = {
  wallSeconds: 6, cpuSeconds: 4, memoryBytes: 1 << 30, processes: 64, fileBytes: 16 << 20, outputBytes: 4 << 20,
};

/** How a run ended: 'exit' (any exit code), or killed for a limit. */
export type RunStatus = 'exit' | 'timeout' | 'output-limit' | 'signal';

export interface RunResult {
  status: RunStatus;
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Files the program left in its folder that the caller asked back (`collect`). */
  files: Record<string, string>;
}

export interface RunRequest {
  /** argv inside the sandbox; argv[0] an absolute path. */
  argv: readonly string[];
  stdin?: string;
  /** Files written into the sandbox's folder (/tmp inside) before it starts. */
  files?: Record<string, string>;
  /** Names of files read back from the folder after the run. */
  collect?: readonly string[];
  limits?: Partial<Limits>;
  /** The command says on fd 3 the exit code its program ends with ("exit N"): bwrap's exit code is 128 + N both for
   *  a program killed by signal N and for one that exits with that code, and a told exit settles which. */
  statusFd?: boolean;
}

/** A Python interpreter found on PATH: its real executable and its site-packages folders. */
export interface PythonInfo { exe: string; sitePackages: string[] }

/** Raised when the sandbox cannot be used: the verifier turns it into a verify-error and runs nothing. */
export class SandboxUnavailableError extends Error {}

/** The first executable `name` on a PATH string (the caller's, or a test's). */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | null {
  if (isAbsolute(name)) return isExecutable(name) ? name : null;
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (isExecutable(p)) return p;
  }
  return null;
}

function isExecutable(p: string): boolean {
  try { accessSync(p, constants.X_OK); return true; } catch { return false; }
}

export interface SandboxOptions {
  /** PATH searched for bwrap, prlimit and the interpreter (default: this process's PATH). */
  path?: string;
  limits?: Partial<Limits>;
}

/** The unprivileged user a root process drops to: RLIMIT_NPROC does not bind root, so a fork bomb would not stop. */
const NOBODY = 65534;

export class Sandbox {
  readonly bwrap: string;
  readonly prlimit: string | null;
  readonly limits: Limits;
  private readonly path: string;
  private readonly asRoot: boolean;

  /** Finds bwrap (and prlimit); throws SandboxUnavailableError saying what to install when bwrap is missing. */
  constructor(opts: SandboxOptions = {}) {
    this.path = opts.path ?? process.env.PATH ?? '';
    const bwrap = findOnPath('bwrap', this.path);
    if (!bwrap) {
      throw new SandboxUnavailableError('bubblewrap (bwrap) is not on PATH, so no code is run (it is never run unsandboxed): install it (Debian/Ubuntu: apt-get install bubblewrap)');
    }
    this.bwrap = bwrap;
    this.prlimit = findOnPath('prlimit', this.path);
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.asRoot = process.getuid?.() === 0;
  }

  /** The PATH the sandbox searches (the interpreter is found on it). */
  get searchPath(): string { return this.path; }

  /** The bwrap arguments around `argv` with `dir` as the writable /tmp. */
  private args(dir: string, argv: readonly string[], l: Limits): string[] {
    const ns = ['--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts'];
    const mounts = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--bind', dir, '/tmp', '--chdir', '/tmp'];
    const cpu = cpuLimit(l);
    const rl = { cpu: `${cpu}:${cpu + 1}`, as: l.memoryBytes, nproc: l.processes, fsize: l.fileBytes };
    // The rlimits are set inside the namespaces: RLIMIT_NPROC then counts the sandbox's processes, not the user's.
    const limited = this.prlimit
      ? [this.prlimit, `--cpu=${rl.cpu}`, `--as=${rl.as}`, `--nproc=${rl.nproc}`, `--fsize=${rl.fsize}`, '--core=0', '--', ...argv]
      : [argv[0], '-c', PY_RLIMITS, JSON.stringify(rl), ...argv];
    return [...ns, ...(this.asRoot ? ['--unshare-user'] : []), '--die-with-parent', '--new-session', ...mounts, '--', ...limited];
  }

  /** Runs one command in a fresh folder; never throws for what the program does, only when bwrap cannot start. */
  run(req: RunRequest): Promise<RunResult> {
    const l = { ...this.limits, ...req.limits };
    if (!this.prlimit && !/python/.test(req.argv[0])) throw new SandboxUnavailableError('prlimit is not on PATH, so no rlimits could be set (install util-linux)');
    const dir = mkdtempSync(join(tmpdir(), 'distillery-sandbox-'));
    for (const [name, text] of Object.entries(req.files ?? {})) writeFileSync(join(dir, name), text);
    if (this.asRoot) {
      chownSync(dir, NOBODY, NOBODY);
      for (const name of Object.keys(req.files ?? {})) chownSync(join(dir, name), NOBODY, NOBODY);
    } else chmodSync(dir, 0o700);
    const started = Date.now();
    return new Promise<RunResult>((resolve, reject) => {
      const child = spawn(this.bwrap, this.args(dir, req.argv, l), {
        stdio: req.statusFd ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'], detached: true,
        env: { PATH: this.path, HOME: '/tmp', LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8', PYTHONHASHSEED: '0' },
        ...(this.asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let size = 0;
      let killedFor: RunStatus | null = null;
      const kill = (why: RunStatus) => {
        if (killedFor) return;
        killedFor = why;
        // The whole group: bwrap, and with it (--die-with-parent, pid namespace) everything inside.
        try { process.kill(-child.pid!, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
      };
      const take = (into: Buffer[]) => (b: Buffer) => {
        if (killedFor) return;
        const room = l.outputBytes - size;
        if (b.length > room) { into.push(b.subarray(0, Math.max(0, room))); size = l.outputBytes; kill('output-limit'); return; }
        into.push(b);
        size += b.length;
      };
      let told = '';
      (child.stdio[3] as NodeJS.ReadableStream | null | undefined)?.on('data', (b: Buffer) => { if (told.length < 64) told += b.toString('latin1'); });
      child.stdout.on('data', take(out));
      child.stderr.on('data', take(err));
      child.stdin.on('error', () => { /* the program may exit without reading its input */ });
      child.stdin.end(req.stdin ?? '');
      const timer = setTimeout(() => kill('timeout'), l.wallSeconds * 1000);
      child.on('error', (e) => { clearTimeout(timer); cleanup(dir); reject(new SandboxUnavailableError(`bwrap could not start: ${e.message}`)); });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const files: Record<string, string> = {};
        for (const name of req.collect ?? []) {
          try { files[name] = readSmall(join(dir, name), l.outputBytes); } catch { /* not written */ }
        }
        cleanup(dir);
        const stderr = Buffer.concat(err).toString('utf8');
        // bwrap reports a program killed by a signal as exit code 128 + the signal (SIGXCPU at the CPU limit: 152),
        // as it does a program that exits with that code: what the command told on fd 3 settles which.
        // An "exit N" the command told counts only where bwrap's code agrees (a program killed after telling was killed).
        const toldExit = !signal && code !== null && told === `exit ${code}`;
        const inner = !signal && !toldExit && code !== null && code > 128 && code < 128 + 65 ? signalName(code - 128) : null;
        resolve({
          status: killedFor ?? (signal || inner ? 'signal' : 'exit'), exitCode: code, signal: signal ?? inner,
          stdout: Buffer.concat(out).toString('utf8'), stderr, wallMs: Date.now() - started, files,
        });
      });
    });
  }

  /**
   * The Python interpreter to run code with: the first python3 (or python) on PATH that starts inside the
   * sandbox, as the real executable it names (a pyenv shim is a shell script: resolving it once saves a shell per test).
   */
  async findPython(): Promise<string> {
    return (await this.findPythonInfo()).exe;
  }

  /** The interpreter and its site-packages folders (python-tests.ts starts it without `site`, then adds them). */
  findPythonInfo(): Promise<PythonInfo> {
    this.pythonPromise ??= (async () => {
      const tried: string[] = [];
      let why = '';
      const whyOf = new Map<string, string>();
      for (const name of ['python3', 'python']) {
        for (const dir of this.path.split(delimiter)) {
          const p = dir && findOnPath(join(dir, name));
          if (!p || tried.includes(p)) continue;
          tried.push(p);
          const r = await this.run({ argv: [p, '-c', 'import site, sys; print(sys.executable); print(":".join(site.getsitepackages()))'], limits: { wallSeconds: 20 } });
          const [exe, site = ''] = r.stdout.trim().split('\n');
          if (r.status === 'exit' && r.exitCode === 0 && exe && isAbsolute(exe)) return { exe, sitePackages: site.split(':').filter((d) => isAbsolute(d)) };
          const last = r.stderr.trim().split('\n').at(-1) ?? '';
          whyOf.set(p, last || `${r.status}${r.signal ? ` ${r.signal}` : ''}`);
          why ||= last;
        }
      }
      // An interpreter that starts with more room was stopped by the limits given (a few MiB of address space).
      const roomy = { memoryBytes: Math.max(this.limits.memoryBytes, DEFAULT_LIMITS.memoryBytes), cpuSeconds: Math.max(this.limits.cpuSeconds, DEFAULT_LIMITS.cpuSeconds), wallSeconds: 20 };
      if (tried.length && (roomy.memoryBytes > this.limits.memoryBytes || roomy.cpuSeconds > this.limits.cpuSeconds)) {
        for (const p of tried) {
          const r = await this.run({ argv: [p, '-c', 'print(1)'], limits: roomy });
          if (r.status !== 'exit' || r.exitCode !== 0) continue;
          throw new SandboxUnavailableError(`Python (${p}) does not start within the sandbox's limits of ${+(this.limits.memoryBytes / 2 ** 20).toFixed(1)} MiB of address space `
            + `and ${this.limits.cpuSeconds} s of CPU per test (${whyOf.get(p)}): raise them (--memory-mb, --cpu-seconds; the defaults are ${DEFAULT_LIMITS.memoryBytes / 2 ** 20} MiB and ${DEFAULT_LIMITS.cpuSeconds} s)`);
        }
      }
      // bwrap's own complaint (no user namespaces, say) is the likeliest reason: it is quoted.
      throw new SandboxUnavailableError(tried.length
        ? `no Python interpreter on PATH starts inside the sandbox (tried ${tried.join(', ')})${why ? `: ${why}` : ''}`
        : 'no Python interpreter (python3 or python) on PATH');
    })();
    return this.pythonPromise;
  }

  private pythonPromise: Promise<PythonInfo> | undefined;
}

/** Python that sets the rlimits itself and execs the command, where prlimit is missing. */
const PY_RLIMITS = [
  'import json, os, resource, sys',
  'l = json.loads(sys.argv[1])',
  'c = [int(x) for x in l["cpu"].split(":")]',
  'resource.setrlimit(resource.RLIMIT_CPU, (c[0], c[1]))',
  'resource.setrlimit(resource.RLIMIT_AS, (l["as"], l["as"]))',
  'resource.setrlimit(resource.RLIMIT_NPROC, (l["nproc"], l["nproc"]))',
  'resource.setrlimit(resource.RLIMIT_FSIZE, (l["fsize"], l["fsize"]))',
  'resource.setrlimit(resource.RLIMIT_CORE, (0, 0))',
  'os.execv(sys.argv[2], sys.argv[2:])',
].join('\n');

/** A file's first `max` bytes as text (a program may have written far more). */
function readSmall(path: string, max: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(max, fstatSync(fd).size));
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally { closeSync(fd); }
}

function signalName(n: number): string {
  return Object.entries(osConstants.signals).find(([, v]) => v === n)?.[0] ?? `signal ${n}`;
}

function cleanup(dir: string): void {
  try { rmSync(dir, { recursive: true, force: true }); } catch { /* a leftover temp folder is harmless */ }
}
