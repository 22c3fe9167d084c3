// The page script that draws the charts with uPlot from the embedded JSON (#report-data).
// It is plain ES5-style JavaScript kept as a string: the project's TypeScript has no DOM types,
// and the report must run from a file with no module loader. The browser test
// (test/report.browser.test.ts) is what checks it.
//
// Time: x values are "local seconds" (see localTime.ts); uPlot is told to read them in UTC so
// the ticks show the scenario's wall-clock time whatever the viewer's time zone.
// When every chart has drawn once, <html data-charts-ready="true"> is set (the test waits on it).

const HELPERS = String.raw`
var D = JSON.parse(document.getElementById('report-data').textContent);
var T = D.thresholds, C = D.colours;
var WEEKDAYS = ['Sun','Mon','Tue','Wed','Thu','Fri','Sat'];
var MONTHS = ['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'];
var AXIS_FONT = '11px system-ui, "Liberation Sans", "DejaVu Sans", sans-serif';
var LABEL_FONT = '600 11px system-ui, "Liberation Sans", "DejaVu Sans", sans-serif';
var LEFT_AXIS_PX = 52, RIGHT_AXIS_PX = 52, LABEL_PX = 18, PRINT_WIDTH_PX = 660;
var traceCharts = [], allCharts = [], pending = 0, syncingX = false;

function pad2(n) { return n < 10 ? '0' + n : String(n); }
function parts(sec) {
  var d = new Date(sec * 1000);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth(), d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), wd: d.getUTCDay() };
}
function dayLabel(p) { return pad2(p.d) + ' ' + MONTHS[p.mo]; }
function dateTime(sec) {
  var p = parts(sec);
  return p.y + '-' + pad2(p.mo + 1) + '-' + pad2(p.d) + ' ' + pad2(p.h) + ':' + pad2(p.mi);
}
function timeTicks(u, splits, axisIdx, space, incr) {
  return splits.map(function (s) {
    var p = parts(s), hm = pad2(p.h) + ':' + pad2(p.mi);
    if (incr >= 86400) return dayLabel(p) + '\n' + WEEKDAYS[p.wd];
    return p.h === 0 && p.mi === 0 ? hm + '\n' + WEEKDAYS[p.wd] + ' ' + dayLabel(p) : hm;
  });
}
function fixed(digits, unit) {
  return function (u, v) { return v == null ? '–' : v.toFixed(digits) + (unit ? ' ' + unit : ''); };
}
function niceMax(max, floor, step) {
  var m = max == null || !isFinite(max) ? floor : Math.max(floor, max * 1.12);
  return Math.ceil(m / step) * step;
}
function widthOf(el) { return Math.max(320, Math.floor(el.getBoundingClientRect().width)); }

function yAxis(scale, label) {
  return { scale: scale, label: label, size: LEFT_AXIS_PX, labelSize: LABEL_PX, font: AXIS_FONT, labelFont: LABEL_FONT,
    stroke: C.axis, grid: { stroke: C.grid, width: 1 }, ticks: { stroke: C.grid, width: 1, size: 4 } };
}
function rightAxis(scale, label, values) {
  return { scale: scale, side: 1, label: label, size: RIGHT_AXIS_PX, labelSize: LABEL_PX, font: AXIS_FONT, labelFont: LABEL_FONT,
    stroke: C.axis, grid: { show: false }, ticks: { stroke: C.grid, width: 1, size: 4 }, values: values };
}
function mmolAxis(scale) {
  return rightAxis(scale, 'mmol/L', function (u, splits) {
    return splits.map(function (v) { return (v / T.mgdlPerMmolL).toFixed(1); });
  });
}
// Charts without a right-hand series keep an empty right axis so all plots line up.
function blankRightAxis(scale) {
  var axis = rightAxis(scale, '', function (u, splits) { return splits.map(function () { return ''; }); });
  axis.ticks = { show: false };
  return axis;
}
function timeAxis() {
  return { size: 46, font: AXIS_FONT, stroke: C.axis, grid: { stroke: C.grid, width: 1 }, ticks: { stroke: C.grid, width: 1, size: 4 }, values: timeTicks, space: 48 };
}

function hLine(u, scale, value, colour, dash, label) {
  var ctx = u.ctx, b = u.bbox, r = uPlot.pxRatio, y = Math.round(u.valToPos(value, scale, true)) + 0.5;
  if (y < b.top || y > b.top + b.height) return;
  ctx.save();
  ctx.strokeStyle = colour; ctx.lineWidth = 1.25 * r;
  ctx.setLineDash(dash.map(function (d) { return d * r; }));
  ctx.beginPath(); ctx.moveTo(b.left, y); ctx.lineTo(b.left + b.width, y); ctx.stroke();
  if (label) {
    ctx.setLineDash([]); ctx.fillStyle = colour; ctx.font = '600 ' + Math.round(10 * r) + 'px sans-serif';
    ctx.textAlign = 'right'; ctx.textBaseline = 'bottom';
    ctx.fillText(label, b.left + b.width - 4 * r, y - 2 * r);
  }
  ctx.restore();
}
function targetBand(u, scale) {
  var ctx = u.ctx, b = u.bbox;
  var top = Math.max(b.top, u.valToPos(T.highMgdl, scale, true));
  var bottom = Math.min(b.top + b.height, u.valToPos(T.lowMgdl, scale, true));
  if (bottom <= top) return;
  ctx.save(); ctx.fillStyle = C.targetBand; ctx.fillRect(b.left, top, b.width, bottom - top); ctx.restore();
}
function toSec(minutes) { return D.startLocalSeconds + minutes * 60; }
function shadeEvents(u, onlyKetone, withStrip) {
  var ctx = u.ctx, b = u.bbox, r = uPlot.pxRatio, laneH = 5 * r;
  ctx.save();
  D.events.forEach(function (e) {
    if (onlyKetone && !e.ketone) return;
    var x0 = u.valToPos(toSec(e.startMinutes), 'x', true), x1 = u.valToPos(toSec(e.endMinutes), 'x', true);
    var left = Math.max(b.left, x0), right = Math.min(b.left + b.width, Math.max(x1, x0 + 2 * r));
    if (right <= left) return;
    ctx.fillStyle = e.colour;
    ctx.globalAlpha = 0.13; ctx.fillRect(left, b.top, right - left, b.height);
    if (withStrip) { ctx.globalAlpha = 0.95; ctx.fillRect(left, b.top + e.lane * laneH, right - left, laneH - r); }
  });
  ctx.restore();
}

function markDiary(u) {
  var ctx = u.ctx, b = u.bbox, r = uPlot.pxRatio, size = 5 * r, base = b.top + b.height - 1 * r;
  ctx.save();
  D.diaryMarks.forEach(function (m) {
    var x = u.valToPos(toSec(m.minutes), 'x', true);
    if (x < b.left || x > b.left + b.width) return;
    ctx.fillStyle = m.colour;
    ctx.beginPath(); ctx.moveTo(x, base - 2 * size); ctx.lineTo(x - size, base); ctx.lineTo(x + size, base); ctx.closePath(); ctx.fill();
  });
  ctx.restore();
}

function syncX(u, key) {
  if (key !== 'x' || syncingX) return;
  syncingX = true;
  traceCharts.forEach(function (other) {
    if (other !== u) other.setScale('x', { min: u.scales.x.min, max: u.scales.x.max });
  });
  syncingX = false;
}
function markDrawn(u) {
  if (u._reportDrawn) return;
  u._reportDrawn = true; pending -= 1;
  if (pending === 0) document.documentElement.setAttribute('data-charts-ready', 'true');
}

function make(el, opts, data, isTrace) {
  opts.width = widthOf(el);
  opts.hooks = opts.hooks || {};
  opts.hooks.draw = (opts.hooks.draw || []).concat([markDrawn]);
  if (isTrace) opts.hooks.setScale = [syncX];
  pending += 1;
  var chart = new uPlot(opts, data, el);
  allCharts.push({ chart: chart, el: el });
  if (isTrace) traceCharts.push(chart);
  return chart;
}

function traceOptions(height, series, axes, hooks) {
  return {
    height: height, series: [{ label: 'Local time', value: function (u, v) { return v == null ? '–' : dateTime(v); } }].concat(series),
    axes: [timeAxis()].concat(axes), hooks: hooks,
    scales: { x: { time: true } },
    tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
    cursor: { sync: { key: 'opencsii-trace' }, drag: { x: true, y: false }, points: { size: 6 } },
    legend: { live: true }
  };
}
`;

const CHARTS = String.raw`
function glucoseChart(el, x, t) {
  // CGM first so the plasma line is drawn over the points.
  var opts = traceOptions(300, [
    { label: 'CGM', scale: 'mgdl', stroke: C.cgm, fill: C.cgm, width: 0, paths: function () { return null; },
      points: { show: true, space: 0, size: 3, width: 0, stroke: C.cgmPoint, fill: C.cgmPoint }, value: fixed(0, 'mg/dL') },
    { label: 'Plasma glucose', scale: 'mgdl', stroke: C.plasma, width: 1.2, value: fixed(0, 'mg/dL') }
  ], [yAxis('mgdl', 'mg/dL'), mmolAxis('mgdl')], {
    drawAxes: [function (u) {
      targetBand(u, 'mgdl');
      shadeEvents(u, false, true);
      hLine(u, 'mgdl', T.lowMgdl, C.targetLine, [], '');
      hLine(u, 'mgdl', T.highMgdl, C.targetLine, [], '');
      markDiary(u);
    }]
  });
  opts.scales.mgdl = { range: function (u, min, max) {
    return [Math.min(40, min == null ? 40 : Math.floor(min / 20) * 20), niceMax(max, 300, 50)];
  } };
  return make(el, opts, [x, t.cgmMgdl, t.plasmaMgdl], true);
}

function insulinChart(el, x, t) {
  var opts = traceOptions(190, [
    { label: 'Basal rate', scale: 'uph', stroke: C.basal, fill: C.basalFill, width: 1.25,
      paths: uPlot.paths.stepped({ align: -1 }), value: fixed(2, 'U/h') },
    { label: 'Bolus', scale: 'u', stroke: C.bolus, fill: C.bolus, width: 0,
      paths: uPlot.paths.bars({ size: [0.6, 8, 3] }), points: { show: false }, value: fixed(2, 'U') }
  ], [yAxis('uph', 'U/h'), rightAxis('u', 'bolus U')], {});
  opts.scales.uph = { range: function (u, min, max) { return [0, niceMax(max, 1, 0.5)]; } };
  opts.scales.u = { range: function (u, min, max) { return [0, niceMax(max, 2, 2)]; } };
  return make(el, opts, [x, t.basalUnitsPerHour, t.bolusUnits], true);
}

function carbsChart(el, x, t) {
  function bars(label, colour) {
    return { label: label, scale: 'g', stroke: colour, fill: colour, width: 0,
      paths: uPlot.paths.bars({ size: [0.6, 8, 3] }), points: { show: false }, value: fixed(0, 'g') };
  }
  var series = [bars('Carbohydrate', C.carbs)];
  var data = [x, t.carbsGrams];
  // Slow meals get a series of their own only in a run that has some.
  if (t.slowCarbsGrams.some(function (g) { return g !== null; })) {
    series.push(bars('Slow meal', C.slowCarbs));
    data.push(t.slowCarbsGrams);
  }
  var opts = traceOptions(150, series, [yAxis('g', 'g'), blankRightAxis('g')], {});
  opts.scales.g = { range: function (u, min, max) { return [0, niceMax(max, 20, 20)]; } };
  return make(el, opts, data, true);
}

function bohbChart(el, x, t) {
  var opts = traceOptions(190, [
    { label: 'BOHB', scale: 'mmol', stroke: C.bohb, width: 1.5, value: fixed(2, 'mmol/L') }
  ], [yAxis('mmol', 'mmol/L'), blankRightAxis('mmol')], {
    drawAxes: [function (u) {
      shadeEvents(u, true, false);
      hLine(u, 'mmol', T.ketoacidosisBohbMmolL, C.ketoacidosisLine, [6, 4], 'ketoacidosis ' + T.ketoacidosisBohbMmolL.toFixed(1) + ' mmol/L');
    }]
  });
  opts.scales.mmol = { range: function (u, min, max) { return [0, niceMax(max, T.ketoacidosisBohbMmolL + 0.5, 0.5)]; } };
  return make(el, opts, [x, t.bohbMmolL], true);
}

var NO_POINTS = { show: false };

function agpChart(el) {
  var a = D.agp;
  var hourValue = function (u, v) { return v == null ? '–' : pad2(Math.floor(v)) + ':' + pad2(Math.round((v % 1) * 60)); };
  var opts = {
    height: 320,
    scales: { x: { time: false, range: [0, 24] }, mgdl: { range: function (u, min, max) { return [0, niceMax(max, 350, 50)]; } } },
    series: [
      { label: 'Time of day', value: hourValue },
      { label: '5th', scale: 'mgdl', stroke: C.agpOuter, width: 1, dash: [4, 3], points: NO_POINTS, value: fixed(0, 'mg/dL') },
      { label: '25th', scale: 'mgdl', stroke: C.agpInner, width: 1, points: NO_POINTS, value: fixed(0, 'mg/dL') },
      { label: '75th', scale: 'mgdl', stroke: C.agpInner, width: 1, points: NO_POINTS, value: fixed(0, 'mg/dL') },
      { label: '95th', scale: 'mgdl', stroke: C.agpOuter, width: 1, dash: [4, 3], points: NO_POINTS, value: fixed(0, 'mg/dL') },
      // The median comes last so the band fills do not cover it.
      { label: 'Median', scale: 'mgdl', stroke: C.agpMedian, width: 2.6, points: NO_POINTS, value: fixed(0, 'mg/dL') }
    ],
    bands: [{ series: [4, 3], fill: C.agpOuterFill }, { series: [3, 2], fill: C.agpInnerFill }, { series: [2, 1], fill: C.agpOuterFill }],
    axes: [
      { size: 34, font: AXIS_FONT, stroke: C.axis, grid: { stroke: C.grid, width: 1 }, ticks: { stroke: C.grid, width: 1, size: 4 },
        splits: function () { return [0, 3, 6, 9, 12, 15, 18, 21, 24]; },
        values: function (u, splits) { return splits.map(function (h) { return pad2(h) + ':00'; }); } },
      yAxis('mgdl', 'mg/dL'), mmolAxis('mgdl')
    ],
    hooks: { drawAxes: [function (u) {
      hLine(u, 'mgdl', T.lowMgdl, C.targetLine, [], T.lowMgdl + ' mg/dL');
      hLine(u, 'mgdl', T.highMgdl, C.targetLine, [], T.highMgdl + ' mg/dL');
    }] },
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    legend: { live: true }
  };
  return make(el, opts, [a.hours, a.p5, a.p25, a.p75, a.p95, a.p50], false);
}

function resizeAll(fixedWidth) {
  allCharts.forEach(function (c) {
    c.chart.setSize({ width: fixedWidth || widthOf(c.el), height: c.chart.height });
  });
}

function start() {
  if (typeof uPlot !== 'function') throw new Error('OpenCSII report: the uPlot library did not load');
  var t = D.trace;
  var x = t.minutes.map(toSec);
  agpChart(document.getElementById('chart-agp'));
  glucoseChart(document.getElementById('chart-glucose'), x, t);
  insulinChart(document.getElementById('chart-insulin'), x, t);
  carbsChart(document.getElementById('chart-carbs'), x, t);
  bohbChart(document.getElementById('chart-bohb'), x, t);
  var timer = 0;
  window.addEventListener('resize', function () { clearTimeout(timer); timer = setTimeout(function () { resizeAll(0); }, 100); });
  window.addEventListener('beforeprint', function () { resizeAll(PRINT_WIDTH_PX); });
  window.addEventListener('afterprint', function () { resizeAll(0); });
}
start();
`;

/** The whole page script: helpers and chart builders in one strict-mode closure. */
export const CLIENT_SCRIPT = `(function () {\n'use strict';${HELPERS}${CHARTS}})();\n`;
