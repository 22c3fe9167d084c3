// report.html for one experiment: the method, the tables, a uPlot line chart for each figure
// (with its reference lines) and the notes, in one self-contained file (styles, chart library and
// data inline; nothing fetched). It shares the simulation report's style sheet, escaping and
// footer wording. Pure: the same result and assets give the same bytes.
import { isNumericCell } from '../experiments/cells.ts';
import type { ExperimentFigure, ExperimentResult, ExperimentTable } from '../experiments/types.ts';
import { EXPERIMENT_CLIENT_SCRIPT } from './experimentClientScript.ts';
import { FOREST_CSS, renderForest } from './forestPlot.ts';
import { escapeHtml } from './html.ts';
import { reportPage } from './page.ts';
import { CHART_COLOURS } from './palette.ts';
import type { ReportAssets } from './simulationReport.ts';
import { REPORT_CSS } from './styles.ts';

/**
 * Series colours, in order of group: distinct on white and for common colour-vision deficiencies
 * (the Okabe–Ito palette's darker members, with the report's navy first).
 */
export const SERIES_COLOURS = ['#1e3a8a', '#d55e00', '#009e73', '#cc79a7', '#0072b2', '#8a6d00'];

const EXPERIMENT_CSS = `
.method-list,.notes-list{margin:0;padding-left:22px;display:grid;gap:6px;max-width:980px}
.method-list li,.notes-list li{padding-left:4px}
.command-badge{margin:0;padding:6px 10px;border:1px solid var(--line);border-radius:4px;background:var(--soft);font-size:12.5px;white-space:nowrap}
.exp-table-block{margin:0 0 18px;break-inside:avoid}
.exp-table-block h3{margin:0 0 6px;font-size:14px}
.exp-table td.text{white-space:normal;min-width:140px;max-width:360px}
.exp-table td.label{font-weight:550}
.table-note{margin:6px 0 0;color:var(--muted);font-size:12.5px;max-width:980px}
.figure-grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:14px}
.figure-card{border:1px solid var(--line);border-radius:6px;padding:12px 12px 6px;break-inside:avoid}
.figure-card figcaption{margin:0 0 6px}
.figure-card .chart{min-height:300px}
.figure-note{margin:4px 0 0;color:var(--muted);font-size:12px}
.figure-legend{list-style:none;display:flex;flex-wrap:wrap;gap:2px 16px;margin:2px 0 0 56px;padding:0;font-size:12px}
.figure-legend li{display:flex;align-items:center;gap:6px;white-space:nowrap}
.table-wrap.fit{display:inline-block;max-width:100%;min-width:min(100%,560px)}
.exp-table th{white-space:normal;min-width:64px}
.exp-table td.label{white-space:nowrap}
@media screen and (max-width:820px){.figure-grid{grid-template-columns:minmax(0,1fr)}}
@media print{.figure-grid{gap:8px}.exp-table td.text{max-width:none}.method-list,.notes-list{font-size:8.5pt}}
`;

/** Chart colours the page script reads (the same axis and grid as the simulation report). */
const EXPERIMENT_CHART_COLOURS = {
  axis: CHART_COLOURS.axis,
  grid: CHART_COLOURS.grid,
  reference: '#6b7280',
} as const;

function isNumericColumn(table: ExperimentTable, column: number): boolean {
  return table.rows.length > 0 && table.rows.every((row) => isNumericCell(row[column] ?? ''));
}

function renderTable(table: ExperimentTable, index: number): string {
  const numeric = table.columns.map((_, c) => isNumericColumn(table, c));
  const head = table.columns
    .map(
      (label, c) => `<th scope="col"${numeric[c] ? ' class="num"' : ''}>${escapeHtml(label)}</th>`,
    )
    .join('');
  const body = table.rows
    .map((row) => {
      const cells = table.columns.map((_, c) => {
        const text = escapeHtml(row[c] ?? '');
        const kind = numeric[c] ? 'num' : c === 0 ? 'label' : 'text';
        return `<td class="${kind}">${text}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('');
  const note =
    table.note === undefined ? '' : `<p class="table-note">${escapeHtml(table.note)}</p>`;
  const id = `table-${index + 1}`;
  return `<div class="exp-table-block" aria-labelledby="${id}-title">
<h3 id="${id}-title">Table ${index + 1}. ${escapeHtml(table.title)}</h3>
<div class="table-wrap${table.columns.length <= 4 ? ' fit' : ''}"><table class="data-table exp-table" id="${id}"><thead><tr>${head}</tr></thead>
<tbody>${body}</tbody></table></div>
${note}
</div>`;
}

/** One colour per series group (a series without a group is its own group), in order. */
function seriesColours(figure: ExperimentFigure): string[] {
  const groups: string[] = [];
  return figure.series.map((s) => {
    const key = s.group ?? `series:${s.name}`;
    let index = groups.indexOf(key);
    if (index < 0) index = groups.push(key) - 1;
    return SERIES_COLOURS[index % SERIES_COLOURS.length] as string;
  });
}

/** A legend entry: a short line sample in the series' colour and dash, then its name. */
function legendItem(name: string, colour: string, dashed: boolean): string {
  const dash = dashed ? ' stroke-dasharray="6 4"' : '';
  return `<li><svg class="legend-line" width="28" height="10" aria-hidden="true"><line x1="1" y1="5" x2="27" y2="5" stroke="${colour}" stroke-width="2.5"${dash}/></svg>${escapeHtml(name)}</li>`;
}

function renderFigure(figure: ExperimentFigure, index: number, colours: readonly string[]): string {
  const id = `figure-${index + 1}`;
  const legend = figure.series
    .map((s, i) => legendItem(s.name, colours[i] ?? '#000000', s.dashed ?? false))
    .join('');
  const note =
    figure.note === undefined ? '' : `<p class="figure-note">${escapeHtml(figure.note)}</p>`;
  const references = (figure.references ?? []).map((r) => r.label).join('; ');
  const caption = `${figure.yLabel} against ${figure.xLabel.toLowerCase()}: ${figure.series.map((s) => s.name).join(', ')}${references === '' ? '' : `; reference lines: ${references}`}.`;
  return `<figure class="chart-figure figure-card" aria-labelledby="cap-${id}">
<figcaption id="cap-${id}"><span class="figure-title">Figure ${index + 1}. ${escapeHtml(figure.title)}</span> <span class="sr-only">${escapeHtml(caption)}</span></figcaption>
<div class="chart" id="chart-${id}" data-chart="${id}" data-primary-colour="${colours[0] ?? ''}"></div>
<ul class="figure-legend" aria-label="Series">${legend}</ul>
${note}
</figure>`;
}

/** The figures as the page script draws them: colours resolved, absent options made explicit. */
function chartData(figures: readonly ExperimentFigure[]) {
  return {
    colours: EXPERIMENT_CHART_COLOURS,
    figures: figures.map((figure, index) => {
      const colours = seriesColours(figure);
      return {
        id: `figure-${index + 1}`,
        xLabel: figure.xLabel,
        yLabel: figure.yLabel,
        xScale: figure.xScale ?? 'linear',
        yScale: figure.yScale ?? 'linear',
        x: figure.x,
        series: figure.series.map((s, i) => ({
          name: s.name,
          y: s.y,
          dashed: s.dashed ?? false,
          colour: colours[i],
        })),
        references: figure.references ?? [],
      };
    }),
  };
}

function section(id: string, title: string, content: string): string {
  return `<section id="${id}" class="report-section" aria-labelledby="h-${id}">
<h2 id="h-${id}">${escapeHtml(title)}</h2>
${content}
</section>`;
}

function listItems(items: readonly string[]): string {
  return items.map((item) => `<li>${escapeHtml(item)}</li>`).join('\n');
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function counts(result: ExperimentResult): string {
  const parts = [counted(result.tables.length, 'table')];
  if (result.figures.length > 0) parts.push(counted(result.figures.length, 'figure'));
  const forests = result.forests?.length ?? 0;
  if (forests > 0) parts.push(counted(forests, 'forest plot'));
  return parts.join(' &middot; ');
}

function header(result: ExperimentResult): string {
  const kind = result.kind ?? 'experiment';
  return `<header class="report-header">
<p class="banner">Computed by simulation: a virtual pump and, where used, virtual patients &middot; research and education only &middot; not for treatment decisions</p>
<div class="title-row">
<div><p class="eyebrow">OpenCSII &middot; ${kind}</p><h1 id="report-title">${escapeHtml(result.title)}</h1>
<p class="subtitle">${counts(result)} &middot; deterministic: the same command gives the same numbers</p></div>
<p class="command-badge"><code>csii ${kind} ${escapeHtml(result.name)}</code></p>
</div>
</header>`;
}

function footer(): string {
  return `<footer class="report-footer">
<p><strong>Generated by OpenCSII</strong>, open-source research and education software. Not a medical device: do not use it to diagnose, treat or make therapy decisions for a real person.</p>
<p>All values are simulated; published figures are quoted for comparison.</p>
</footer>`;
}

function body(result: ExperimentResult): string {
  const figures = result.figures.map((f, i) => renderFigure(f, i, seriesColours(f)));
  return [
    header(result),
    '<main id="main">',
    section('method', 'Method', `<ol class="method-list">${listItems(result.method)}</ol>`),
    section('tables', 'Results', result.tables.map(renderTable).join('\n')),
    figures.length === 0
      ? ''
      : section('figures', 'Figures', `<div class="figure-grid">${figures.join('\n')}</div>`),
    (result.forests?.length ?? 0) === 0
      ? ''
      : section(
          'forests',
          'Forest plots',
          `<div class="forest-grid">${(result.forests ?? []).map(renderForest).join('\n')}</div>`,
        ),
    section(
      'notes',
      'Findings and caveats',
      `<ul class="notes-list">${listItems(result.notes)}</ul>`,
    ),
    '</main>',
    footer(),
  ].join('\n');
}

/** The complete HTML document of the report for `result`. */
export function renderExperimentReport(result: ExperimentResult, assets: ReportAssets): string {
  return reportPage({
    title: `${result.title} · OpenCSII ${result.kind ?? 'experiment'} report`,
    styles: [assets.uplotCss, REPORT_CSS, EXPERIMENT_CSS, FOREST_CSS],
    body: body(result),
    dataId: 'experiment-data',
    data: chartData(result.figures),
    scripts: [assets.uplotJs, EXPERIMENT_CLIENT_SCRIPT],
  });
}
