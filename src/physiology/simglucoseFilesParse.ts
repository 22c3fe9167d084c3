// Parsing simglucose's patient files from their text (pure: no I/O; simglucoseFiles.ts reads
// the files). `vpatient_params.csv` holds one UVA/Padova 2008 parameter set per patient and its
// initial state (x0_1…x0_13); `Quest.csv` the patient's clinical values: carb ratio (CR, g/U),
// correction factor (CF, mg/dL/U), age (years) and total daily insulin (TDI, U).
//
// Every row is checked (zod, with the bounds of uvaPadovaParameters.ts); any problem refuses the
// whole set, and each issue names the file, the row (1-based line number: the header is row 1,
// as a spreadsheet shows it), the column, the value and the reason. Nothing is half-loaded.
//
// Format rules: comma-separated, first line a header, no quoted fields (simglucose's files have
// none; a quote is refused rather than misread). Header names are compared without spaces:
// simglucose writes `x0_ 1` … `x0_ 9` (with a space) and `x0_10` … `x0_13`. Columns the model
// does not use (i, EGPb, Gpb, …, patient_history) are allowed and ignored.
import { z } from 'zod';
import {
  UVA_PADOVA_PARAMETER_NAMES,
  boundSchema,
  uvaPadovaParametersSchema,
  type ParameterBound,
  type UvaPadovaParameters,
} from './uvaPadovaParameters.ts';
import { UVA_CORE_STATE_COUNT } from './uvaPadovaState.ts';

export interface FileIssue {
  readonly file: string;
  /** 1-based line in the file (header = 1); 0 when the issue is about the file as a whole. */
  readonly row: number;
  /** The column as written in the file's header ('' when not about one column). */
  readonly column: string;
  readonly value: string;
  readonly reason: string;
}

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly FileIssue[] };

export interface QuestValues {
  readonly carbRatioGramsPerUnit: number;
  readonly correctionFactorMgdlPerUnit: number;
  readonly ageYears: number;
  readonly totalDailyInsulinUnits: number;
}

export interface SimglucosePatient {
  readonly name: string;
  readonly parameters: UvaPadovaParameters;
  /** x0_1…x0_13 in simglucose's state order (the same order as UVA_STATE's first 13). */
  readonly initialState: readonly number[];
  readonly quest: QuestValues;
}

/** Upper bound for an initial amount (mg, mg/kg or pmol/kg): far above any physiological one. */
const INITIAL_AMOUNT_MAX = 1e6;
/** X (x0_7) is insulin action relative to basal, pmol/L: may be negative. */
const INITIAL_ACTION_LIMIT_PMOL_PER_L = 1e4;
const X_INDEX = 6;

export const INITIAL_STATE_COLUMNS: readonly string[] = Array.from(
  { length: UVA_CORE_STATE_COUNT },
  (_, i) => `x0_${i + 1}`,
);

function initialStateBound(index: number): ParameterBound {
  return index === X_INDEX
    ? {
        min: -INITIAL_ACTION_LIMIT_PMOL_PER_L,
        max: INITIAL_ACTION_LIMIT_PMOL_PER_L,
        minExclusive: false,
        unit: 'pmol/L',
        meaning: 'initial insulin action X',
      }
    : {
        min: 0,
        max: INITIAL_AMOUNT_MAX,
        minExclusive: false,
        unit: 'mg, mg/kg or pmol/kg',
        meaning: `initial state ${index + 1}`,
      };
}

const initialStateSchema = z.object(
  Object.fromEntries(INITIAL_STATE_COLUMNS.map((c, i) => [c, boundSchema(initialStateBound(i))])),
);

const QUEST_BOUNDS = {
  CR: { min: 0, max: 150, minExclusive: true, unit: 'g/U', meaning: 'carb ratio' },
  CF: { min: 0, max: 500, minExclusive: true, unit: 'mg/dL/U', meaning: 'correction factor' },
  Age: { min: 0, max: 120, minExclusive: false, unit: 'years', meaning: 'age' },
  TDI: { min: 0, max: 300, minExclusive: true, unit: 'U/day', meaning: 'total daily insulin' },
} as const satisfies Record<string, ParameterBound>;

const questSchema = z.object({
  CR: boundSchema(QUEST_BOUNDS.CR),
  CF: boundSchema(QUEST_BOUNDS.CF),
  Age: boundSchema(QUEST_BOUNDS.Age),
  TDI: boundSchema(QUEST_BOUNDS.TDI),
});

/** A table read from CSV text: header (as written) and rows of cells, with line numbers. */
interface CsvTable {
  readonly header: readonly string[];
  /** Normalised column name (spaces removed) → index. */
  readonly columnIndex: ReadonlyMap<string, number>;
  readonly rows: readonly { readonly line: number; readonly cells: readonly string[] }[];
}

const normalise = (column: string): string => column.replace(/\s+/g, '');

function readCsv(text: string, file: string, issues: FileIssue[]): CsvTable | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) {
    issues.push({ file, row: 0, column: '', value: '', reason: 'the file is empty' });
    return null;
  }
  const header = lines[0]!.split(',').map((cell) => cell.trim());
  const columnIndex = new Map<string, number>();
  header.forEach((column, index) => {
    const key = normalise(column);
    if (columnIndex.has(key)) {
      issues.push({ file, row: 1, column, value: column, reason: 'duplicate column' });
    }
    columnIndex.set(key, index);
  });
  const rows: { line: number; cells: string[] }[] = [];
  for (let i = 1; i < lines.length; i += 1) {
    const text = lines[i]!;
    const line = i + 1;
    if (text.trim() === '') {
      issues.push({ file, row: line, column: '', value: '', reason: 'empty line' });
      continue;
    }
    const cells = text.split(',').map((cell) => cell.trim());
    if (text.includes('"')) {
      issues.push({
        file,
        row: line,
        column: '',
        value: text,
        reason: 'quoted fields are not supported',
      });
    } else if (cells.length !== header.length) {
      const reason = `${cells.length} fields, the header has ${header.length}`;
      issues.push({ file, row: line, column: '', value: '', reason });
    } else {
      rows.push({ line, cells });
    }
  }
  return { header, columnIndex, rows };
}

function requireColumns(
  table: CsvTable,
  file: string,
  columns: readonly string[],
  issues: FileIssue[],
): boolean {
  let complete = true;
  for (const column of columns) {
    if (!table.columnIndex.has(normalise(column))) {
      issues.push({ file, row: 1, column, value: '', reason: 'required column is missing' });
      complete = false;
    }
  }
  return complete;
}

/** A strict decimal number (simglucose writes plain decimals); '' or '1,5' or '0x10' refused. */
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

interface RowReader {
  readonly file: string;
  readonly table: CsvTable;
  readonly line: number;
  readonly cells: readonly string[];
  readonly issues: FileIssue[];
}

function cell(reader: RowReader, column: string): string {
  return reader.cells[reader.table.columnIndex.get(normalise(column))!] ?? '';
}

function headerName(reader: RowReader, column: string): string {
  return reader.table.header[reader.table.columnIndex.get(normalise(column))!] ?? column;
}

/** Reads the named numeric cells of a row; non-numeric ones become issues (→ NaN). */
function numbers(reader: RowReader, columns: readonly string[]): Record<string, number> {
  const values: Record<string, number> = {};
  for (const column of columns) {
    const text = cell(reader, column);
    if (NUMBER_PATTERN.test(text)) {
      values[column] = Number(text);
    } else {
      reader.issues.push({
        file: reader.file,
        row: reader.line,
        column: headerName(reader, column),
        value: text,
        reason: 'not a number',
      });
      values[column] = Number.NaN;
    }
  }
  return values;
}

/** Validates numbers (already read) with a zod schema; range issues name the column. */
function validate<T>(
  reader: RowReader,
  schema: z.ZodType<T>,
  values: Record<string, number>,
): T | null {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const column = String(issue.path[0] ?? '');
    const value = values[column];
    if (value !== undefined && Number.isNaN(value)) continue; // already reported as not a number
    reader.issues.push({
      file: reader.file,
      row: reader.line,
      column: headerName(reader, column),
      value: cell(reader, column),
      reason: issue.message,
    });
  }
  return null;
}

function nameOf(reader: RowReader, seen: Map<string, number>): string | null {
  const name = cell(reader, 'Name');
  const column = headerName(reader, 'Name');
  const at = { file: reader.file, row: reader.line, column, value: name };
  if (name === '') {
    reader.issues.push({ ...at, reason: 'patient name is empty' });
    return null;
  }
  const first = seen.get(name);
  if (first !== undefined) {
    reader.issues.push({ ...at, reason: `duplicate patient name (first on row ${first})` });
    return null;
  }
  seen.set(name, reader.line);
  return name;
}

export interface VpatientRow {
  readonly name: string;
  readonly row: number;
  readonly parameters: UvaPadovaParameters;
  readonly initialState: readonly number[];
}

/** Parses `vpatient_params.csv` text; `file` names it in issues. */
export function parseVpatientParams(text: string, file: string): ParseResult<VpatientRow[]> {
  const issues: FileIssue[] = [];
  const table = readCsv(text, file, issues);
  if (table === null) return { ok: false, issues };
  const columns = ['Name', ...UVA_PADOVA_PARAMETER_NAMES, ...INITIAL_STATE_COLUMNS];
  if (!requireColumns(table, file, columns, issues)) return { ok: false, issues };
  const patients: VpatientRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const reader: RowReader = { file, table, line, cells, issues };
    const name = nameOf(reader, seen);
    const parameters = validate(
      reader,
      uvaPadovaParametersSchema,
      numbers(reader, UVA_PADOVA_PARAMETER_NAMES),
    );
    const x0 = validate(reader, initialStateSchema, numbers(reader, INITIAL_STATE_COLUMNS));
    if (name === null || parameters === null || x0 === null) continue;
    const initialState = INITIAL_STATE_COLUMNS.map((column) => x0[column]!);
    patients.push({ name, row: line, parameters, initialState });
  }
  if (patients.length === 0 && issues.length === 0) {
    issues.push({ file, row: 0, column: '', value: '', reason: 'no patient rows' });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: patients };
}

export interface QuestRow {
  readonly name: string;
  readonly row: number;
  readonly quest: QuestValues;
}

/** Parses `Quest.csv` text; `file` names it in issues. */
export function parseQuest(text: string, file: string): ParseResult<QuestRow[]> {
  const issues: FileIssue[] = [];
  const table = readCsv(text, file, issues);
  if (table === null) return { ok: false, issues };
  const columns = Object.keys(QUEST_BOUNDS);
  if (!requireColumns(table, file, ['Name', ...columns], issues)) return { ok: false, issues };
  const rows: QuestRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const reader: RowReader = { file, table, line, cells, issues };
    const name = nameOf(reader, seen);
    const values = validate(reader, questSchema, numbers(reader, columns));
    if (name === null || values === null) continue;
    const quest: QuestValues = {
      carbRatioGramsPerUnit: values.CR,
      correctionFactorMgdlPerUnit: values.CF,
      ageYears: values.Age,
      totalDailyInsulinUnits: values.TDI,
    };
    rows.push({ name, row: line, quest });
  }
  if (rows.length === 0 && issues.length === 0) {
    issues.push({ file, row: 0, column: '', value: '', reason: 'no patient rows' });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: rows };
}

export interface SimglucoseTexts {
  readonly paramsText: string;
  readonly paramsFile: string;
  readonly questText: string;
  readonly questFile: string;
}

/**
 * Parses both files and joins them by patient name: every patient needs exactly one Quest row
 * and every Quest row a patient. Patients keep the order of the parameter file.
 */
export function parseSimglucoseFiles(texts: SimglucoseTexts): ParseResult<SimglucosePatient[]> {
  const params = parseVpatientParams(texts.paramsText, texts.paramsFile);
  const quest = parseQuest(texts.questText, texts.questFile);
  if (!params.ok || !quest.ok) {
    return {
      ok: false,
      issues: [...(params.ok ? [] : params.issues), ...(quest.ok ? [] : quest.issues)],
    };
  }
  const issues: FileIssue[] = [];
  const questByName = new Map(quest.value.map((row) => [row.name, row]));
  const patientNames = new Set(params.value.map((row) => row.name));
  const patients: SimglucosePatient[] = [];
  for (const row of params.value) {
    const clinical = questByName.get(row.name);
    if (clinical === undefined) {
      const reason = `no row for this patient in ${texts.questFile}`;
      issues.push({
        file: texts.paramsFile,
        row: row.row,
        column: 'Name',
        value: row.name,
        reason,
      });
      continue;
    }
    const { name, parameters, initialState } = row;
    patients.push({ name, parameters, initialState, quest: clinical.quest });
  }
  for (const row of quest.value) {
    if (!patientNames.has(row.name)) {
      const reason = `no patient of this name in ${texts.paramsFile}`;
      issues.push({ file: texts.questFile, row: row.row, column: 'Name', value: row.name, reason });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: patients };
}

/** One line per issue: `file row N, column C = "v": reason`. */
export function formatFileIssues(issues: readonly FileIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.row > 0 ? ` row ${issue.row}` : '';
      const column = issue.column === '' ? '' : `, column ${issue.column}`;
      const value = issue.value === '' ? '' : ` = ${JSON.stringify(issue.value)}`;
      return `${issue.file}${where}${column}${value}: ${issue.reason}`;
    })
    .join('\n');
}
