// `csii experiment <name>`: runs a registered experiment, prints its tables as aligned text (numbers
// right-aligned) and its notes wrapped to 100 columns, and writes report.html and result.json (or
// prints the result as JSON with --json).
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isNumericCell } from '../experiments/cells.ts';
import { EXPERIMENTS, experimentNames } from '../experiments/index.ts';
import type { Experiment, ExperimentResult, ExperimentTable } from '../experiments/types.ts';
import { prepareFarm } from '../cohort/farm/farm.ts';
import { farmJob } from '../cohort/farm/jobs.ts';
import { localExecutor } from '../cohort/farm/localExecutor.ts';
import { loadReportAssets } from '../report/assets.ts';
import { renderExperimentReport } from '../report/experimentReport.ts';
import { progressBar } from './progress.ts';

export interface ExperimentFlags {
  readonly json: boolean;
  readonly out?: string;
}

export async function experimentCommand(
  name: string | undefined,
  flags: ExperimentFlags,
): Promise<number> {
  const known = experimentNames().join(', ');
  if (name === undefined) {
    console.error(`csii experiment: name an experiment (${known})`);
    return 2;
  }
  const experiment = Object.hasOwn(EXPERIMENTS, name) ? EXPERIMENTS[name] : undefined;
  if (experiment === undefined) {
    console.error(`csii experiment: unknown experiment '${name}' (known: ${known})`);
    return 2;
  }
  const progress = progressBar(`experiment ${name}`);
  const onProgress = (fraction: number) => progress.update(fraction);
  let result: ExperimentResult;
  try {
    result =
      experiment.farm === undefined
        ? experiment.run({ onProgress })
        : await onThreads(experiment.farm, onProgress);
  } finally {
    progress.stop();
  }
  if (flags.json) {
    console.log(JSON.stringify(result));
    return 0;
  }
  const out = flags.out ?? join('csii-out', `experiment-${name}`);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'result.json'), `${JSON.stringify(result, null, 1)}\n`);
  await writeFile(join(out, 'report.html'), renderExperimentReport(result, loadReportAssets()));
  console.log(formatExperimentText(result));
  console.log(`\nWrote ${join(out, 'report.html')} and result.json`);
  return 0;
}

/**
 * An experiment's runs on every core, as a cohort's tasks: the farm's threads, without its
 * checkpoint (the whole experiment takes minutes). The reduction is the one `run` makes.
 */
export async function onThreads(
  farm: NonNullable<Experiment['farm']>,
  onProgress: (fraction: number) => void,
  threads = availableParallelism(),
): Promise<ExperimentResult> {
  const job = farmJob(farm.job);
  const prepared = prepareFarm(job, farm.spec);
  const { taskCount } = prepared;
  const results = new Array<unknown>(taskCount);
  let done = 0;
  const batch = {
    job: job.name,
    specHash: prepared.hash,
    input: prepared.input,
    taskCount,
    remaining: taskCount,
    tasks: Array.from({ length: taskCount }, (_, task) => task),
  };
  await localExecutor(threads).run(batch, (task, resultJson) => {
    if (results[task] !== undefined) return;
    results[task] = JSON.parse(resultJson);
    done += 1;
    onProgress(done / taskCount);
  });
  return job.reduce(prepared.spec, results) as ExperimentResult;
}

const WRAP_COLUMNS = 100;
/** Headers wrap to these widths, text cells to the next: a table stays readable in a terminal. */
const HEADER_WRAP_COLUMNS = 14;
const NUMERIC_HEADER_WRAP_COLUMNS = 9;
const TEXT_CELL_WRAP_COLUMNS = 26;

/** Greedy word wrap into lines; a word longer than the width stays whole on its own line. */
export function wrapLines(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length === 0 ? [''] : lines;
}

/** One table row of wrapped cells as terminal lines, each cell padded to its column. */
function rowLines(
  cells: readonly (readonly string[])[],
  columns: { widths: readonly number[]; numeric: readonly boolean[] },
): string[] {
  let height = 0;
  for (const cell of cells) height = Math.max(height, cell.length);
  const lines: string[] = [];
  for (let k = 0; k < height; k += 1) {
    const parts = cells.map((cell, c) => {
      const text = cell[k] ?? '';
      const width = columns.widths[c] ?? 0;
      return columns.numeric[c] ? text.padStart(width) : text.padEnd(width);
    });
    lines.push(parts.join('  ').trimEnd());
  }
  return lines;
}

export function formatTable(table: ExperimentTable): string {
  const numeric = table.columns.map(
    (_, c) => table.rows.length > 0 && table.rows.every((row) => isNumericCell(row[c] ?? '')),
  );
  const head = table.columns.map((label, c) =>
    wrapLines(label, numeric[c] ? NUMERIC_HEADER_WRAP_COLUMNS : HEADER_WRAP_COLUMNS),
  );
  const body = table.rows.map((row) =>
    table.columns.map((_, c) =>
      numeric[c] ? [row[c] ?? ''] : wrapLines(row[c] ?? '', TEXT_CELL_WRAP_COLUMNS),
    ),
  );
  const widths = table.columns.map((_, c) => {
    let width = 0;
    for (const cell of [head[c] ?? [], ...body.map((r) => r[c] ?? [])])
      for (const line of cell) width = Math.max(width, line.length);
    return width;
  });
  const columns = { widths, numeric };
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const parts = [table.title, ...rowLines(head, columns), rule];
  for (const row of body) parts.push(...rowLines(row, columns));
  if (table.note !== undefined) parts.push(wrapLines(table.note, WRAP_COLUMNS).join('\n'));
  return parts.join('\n');
}

export function formatExperimentText(result: ExperimentResult): string {
  const notes = result.notes.map((note) => `- ${wrapLines(note, WRAP_COLUMNS - 2).join('\n  ')}`);
  return [
    `${result.title}  (csii ${result.kind ?? 'experiment'} ${result.name})`,
    ...result.tables.map(formatTable),
    ['Findings and caveats:', ...notes].join('\n'),
  ].join('\n\n');
}
