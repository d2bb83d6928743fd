// Plots of where scaling fails (see failures.ts).
import type { ReportData } from './data';
import type { ChartSpec } from './charts';

export function failureCharts(_data: ReportData): ChartSpec[] {
  return [];
}
