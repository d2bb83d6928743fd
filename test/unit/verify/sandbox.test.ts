// The sandbox as a user relies on it: a program's verdict comes from its output, and nothing it does reaches the
// machine (network, files outside its folder, process table, memory, a flood of output). Skipped where bwrap is
// missing or cannot start (CI installs it: scripts/install-test-prereqs.sh), except the refusal, which is what such a
// machine gets.
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox, SandboxUnavailableError } from '../../../src/core/verify/sandbox';
import { skipWithoutSandbox } from './probe';
import { pythonArgv, runPythonTests } from '../../../src/core/verify/python-tests';



describe('sandbox: refusal without bubblewrap', () => {
  it('refuses to run anything when bwrap is not on PATH, and says what to install', () => {
    assert.throws(() => new Sandbox({ path: '/nonexistent-bin' }), (e: Error) => e instanceof SandboxUnavailableError && /bubblewrap/.test(e.message) && /never run unsandboxed/.test(e.message));
  });
});

describe('sandbox: running programs', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  let python: string;
  before(async function () {
    await skipWithoutSandbox(this);
    sb = new Sandbox({ limits: { wallSeconds: 10, cpuSeconds: 5 } });
    python = await sb.findPython();
  });

  const py = (code: string, stdin = '', limits = {}) => sb.run({ argv: [python, 'main.py'], stdin, files: { 'main.py': code }, limits });

  it('runs a program with its input and returns what it printed', async () => {
    const r = await py('print(sum(map(int, input().split())))', '2 3\n');
    assert.equal(r.status, 'exit');
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout, '5\n');
  });

  it('passes a correct stdin/stdout program and fails a wrong one on the first wrong test, with the evidence', async () => {
    const tests = { fnName: null, inputs: ['1 2\n', '10 20\n', '3 4\n'], outputs: ['3\n', '30\n', '7\n'] };
    const ok = await runPythonTests(sb, 'a, b = map(int, input().split())\nprint(a + b)\n', tests);
    assert.equal(ok.passed, true);
    assert.equal(ok.ran, 3);
    const wrong = await runPythonTests(sb, 'a, b = map(int, input().split())\nprint(a * b if a > 5 else a + b)\n', tests);
    assert.equal(wrong.passed, false);
    assert.equal(wrong.failure?.test, 1);
    assert.equal(wrong.failure?.expected, '30\n');
    assert.equal(wrong.failure?.got, '200\n');
    assert.equal(wrong.failure?.reason, 'wrong output');
  });

  /** A program as the verifier starts it (the launcher, with the real ending told on fd 3). */
  const launched = async (code: string, stdin = '') => sb.run({ argv: pythonArgv(await sb.findPythonInfo(), 'solution.py'), stdin, files: { 'solution.py': code }, statusFd: true });

  it('runs a program as `python FILE` would: __main__, its argv, exit() and quit() with their codes, site-packages importable', async () => {
    const info = await sb.findPythonInfo();
    const code = 'import sys\nprint(__name__, sys.argv)\nprint(all(d in sys.path for d in sys.argv[1:] or %s))\nn = int(input())\nexit(3) if n == 0 else quit(4)\n';
    const a = await launched(code.replace('%s', JSON.stringify(info.sitePackages)), '0\n');
    assert.equal(a.stdout, "__main__ ['solution.py']\nTrue\n");
    assert.deepEqual([a.status, a.exitCode, a.signal], ['exit', 3, null]);
    const b = await launched(code.replace('%s', JSON.stringify(info.sitePackages)), '1\n');
    assert.deepEqual([b.status, b.exitCode], ['exit', 4]);
  });

  it('tells a program that exits with 128 + N from one killed by signal N', async () => {
    const own = await launched('import sys\nprint("bye")\nsys.exit(137)\n');
    assert.deepEqual([own.status, own.exitCode, own.signal, own.stdout], ['exit', 137, null, 'bye\n']);
    const killed = await launched('import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n');
    assert.deepEqual([killed.status, killed.signal], ['signal', 'SIGKILL']);
    const wrong = await runPythonTests(sb, 'import sys\nsys.exit(130)\n', { fnName: null, inputs: ['1\n'], outputs: ['1\n'] });
    assert.equal(wrong.failure?.reason, 'exited with code 130');
  });

  it('runs call-based tests (fn_name) on a function or a Solution method, as APPS does', async () => {
    const tests = { fnName: 'add', inputs: [[1, 2], [5, 5]], outputs: [[3], [10]] };
    assert.equal((await runPythonTests(sb, 'def add(a, b):\n    return a + b\n', tests)).passed, true);
    assert.equal((await runPythonTests(sb, 'class Solution:\n    def add(self, a: int, b: int) -> int:\n        return a + b\n', tests)).passed, true);
    const bad = await runPythonTests(sb, 'def add(a, b):\n    return a - b\n', tests);
    assert.equal(bad.passed, false);
    assert.equal(bad.failure?.got, '-1');
    const missing = await runPythonTests(sb, 'def plus(a, b):\n    return a + b\n', tests);
    assert.match(missing.failure!.reason, /no function named add/);
  });

  describe('with a server on this machine', () => {
    let server: Server;
    let port = 0;
    before((done) => { server = createServer((s) => s.end('hello')).listen(0, '127.0.0.1', () => { port = (server.address() as { port: number }).port; done(); }); });
    after((done) => { server.close(() => done()); });

    it('blocks the network: a socket connect to a server listening on this machine fails inside the sandbox', async () => {
      const code = `import socket\ntry:\n    socket.create_connection(("127.0.0.1", ${port}), timeout=2)\n    print("connected")\nexcept OSError as e:\n    print("blocked", type(e).__name__)\n`;
      const r = await py(code);
      assert.match(r.stdout, /^blocked/);
    });
  });

  it('lets a program write only in its own folder', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'distillery-outside-'));
    try {
      const code = `import os\nopen("mine.txt", "w").write("ok")\nprint(open("mine.txt").read())\nfor p in [${JSON.stringify(join(outside, 'x.txt'))}, "/etc/distillery-x", os.path.expanduser("~root/x")]:\n    try:\n        open(p, "w").write("x")\n        print("wrote", p)\n    except OSError as e:\n        print("refused", type(e).__name__)\n`;
      const r = await py(code);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, /^ok\n/);
      assert.doesNotMatch(r.stdout, /wrote/);
      assert.equal(readdirSync(outside).length, 0);
    } finally { rmSync(outside, { recursive: true, force: true }); }
  });

  it('stops a fork bomb at its process limit, and the machine still runs programs afterwards', async () => {
    const code = 'import os, time\nn = 0\ntry:\n    while True:\n        if os.fork() == 0:\n            time.sleep(30)\n            os._exit(0)\n        n += 1\nexcept OSError:\n    print("stopped after", n)\n';
    const r = await py(code, '', { processes: 32, wallSeconds: 8 });
    const m = /stopped after (\d+)/.exec(r.stdout);
    assert.ok(m, `the fork bomb was not stopped: ${r.status} ${r.stdout} ${r.stderr}`);
    assert.ok(Number(m[1]) < 32);
    // Every child died with the sandbox's pid namespace: a fresh run works at once.
    const after = await py('print("fine")');
    assert.equal(after.stdout, 'fine\n');
  });

  it('stops a fork bomb started the verifier\'s way (python -S and its launcher)', async () => {
    const code = 'import os, time\nn = 0\ntry:\n    while True:\n        if os.fork() == 0:\n            time.sleep(30)\n            os._exit(0)\n        n += 1\nexcept OSError:\n    print("stopped after", n)\n';
    const r = await runPythonTests(sb, code, { fnName: null, inputs: [''], outputs: ['x\n'] }, { limits: { processes: 32, wallSeconds: 8 } });
    const m = /stopped after (\d+)/.exec(r.failure?.got ?? '');
    assert.ok(m && Number(m[1]) < 32, `the fork bomb was not stopped: ${JSON.stringify(r.failure)}`);
  });

  it('stops a memory hog at its address-space limit with a MemoryError', async () => {
    const tests = { fnName: null, inputs: [''], outputs: ['done\n'] };
    const r = await runPythonTests(sb, 'x = bytearray(3 * 1024 ** 3)\nprint("done")\n', tests, { limits: { memoryBytes: 512 * 2 ** 20 } });
    assert.equal(r.passed, false);
    assert.match(r.failure!.reason, /memory limit \(512 MiB/);
  });

  it('kills a program that prints 1 GB at the output cap and says so', async () => {
    const tests = { fnName: null, inputs: [''], outputs: ['x\n'] };
    const started = Date.now();
    const r = await runPythonTests(sb, 'import sys\nchunk = "x" * 65536\nfor _ in range(16384):\n    sys.stdout.write(chunk)\n', tests, { limits: { outputBytes: 1 << 20 } });
    assert.equal(r.passed, false);
    assert.match(r.failure!.reason, /output limit \(printed more than 1048576 bytes; killed\)/);
    assert.ok(r.failure!.got.length < 3000, 'the evidence holds a clipped excerpt, not the flood');
    assert.ok(Date.now() - started < 30_000);
  });

  it('stops a program that never ends at its CPU limit, or at the wall clock when it sleeps, and says which', async () => {
    const tests = { fnName: null, inputs: [''], outputs: ['x\n'] };
    const spin = await runPythonTests(sb, 'while True:\n    pass\n', tests, { limits: { wallSeconds: 30, cpuSeconds: 1 } });
    assert.equal(spin.failure?.reason, 'CPU time limit (1 s)');
    const sleep = await runPythonTests(sb, 'import time\ntime.sleep(60)\n', tests, { limits: { wallSeconds: 2, cpuSeconds: 1 } });
    assert.equal(sleep.failure?.reason, 'time limit (2 s wall clock)');
  });

  it('leaves no temporary folder behind', async () => {
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('distillery-sandbox-')).length;
    await py('print(1)');
    const after = readdirSync(tmpdir()).filter((n) => n.startsWith('distillery-sandbox-')).length;
    assert.ok(after <= before);
    assert.ok(existsSync(tmpdir()));
  });
});
