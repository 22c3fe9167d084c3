// Colours of the report. The five glucose ranges use the colour code of the AGP report
// (International Diabetes Center AGP Report; Battelino T, et al. Diabetes Care
// 2019;42(8):1593-1603, Figure 2): very low dark red, low red, target green, high yellow,
// very high orange. The AGP bands use the report's blues. Every pair of text and background
// below keeps a contrast ratio of at least 4.5:1 (WCAG 2.1 AA) where text is drawn on it.

export const RANGE_COLOURS = {
  veryLow: '#a1191f',
  low: '#e3262b',
  inRange: '#3aa447',
  high: '#f8cb16',
  veryHigh: '#f28a1e',
} as const;

/** Text drawn on each range colour (dark on the light yellow and orange, white elsewhere). */
export const RANGE_TEXT_COLOURS = {
  veryLow: '#ffffff',
  low: '#ffffff',
  inRange: '#ffffff',
  high: '#1f2937',
  veryHigh: '#1f2937',
} as const;

/** Colours the charts use; passed to the page with the data so CSS and canvas agree. */
export const CHART_COLOURS = {
  plasma: '#1e3a8a',
  cgm: '#0e9f9a',
  cgmPoint: 'rgba(14, 159, 154, 0.7)',
  targetBand: 'rgba(58, 164, 71, 0.09)',
  targetLine: '#3aa447',
  agpMedian: '#1e3a8a',
  agpInner: '#3b6fd1',
  agpInnerFill: 'rgba(59, 111, 209, 0.38)',
  agpOuter: '#8fb0e8',
  agpOuterFill: 'rgba(143, 176, 232, 0.30)',
  basal: '#2563eb',
  basalFill: 'rgba(37, 99, 235, 0.16)',
  bolus: '#6d28d9',
  carbs: '#b45309',
  slowCarbs: '#4d7c0f',
  bohb: '#7e22ce',
  ketoacidosisLine: '#b91c1c',
  grid: '#e5e7eb',
  axis: '#374151',
} as const;

/** Colours of events by the usual meaning of their definition; the key is the id normalised. */
const KNOWN_EVENT_COLOURS: Readonly<Record<string, string>> = {
  hypolevel1: '#e3262b',
  hypolevel2: '#a1191f',
  hypoextended: '#7f1d1d',
  severehypo: '#5b0a0e',
  severehypoglycaemia: '#5b0a0e',
  hyperlevel1: '#d4a300',
  hyperlevel2: '#f28a1e',
  hyperextended: '#c2410c',
  ketoacidosis: '#7e22ce',
  dka: '#7e22ce',
};

/** Definitions not listed above get these in order of appearance (distinct, colour-blind safe). */
const FALLBACK_EVENT_COLOURS = ['#0f766e', '#1d4ed8', '#be185d', '#4d7c0f', '#57534e'];

function normalise(definitionId: string): string {
  return definitionId.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The colour of an event definition: a known id, else by the kind its id names (keto…,
 * hypo…, hyper…), else the next fallback colour by the definition's position.
 */
export function eventColour(definitionId: string, position: number): string {
  const key = normalise(definitionId);
  const known = KNOWN_EVENT_COLOURS[key];
  if (known !== undefined) return known;
  if (key.includes('keto')) return KNOWN_EVENT_COLOURS['ketoacidosis'] as string;
  if (key.includes('hyper')) return KNOWN_EVENT_COLOURS['hyperlevel1'] as string;
  if (key.includes('hypo')) return KNOWN_EVENT_COLOURS['hypolevel1'] as string;
  const index =
    ((position % FALLBACK_EVENT_COLOURS.length) + FALLBACK_EVENT_COLOURS.length) %
    FALLBACK_EVENT_COLOURS.length;
  return FALLBACK_EVENT_COLOURS[index] as string;
}
