// The goals issues 11 and 19 set for the figures people wait on, read from each benchmark's last JSON line (every
// bench/*.mjs prints one). bench/run.mjs prints them at the end of `npm run bench`, each met, missed or not measured,
// so one run says where the project stands. A goal is a bound on one figure: { figure, value, op, goal, unit }.

const at = (o, path) => path.split('.').reduce((x, k) => (x == null ? undefined : x[k]), o);
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const goal = (figure, value, op, bound, unit) => ({ figure, value: num(value), op, goal: bound, unit });
const per = (a, b) => (num(a) !== null && num(b) ? a / b : null);

/** Scale: CPU per row at each larger size against the smallest, per step: "no worse than linear" with 10% for noise. */
function scaleGoals(f) {
  const out = [goal('scale: peak RSS over every step', f.max_rss_mb, '<', 2048, 'MB')];
  const rows = Array.isArray(f.results) ? f.results : [];
  for (const r of rows.slice(1)) {
    for (const [step, s] of Object.entries(r.steps ?? {})) {
      out.push(goal(`scale: ${step} CPU per row at ${Number(r.rows).toLocaleString('en-US')} rows vs ${Number(rows[0].rows).toLocaleString('en-US')} (1.00 linear)`, s.cpu_growth_vs_smallest, '<=', 1.1, '×'));
    }
  }
  return out;
}

/** Per benchmark file: the goals its summary is checked against. */
export const GOALS = {
  'tokenize.mjs': (f) => [
    goal('exact Qwen token counts on real traces (`tokens`, 2 cores)', f.tokens_mb_s, '>=', 20, 'MB/s'),
    goal('token ids identical to the reference tokenizer', f.exact === true ? 1 : f.exact === false ? 0 : null, '>=', 1, ''),
  ],
  'curate.mjs': (f) => [goal('decontamination + dedup of 59K questions vs the Python port', f.speedup, '>=', 10, '×')],
  'import.mjs': (f) => [goal('import of the s1 pool vs the Python json+sqlite3 reference', at(f, 'results.distillery.ratio_vs_python'), '>=', 1.5, '×')],
  'export.mjs': (f) => [
    goal('export to JSONL (first) vs the Python reference', f.speedup_jsonl, '>=', 1.5, '×'),
    goal('export to Parquet vs pyarrow', f.speedup_parquet, '>=', 1.5, '×'),
    goal('export peak memory', f.peak_rss_mb_max, '<', 1024, 'MB'),
  ],
  'panel.mjs': (f) => [
    goal('panel: first render of the 100K-character sample', f.first_render_ms, '<=', 150, 'ms'),
    goal('panel: thinking expanded, first slice', f.thinking_first_slice_ms, '<=', 150, 'ms'),
    goal('panel: next sample (j) p95', f.next_p95_ms, '<=', 50, 'ms'),
    goal('panel: next sample (j) p95 / engine round trip', per(f.next_p95_ms, f.reference_round_trip_ms), '<=', 6, '×'),
    goal('panel: search p95', f.search_p95_ms, '<=', 100, 'ms'),
    goal('panel: search p95 / engine round trip', per(f.search_p95_ms, f.reference_round_trip_ms), '<=', 12, '×'),
  ],
  'scale.mjs': scaleGoals,
};

/** The goals of one benchmark's summary (none when the file has no goals or printed no summary). */
export function goalsOf(bench, summary) {
  const fn = GOALS[bench];
  return fn && summary && typeof summary === 'object' ? fn(summary) : [];
}

/** met | missed | not measured */
export function verdict(g) {
  if (g.value === null) return 'not measured';
  const ok = g.op === '>=' ? g.value >= g.goal : g.op === '<=' ? g.value <= g.goal : g.op === '<' ? g.value < g.goal : g.value > g.goal;
  return ok ? 'met' : 'missed';
}

/** The last line of a benchmark's standard output that is a JSON object: its summary. */
export function lastSummary(stdout) {
  const lines = stdout.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i].trim();
    if (!l.startsWith('{')) continue;
    try {
      const v = JSON.parse(l);
      if (v && typeof v === 'object' && !Array.isArray(v)) return v;
    } catch {
      // not a summary line
    }
  }
  return null;
}

/** The table run.mjs prints: one line per goal. */
export function goalLines(rows) {
  const fmt = (v) => (v === null ? '-' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
  const width = Math.max(10, ...rows.map((r) => r.figure.length));
  return rows.map((r) => {
    const v = verdict(r);
    const mark = v === 'met' ? 'met   ' : v === 'missed' ? 'MISSED' : 'n/a   ';
    return `${mark}  ${r.figure.padEnd(width)}  ${fmt(r.value).padStart(8)} ${r.unit.padEnd(4)} goal ${r.op} ${r.goal} ${r.unit}`;
  });
}
