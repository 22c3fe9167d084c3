// The page script of an experiment report: draws each figure of the embedded JSON
// (#experiment-data) as a uPlot line chart, with its reference lines labelled on the canvas.
// Plain ES5-style JavaScript kept as a string, as clientScript.ts is, for the same reasons (no DOM
// types in the project's TypeScript; the report runs from a file with no module loader). When every
// chart has drawn once, <html data-charts-ready="true"> is set (the browser tests wait on it).

const SCRIPT = String.raw`
var D = JSON.parse(document.getElementById('experiment-data').textContent);
var C = D.colours;
var AXIS_FONT = '11px system-ui, "Liberation Sans", "DejaVu Sans", sans-serif';
var LABEL_FONT = '600 11px system-ui, "Liberation Sans", "DejaVu Sans", sans-serif';
var PRINT_WIDTH_PX = 320, SYMLOG_LINEAR_WITHIN = 1;
var charts = [], pending = 0;

function widthOf(el) { return Math.max(280, Math.floor(el.getBoundingClientRect().width)); }
function finite(v) { return v !== null && v !== undefined && isFinite(v); }

function numberText(v) {
  if (v === 0) return '0';
  var a = Math.abs(v);
  var digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return String(parseFloat(v.toFixed(digits)));
}
function valueText(v) { return finite(v) ? numberText(v) : '–'; }

function extent(fig) {
  var lo = Infinity, hi = -Infinity;
  fig.series.forEach(function (s) {
    s.y.forEach(function (v) { if (finite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
  });
  (fig.references || []).forEach(function (r) { lo = Math.min(lo, r.y); hi = Math.max(hi, r.y); });
  if (!isFinite(lo)) { lo = 0; hi = 1; }
  return [lo, hi];
}

function yRange(fig) {
  var e = extent(fig), lo = e[0], hi = e[1];
  if (fig.yScale === 'symlog') return [lo < 0 ? lo * 1.25 : 0, hi > 0 ? hi * 1.6 : 1];
  var span = hi - Math.min(lo, 0) || 1;
  return [lo < 0 ? lo - span * 0.08 : 0, hi + span * 0.12];
}

// Reference lines go under the series (drawAxes hook), their labels over them (draw hook).
function referencePositions(u, fig) {
  var b = u.bbox, out = [];
  (fig.references || []).forEach(function (ref) {
    var y = Math.round(u.valToPos(ref.y, 'y', true)) + 0.5;
    if (y >= b.top && y <= b.top + b.height) out.push({ y: y, label: ref.label });
  });
  return out;
}
function referenceLines(fig) {
  return function (u) {
    var ctx = u.ctx, b = u.bbox, r = uPlot.pxRatio;
    referencePositions(u, fig).forEach(function (p) {
      ctx.save();
      ctx.strokeStyle = C.reference; ctx.lineWidth = 1.25 * r;
      ctx.setLineDash([3 * r, 3 * r]);
      ctx.beginPath(); ctx.moveTo(b.left, p.y); ctx.lineTo(b.left + b.width, p.y); ctx.stroke();
      ctx.restore();
    });
  };
}
function referenceLabels(fig) {
  return function (u) {
    var ctx = u.ctx, b = u.bbox, r = uPlot.pxRatio;
    referencePositions(u, fig).forEach(function (p) {
      ctx.save();
      ctx.font = '600 ' + Math.round(10 * r) + 'px system-ui, "Liberation Sans", sans-serif';
      ctx.textAlign = 'right'; ctx.textBaseline = 'bottom';
      // A white backing keeps the label readable where a series crosses it.
      var right = b.left + b.width - 4 * r, w = ctx.measureText(p.label).width;
      ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
      ctx.fillRect(right - w - 3 * r, p.y - 14 * r, w + 6 * r, 12 * r);
      ctx.fillStyle = C.reference;
      ctx.fillText(p.label, right, p.y - 2 * r);
      ctx.restore();
    });
  };
}

// The x range is the data's (a log scale would otherwise round out to whole decades).
function xScale(fig) {
  var lo = Math.min.apply(null, fig.x), hi = Math.max.apply(null, fig.x);
  if (fig.xScale === 'log') return { time: false, distr: 3, log: 10, range: function () { return [lo / 1.12, hi * 1.12]; } };
  var pad = (hi - lo) * 0.03 || 1;
  return { time: false, range: function () { return [lo - pad, hi + pad]; } };
}
function yScale(fig) {
  var range = yRange(fig);
  var s = { range: function () { return range; } };
  if (fig.yScale === 'symlog') { s.distr = 4; s.asinh = SYMLOG_LINEAR_WITHIN; }
  return s;
}

// Symlog ticks: 0 and ±1, ±10, ±100, ... within the range (uPlot's own asinh ticks crowd).
function symlogSplits(u) {
  var min = u.scales.y.min, max = u.scales.y.max, out = [0];
  for (var p = 1; p <= 1e6; p *= 10) {
    if (p <= max) out.push(p);
    if (-p >= min) out.unshift(-p);
  }
  return out;
}
function keepAll(u, splits) { return splits; }

function axes(fig) {
  var common = { font: AXIS_FONT, labelFont: LABEL_FONT, stroke: C.axis, filter: keepAll,
    grid: { stroke: C.grid, width: 1 }, ticks: { stroke: C.grid, width: 1, size: 4 } };
  var x = Object.assign({ label: fig.xLabel, labelSize: 20, size: 40,
    values: function (u, splits) { return splits.map(valueText); } }, common);
  // Few x values (windows, thresholds): tick exactly at them, on a log axis too.
  if (fig.x.length <= 12) x.splits = function () { return fig.x.slice(); };
  var y = Object.assign({ scale: 'y', label: fig.yLabel, labelSize: 20, size: 56,
    values: function (u, splits) { return splits.map(valueText); } }, common);
  if (fig.yScale === 'symlog') y.splits = symlogSplits;
  return [x, y];
}

function seriesOptions(fig) {
  var showPoints = fig.x.length <= 20;
  return [{ label: fig.xLabel, value: function (u, v) { return valueText(v); } }].concat(
    fig.series.map(function (s) {
      return { label: s.name, scale: 'y', stroke: s.colour, width: s.dashed ? 1.75 : 2.25, dash: s.dashed ? [6, 4] : undefined,
        spanGaps: false, value: function (u, v) { return valueText(v); },
        points: { show: showPoints, size: 6, width: 1.5, stroke: s.colour, fill: '#ffffff' } };
    }));
}

function markDrawn(u) {
  if (u._reportDrawn) return;
  u._reportDrawn = true; pending -= 1;
  if (pending === 0) document.documentElement.setAttribute('data-charts-ready', 'true');
}

function draw(fig) {
  var el = document.getElementById('chart-' + fig.id);
  var opts = {
    width: widthOf(el), height: 300,
    scales: { x: xScale(fig), y: yScale(fig) },
    series: seriesOptions(fig), axes: axes(fig),
    hooks: { drawAxes: [referenceLines(fig)], draw: [referenceLabels(fig), markDrawn] },
    // The legend is in the page (drawn server-side, with line samples); no hover read-out.
    cursor: { show: false },
    legend: { show: false }
  };
  var data = [fig.x].concat(fig.series.map(function (s) { return s.y; }));
  pending += 1;
  charts.push({ chart: new uPlot(opts, data, el), el: el });
}

function resizeAll(fixedWidth) {
  charts.forEach(function (c) {
    c.chart.setSize({ width: fixedWidth || widthOf(c.el), height: c.chart.height });
  });
}

function start() {
  if (typeof uPlot !== 'function') throw new Error('OpenCSII report: the uPlot library did not load');
  if (D.figures.length === 0) document.documentElement.setAttribute('data-charts-ready', 'true');
  D.figures.forEach(draw);
  var timer = 0;
  window.addEventListener('resize', function () { clearTimeout(timer); timer = setTimeout(function () { resizeAll(0); }, 100); });
  window.addEventListener('beforeprint', function () { resizeAll(PRINT_WIDTH_PX); });
  window.addEventListener('afterprint', function () { resizeAll(0); });
}
start();
`;

/** The whole page script in one strict-mode closure. */
export const EXPERIMENT_CLIENT_SCRIPT = `(function () {\n'use strict';${SCRIPT}})();\n`;
