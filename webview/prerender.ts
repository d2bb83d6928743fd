// What showing a sample renders, as separate tasks that fill markdown.ts's cache ahead of time: its question,
// gold answer, each trace's answer and the first slice of each trace's thinking (shown when it is opened).
import type { ReviewSampleDetail } from '../src/shared/protocol';
import { renderAnswer, renderMarkdown } from './markdown';
import { sliceEnd } from './trace-view';

export function prerenderTasks(d: ReviewSampleDetail): (() => unknown)[] {
  return [...textTasks(d), ...firstSliceTasks(d)];
}

/** What a sample shows at once: its question, gold answer and each trace's answer. */
export function textTasks(d: ReviewSampleDetail): (() => unknown)[] {
  return [
    () => renderMarkdown(d.question),
    ...(d.answer ? [() => renderAnswer(d.answer!)] : []),
    ...d.traces.map((t) => () => renderMarkdown(t.answer)),
  ];
}

/** The first slice of each trace's thinking: what opening a trace's thinking shows. */
export function firstSliceTasks(d: ReviewSampleDetail): (() => unknown)[] {
  return d.traces.map((t) => () => renderMarkdown(t.thinking.slice(0, sliceEnd(t.thinking, 0))));
}
