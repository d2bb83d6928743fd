// Runs a Python program against APPS-style tests in the sandbox, one sandboxed process per test, stopping at the
// first failure. The interpreter starts without `site` (LAUNCHER: its .pth files can cost five times the start of
// Python itself, bench/sandbox.mjs), with the site-packages folders on sys.path and exit()/quit() as site gives them. Stdin/stdout tests feed the input and compare what it prints; call-based tests (fn_name) load the
// program as a module (APPS's usual imports first), call the function, or Solution().fn_name when the program
// defines a Solution class, and compare its return value.
import { compareStdout, compareValue, type MatchRule } from './compare';
import { cpuLimit, type Limits, type PythonInfo, type RunResult, type Sandbox } from './sandbox';
import { asText, type CodeTests } from './tests';

/** The outcome of one program against its tests. */
export interface TestRunOutcome {
  passed: boolean;
  /** Tests run (up to and including the first failure). */
  ran: number;
  total: number;
  /** The failing test, when one failed: its index, input, expected and got, and why. */
  failure?: { test: number; input: string; expected: string; got: string; stdout: string; stderr: string; reason: string };
  /** How the last passing comparison matched (exact, lines, tokens, numbers). */
  rule?: MatchRule;
}

const HARNESS = String.raw`
import json, sys
PRELUDE = "import sys, math, itertools, collections, heapq, bisect, functools, string, re, random\nfrom typing import *\nfrom collections import *\nfrom itertools import *\nfrom functools import *\nfrom heapq import *\nfrom bisect import *\nfrom math import *\n"
def main():
    spec = json.load(open("call.json", encoding="utf-8"))
    src = open("solution.py", encoding="utf-8").read()
    g = {"__name__": "__solution__", "__builtins__": __builtins__}
    exec(compile(PRELUDE, "prelude", "exec"), g)
    exec(compile(src, "solution.py", "exec"), g)
    name = spec["fn_name"]
    if "Solution" in g and isinstance(g["Solution"], type):
        fn = getattr(g["Solution"](), name, None)
    else:
        fn = None
    if fn is None:
        fn = g.get(name)
    if not callable(fn):
        raise SystemExit("no function named %s in the program" % name)
    args = spec["args"]
    if not isinstance(args, list):
        args = [args]
    result = fn(*args)
    def default(o):
        if isinstance(o, (set, frozenset)):
            return sorted(o, key=repr)
        return repr(o)
    with open("result.json", "w", encoding="utf-8") as f:
        json.dump({"result": result}, f, default=default)
main()
`;

/** `python -S -c LAUNCHER SITE_DIRS FILE`: runs FILE as __main__ as `python FILE` would, without site's start-up work
 *  (no .pth files), and says on fd 3 the exit code it ends with ("exit N"), so that a program's own exit code of
 *  128 + N is not taken for signal N (sandbox.ts believes it only when bwrap's exit code agrees). */
export const LAUNCHER = String.raw`
import os, sys, builtins
sys.path.extend(d for d in sys.argv[1].split(":") if d)
def _exit(code=None):
    raise SystemExit(code)
builtins.exit = builtins.quit = _exit
sys.argv = sys.argv[2:]
def _tell(code):
    try:
        os.write(3, b"exit %d" % code)
    except OSError:
        pass
with open(sys.argv[0], "rb") as _f:
    _code = compile(_f.read(), sys.argv[0], "exec")
del _f, _exit
try:
    exec(_code, {"__name__": "__main__", "__file__": sys.argv[0], "__builtins__": builtins})
except SystemExit as e:
    c = e.code
    _tell(0 if c is None else c & 255 if isinstance(c, int) else 1)
    raise
except BaseException:
    _tell(1)
    raise
_tell(0)
`;

/** The argv that runs `file` (in the sandbox's folder) with `python`. */
export const pythonArgv = (py: PythonInfo, file: string): string[] => [py.exe, '-S', '-c', LAUNCHER, py.sitePackages.join(':'), file];

export interface RunTestsOptions {
  limits?: Partial<Limits>;
  /** Stop after this many tests (default: all). */
  maxTests?: number;
}

const clip = (s: string, n = 2000) => (s.length > n ? `${s.slice(0, n)}… (${s.length} characters)` : s);

/** Why a run did not produce a comparable result, or null when it exited normally. */
function runProblem(r: RunResult, l: Limits): string | null {
  if (r.status === 'timeout') return `time limit (${l.wallSeconds} s wall clock)`;
  if (r.status === 'output-limit') return `output limit (printed more than ${l.outputBytes} bytes; killed)`;
  if (r.status === 'signal') {
    if (r.signal === 'SIGXCPU') return `CPU time limit (${cpuLimit(l)} s)`;
    if (r.signal === 'SIGXFSZ') return `file size limit (${l.fileBytes} bytes)`;
    if (r.signal === 'SIGKILL') return `killed (SIGKILL: CPU time limit of ${cpuLimit(l)} s, or memory)`;
    return `killed by ${r.signal}`;
  }
  if (r.exitCode !== 0) {
    if (/MemoryError/.test(r.stderr)) return `memory limit (${Math.round(l.memoryBytes / 2 ** 20)} MiB address space)`;
    if (/BlockingIOError|Resource temporarily unavailable/.test(r.stderr)) return `process limit (${l.processes})`;
    const last = r.stderr.trim().split('\n').at(-1) ?? '';
    return `exited with code ${r.exitCode}${last ? `: ${clip(last, 300)}` : ''}`;
  }
  return null;
}

export async function runPythonTests(sandbox: Sandbox, program: string, tests: CodeTests, opts: RunTestsOptions = {}): Promise<TestRunOutcome> {
  const python = await sandbox.findPythonInfo();
  const limits = { ...sandbox.limits, ...opts.limits };
  const total = Math.min(tests.inputs.length, opts.maxTests ?? Infinity);
  let rule: MatchRule | undefined;
  for (let i = 0; i < total; i++) {
    const input = tests.inputs[i];
    const expectedRaw = tests.outputs[i];
    if (tests.fnName) {
      const r = await sandbox.run({
        argv: pythonArgv(python, 'harness.py'), limits, statusFd: true,
        files: { 'harness.py': HARNESS, 'solution.py': program, 'call.json': JSON.stringify({ fn_name: tests.fnName, args: input }) },
        collect: ['result.json'],
      });
      const problem = runProblem(r, limits);
      let got: unknown;
      let parsed = false;
      if (!problem && r.files['result.json'] !== undefined) {
        try { got = (JSON.parse(r.files['result.json']) as { result: unknown }).result; parsed = true; } catch { /* reported below */ }
      }
      if (problem || !parsed || !compareValue(got, expectedRaw)) {
        return {
          passed: false, ran: i + 1, total,
          failure: {
            test: i, input: clip(JSON.stringify(input)), expected: clip(JSON.stringify(expectedRaw)),
            got: parsed ? clip(JSON.stringify(got)) : '', stdout: clip(r.stdout), stderr: clip(r.stderr),
            reason: problem ?? (parsed ? 'wrong return value' : 'the function returned nothing readable'),
          },
        };
      }
    } else {
      const stdin = asText(input);
      const expected = asText(expectedRaw);
      const r = await sandbox.run({ argv: pythonArgv(python, 'solution.py'), stdin, limits, files: { 'solution.py': program }, statusFd: true });
      const problem = runProblem(r, limits);
      const match = problem ? null : compareStdout(r.stdout, expected);
      if (!match) {
        return {
          passed: false, ran: i + 1, total,
          failure: { test: i, input: clip(stdin), expected: clip(expected), got: clip(r.stdout), stdout: clip(r.stdout), stderr: clip(r.stderr), reason: problem ?? 'wrong output' },
        };
      }
      if (rule === undefined || ['exact', 'lines', 'tokens', 'numbers'].indexOf(match) > ['exact', 'lines', 'tokens', 'numbers'].indexOf(rule)) rule = match;
    }
  }
  return { passed: true, ran: total, total, ...(rule ? { rule } : {}) };
}
