// The built-in studies, by name (`csii study <name>`).
import { injectionsVsPumpStudy } from './injectionsVsPump.ts';
import { insulinChoiceStudy } from './insulinChoice.ts';
import { liegeStudy } from './liege.ts';
import type { Study } from './types.ts';

export type { Study, StudyOptions } from './types.ts';

export const STUDIES: readonly Study[] = [liegeStudy, insulinChoiceStudy, injectionsVsPumpStudy];

export function findStudy(name: string): Study | undefined {
  return STUDIES.find((s) => s.name === name);
}
