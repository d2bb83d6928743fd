// Background work in slices. Everything the panel does ahead of the person (rendering the neighbours' text,
// the rest of a sample after its first screen, the next slice of a long thinking) is a job of small steps; a slice runs steps
// for at most a few milliseconds, then yields, so that a key (j arrives as a message from the host, a few ms
// after its keydown) never waits behind more than one short slice. A keydown pauses the work until the key's
// sample is painted; jobs made stale by the key are cancelled by their owner.
//
// Steps are generators' `next()`: a job is an iterator, each step does one piece (one formula, one block of DOM).
// A step that changed what Lit renders yields FLUSH: the slice ends there, so that Lit's update (a microtask)
// and the layout forced after it fall in this task, not in the next step's budget.

/** What a step yields to end its slice now (it changed the DOM: Lit renders and lays it out before the next task). */
export const FLUSH = Symbol('flush');

/**
 * What a step yields to end its slice and wait for the next frame: the job's next step runs in a slice after that frame
 * is painted, so that each step's DOM is styled, laid out and painted in a frame of its own (a step that inserts a
 * bounded piece of a long text keeps every frame small). Without frames (env.afterFrame missing) it acts as FLUSH.
 */
export const PAINT = Symbol('paint');

/** A job as generator functions make it; the scheduler takes any iterator. */
export type Job = Generator<unknown, void, undefined>;
type Steps = Iterator<unknown, unknown, undefined>;

export interface SliceEnv {
  now(): number;
  /** Runs `cb` in a new task, after pending input and messages (a macrotask). */
  post(cb: () => void): void;
  /** Runs `cb` after `ms` (a paused scheduler wakes up). */
  later(cb: () => void, ms: number): void;
  /** Whether input is waiting (Chromium's isInputPending), when known. */
  inputPending?(): boolean;
  /** Runs `cb` at the next frame (before its style, layout and paint: work posted from `cb` runs after them). */
  afterFrame?(cb: () => void): void;
}

export interface JobHandle {
  /** Drops the job: its remaining steps never run. */
  cancel(): void;
  /** Runs the remaining steps now, in this task (a key needs the result). Returns whether the job completed. */
  finish(): boolean;
  readonly done: boolean;
}

/** Lower runs first: the likeliest next sample's work before the others'. */
export const Priority = { Now: 0, Soon: 1, Later: 2 } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

interface Entry { job: Steps; priority: Priority; seq: number; done: boolean; handle: JobHandle }

export class SliceScheduler {
  private readonly queue: Entry[] = [];
  private seq = 0;
  private posted = false;
  private pausedUntil = 0;
  private waking = false;
  /** Longest slice run so far (ms), for the bench. */
  longest = 0;

  constructor(private readonly env: SliceEnv, private readonly budgetMs = 5) {}

  add(job: Steps, priority: Priority = Priority.Later): JobHandle {
    const entry: Entry = {
      job, priority, seq: this.seq++, done: false,
      handle: {
        cancel: () => this.remove(entry),
        finish: () => this.finish(entry),
        get done() { return entry.done; },
      },
    };
    this.queue.push(entry);
    this.queue.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    this.schedule();
    return entry.handle;
  }

  /** Nothing runs for `ms` (a key arrived: its message comes next), or until `resume`. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.env.now() + ms);
  }

  resume(): void {
    this.pausedUntil = 0;
    this.schedule();
  }

  get pending(): number {
    return this.queue.length;
  }

  private remove(e: Entry): void {
    e.done = true;
    const i = this.queue.indexOf(e);
    if (i >= 0) this.queue.splice(i, 1);
  }

  private finish(e: Entry): boolean {
    if (e.done) return true;
    try {
      while (!e.job.next().done) { /* every step, now */ }
    } catch (err) {
      console.error(err);
    }
    this.remove(e);
    return true;
  }

  private schedule(): void {
    if (this.posted || !this.queue.length) return;
    const wait = this.pausedUntil - this.env.now();
    if (wait > 0) {
      if (this.waking) return;
      this.waking = true;
      this.env.later(() => { this.waking = false; this.schedule(); }, wait);
      return;
    }
    this.posted = true;
    this.env.post(() => { this.posted = false; this.slice(); });
  }

  /** Takes the job out of the queue until the next frame has been painted, then queues it again (same place). */
  private waitForFrame(e: Entry): void {
    const i = this.queue.indexOf(e);
    if (i >= 0) this.queue.splice(i, 1);
    this.env.afterFrame!(() => {
      if (e.done) return;
      this.queue.push(e);
      this.queue.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
      this.schedule();
    });
  }

  /** One slice: steps of the first job in the queue until the budget is spent, input waits or a step flushes. */
  private slice(): void {
    const start = this.env.now();
    if (this.pausedUntil > start) { this.schedule(); return; }
    while (this.queue.length) {
      const e = this.queue[0];
      let r: IteratorResult<unknown, unknown>;
      try {
        r = e.job.next();
      } catch (err) {
        console.error(err);
        r = { done: true, value: undefined };
      }
      if (r.done) this.remove(e);
      else if (r.value === PAINT && this.env.afterFrame) this.waitForFrame(e);
      const now = this.env.now();
      if (r.value === FLUSH || r.value === PAINT || now - start >= this.budgetMs || this.env.inputPending?.()) break;
    }
    this.longest = Math.max(this.longest, this.env.now() - start);
    this.schedule();
  }
}

/** The browser's environment: a MessageChannel task per slice (no 4 ms clamp, no wait for idle periods). */
export function browserEnv(): SliceEnv {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  const nav = (typeof navigator === 'undefined' ? {} : navigator) as Navigator & { scheduling?: { isInputPending?(o?: { includeContinuous?: boolean }): boolean } };
  const pending = nav.scheduling?.isInputPending?.bind(nav.scheduling);
  return {
    now: () => performance.now(),
    post: (cb) => { waiting.push(cb); channel.port2.postMessage(null); },
    later: (cb, ms) => { setTimeout(cb, ms); },
    afterFrame: (cb) => { requestAnimationFrame(cb); },
    ...(pending ? { inputPending: () => pending() } : {}),
  };
}

/** A job of plain functions, one step each. */
export function* stepsOf(steps: Iterable<() => unknown>): Job {
  for (const s of steps) yield s();
}
