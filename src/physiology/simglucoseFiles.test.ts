import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  QUEST_FILE,
  VPATIENT_PARAMS_FILE,
  formatFileIssues,
  loadSimglucosePatients,
  parseSimglucoseFiles,
  type FileIssue,
} from './simglucoseFiles.ts';

const SHARED_SIMGLUCOSE = fileURLToPath(
  new URL('../../../shared/data/simglucose/', import.meta.url),
);
const PARAMS_TEXT = await readFile(join(SHARED_SIMGLUCOSE, VPATIENT_PARAMS_FILE), 'utf8');
const QUEST_TEXT = await readFile(join(SHARED_SIMGLUCOSE, QUEST_FILE), 'utf8');

/** The raw CSV as rows of cells (the test's own reading, independent of the parser). */
function cells(text: string): string[][] {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(','));
}

function toText(rows: string[][]): string {
  return rows.map((row) => row.join(',')).join('\n') + '\n';
}

/** Sets one cell of the row whose first cell is `name`; returns the text and the row's line. */
function withCell(text: string, name: string, column: string, value: string) {
  const rows = cells(text);
  const columnIndex = rows[0]!.indexOf(column);
  const rowIndex = rows.findIndex((row) => row[0] === name);
  assert.ok(columnIndex >= 0 && rowIndex > 0, `${name} / ${column} exist in the test data`);
  rows[rowIndex]![columnIndex] = value;
  return { text: toText(rows), line: rowIndex + 1 };
}

function withoutColumn(text: string, column: string): string {
  const rows = cells(text);
  const index = rows[0]!.indexOf(column);
  assert.ok(index >= 0);
  return toText(rows.map((row) => row.filter((_, i) => i !== index)));
}

function parse(paramsText: string, questText = QUEST_TEXT) {
  return parseSimglucoseFiles({
    paramsText,
    paramsFile: 'vpatient_params.csv',
    questText,
    questFile: 'Quest.csv',
  });
}

function refusedWith(result: ReturnType<typeof parse>): readonly FileIssue[] {
  assert.equal(result.ok, false, 'the set is refused as a whole');
  return result.ok ? [] : result.issues;
}

test('all 30 shared patients load, with their parameters, x0 and Quest values', async () => {
  const result = await loadSimglucosePatients(SHARED_SIMGLUCOSE);
  assert.ok(result.ok, result.ok ? '' : formatFileIssues(result.issues));
  const patients = result.value;
  assert.equal(patients.length, 30);
  for (const group of ['adolescent', 'adult', 'child']) {
    assert.equal(patients.filter((p) => p.name.startsWith(`${group}#`)).length, 10, group);
  }
  // Compare every patient with the test's own reading of the two files.
  const params = cells(PARAMS_TEXT);
  const quest = cells(QUEST_TEXT);
  const column = (rows: string[][], name: string) => rows[0]!.indexOf(name);
  for (const patient of patients) {
    const row = params.find((r) => r[0] === patient.name)!;
    const questRow = quest.find((r) => r[0] === patient.name)!;
    assert.equal(patient.parameters.BW, Number(row[column(params, 'BW')]));
    assert.equal(patient.parameters.u2ss, Number(row[column(params, 'u2ss')]));
    assert.equal(patient.initialState.length, 13);
    // The header writes x0_ 1 … x0_ 9 with a space: x0_4 is Gp, x0_13 is Gs.
    assert.equal(patient.initialState[3], Number(row[column(params, 'x0_ 4')]));
    assert.equal(patient.initialState[12], Number(row[column(params, 'x0_13')]));
    assert.equal(patient.quest.carbRatioGramsPerUnit, Number(questRow[column(quest, 'CR')]));
    assert.equal(patient.quest.correctionFactorMgdlPerUnit, Number(questRow[column(quest, 'CF')]));
    assert.equal(patient.quest.ageYears, Number(questRow[column(quest, 'Age')]));
    assert.equal(patient.quest.totalDailyInsulinUnits, Number(questRow[column(quest, 'TDI')]));
  }
});

test('a missing column is refused naming the file, the header row and the column', () => {
  const issues = refusedWith(parse(withoutColumn(PARAMS_TEXT, 'kabs')));
  assert.deepEqual(issues, [
    {
      file: 'vpatient_params.csv',
      row: 1,
      column: 'kabs',
      value: '',
      reason: 'required column is missing',
    },
  ]);
});

test('a missing initial-state column is named without the header quirk (x0_5)', () => {
  const issues = refusedWith(parse(withoutColumn(PARAMS_TEXT, 'x0_ 5')));
  assert.equal(issues.length, 1);
  assert.equal(issues[0]!.column, 'x0_5');
  assert.equal(issues[0]!.reason, 'required column is missing');
});

test('a non-numeric value is refused naming file, row, column and value', () => {
  const { text, line } = withCell(PARAMS_TEXT, 'adult#001', 'BW', '102,3kg');
  // A comma inside the value also shifts the fields: use a value without one as well.
  const shifted = refusedWith(parse(text));
  assert.ok(shifted.some((issue) => issue.row === line && /fields/.test(issue.reason)));
  const plain = withCell(PARAMS_TEXT, 'adult#001', 'BW', 'heavy');
  const issues = refusedWith(parse(plain.text));
  assert.deepEqual(issues, [
    {
      file: 'vpatient_params.csv',
      row: plain.line,
      column: 'BW',
      value: 'heavy',
      reason: 'not a number',
    },
  ]);
  const empty = refusedWith(parse(withCell(PARAMS_TEXT, 'child#003', 'kd', '').text));
  assert.equal(empty[0]!.reason, 'not a number');
  assert.equal(empty[0]!.column, 'kd');
});

test('a non-physiological value is refused naming file, row, column, value and range', () => {
  const { text, line } = withCell(PARAMS_TEXT, 'adolescent#004', 'kabs', '-0.5');
  const issues = refusedWith(parse(text));
  assert.equal(issues.length, 1);
  const issue = issues[0]!;
  assert.equal(issue.file, 'vpatient_params.csv');
  assert.equal(issue.row, line);
  assert.equal(issue.column, 'kabs');
  assert.equal(issue.value, '-0.5');
  assert.match(issue.reason, /\(0, 10\] \/min/);
  const x0 = withCell(PARAMS_TEXT, 'adult#002', 'x0_ 4', '-3');
  const x0Issue = refusedWith(parse(x0.text))[0]!;
  assert.equal(x0Issue.column, 'x0_ 4');
  assert.equal(x0Issue.row, x0.line);
  const quest = withCell(QUEST_TEXT, 'child#002', 'CR', '0');
  const questIssue = refusedWith(parse(PARAMS_TEXT, quest.text))[0]!;
  assert.deepEqual(
    { file: questIssue.file, row: questIssue.row, column: questIssue.column },
    { file: 'Quest.csv', row: quest.line, column: 'CR' },
  );
  assert.match(questIssue.reason, /carb ratio/);
});

test('kmin above kmax is refused', () => {
  const issues = refusedWith(parse(withCell(PARAMS_TEXT, 'adult#003', 'kmin', '0.9').text));
  assert.equal(issues[0]!.column, 'kmin');
  assert.match(issues[0]!.reason, /kmax/);
});

test('every issue is reported, not only the first; names must match across the files', () => {
  const first = withCell(PARAMS_TEXT, 'adult#001', 'Vg', 'x');
  const second = withCell(first.text, 'child#010', 'Gb', '5000');
  const renamed = withCell(QUEST_TEXT, 'adult#005', 'Name', 'adult#05');
  const issues = refusedWith(parse(second.text, renamed.text));
  assert.equal(issues.length, 2, formatFileIssues(issues));
  const joined = refusedWith(parse(PARAMS_TEXT, renamed.text));
  assert.deepEqual(
    joined.map((issue) => [issue.file, issue.row, issue.value]),
    [
      [
        'vpatient_params.csv',
        cells(PARAMS_TEXT).findIndex((r) => r[0] === 'adult#005') + 1,
        'adult#005',
      ],
      ['Quest.csv', renamed.line, 'adult#05'],
    ],
  );
  const duplicated = toText([...cells(QUEST_TEXT), cells(QUEST_TEXT)[3]!]);
  assert.match(refusedWith(parse(PARAMS_TEXT, duplicated))[0]!.reason, /duplicate patient/);
});

test('the message of every issue names the file, row and column', () => {
  const { text, line } = withCell(PARAMS_TEXT, 'adult#001', 'p2u', '7');
  const message = formatFileIssues(refusedWith(parse(text)));
  assert.match(
    message,
    new RegExp(`^vpatient_params\\.csv row ${line}, column p2u = "7": must be`),
  );
});

test('the loader refuses a directory without the files, naming each path', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'opencsii-simglucose-'));
  try {
    await writeFile(join(directory, VPATIENT_PARAMS_FILE), PARAMS_TEXT);
    const result = await loadSimglucosePatients(directory);
    assert.equal(result.ok, false);
    const issues = result.ok ? [] : result.issues;
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.file, join(directory, QUEST_FILE));
    assert.match(issues[0]!.reason, /ENOENT/);
  } finally {
    await rm(directory, { recursive: true });
  }
});
