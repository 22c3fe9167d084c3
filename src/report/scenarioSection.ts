// The scenario as run, every field with its value, its defaults filled in: the conditions a
// reader needs to judge the outcomes above, folded away until asked for. The same scenario and
// seed repeat the run (`csii simulate` writes it beside the result as scenario.json).
import type { SimulationResult } from '../sim/result.ts';
import { escapeHtml } from './html.ts';

/** One row per field, its dotted path beside its value; a list of records gives a row each. */
export function scenarioRows(value: unknown, path = ''): [string, string][] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [[path, 'none']];
    if (value.every((item) => typeof item !== 'object' || item === null)) {
      return [[path, value.map(String).join(', ')]];
    }
    return value.map((item, i) => [`${path}[${i}]`, inline(item)]);
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [[path, 'none set']];
    return entries.flatMap(([key, inner]) =>
      scenarioRows(inner, path === '' ? key : `${path}.${key}`),
    );
  }
  return [[path, String(value)]];
}

/** A record on one line: "time 07:30, carbsGrams 45". */
function inline(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value)
    .map(
      ([key, inner]) =>
        `${key} ${typeof inner === 'object' && inner !== null ? JSON.stringify(inner) : String(inner)}`,
    )
    .join(', ');
}

export function renderScenarioSection(result: SimulationResult): string {
  const rows = scenarioRows(result.scenario).map(
    ([path, value]) =>
      `<tr><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(value)}</td></tr>`,
  );
  return `<section id="scenario" class="report-section" aria-labelledby="h-scenario">
<h2 id="h-scenario">Scenario</h2>
<p class="section-note">Every field of the scenario as run, its defaults filled in: the same scenario and seed give the same result.</p>
<details><summary>Show the ${rows.length} fields</summary>
<div class="table-wrap"><table class="data-table" id="scenario-table"><caption class="sr-only">The scenario, one row per field</caption>
<thead><tr><th scope="col">Field</th><th scope="col">Value</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div>
</details>
</section>`;
}
