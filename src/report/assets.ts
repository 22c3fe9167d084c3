// Reads the chart library the report inlines, from the installed `uplot` package (the edge of
// the report: the renderer itself does no I/O).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ReportAssets } from './simulationReport.ts';

export function loadReportAssets(): ReportAssets {
  const require = createRequire(import.meta.url);
  const read = (specifier: string) => readFileSync(require.resolve(specifier), 'utf8');
  return {
    uplotJs: read('uplot/dist/uPlot.iife.min.js'),
    uplotCss: read('uplot/dist/uPlot.min.css'),
  };
}
