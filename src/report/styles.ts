// The report's style sheet: system fonts only (no download), tabular figures for numbers,
// colours with WCAG AA contrast, and a print layout (A4, colours kept, sections unbroken).
import { CHART_COLOURS, RANGE_COLOURS, RANGE_TEXT_COLOURS } from './palette.ts';

function rangeRules(): string {
  const keys = Object.keys(RANGE_COLOURS) as (keyof typeof RANGE_COLOURS)[];
  return keys
    .map((k) => `.tir-${k}{background:${RANGE_COLOURS[k]};color:${RANGE_TEXT_COLOURS[k]}}`)
    .join('\n');
}

const BASE = `
:root{--ink:#111827;--muted:#5b6472;--line:#e3e7ee;--soft:#f6f8fb;--accent:#1e3a8a;--ok:#15803d;--bad:#b91c1c;--flag:#fdecea}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#eef1f5;color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Liberation Sans","DejaVu Sans",Arial,sans-serif;font-variant-numeric:tabular-nums}
.page{max-width:1180px;margin:0 auto;padding:20px 24px 8px;background:#fff;min-height:100vh;box-shadow:0 0 0 1px var(--line)}
h1,h2,h3{line-height:1.2;margin:0;font-weight:650;letter-spacing:-.01em}
h1{font-size:26px}
h2{font-size:17px;color:var(--accent);padding-bottom:6px;border-bottom:2px solid var(--accent);margin-bottom:12px}
h3{font-size:15px}
code{font-family:ui-monospace,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:.92em}
.muted{color:var(--muted)}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.skip-link{position:absolute;left:-999px;top:0;background:#fff;padding:6px 10px}
.skip-link:focus{left:8px;z-index:10}
.report-section{margin:26px 0 0}
.section-note{margin:-4px 0 10px;color:var(--muted);font-size:13px}
.notice{background:#fff7e6;border:1px solid #f2c66d;border-left:4px solid #d48806;padding:8px 12px;margin:0 0 12px;border-radius:4px;font-size:13px}
.banner{margin:0 0 14px;padding:6px 10px;background:#fff4e5;border:1px solid #f3c98b;border-radius:4px;color:#7a4100;font-size:12.5px;font-weight:600;text-align:center;letter-spacing:.01em}
`;

const HEADER = `
.title-row{display:flex;justify-content:space-between;align-items:flex-start;gap:16px;padding-bottom:14px;border-bottom:1px solid var(--line)}
.eyebrow{margin:0 0 4px;font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.08em;color:var(--accent)}
.subtitle{margin:6px 0 0;color:var(--muted)}
.seed-badge{margin:0;padding:6px 10px;border:1px solid var(--line);border-radius:4px;background:var(--soft);font-size:12.5px;white-space:nowrap}
.header-grid{display:grid;grid-template-columns:1.1fr 1fr 1fr;gap:12px 28px;padding:14px 0 4px}
.meta-block h2{font-size:12px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);border:0;padding:0;margin:0 0 6px}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:0;font-size:13.5px}
.kv dt{color:var(--muted)}
.kv dd{margin:0;font-weight:500}
`;

const CARDS = `
.card-grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:14px;margin-bottom:14px}
.card-grid.single{grid-template-columns:minmax(0,1fr)}
.card{border:1px solid var(--line);border-radius:6px;padding:14px 16px;background:#fff;break-inside:avoid}
.card-head{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:2px 10px;margin-bottom:10px}
.card-head h3{white-space:nowrap}
.card-note{margin:0;color:var(--muted);font-size:12.5px}
.tir-bar{display:flex;height:30px;border-radius:4px;overflow:hidden;box-shadow:inset 0 0 0 1px rgba(0,0,0,.08);-webkit-print-color-adjust:exact;print-color-adjust:exact}
.tir-seg{display:flex;align-items:center;justify-content:center;font-size:12px;font-weight:650;white-space:nowrap;overflow:hidden;min-width:0}
/* A band of 0.2 % would be invisible: any non-zero band keeps 3 px (the others shrink). */
.tir-nonzero{min-width:3px}
.tir-empty{align-items:center;justify-content:center;color:var(--muted);background:var(--soft)}
.tir-table{width:100%;border-collapse:collapse;margin:8px 0 12px;font-size:13px}
.tir-table th,.tir-table td{padding:3px 6px;border-bottom:1px solid var(--line);text-align:left;font-weight:normal;white-space:nowrap}
.tir-table thead th{color:var(--muted);font-size:11.5px;text-transform:uppercase;letter-spacing:.05em}
.tir-table tbody th{font-weight:550}
.tir-table .num{text-align:right;font-weight:650;padding-right:14px}
.tir-table td.range{color:var(--muted);white-space:nowrap}
.tir-table td.target{white-space:nowrap}
.target-scope{display:block;font-size:11.5px;color:var(--muted)}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:7px;vertical-align:-1px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.status{display:inline-block;width:14px;font-size:12.5px;font-weight:700;white-space:nowrap}
.status-ok{color:var(--ok)}
.status-bad{color:var(--bad)}
.metrics{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:8px;margin:0}
.metric{background:var(--soft);border-radius:4px;padding:7px 10px}
.metric dt{font-size:11.5px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.metric dd{margin:2px 0 0}
.metric-value{display:block;font-size:19px;font-weight:650}
.metric-value .unit{font-size:12.5px;font-weight:500;color:var(--muted)}
.metric-note{display:block;font-size:12px;color:var(--muted)}
.split-bar{display:flex;height:22px;margin:12px 0 0;border-radius:4px;overflow:hidden;font-size:12px;font-weight:600;color:#fff;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.split-bar span{display:flex;align-items:center;padding:0 8px;white-space:nowrap;overflow:hidden}
.split-basal{background:${CHART_COLOURS.basal}}
.split-bolus{background:${CHART_COLOURS.bolus}}
.count-table{width:100%;border-collapse:collapse;font-size:13.5px}
.count-table th,.count-table td{padding:4px 6px;border-bottom:1px solid var(--line);text-align:left;font-weight:normal}
.count-table thead th{color:var(--muted);font-size:11.5px;text-transform:uppercase;letter-spacing:.05em}
.count-table .num{text-align:right;font-weight:650}
`;

const CHARTS = `
.chart-figure{margin:0 0 14px;break-inside:avoid}
.chart-figure figcaption{font-size:12.5px;color:var(--muted);margin:0 0 4px}
.figure-title{font-weight:650;color:var(--ink)}
.chart{width:100%;min-height:120px}
.chart-tall{min-height:300px}
.event-legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;margin:0 0 10px;padding:0;font-size:12.5px}
.trace-stack{border:1px solid var(--line);border-radius:6px;padding:10px 10px 0}
.uplot{font-family:inherit}
.uplot .u-legend{font-size:12px;text-align:left;margin-left:60px}
.uplot .u-legend th{font-weight:550}
.uplot .u-legend .u-marker{width:12px;height:12px}
.u-select{background:rgba(30,58,138,.08)}
`;

const TABLES = `
.table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:6px}
.data-table{width:100%;border-collapse:collapse;font-size:12.5px}
.data-table th,.data-table td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
.data-table thead th{position:sticky;top:0;background:var(--soft);font-size:11.5px;font-weight:600;color:#374151;vertical-align:bottom;line-height:1.25}
.data-table tbody tr:nth-child(even){background:#fafbfc}
.data-table tbody tr:last-child td{border-bottom:0}
.data-table .num{text-align:right}
.data-table td.flag{background:var(--flag);color:#8a1c1c;font-weight:600;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.empty-note{color:var(--muted);font-style:italic}
.definitions{margin:0;display:grid;gap:8px}
.definition{border-left:3px solid var(--line);padding:2px 0 2px 10px}
.definition dt{font-weight:600}
.definition dt code{color:var(--muted);font-weight:normal;margin-left:4px}
.definition dd{margin:2px 0 0;font-size:13px;color:#374151}
.report-footer{margin:30px 0 0;padding:12px 0 16px;border-top:1px solid var(--line);font-size:12px;color:var(--muted);display:flex;justify-content:space-between;gap:16px;flex-wrap:wrap}
.report-footer strong{color:var(--ink)}
`;

const RESPONSIVE_AND_PRINT = `
@media screen and (max-width:820px){.header-grid,.card-grid{grid-template-columns:minmax(0,1fr)}.title-row{flex-direction:column}.metrics{grid-template-columns:repeat(2,minmax(0,1fr))}}
@page{size:A4;margin:12mm}
@media print{
body{background:#fff;font-size:9pt}
h1{font-size:18pt}
h2{font-size:12pt}
.header-grid{gap:8px 16px}
.kv{font-size:8.5pt}
.card{padding:8px 10px}
.card-grid{gap:8px}
.tir-table{font-size:8pt}
.tir-table th,.tir-table td{padding:2px 4px}
.card-note{font-size:7.5pt}
.section-note,.chart-figure figcaption,.notice,.banner{font-size:8pt}
.metrics{gap:4px}
.metric{padding:4px 6px}
.metric dt{font-size:7pt}
.metric-value{font-size:12pt}
.metric-note{font-size:7pt}
.data-table{font-size:8pt}
.data-table th,.data-table td{padding:2px 5px}
.uplot .u-legend{display:none}
.page{max-width:none;padding:0;box-shadow:none}
.screen-only,.skip-link,.u-select,.u-cursor-x,.u-cursor-y,.u-cursor-pt{display:none!important}
h2{break-after:avoid}
.report-section{break-inside:auto}
.card,.chart-figure,.definition,.tir{break-inside:avoid}
.table-wrap{overflow:visible;border:0}
.data-table thead{display:table-header-group}
.data-table tr{break-inside:avoid}
.data-table thead th{position:static}
a{color:inherit;text-decoration:none}
}
`;

export const REPORT_CSS = [BASE, HEADER, CARDS, rangeRules(), CHARTS, TABLES, RESPONSIVE_AND_PRINT]
  .join('\n')
  .trim();
