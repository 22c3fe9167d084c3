// Experiment 'occlusion': time to the occlusion alarm and the bolus released after the blockage
// clears, measured on the pump engine with a blocked line (IEC 60601-2-24 defines both
// measurements), for the default occlusion threshold and others, beside published figures.
import { fixed, hoursMinutes, signed } from './cells.ts';
import {
  findMeasurement,
  OCCLUSION_PLAN,
  runOcclusion,
  scenarioLabel,
  type OcclusionData,
  type OcclusionScenario,
} from './occlusionPlan.ts';
import { occlusionMethod, occlusionNotes } from './occlusionText.ts';
import { toUnits } from './pumpSetup.ts';
import type { Experiment, ExperimentFigure, ExperimentResult, ExperimentTable } from './types.ts';

/** Published figures (clinical.md, "Modern pumps"; Freckmann et al. JDST 2018). */
const PUBLISHED: Readonly<Record<OcclusionScenario['id'], { text: string; source: string }>> = {
  'bolus-5': { text: 'about 30–35 min', source: 'Omnipod 5 labelling' },
  'basal-1': {
    text: 'about 3 h, up to 5.5 h; under 5 h in all 10 systems tested',
    source: 'Omnipod 5 labelling; Freckmann et al. JDST 2018',
  },
  'basal-0.1': {
    text: 'tens of hours (0.05–0.1 U/h); medians from about 4 h to over 40 h, over 6–8 h in 9 of 10 systems',
    source: 'Omnipod 5 labelling; Freckmann et al. JDST 2018',
  },
};

function comparisonTable(data: OcclusionData): ExperimentTable {
  const th = data.defaultThresholdUnits;
  const ids: OcclusionScenario['id'][] = ['bolus-5', 'basal-1', 'basal-0.1'];
  const rows = ids.map((id) => {
    const m = findMeasurement(data, id, th);
    const missed = m?.run.missedAtAlarmMilliunits ?? null;
    return [
      scenarioLabel(id),
      hoursMinutes(m?.run.timeToAlarmMinutes ?? null),
      fixed(missed === null ? null : toUnits(missed), 2),
      PUBLISHED[id].text,
      PUBLISHED[id].source,
    ];
  });
  rows.push([
    'Missed insulin at the alarm',
    '–',
    `${fixed(th, 2)} (the threshold)`,
    'about 3–5 U',
    'Omnipod 5 labelling; Freckmann et al. JDST 2018',
  ]);
  return {
    title: `Time to occlusion alarm at the default threshold (${fixed(th, 1)} U), beside published figures`,
    columns: ['Case', 'Ours: time to alarm', 'Ours: missed at alarm (U)', 'Published', 'Source'],
    rows,
    note: 'Ours: blockage just after a pulse, engine ticked every minute, ideal pressure sensor. Published: real pumps and infusion sets on the bench.',
  };
}

function thresholdTable(data: OcclusionData): ExperimentTable {
  const cell = (id: OcclusionScenario['id'], th: number, perMinutes: number, digits: number) => {
    const m = findMeasurement(data, id, th);
    const measured = m?.run.timeToAlarmMinutes ?? null;
    return [
      fixed(measured === null ? null : measured / perMinutes, digits),
      fixed(m === undefined ? null : m.expectedMinutes / perMinutes, digits),
    ];
  };
  return {
    title: 'Time to occlusion alarm by threshold: measured, and what the threshold alone predicts',
    columns: [
      'Threshold (U)',
      '0.1 U/h: measured (h)',
      '0.1 U/h: threshold ÷ rate (h)',
      '1 U/h: measured (h)',
      '1 U/h: threshold ÷ rate (h)',
      '5 U bolus: measured (min)',
      `5 U bolus: threshold ÷ ${fixed(data.bolusSpeedUnitsPerMinute, 1)} U/min (min)`,
    ],
    rows: data.thresholdsUnits.map((th) => [
      `${fixed(th, 1)}${th === data.defaultThresholdUnits ? ' (default)' : ''}`,
      ...cell('basal-0.1', th, 60, 2),
      ...cell('basal-1', th, 60, 2),
      ...cell('bolus-5', th, 1, 1),
    ]),
    note: 'Measured from the blockage to the alarm. The pump reads the pressure once per 1-min tick, before that tick’s pulses.',
  };
}

function releaseTable(data: OcclusionData): ExperimentTable {
  const u = (mU: number | null, digits = 2) => fixed(mU === null ? null : toUnits(mU), digits);
  return {
    title: 'Bolus released when the blockage clears',
    columns: [
      'Case',
      'Threshold (U)',
      'Engine: missed at alarm (U)',
      'Line: held at alarm (U)',
      'Engine: released (U)',
      'Line: released (U)',
      'Line − engine (U)',
      'Delivered while alarmed (U)',
      'Bolus resumed after clearing (U)',
    ],
    rows: data.measurements.map((m) => {
      const r = m.run;
      const difference =
        r.releasedByLineMilliunits === null || r.releasedByEngineMilliunits === null
          ? null
          : r.releasedByLineMilliunits - r.releasedByEngineMilliunits;
      return [
        scenarioLabel(m.scenario),
        fixed(m.thresholdUnits, 1),
        u(r.missedAtAlarmMilliunits),
        u(r.trappedAtAlarmMilliunits),
        u(r.releasedByEngineMilliunits),
        u(r.releasedByLineMilliunits),
        difference === null ? '–' : signed(toUnits(difference), 2),
        u(r.deliveredWhileAlarmedMilliunits),
        u(r.bolusDeliveredAfterClearMilliunits),
      ];
    }),
    note: `Engine: alarm_raised.missedMilliunits and alarm_cleared.releasedMilliunits. Line: the blocked-line model, which holds every pulse pushed after the blockage. The alarm is answered ${fixed(data.plan.responseMinutes, 0)} min after it sounds; the blockage then clears and the line empties into the patient.`,
  };
}

export function occlusionResult(data: OcclusionData): ExperimentResult {
  return {
    name: 'occlusion',
    title: 'Occlusion detection: time to alarm and bolus released',
    method: occlusionMethod(data),
    tables: [comparisonTable(data), thresholdTable(data), releaseTable(data)],
    figures: occlusionFigures(data),
    notes: occlusionNotes(data),
    data,
  };
}

function timeFigure(
  data: OcclusionData,
  o: { id: OcclusionScenario['id']; perMinutes: number; unit: string },
): ExperimentFigure {
  const ms = data.thresholdsUnits.map((th) => findMeasurement(data, o.id, th));
  const measured = ms.map((m) => {
    const t = m?.run.timeToAlarmMinutes ?? null;
    return t === null ? null : t / o.perMinutes;
  });
  return {
    title: `Time to alarm by threshold: ${scenarioLabel(o.id)}`,
    xLabel: 'Occlusion threshold (U)',
    yLabel: `Time to alarm (${o.unit})`,
    x: [...data.thresholdsUnits],
    series: [
      { name: 'Measured (engine)', y: measured },
      {
        name: o.id === 'bolus-5' ? 'Threshold ÷ bolus speed' : 'Threshold ÷ basal rate',
        dashed: true,
        y: ms.map((m) => (m === undefined ? null : m.expectedMinutes / o.perMinutes)),
      },
    ],
    references: PUBLISHED_LINES[o.id],
  };
}

/** Published figures drawn as horizontal lines (values as in PUBLISHED above). */
const PUBLISHED_LINES: Readonly<
  Record<OcclusionScenario['id'], NonNullable<ExperimentFigure['references']>>
> = {
  'bolus-5': [
    { label: 'published 30 min', y: 30 },
    { label: 'published 35 min', y: 35 },
  ],
  'basal-1': [
    { label: 'published about 3 h', y: 3 },
    { label: 'published up to 5.5 h', y: 5.5 },
  ],
  'basal-0.1': [
    { label: 'fastest median, about 4 h (Freckmann)', y: 4 },
    { label: 'slowest median, over 40 h (Freckmann)', y: 40 },
  ],
};

function bolusTraceFigure(data: OcclusionData): ExperimentFigure {
  const trace = data.bolusTrace;
  return {
    title: `A 5 U bolus into a blocked line (threshold ${fixed(data.defaultThresholdUnits, 1)} U)`,
    xLabel: 'Minutes since the blockage and the bolus',
    yLabel: 'Insulin held back (U)',
    x: trace.trappedUnits.map((_, i) => i * data.tickMinutes),
    series: [
      { name: 'Held in the line', y: trace.trappedUnits },
      { name: 'Read by the engine', dashed: true, y: trace.readUnits },
    ],
    references: [{ label: 'alarm threshold', y: data.defaultThresholdUnits }],
    note: 'The engine reads the pressure at the start of each tick, before the tick’s pulses: the line holds one tick of bolus more than the engine has seen.',
  };
}

function occlusionFigures(data: OcclusionData): ExperimentFigure[] {
  return [
    timeFigure(data, { id: 'bolus-5', perMinutes: 1, unit: 'min' }),
    timeFigure(data, { id: 'basal-1', perMinutes: 60, unit: 'h' }),
    timeFigure(data, { id: 'basal-0.1', perMinutes: 60, unit: 'h' }),
    bolusTraceFigure(data),
  ];
}

export const occlusionExperiment: Experiment = {
  name: 'occlusion',
  title: 'Occlusion detection: time to alarm and bolus released',
  run: ({ onProgress }) => occlusionResult(runOcclusion(OCCLUSION_PLAN, onProgress)),
};
