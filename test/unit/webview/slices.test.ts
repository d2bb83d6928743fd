// Background work in slices (slices.ts): a slice stops at its budget, at a step that changed the DOM or when
// input waits; a keydown holds the work back until the key's sample is shown; the likeliest next sample's work
// runs first; a key can finish a job at once or drop it. And the jobs that render a sample's text a formula at
// a time leave the same HTML as rendering it whole.
import assert from 'node:assert/strict';
import type { ReviewSampleDetail } from '../../../src/shared/protocol';
import { renderMarkdown, warmMarkdown } from '../../../webview/markdown';
import { prerenderJob, textJob } from '../../../webview/prerender';
import { FLUSH, PAINT, Priority, SliceScheduler, type Job, type SliceEnv } from '../../../webview/slices';

/** A clock that steps advance, posted tasks run by hand, timers fired by hand. */
function fakeEnv() {
  let t = 0;
  const tasks: (() => void)[] = [];
  const timers: { at: number; cb: () => void }[] = [];
  let pendingInput = false;
  const env: SliceEnv = {
    now: () => t,
    post: (cb) => { tasks.push(cb); },
    later: (cb, ms) => { timers.push({ at: t + ms, cb }); },
    inputPending: () => pendingInput,
  };
  return {
    env,
    advance(ms: number) { t += ms; },
    /** Runs the next posted task; false when none. */
    runTask(): boolean { const cb = tasks.shift(); cb?.(); return !!cb; },
    get posted() { return tasks.length; },
    fireTimers() { const due = timers.filter((x) => x.at <= t); for (const x of due) { timers.splice(timers.indexOf(x), 1); x.cb(); } },
    set input(v: boolean) { pendingInput = v; },
  };
}

/** A job of `n` steps of `ms` each, logging `name:i` per step. */
function* work(clock: { advance(ms: number): void }, log: string[], name: string, n: number, ms: number): Job {
  for (let i = 0; i < n; i++) { clock.advance(ms); log.push(`${name}${i}`); yield; }
}

describe('background slices', () => {
  it('ends a slice once its budget is spent, and posts the rest as a new task (a key waits behind one slice at most)', () => {
    const f = fakeEnv();
    const s = new SliceScheduler(f.env, 5);
    const log: string[] = [];
    s.add(work(f, log, 'a', 7, 2));
    assert.equal(f.posted, 1, 'nothing runs in the caller\'s task');
    assert.deepEqual(log, []);
    f.runTask();
    assert.deepEqual(log, ['a0', 'a1', 'a2'], '2 + 2 < 5 ms, the third step reaches the budget');
    assert.equal(f.posted, 1);
    f.runTask();
    f.runTask();
    assert.deepEqual(log, ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
    assert.equal(s.pending, 0);
    assert.equal(f.posted, 0, 'no task once the queue is empty');
    assert.equal(s.longest, 6, 'the longest slice is its budget and one step past it at most');
  });

  it('ends a slice at a step that changed the DOM (FLUSH), so its update and layout fall in that task', () => {
    const f = fakeEnv();
    const s = new SliceScheduler(f.env, 50);
    const log: string[] = [];
    s.add((function* () { log.push('render'); yield FLUSH; log.push('block 2'); yield FLUSH; log.push('done'); })());
    f.runTask();
    assert.deepEqual(log, ['render']);
    f.runTask();
    assert.deepEqual(log, ['render', 'block 2']);
    f.runTask();
    assert.deepEqual(log, ['render', 'block 2', 'done']);
  });

  it('holds a job that yields PAINT until the next frame, while other jobs run; a cancelled one never comes back', () => {
    const f = fakeEnv();
    const frames: (() => void)[] = [];
    const s = new SliceScheduler({ ...f.env, afterFrame: (cb) => { frames.push(cb); } }, 50);
    const log: string[] = [];
    s.add((function* () { log.push('piece 1'); yield PAINT; log.push('piece 2'); yield PAINT; log.push('done'); })(), Priority.Now);
    s.add(work(f, log, 'b', 2, 1), Priority.Later);
    f.runTask();
    assert.deepEqual(log, ['piece 1'], 'the slice ends at PAINT');
    f.runTask();
    assert.deepEqual(log, ['piece 1', 'b0', 'b1'], 'the later job runs while the first waits for its frame');
    assert.equal(f.posted, 0, 'nothing posted until the frame');
    frames.shift()!();
    f.runTask();
    assert.deepEqual(log, ['piece 1', 'b0', 'b1', 'piece 2'], 'one piece per frame');
    const h = s.add((function* () { log.push('x'); yield PAINT; log.push('never'); })());
    f.runTask();
    h.cancel();
    for (const cb of frames.splice(0)) cb();
    while (f.runTask()) { /* the rest */ }
    assert.deepEqual(log, ['piece 1', 'b0', 'b1', 'piece 2', 'x', 'done'], 'the cancelled job stays dropped');
  });

  it('ends a slice after one step when input is waiting', () => {
    const f = fakeEnv();
    const s = new SliceScheduler(f.env, 50);
    const log: string[] = [];
    s.add(work(f, log, 'a', 3, 1));
    f.input = true;
    f.runTask();
    assert.deepEqual(log, ['a0']);
    f.input = false;
    f.runTask();
    assert.deepEqual(log, ['a0', 'a1', 'a2']);
  });

  it('runs the likeliest next sample\'s work first (Now, then Soon, then Later), in order within a priority', () => {
    const f = fakeEnv();
    const s = new SliceScheduler(f.env, 100);
    const log: string[] = [];
    s.add(work(f, log, 'later', 1, 1), Priority.Later);
    s.add(work(f, log, 'soon', 2, 1), Priority.Soon);
    s.add(work(f, log, 'later2-', 1, 1), Priority.Later);
    s.add(work(f, log, 'now', 1, 1), Priority.Now);
    f.runTask();
    assert.deepEqual(log, ['now0', 'soon0', 'soon1', 'later0', 'later2-0']);
  });

  it('holds the work back while a key is on its way (pause), until the key\'s sample is shown (resume) or the pause ends', () => {
    const f = fakeEnv();
    const s = new SliceScheduler(f.env, 5);
    const log: string[] = [];
    s.add(work(f, log, 'a', 4, 2));
    s.pause(100);
    f.runTask();
    assert.deepEqual(log, [], 'a slice posted before the key runs nothing');
    f.advance(50);
    f.fireTimers();
    assert.equal(f.posted, 0, 'still paused');
    s.resume();
    f.runTask();
    assert.deepEqual(log, ['a0', 'a1', 'a2']);
    // A pause nobody ends (a key that was not a command) ends by itself.
    s.pause(100);
    f.runTask();
    assert.deepEqual(log, ['a0', 'a1', 'a2']);
    f.advance(100);
    f.fireTimers();
    f.runTask();
    assert.deepEqual(log, ['a0', 'a1', 'a2', 'a3']);
  });

  it('drops a cancelled job, and finishes one at once for a key that needs it (never running its steps twice)', () => {
    const f = fakeEnv();
    const s = new SliceScheduler(f.env, 3);
    const log: string[] = [];
    const dropped = s.add(work(f, log, 'x', 5, 1));
    const needed = s.add(work(f, log, 'y', 5, 1));
    dropped.cancel();
    assert.ok(dropped.done);
    f.runTask();
    assert.deepEqual(log, ['y0', 'y1', 'y2']);
    assert.equal(needed.finish(), true);
    assert.deepEqual(log, ['y0', 'y1', 'y2', 'y3', 'y4'], 'the rest, in the caller\'s task');
    assert.ok(needed.done);
    f.runTask();
    assert.deepEqual(log, ['y0', 'y1', 'y2', 'y3', 'y4']);
    assert.equal(s.pending, 0);
  });

  it('a step that throws drops its job and the others go on', () => {
    const f = fakeEnv();
    const s = new SliceScheduler(f.env, 100);
    const log: string[] = [];
    const errors: unknown[] = [];
    const orig = console.error;
    console.error = (e: unknown) => errors.push(e);
    try {
      s.add((function* () { log.push('bad'); yield; throw new Error('boom'); })());
      s.add(work(f, log, 'ok', 2, 1));
      f.runTask();
    } finally {
      console.error = orig;
    }
    assert.deepEqual(log, ['bad', 'ok0', 'ok1']);
    assert.equal(errors.length, 1);
  });
});

describe('text rendered ahead a formula at a time', () => {
  const text = 'Let $x^2 + y^2 = r^2$ and\n\n\\[\\int_0^1 t\\,dt = \\tfrac12\\]\n\nso $r = 1$ (**bold** stays markdown), $x^2 + y^2 = r^2$ again.';

  it('takes one step per formula not rendered yet, then one for the markdown, and leaves the HTML a whole render gives', () => {
    const steps = [...warmMarkdown(text)].length;
    assert.equal(steps, 3 + 1, 'three distinct formulas (one repeated), then the text');
    assert.equal([...warmMarkdown(text)].length, 0, 'cached: nothing left to do');
    const whole = renderMarkdown(`${text} `); // another text, rendered in one go (its formulas cached or not)
    assert.equal(whole.trimEnd(), renderMarkdown(text).trimEnd());
    assert.match(renderMarkdown(text), /<strong>bold<\/strong>/);
    assert.equal(renderMarkdown(text).match(/class="math math-inline"/g)?.length, 3);
    assert.equal(renderMarkdown(text).match(/class="math math-display"/g)?.length, 1);
  });

  it('a sample\'s jobs cover its question, gold answer, each trace\'s answer and its thinking\'s first slice', () => {
    const d = {
      id: 1, question: 'Q: $a_{1}+1$?', answer: '\\frac{3}{4}', solution: null,
      traces: [{ id: 2, answer: 'A: $b_{2}$', thinking: 'T: $c_{3}$ '.repeat(10) }],
    } as unknown as ReviewSampleDetail;
    const all = [...prerenderJob(d)];
    assert.ok(all.length >= 5, `${all.length} steps`);
    assert.equal([...textJob(d)].length, 0, 'the text is cached now');
    assert.equal([...prerenderJob(d)].length, 0);
    assert.match(renderMarkdown(d.question), /math-inline/);
  });
});
