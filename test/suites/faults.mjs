#!/usr/bin/env node
// Backend faults: `distillery eval` with an API key, through a proxy that injects faults in front of the replay
// server (5xx, resets before and during the body, 429 with and without Retry-After, stalls past the timeout,
// malformed JSON, a wrong `usage`, error bodies that echo the request headers). The results must equal a clean run's;
// a backend that never recovers must end in a clear stop after bounded retries; the key must appear nowhere: not on
// stdout or stderr, not in the database (runs, errors, request cache).
//
//   node test/suites/faults.mjs [--questions 12] [--json]        (npm run suite:faults)
import { createServer, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, cli, finish, replayServer, ROOT, withDb } from './lib.mjs';

const QUESTIONS = Number(arg('--questions', process.env.SUITE_ROUNDS ? String(Math.max(4, Number(process.env.SUITE_ROUNDS) * 2)) : '12'));
const KEY = 'sk-suite-SECRET-7f3a9c0e1d2b4a6f8e0c';
// A bounded run (SUITE_ROUNDS set, as npm test does) tries one never-recovering backend instead of three.
const STOPS = process.env.SUITE_ROUNDS ? ['echo-headers'] : ['500', 'echo-headers', 'bad-json'];
const FAULTS = ['500', 'reset', '429-retry-after', 'cut', '503', 'stall', '429-bare', 'echo-headers', 'bad-json', 'wrong-usage'];
const failures = [];
const tmp = mkdtempSync(join(tmpdir(), 'distillery-faults-'));

/** A proxy to target: each distinct request body meets one fault of the rotation the first time it is seen
 *  (`always`: every time), then goes through. */
async function faultProxy(target, { always } = {}) {
  const seen = new Set();
  const injected = {};
  let next = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = `${req.url} ${body}`;
      let fault = 'none';
      if (req.method === 'POST' && (always || !seen.has(key))) { seen.add(key); fault = always ?? FAULTS[next++ % FAULTS.length]; }
      injected[fault] = (injected[fault] ?? 0) + 1;
      const json = (status, obj, headers = {}) => { res.writeHead(status, { 'content-type': 'application/json', ...headers }); res.end(JSON.stringify(obj)); };
      switch (fault) {
        case '500': case '503': return json(Number(fault), { error: { message: 'injected server error' } });
        case 'echo-headers': return json(500, { error: { message: `upstream failed; request was ${req.method} ${req.url} ${Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}` } });
        case '429-retry-after': return json(429, { error: { message: 'rate limited' } }, { 'retry-after': '1' });
        case '429-bare': return json(429, { error: { message: 'rate limited' } });
        case 'reset': req.socket.destroy(); return undefined;
        case 'stall': return undefined; // never answers: the client's timeout must fire
        case 'bad-json': res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"id": "x", "choices": [{"text": "unterminated'); return undefined;
        default: break;
      }
      const u = new URL(target);
      const up = httpRequest({ host: u.hostname, port: u.port, path: req.url, method: req.method, headers: { ...req.headers, host: u.host } }, (r) => {
        if (fault === 'cut') {
          // Headers and half of the body, then the connection drops.
          const parts = [];
          r.on('data', (c) => parts.push(c));
          r.on('end', () => { const all = Buffer.concat(parts); res.writeHead(r.statusCode ?? 200, { 'content-type': r.headers['content-type'] ?? 'application/json' }); res.write(all.subarray(0, all.length >> 1)); res.destroy(); });
          return;
        }
        if (fault === 'wrong-usage') {
          const parts = [];
          r.on('data', (c) => parts.push(c));
          r.on('end', () => {
            let text = Buffer.concat(parts).toString('utf8');
            try { const o = JSON.parse(text); o.usage = { prompt_tokens: -1, completion_tokens: 'many', total_tokens: null }; text = JSON.stringify(o); } catch { /* a stream: leave it */ }
            res.writeHead(r.statusCode ?? 200, { 'content-type': 'application/json' });
            res.end(text);
          });
          return;
        }
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/v1`, injected, close: () => { server.closeAllConnections?.(); server.close(); } };
}

function leaks(text) {
  return [KEY, Buffer.from(KEY).toString('base64'), Buffer.from(`user:${KEY}`).toString('base64')].filter((f) => text.includes(f));
}

/** Every text the database holds about runs and requests. */
function storedText(db) {
  return withDb(db, (d) => [
    ...d.prepare('SELECT ifnull(config, \'\') || ifnull(backend, \'\') || ifnull(error, \'\') FROM runs').pluck().all(),
    ...d.prepare('SELECT request FROM request_cache').pluck().all(),
    ...d.prepare("SELECT ifnull(metadata, '') FROM traces").pluck().all(),
  ].join('\n'));
}

const results = (db) => withDb(db, (d) => d.prepare("SELECT sample_id || ' ' || method || ' ' || ifnull(budget, 'inf') || ' ' || grade || ' ' || thinking_tokens || ' ' || continuations FROM results ORDER BY sample_id, method, ifnull(budget, -1)").pluck().all());

const replay = await replayServer(join(ROOT, 'samples/math500.jsonl'));
const evalArgs = (db, url, extra = []) => ['--db', db, '--json', 'eval', '--backend', url, '--model', replay.model, '--benchmark', `math500:${QUESTIONS}`,
  '--method', 'budget-forcing', '--budgets', '200,1000,inf', '--wait', '1', '--run', 'faults', '--concurrency', '4', '--timeout-s', '3', ...extra];
const summary = { suite: 'faults', questions: QUESTIONS };
try {
  const clean = join(tmp, 'clean.db');
  const c = await cli(evalArgs(clean, replay.url));
  if (c.code !== 0) throw new Error(`the clean run failed: ${c.stderr}`);

  // 1. Every fault once per request: the same results as the clean run, and no key anywhere.
  const proxy = await faultProxy(replay.url);
  const faulty = join(tmp, 'faulty.db');
  const f = await cli(evalArgs(faulty, proxy.url), { env: { DISTILLERY_API_KEY: KEY }, timeoutMs: 600_000 });
  proxy.close();
  summary.injected = proxy.injected;
  summary.faultsInjected = Object.entries(proxy.injected).filter(([k]) => k !== 'none').reduce((n, [, v]) => n + v, 0);
  if (f.hung) failures.push('the faulty run hung (killed after 600 s)');
  if (f.code !== 0) failures.push(`the faulty run failed (exit ${f.code}): ${f.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  else {
    const a = results(clean);
    const b = results(faulty);
    if (a.join('\n') !== b.join('\n')) failures.push(`results differ from the clean run: ${a.length} vs ${b.length} rows; first difference: ${a.find((x, i) => x !== b[i]) ?? b[a.length]}`);
    summary.results = b.length;
  }
  for (const [where, text] of [['stdout', f.stdout], ['stderr', f.stderr], ['database', storedText(faulty)]]) {
    const l = leaks(text);
    if (l.length) failures.push(`the API key appeared in the faulty run's ${where}`);
  }

  // 2. A backend that never recovers: a clear stop after bounded retries, the key nowhere, no result invented.
  for (const always of STOPS) {
    const dead = await faultProxy(replay.url, { always });
    const db = join(tmp, `dead-${always}.db`);
    const d = await cli(evalArgs(db, dead.url, ['--concurrency', '2']), { env: { DISTILLERY_API_KEY: KEY }, timeoutMs: 300_000 });
    dead.close();
    summary[`stop_${always}`] = { exit: d.code, seconds: Math.round(d.ms / 1000), requests: dead.injected[always] ?? 0 };
    if (d.hung) failures.push(`a backend answering ${always} forever: the run hung`);
    else if (d.code === 0) failures.push(`a backend answering ${always} forever: the run reported success`);
    else if (!/error|fail|could not|gave up|retr/i.test(d.stderr)) failures.push(`a backend answering ${always} forever: no clear message (${d.stderr.trim().slice(0, 200)})`);
    for (const [where, text] of [['stdout', d.stdout], ['stderr', d.stderr], ['database', storedText(db)]]) {
      if (leaks(text).length) failures.push(`a backend answering ${always} forever: the API key appeared in ${where}`);
    }
  }
} catch (e) {
  failures.push(String(e?.stack ?? e));
} finally {
  replay.stop();
  rmSync(tmp, { recursive: true, force: true });
}
summary.line = `${summary.faultsInjected ?? 0} faults injected into ${summary.results ?? '?'} results; stops: ${STOPS.map((k) => `${k} exit ${summary[`stop_${k}`]?.exit} after ${summary[`stop_${k}`]?.requests} requests in ${summary[`stop_${k}`]?.seconds} s`).join(', ')}`;
finish(summary, failures);
