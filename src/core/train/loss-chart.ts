// The loss curve of a training run as a Vega-Lite spec in the dashboard's ChartSpec shape ({id, title, spec}):
// loss by step (the learning rate on a second axis), an epoch in the tooltip. Plain data, no vega import.
import type { TrainPoint } from './log-lines';

export interface LossChartSpec { id: 'loss'; title: string; spec: Record<string, unknown> }

export function lossChart(run: string, points: readonly TrainPoint[]): LossChartSpec {
  const values = points.filter((p) => p.loss !== null && Number.isFinite(p.loss)).map((p) => ({
    step: p.step, epoch: p.epoch, loss: p.loss, learning_rate: p.learningRate, grad_norm: p.gradNorm,
  }));
  const hasLr = values.some((v) => v.learning_rate !== null);
  const tooltip = [
    { field: 'step', type: 'quantitative' }, { field: 'epoch', type: 'quantitative', format: '.2f' },
    { field: 'loss', type: 'quantitative', format: '.4f' }, { field: 'learning_rate', type: 'quantitative', format: '.2e' },
    { field: 'grad_norm', type: 'quantitative', format: '.3f' },
  ];
  const loss = {
    mark: { type: 'line', point: values.length <= 60, tooltip: true },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step', axis: { format: 'd', tickMinStep: 1 } },
      y: { field: 'loss', type: 'quantitative', title: 'training loss', scale: { zero: false } },
      tooltip,
    },
  };
  const lr = {
    mark: { type: 'line', strokeDash: [4, 3], opacity: 0.6 },
    encoding: {
      x: { field: 'step', type: 'quantitative' },
      y: { field: 'learning_rate', type: 'quantitative', title: 'learning rate', axis: { format: '.0e' } },
      color: { value: 'gray' },
    },
  };
  return {
    id: 'loss',
    title: `Training loss: ${run}`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      // Drawn in the dashboard beside other runs' charts: the title says whose loss it is.
      title: `Training loss: ${run}`,
      description: `Training loss by step of run ${run}${hasLr ? ', with the learning rate' : ''}`,
      width: 'container',
      height: 260,
      data: { values },
      ...(hasLr ? { layer: [loss, lr], resolve: { scale: { y: 'independent' } } } : loss),
    },
  };
}
