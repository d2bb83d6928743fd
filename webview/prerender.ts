// What showing a sample renders, as background jobs that fill markdown.ts's cache ahead of time a formula per
// step (slices.ts runs a few steps per slice): its question, gold answer, each trace's answer and the first
// slice of each trace's thinking (shown when it is opened).
import type { ReviewSampleDetail } from '../src/shared/protocol';
import { answerParts } from './answer-parts';
import { renderAnswer, renderMarkdown, warmAnswer, warmMarkdown } from './markdown';
import { parseAhead } from './parsed-ahead';
import type { Job } from './slices';
import { sliceEnd } from './thinking-slices';

/** Everything: the text shown at once, then the thinking's first slices. */
export function* prerenderJob(d: ReviewSampleDetail): Job {
  yield* textJob(d);
  yield* firstSliceJob(d);
}

/** What a sample shows at once: its question, gold answer and each trace's answer. */
export function* textJob(d: ReviewSampleDetail): Job {
  yield* warmMarkdown(d.question);
  // Parsed too: the key that shows the sample only inserts the nodes (html-nodes.ts).
  if (parseAhead(renderMarkdown(d.question))) yield;
  if (d.answer) {
    yield* warmAnswer(d.answer);
    if (parseAhead(renderAnswer(d.answer))) yield;
  }
  // Each part of a trace's answer as the panel inserts it (answer-parts.ts).
  for (const t of d.traces) for (const p of answerParts(t.answer)) yield* warmMarkdown(p);
}

/** The first slice of each trace's thinking: what opening a trace's thinking shows. */
export function* firstSliceJob(d: ReviewSampleDetail): Job {
  for (const t of d.traces) yield* warmMarkdown(t.thinking.slice(0, sliceEnd(t.thinking, 0)));
}
