// The simulation report: renderSimulationReport (pure) and the asset loader.
export { renderSimulationReport, type ReportAssets } from './simulationReport.ts';
export { loadReportAssets } from './assets.ts';
