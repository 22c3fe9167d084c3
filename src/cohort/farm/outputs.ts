// A run's files: result.json (the reduced output) and patients.csv (one row per task).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvRow } from './job.ts';

function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV with the first row's columns as the header; every row must have the same columns. */
export function csvOf(rows: readonly CsvRow[]): string {
  const first = rows[0];
  if (first === undefined) return '';
  const columns = Object.keys(first);
  const lines = [columns.map(cell).join(',')];
  rows.forEach((row, index) => {
    const keys = Object.keys(row);
    if (keys.length !== columns.length || keys.some((key, i) => key !== columns[i])) {
      throw new Error(`patients.csv row ${index} has columns ${keys.join(',')}`);
    }
    lines.push(columns.map((column) => cell(row[column] ?? null)).join(','));
  });
  return `${lines.join('\n')}\n`;
}

export async function writeFarmOutputs(
  out: string,
  output: unknown,
  rows: readonly CsvRow[],
): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'result.json'), `${JSON.stringify(output, null, 1)}\n`);
  await writeFile(join(out, 'patients.csv'), csvOf(rows));
}
