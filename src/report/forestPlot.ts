// Forest plots as inline SVG: one row per arm or published figure, a point estimate with its
// confidence interval on a shared axis, a dashed reference line, and the numbers written at the
// right so the chart reads without the axis. Drawn at build time (no script): it prints, it
// needs nothing from the page, and the same data give the same bytes.
import type { ExperimentForest } from '../experiments/types.ts';
import { escapeHtml } from './html.ts';
import { formatNumber } from './format.ts';

const WIDTH = 760;
const LABEL_WIDTH = 250;
const TEXT_WIDTH = 170;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_RIGHT = WIDTH - TEXT_WIDTH - 10;
const ROW_HEIGHT = 26;
const TOP = 14;
const AXIS_HEIGHT = 50;
const ARM_COLOUR = '#1e3a8a';
const PUBLISHED_COLOUR = '#d55e00';
const MUTED = '#6b7280';

/** Tick values from the "nice" steps 1, 2, 2.5, 5 × 10^k, about five across [low, high]. */
export function niceTicks(low: number, high: number, count = 5): number[] {
  if (!(high > low)) return [low];
  const rough = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  // Whole multiples of the step, written with the step's decimals (no drift from adding).
  const decimals = Math.max(0, 1 - Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  const last = Math.floor(high / step + 1e-9);
  for (let k = Math.ceil(low / step - 1e-9); k <= last; k += 1) {
    ticks.push(Number((k * step).toFixed(Math.min(decimals, 20))));
  }
  return ticks;
}

/** The axis range: every interval and the reference, padded, from 0 when all values are ≥ 0. */
function axisRange(forest: ExperimentForest): [number, number] {
  const values = forest.rows.flatMap((r) => [r.lower, r.upper, r.estimate]);
  if (forest.reference !== undefined) values.push(forest.reference.value);
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let low = Math.min(...finite);
  let high = Math.max(...finite);
  if (low >= 0 && low <= (high - low) * 0.5) low = 0;
  if (high === low) high = low + 1;
  const pad = (high - low) * 0.05;
  const ticks = niceTicks(low === 0 ? 0 : low - pad, high + pad);
  return [Math.min(ticks[0] ?? low, low), Math.max(ticks.at(-1) ?? high, high + pad)];
}

function digitsFor(forest: ExperimentForest): number {
  return forest.digits ?? 2;
}

/** One forest plot as an SVG element with a title and a text alternative. */
export function renderForestSvg(forest: ExperimentForest, id: string): string {
  const [low, high] = axisRange(forest);
  const x = (v: number) => PLOT_LEFT + ((v - low) / (high - low)) * (PLOT_RIGHT - PLOT_LEFT);
  const height = TOP + forest.rows.length * ROW_HEIGHT + AXIS_HEIGHT;
  const axisY = TOP + forest.rows.length * ROW_HEIGHT + 6;
  const digits = digitsFor(forest);
  const parts: string[] = [];
  forest.rows.forEach((row, i) => {
    const y = TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2;
    const colour = row.published === true ? PUBLISHED_COLOUR : ARM_COLOUR;
    parts.push(
      `<text x="${LABEL_WIDTH}" y="${y + 4}" text-anchor="end" class="forest-label">${escapeHtml(row.label)}</text>`,
    );
    if (Number.isFinite(row.lower) && Number.isFinite(row.upper)) {
      parts.push(
        `<line x1="${x(row.lower).toFixed(1)}" y1="${y}" x2="${x(row.upper).toFixed(1)}" y2="${y}" stroke="${colour}" stroke-width="2"/>`,
      );
    }
    if (Number.isFinite(row.estimate)) {
      const cx = x(row.estimate);
      parts.push(
        row.published === true
          ? `<path d="M${(cx - 6).toFixed(1)} ${y} L${cx.toFixed(1)} ${y - 6} L${(cx + 6).toFixed(1)} ${y} L${cx.toFixed(1)} ${y + 6} Z" fill="${colour}"/>`
          : `<rect x="${(cx - 5).toFixed(1)}" y="${y - 5}" width="10" height="10" fill="${colour}"/>`,
      );
    }
    const interval =
      Number.isFinite(row.lower) && Number.isFinite(row.upper)
        ? ` [${formatNumber(row.lower, digits)}, ${formatNumber(row.upper, digits)}]`
        : '';
    parts.push(
      `<text x="${PLOT_RIGHT + 12}" y="${y + 4}" class="forest-value">${formatNumber(row.estimate, digits)}${interval}</text>`,
    );
  });
  const ticks = niceTicks(low, high);
  // Every tick with the decimals of the finest one (7.0, 7.5, 8.0 rather than 7, 7.50, 8).
  const tickDigits = Math.max(0, ...ticks.map((t) => String(t).split('.')[1]?.length ?? 0));
  for (const tick of ticks) {
    const tx = x(tick).toFixed(1);
    parts.push(
      `<line x1="${tx}" y1="${axisY}" x2="${tx}" y2="${axisY + 5}" stroke="${MUTED}"/>`,
      `<text x="${tx}" y="${axisY + 18}" text-anchor="middle" class="forest-tick">${formatNumber(tick, tickDigits)}</text>`,
    );
  }
  parts.push(
    `<line x1="${PLOT_LEFT}" y1="${axisY}" x2="${PLOT_RIGHT}" y2="${axisY}" stroke="${MUTED}"/>`,
    `<text x="${(PLOT_LEFT + PLOT_RIGHT) / 2}" y="${axisY + 34}" text-anchor="middle" class="forest-axis">${escapeHtml(forest.measure)}</text>`,
  );
  if (forest.reference !== undefined && Number.isFinite(forest.reference.value)) {
    const rx = x(forest.reference.value).toFixed(1);
    parts.push(
      `<line x1="${rx}" y1="${TOP - 6}" x2="${rx}" y2="${axisY}" stroke="${MUTED}" stroke-dasharray="4 3"><title>${escapeHtml(forest.reference.label)}</title></line>`,
    );
  }
  return `<svg class="forest" id="${id}" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${id}-desc"><desc id="${id}-desc">${escapeHtml(describe(forest))}</desc>${parts.join('')}</svg>`;
}

/** The chart in words, for screen readers and for anyone who reads the numbers. */
function describe(forest: ExperimentForest): string {
  const digits = digitsFor(forest);
  const rows = forest.rows.map((r) => {
    const interval =
      Number.isFinite(r.lower) && Number.isFinite(r.upper)
        ? ` (${formatNumber(r.lower, digits)} to ${formatNumber(r.upper, digits)})`
        : '';
    return `${r.label}: ${formatNumber(r.estimate, digits)}${interval}`;
  });
  const reference =
    forest.reference === undefined
      ? ''
      : `; reference ${forest.reference.label} at ${formatNumber(forest.reference.value, digits)}`;
  return `${forest.title}, ${forest.measure}. ${rows.join('; ')}${reference}.`;
}

export const FOREST_CSS = `
.forest-grid{display:grid;gap:16px}
.forest-card{border:1px solid var(--line);border-radius:6px;padding:12px;break-inside:avoid;max-width:980px}
.forest-card figcaption{margin:0 0 6px}
svg.forest{display:block;font-family:inherit}
svg.forest .forest-label{font-size:12.5px;fill:#111827}
svg.forest .forest-value,svg.forest .forest-tick{font-size:11.5px;fill:#374151;font-variant-numeric:tabular-nums}
svg.forest .forest-axis{font-size:12px;fill:#374151}
.forest-key{margin:4px 0 0;color:var(--muted);font-size:12px}
`;

/** A forest plot with its caption and note, as a figure card. */
export function renderForest(forest: ExperimentForest, index: number): string {
  const id = `forest-${index + 1}`;
  const note =
    forest.note === undefined ? '' : `<p class="figure-note">${escapeHtml(forest.note)}</p>`;
  const hasPublished = forest.rows.some((r) => r.published === true);
  const key = `<p class="forest-key">Squares: simulated arms with 95${'\u00a0'}% confidence intervals${hasPublished ? '; diamonds: published figures' : ''}${forest.reference === undefined ? '' : `; dashed line: ${escapeHtml(forest.reference.label)}`}.</p>`;
  return `<figure class="forest-card" aria-labelledby="cap-${id}">
<figcaption id="cap-${id}"><span class="figure-title">Forest plot ${index + 1}. ${escapeHtml(forest.title)}</span></figcaption>
${renderForestSvg(forest, id)}
${key}
${note}
</figure>`;
}
