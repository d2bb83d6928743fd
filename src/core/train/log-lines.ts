// The Hugging Face Trainer's console output, read as it arrives: every `logging_steps` it prints the logs dict as a
// Python repr — {'loss': 0.8123, 'grad_norm': 3.14, 'learning_rate': 9.9e-06, 'epoch': 0.05} — and at the end
// {'train_runtime': …, 'train_loss': …, 'epoch': 5.0}. The step is not in the dict: the tqdm bar's `12/315` says it
// (TRL, LLaMA-Factory and s1's sft.py all run the Trainer, so all print these).

export interface TrainPoint {
  step: number;
  epoch: number | null;
  loss: number | null;
  learningRate: number | null;
  gradNorm: number | null;
  /** Other numbers of the same dict (num_tokens, mean_token_accuracy, …). */
  extra?: Record<string, number>;
}

export interface TrainSummary { trainLoss: number | null; runtime: number | null; epoch: number | null }

const PAIR = /'([A-Za-z_][\w./-]*)':\s*('(?:[^'\\]|\\.)*'|tensor\([^)]*\)|[^,}]+)/g;

/** A Python number repr (or a tensor's, or a quoted number) as a number; null when it is none. */
export function pyNumber(v: string): number | null {
  let s = v.trim();
  const t = /^tensor\(\s*([^,)]+)/.exec(s);
  if (t) s = t[1];
  s = s.replace(/^'(.*)'$/, '$1').trim();
  if (s === 'nan') return NaN;
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  return Number(s);
}

/** The numbers of a logs dict printed on this line, or null when the line has none. */
export function parseLogDict(line: string): Record<string, number> | null {
  const open = line.lastIndexOf("{'");
  if (open < 0) return null;
  const close = line.indexOf('}', open);
  if (close < 0) return null;
  const body = line.slice(open, close + 1);
  const out: Record<string, number> = {};
  let any = false;
  for (const m of body.matchAll(PAIR)) {
    const n = pyNumber(m[2]);
    if (n !== null) { out[m[1]] = n; any = true; }
  }
  return any ? out : null;
}

/** A tqdm bar with nothing but its percentage before it: its count and total. */
const TRAIN_BAR = /^\s*\d+%\|[^|]*\|\s*(\d+)\/(\d+)\s*\[/;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

const KNOWN = new Set(['loss', 'learning_rate', 'grad_norm', 'epoch', 'step']);

/**
 * Follows a trainer's output line by line (tqdm redraws with carriage returns: each redraw is a line here).
 * `point` is called for every training logs dict, `summary` for the final one.
 */
export class TrainerLogReader {
  private step = 0;
  private logged = 0;
  private readonly partial = new Map<string, string>();

  constructor(private readonly on: { point?: (p: TrainPoint) => void; summary?: (s: TrainSummary) => void; progress?: (step: number, total: number) => void },
    private readonly loggingSteps = 1) {}

  /** Feed raw output of one stream (stdout and stderr interleave: each keeps its own unfinished line); lines are cut at \n and \r. */
  push(chunk: string, stream = 'out'): void {
    const parts = ((this.partial.get(stream) ?? '') + chunk).split(/\r\n|\r|\n/);
    this.partial.set(stream, parts.pop() ?? '');
    for (const l of parts) this.line(l);
  }

  end(): void {
    for (const rest of this.partial.values()) if (rest) this.line(rest);
    this.partial.clear();
  }

  line(l: string): void {
    // tqdm: " 12%|█▏        | 38/315 [01:02<07:30,  1.63s/it]". The Trainer's bar has no description; bars that
    // have one ("Map: 100%|…| 1000/1000 [", "Loading checkpoint shards: …") count something else, not steps.
    const bar = TRAIN_BAR.exec(l.replace(ANSI, ''));
    if (bar) {
      this.step = Number(bar[1]);
      this.on.progress?.(this.step, Number(bar[2]));
    }
    const d = parseLogDict(l);
    if (!d) return;
    if ('train_runtime' in d || 'train_loss' in d) {
      this.on.summary?.({ trainLoss: d.train_loss ?? null, runtime: d.train_runtime ?? null, epoch: d.epoch ?? null });
      return;
    }
    if (!('loss' in d) && !('learning_rate' in d)) return; // an eval dict, or something else
    this.logged++;
    // The bar is drawn after the step's log on some versions: never go back, and count logs when no bar shows.
    const step = d.step ?? Math.max(this.step, this.logged * this.loggingSteps);
    this.step = step;
    const extra: Record<string, number> = {};
    for (const [k, v] of Object.entries(d)) if (!KNOWN.has(k)) extra[k] = v;
    this.on.point?.({
      step, epoch: d.epoch ?? null, loss: d.loss ?? null, learningRate: d.learning_rate ?? null, gradNorm: d.grad_norm ?? null,
      ...(Object.keys(extra).length ? { extra } : {}),
    });
  }
}
