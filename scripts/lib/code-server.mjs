// Shared launcher for the host and end-to-end tests: VS Code 1.100.3 as code-server 4.100.3 (from the npm registry,
// installed into .vscode-test/code-server by scripts/install-test-prereqs.sh) on a free loopback port, opened in
// Debian's Chromium through playwright-core.
// Everything started here is stopped by its own process id (code-server in its own process group, so its
// extension host, pty host and the Distillery engine go with it).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, URLSearchParams } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const toolsDir = path.join(repoRoot, '.vscode-test', 'code-server');
export const CHROMIUM = process.env.DISTILLERY_CHROMIUM ?? '/usr/bin/chromium';
const PREREQS_HINT = 'run: bash scripts/install-test-prereqs.sh';

/** Logs with a tag and elapsed seconds, on stderr. */
export function makeLogger(tag) {
  const t0 = Date.now();
  return (...args) => console.error(`[${tag} ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s]`, ...args);
}

/** Path of code-server's entry script, or throws with the fix. */
export function codeServerEntry() {
  const pkg = path.join(toolsDir, 'node_modules', 'code-server', 'package.json');
  if (!fs.existsSync(pkg)) throw new Error(`code-server is not installed in ${toolsDir}; ${PREREQS_HINT}`);
  const { bin, version } = JSON.parse(fs.readFileSync(pkg, 'utf8'));
  const rel = typeof bin === 'string' ? bin : bin['code-server'];
  return { entry: path.join(path.dirname(pkg), rel), version };
}

/** playwright-core: the copy next to code-server, else the repo's dev dependency. */
export function loadPlaywright() {
  for (const base of [path.join(toolsDir, 'package.json'), path.join(repoRoot, 'package.json')]) {
    try {
      return createRequire(base)('playwright-core');
    } catch {
      // next
    }
  }
  throw new Error(`playwright-core is not installed; ${PREREQS_HINT}`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function mkTemp(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns a truthy value or the deadline passes. */
export async function waitFor(fn, { timeoutMs, intervalMs = 250, what = 'condition', abort } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const abortReason = abort?.();
    if (abortReason) throw new Error(`gave up waiting for ${what}: ${abortReason}`);
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** User settings for a quiet, deterministic workbench. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'chat.commandCenter.enabled': false,
};

/**
 * Starts code-server. Options: workspace (folder to open), trust (false: workspace trust on, so the folder opens in
 * Restricted Mode), env (added to the server's environment, which the extension host inherits), logFile.
 * Returns { port, baseUrl, dirs, url(payload), stop(), exited() }.
 */
export async function startCodeServer({ workspace, trust = true, env = {}, logFile, log = () => {} }) {
  const { entry, version } = codeServerEntry();
  const root = mkTemp('distillery-vscode-');
  const dirs = { root, userData: path.join(root, 'user-data'), extensions: path.join(root, 'extensions') };
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.mkdirSync(dirs.extensions, { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const configFile = path.join(root, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');
  const port = await freePort();
  const args = [
    entry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(trust ? ['--disable-workspace-trust'] : []),
    workspace,
  ];
  log(`code-server ${version} on 127.0.0.1:${port} (workspace trust ${trust ? 'off' : 'on'})`);
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawn(process.execPath, args, {
    cwd: root,
    // EXTENSIONS_GALLERY={}: no marketplace, so the workbench makes no requests to outside hosts
    // The engine's tokenizer table cache stays in the checkout's .cache/, not the user's ~/.cache.
    env: { DISTILLERY_CACHE_DIR: path.join(repoRoot, '.cache', 'distillery'), ...process.env, ...env, PORT: '', PASSWORD: '', HASHED_PASSWORD: '', VSCODE_PROXY_URI: '', EXTENSIONS_GALLERY: '{}' },
    stdio: ['ignore', out, out],
    detached: true, // own process group: stop() ends the extension host and the engine with it
  });
  if (typeof out === 'number') fs.closeSync(out);
  let exitInfo;
  child.on('exit', (code, signal) => {
    exitInfo = signal ? `code-server was killed by ${signal}` : `code-server exited with code ${code}`;
  });
  child.on('error', (e) => {
    exitInfo = `code-server could not start: ${e.message}`;
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      const gone = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await Promise.race([gone, sleep(8000)]);
      clearTimeout(timer);
    }
    // children that outlived the server in its group (extension host, engine)
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // none left
    }
    if (!process.env.DISTILLERY_KEEP_TEMP) fs.rmSync(root, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        try {
          const r = await globalThis.fetch(`${baseUrl}/healthz`);
          return r.ok;
        } catch {
          return false;
        }
      },
      { timeoutMs: 60_000, what: 'code-server to listen', abort: () => exitInfo },
    );
  } catch (e) {
    await stop();
    throw e;
  }
  log(`code-server ready (pid ${child.pid})`);

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  /** The workbench URL; payload entries are [key, absolute path] pairs, turned into vscode-remote URIs. */
  const url = (payload = []) => {
    const q = new URLSearchParams({ folder: workspace });
    if (payload.length) q.set('payload', JSON.stringify(payload.map(([k, p]) => [k, remote(p)])));
    return `${baseUrl}/?${q.toString()}`;
  };
  return { port, baseUrl, dirs, url, stop, pid: child.pid, exited: () => exitInfo, version };
}

/** Launches headless Chromium. Returns { browser, page, stop() }. */
export async function launchBrowser({ viewport = { width: 1400, height: 900 }, log = () => {}, consoleLog } = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing; ${PREREQS_HINT}`);
  const { chromium } = loadPlaywright();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  if (consoleLog) {
    const stream = fs.createWriteStream(consoleLog, { flags: 'a' });
    page.on('console', (m) => stream.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => stream.write(`[pageerror] ${e.message}\n`));
  }
  log(`chromium ${browser.version()}`);
  const stop = async () => {
    await browser.close().catch(() => {});
  };
  return { browser, page, stop };
}

/** Finds the Distillery output channel's log under a user-data dir (for failure reports). */
export function findOutputLogs(userDataDir, name = 'Distillery') {
  const found = [];
  const walk = (d) => {
    let entries = [];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(`${name}.log`) || e.name === 'exthost.log' || e.name === 'remoteexthost.log') found.push(p);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return found;
}

/** The last `lines` lines of a file, or '' when it does not exist. */
export function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Runs fn with a hard timeout; on timeout, runs cleanup and exits the process with code 124. */
export function hardTimeout(ms, what, cleanup) {
  const timer = setTimeout(async () => {
    console.error(`\n${what}: hard timeout after ${ms / 1000} s; stopping what was started`);
    try {
      await cleanup();
    } finally {
      process.exit(124);
    }
  }, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

/** Stops everything on Ctrl-C / SIGTERM too. */
export function onSignals(cleanup) {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, async () => {
      await cleanup();
      process.exit(130);
    });
  }
}
