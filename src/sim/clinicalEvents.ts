// The clinical events a run reports, each by a stated definition: consensus hypo- and
// hyperglycaemia events on 5-minute plasma glucose, and the simulation's own severe
// hypoglycaemia and ketoacidosis definitions (configurable in the scenario).
import {
  GLUCOSE_EVENT_DEFINITIONS,
  glucoseEvents,
  type GlucoseEventDefinition,
} from '../outcomes/index.ts';
import type { ClinicalEvent, EventDefinitionText } from './result.ts';
import type { Scenario } from './scenario.ts';

const SAMPLE_MINUTES = 5;
/** A ketoacidosis event ends once its condition has been absent this long. */
const KETOACIDOSIS_EXIT_MINUTES = 60;

interface Definitions {
  readonly glucose: readonly {
    definition: GlucoseEventDefinition;
    label: string;
    perMinute: boolean;
  }[];
  readonly ketoacidosis: EventDefinitionText & {
    bohbMmolL: number;
    glucoseMgdl: number;
    minutes: number;
  };
}

export function eventDefinitions(outcomes: Scenario['outcomes']): Definitions {
  const c = GLUCOSE_EVENT_DEFINITIONS;
  return {
    glucose: [
      { definition: c.hypoLevel1, label: 'Hypoglycaemia, level 1 (<70)', perMinute: false },
      {
        // Every hypoglycaemia event ends after 15 min at or above 70 mg/dL.
        definition: {
          ...c.hypoLevel2,
          exitThresholdMgdl: 70,
          description:
            'Level 2 hypoglycaemia event: >= 15 consecutive min < 54 mg/dL; ends after >= 15 consecutive min >= 70 mg/dL (consensus entry, Battelino 2023; recovery above 70 mg/dL as for level 1)',
        },
        label: 'Hypoglycaemia, level 2 (<54)',
        perMinute: false,
      },
      {
        definition: {
          id: 'severe-hypo',
          kind: 'hypoglycaemia',
          description: `Simulated severe hypoglycaemia: plasma glucose < ${outcomes.severeHypoBelowMgdl} mg/dL for >= ${outcomes.severeHypoMinutes} consecutive min (a level at which a person usually needs help); ends after >= 15 consecutive min >= 70 mg/dL`,
          entryThresholdMgdl: outcomes.severeHypoBelowMgdl,
          entryMinutes: outcomes.severeHypoMinutes,
          entryWindowMinutes: outcomes.severeHypoMinutes,
          exitThresholdMgdl: 70,
          exitMinutes: 15,
        },
        label: 'Severe hypoglycaemia (simulated)',
        perMinute: true,
      },
      { definition: c.hyperLevel1, label: 'Hyperglycaemia, level 1 (>180)', perMinute: false },
      { definition: c.hyperLevel2, label: 'Hyperglycaemia, level 2 (>250)', perMinute: false },
    ],
    ketoacidosis: {
      id: 'ketoacidosis',
      label: 'Ketoacidosis (simulated)',
      description: `Simulated ketoacidosis: BOHB >= ${outcomes.ketoacidosisBohbMmolL} mmol/L with plasma glucose >= ${outcomes.ketoacidosisGlucoseMgdl} mg/dL for >= ${outcomes.ketoacidosisMinutes} consecutive min (2024 international consensus thresholds for a hyperglycaemic crisis); ends after ${KETOACIDOSIS_EXIT_MINUTES} min without both`,
      bohbMmolL: outcomes.ketoacidosisBohbMmolL,
      glucoseMgdl: outcomes.ketoacidosisGlucoseMgdl,
      minutes: outcomes.ketoacidosisMinutes,
    },
  };
}

export function definitionTexts(definitions: Definitions): EventDefinitionText[] {
  return [
    ...definitions.glucose.map((d) => ({
      id: d.definition.id,
      label: d.label,
      description: d.definition.description,
    })),
    {
      id: definitions.ketoacidosis.id,
      label: definitions.ketoacidosis.label,
      description: definitions.ketoacidosis.description,
    },
  ];
}

export function findClinicalEvents(
  series: { plasmaPerMinute: Float64Array; plasma5: Float64Array; bohbPerMinute: Float64Array },
  definitions: Definitions,
): ClinicalEvent[] {
  const events: ClinicalEvent[] = [];
  for (const { definition, perMinute } of definitions.glucose) {
    const found = glucoseEvents(perMinute ? series.plasmaPerMinute : series.plasma5, {
      intervalMinutes: perMinute ? 1 : SAMPLE_MINUTES,
      definition,
    });
    for (const e of found) {
      events.push({
        definitionId: definition.id,
        startMinutes: e.startMinutes,
        endMinutes: e.endMinutes,
        durationMinutes: e.durationMinutes,
        extremeValue: definition.kind === 'hypoglycaemia' ? e.nadirMgdl : e.peakMgdl,
        unit: 'mg/dL',
      });
    }
  }
  events.push(...ketoacidosisEvents(series, definitions.ketoacidosis));
  return events.sort(
    (a, b) =>
      a.startMinutes - b.startMinutes ||
      (a.definitionId < b.definitionId ? -1 : a.definitionId > b.definitionId ? 1 : 0),
  );
}

/** Minutes where BOHB and glucose both meet the thresholds, grouped into events. */
export function ketoacidosisEvents(
  series: { plasmaPerMinute: Float64Array; bohbPerMinute: Float64Array },
  d: Definitions['ketoacidosis'],
): ClinicalEvent[] {
  const events: ClinicalEvent[] = [];
  const n = series.bohbPerMinute.length;
  let run = 0;
  let start = -1;
  let absent = 0;
  let peak = 0;
  const close = (end: number) => {
    events.push({
      definitionId: d.id,
      startMinutes: start,
      endMinutes: end,
      durationMinutes: end - start,
      extremeValue: peak,
      unit: 'mmol/L',
    });
    start = -1;
    peak = 0;
  };
  for (let i = 0; i < n; i += 1) {
    const bohb = series.bohbPerMinute[i] ?? 0;
    const holds = bohb >= d.bohbMmolL && (series.plasmaPerMinute[i] ?? 0) >= d.glucoseMgdl;
    if (start < 0) {
      run = holds ? run + 1 : 0;
      if (run >= d.minutes) {
        start = i - run + 1;
        absent = 0;
      }
    } else {
      absent = holds ? 0 : absent + 1;
      if (absent >= KETOACIDOSIS_EXIT_MINUTES) {
        close(i - absent + 1);
        run = 0;
      }
    }
    if (start >= 0) peak = Math.max(peak, bohb);
  }
  if (start >= 0) close(n);
  return events;
}
