#!/usr/bin/env node
// bench/panel-keys: what each j of a bench/panel.mjs --trace run cost on the webview's main thread, in thread CPU
// time (a loaded machine inflates it far less than wall time): the key's own render task (the message that renders
// the next sample) and the frame that paints it (style + layout + pre-paint + paint), and `after`, the largest frame
// after that one before the next key, p50 / p95 / mean.
//   node --max-old-space-size=6000 bench/panel-keys.mjs TRACE.json
import fs from 'node:fs';
const raw = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const ev = raw.traceEvents ?? raw;
const score = new Map();
for (const e of ev) if (e.name === 'EventDispatch' && e.args?.data?.type === 'keydown') score.set(`${e.pid}:${e.tid}`, (score.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
const th = [...score].sort((a, b) => b[1] - a[1])[0][0];
const mine = ev.filter((e) => `${e.pid}:${e.tid}` === th && e.ph === 'X').sort((a, b) => a.ts - b.ts);
const keys = mine.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown').map((e) => e.ts);
const inputs = mine.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'input').map((e) => e.ts);
const jEnd = inputs.find((t) => t > keys[0]) ?? Infinity;
const jk = keys.filter((k) => k < jEnd);
const win0 = mine.filter((e) => e.ts >= jk[0] && e.ts < jEnd);
const tasks = win0.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
const inside = (t, name) => win0.filter((e) => e.name === name && e.ts >= t.ts && e.ts < t.ts + t.dur);
const cpu = (es) => es.reduce((a, e) => a + (e.tdur ?? e.dur), 0) / 1000;
const rows = [];
for (let i = 0; i < jk.length; i++) {
  const k = jk[i], end = jk[i + 1] ?? Infinity;
  const win = tasks.filter((t) => t.ts >= k && t.ts < end);
  // The host's message that shows the sample: webview script in a message task (no HTML parsed there when the sample's
  // text was parsed ahead, html-nodes.ts).
  // Since j moves in the webview's own keydown (webview/move-keys.ts), the key's own task renders it; a key sent as a
  // command comes back in a message task.
  const render = win.find((t) => (inside(t, 'HandlePostMessage').length || t.ts <= k) && (t.tdur ?? t.dur) > 2000
    && inside(t, 'FunctionCall').some((f) => /webview\.js/.test(f.args?.data?.url ?? '')))
    ?? tasks.find((t) => t.ts <= k && t.ts + t.dur >= k && (t.tdur ?? t.dur) > 2000);
  if (!render) continue;
  const frame = win.find((t) => t.ts > render.ts && inside(t, 'Paint').length);
  if (!frame) continue;
  // The largest frame after it before the next key (the sample's answer going in, a neighbour's warming): a key that
  // arrives during one waits for it.
  const later = win.filter((t) => t.ts > frame.ts && inside(t, 'Paint').length)
    .map((t) => ['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint'].reduce((a, n) => a + cpu(inside(t, n)), 0));
  const f = ['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint'].map((n) => cpu(inside(frame, n)));
  rows.push({ task: (render.tdur ?? render.dur) / 1000, frame: f.reduce((a, b) => a + b, 0), style: f[0], layout: f[1], paint: f[3], after: Math.max(0, ...later), wall: (frame.ts + frame.dur - k) / 1000 });
}
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
console.log(`keys with a render task ${rows.length}/${jk.length}`);
for (const c of ['task', 'frame', 'style', 'layout', 'paint', 'after', 'wall']) console.log(`  ${c.padEnd(8)} p50 ${pct(rows.map((r) => r[c]), 50).toFixed(1)} p95 ${pct(rows.map((r) => r[c]), 95).toFixed(1)} mean ${(rows.reduce((a, r) => a + r[c], 0) / rows.length).toFixed(1)}`);
