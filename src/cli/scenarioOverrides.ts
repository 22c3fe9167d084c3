// `csii simulate --set PATH=VALUE`: changes one field of a preset or scenario file before its
// defaults are filled in, so a user can rerun the main job with another seed, patient or length
// without writing a file. The scenario's own validation then judges the result, naming the path.

/** One `--set` assignment: the field's path and its value. */
export interface Override {
  readonly path: readonly string[];
  readonly value: unknown;
}

/**
 * `PATH=VALUE` as given on the command line. PATH is a dot-separated field path (`patient.index`,
 * `behaviour.forgetBolusProbability`); VALUE is read as JSON when it is JSON (`12`, `true`,
 * `{"kind":"cgm"}`), otherwise as the text itself (`therapy.kind=mdi`).
 */
export function parseOverride(text: string): Override {
  const equals = text.indexOf('=');
  const path = equals < 0 ? [] : text.slice(0, equals).split('.');
  if (path.length === 0 || path.some((part) => part === '')) {
    throw new RangeError(
      `--set ${text}: expected PATH=VALUE, PATH a dot-separated field path such as patient.index`,
    );
  }
  const raw = text.slice(equals + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Not JSON: the text itself, so `--set therapy.kind=mdi` needs no quotes.
  }
  return { path, value };
}

/**
 * The scenario with each override applied in turn, copied along each path: the input (a preset
 * shared by every run) is never changed. Setting a `kind` or `source` to another value starts
 * that object afresh with it, its other fields left to their defaults or later overrides. A
 * missing object or list on the path is taken from `defaultsOf` (the scenario with its defaults
 * filled in, or undefined if it is invalid), so a path can reach into a default
 * (`meals.meals.3.slowShare`); one without a default is created empty. A path through a value that is not an object is refused, naming it.
 */
export function applyOverrides(
  scenario: unknown,
  overrides: readonly Override[],
  defaultsOf: (scenario: unknown) => unknown = () => undefined,
): unknown {
  return overrides.reduce(
    (current, override) => setAt(current, defaultsOf(current), 0, override),
    scenario,
  );
}

function setAt(target: unknown, defaults: unknown, depth: number, override: Override): unknown {
  const { path } = override;
  if (depth === path.length) return override.value;
  const key = path[depth] as string;
  if (target === undefined) target = isContainer(defaults) ? defaults : {};
  const below = isContainer(defaults) ? (defaults as Record<string, unknown>)[key] : undefined;
  if (Array.isArray(target) && /^\d+$/.test(key)) {
    const copy: unknown[] = [...target];
    copy[Number(key)] = setAt(copy[Number(key)], below, depth + 1, override);
    return copy;
  }
  if (typeof target !== 'object' || target === null || Array.isArray(target)) {
    const where = depth === 0 ? 'the scenario' : path.slice(0, depth).join('.');
    throw new RangeError(
      `--set ${path.join('.')}: ${where} is ${JSON.stringify(target)}, not an object with fields`,
    );
  }
  const record = target as Record<string, unknown>;
  if (depth === path.length - 1 && startsAnotherVariant(record, key, override.value)) {
    return { [key]: override.value };
  }
  return { ...record, [key]: setAt(record[key], below, depth + 1, override) };
}

/** The fields that say which variant an object is (`therapy.kind`, `patient.source`). */
const VARIANT_FIELDS: ReadonlySet<string> = new Set(['kind', 'source']);

/**
 * Another kind of therapy, sensor, meal plan or patient source: the fields of the former one
 * (an injection therapy's basal insulin, a CGM's dropouts) do not belong to it and go.
 */
function startsAnotherVariant(record: Record<string, unknown>, key: string, value: unknown) {
  return VARIANT_FIELDS.has(key) && key in record && record[key] !== value;
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
