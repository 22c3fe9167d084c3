// Reads simglucose's patient files from a directory the user gives (the edge: the only I/O of
// the physiology part). Parsing and validation are in simglucoseFilesParse.ts, pure and tested
// from strings; this file only turns a directory into the two texts. OpenCSII does not ship the
// files: they come with simglucose (github.com/jxx123/simglucose, MIT licence), which took them
// from the 2008 academic UVA/Padova simulator.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  formatFileIssues,
  parseSimglucoseFiles,
  type FileIssue,
  type ParseResult,
  type SimglucosePatient,
} from './simglucoseFilesParse.ts';

export {
  formatFileIssues,
  parseQuest,
  parseSimglucoseFiles,
  parseVpatientParams,
  type FileIssue,
  type ParseResult,
  type QuestValues,
  type SimglucosePatient,
} from './simglucoseFilesParse.ts';

export const VPATIENT_PARAMS_FILE = 'vpatient_params.csv';
export const QUEST_FILE = 'Quest.csv';

async function readText(path: string): Promise<{ text: string } | { issue: FileIssue }> {
  try {
    return { text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const reason = `cannot read the file (${code})`;
    return { issue: { file: path, row: 0, column: '', value: '', reason } };
  }
}

/**
 * Loads every patient of `directory`/vpatient_params.csv with its row of `directory`/Quest.csv.
 * All or nothing: any issue (unreadable file, missing column, non-numeric or non-physiological
 * value, unmatched name) refuses the whole set, with every issue listed.
 */
export async function loadSimglucosePatients(
  directory: string,
): Promise<ParseResult<SimglucosePatient[]>> {
  const paramsFile = join(directory, VPATIENT_PARAMS_FILE);
  const questFile = join(directory, QUEST_FILE);
  const [params, quest] = await Promise.all([readText(paramsFile), readText(questFile)]);
  if ('issue' in params || 'issue' in quest) {
    const issues = [params, quest].flatMap((read) => ('issue' in read ? [read.issue] : []));
    return { ok: false, issues };
  }
  return parseSimglucoseFiles({
    paramsText: params.text,
    paramsFile,
    questText: quest.text,
    questFile,
  });
}

/** As `loadSimglucosePatients`, for a shell that wants an exception listing every issue. */
export async function loadSimglucosePatientsOrThrow(
  directory: string,
): Promise<SimglucosePatient[]> {
  const result = await loadSimglucosePatients(directory);
  if (result.ok) return result.value;
  throw new Error(`simglucose patient files refused:\n${formatFileIssues(result.issues)}`);
}
