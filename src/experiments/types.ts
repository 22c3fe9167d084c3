// An experiment: a reproducible computation that answers one question about pump therapy and
// reports it as tables, figures and notes (beside published figures where they exist). The CLI
// prints the tables, writes an HTML report, or prints the whole result with --json.

export interface ExperimentTable {
  readonly title: string;
  readonly columns: readonly string[];
  /** Cells as displayed (numbers are formatted by the experiment, with their units in the header). */
  readonly rows: readonly (readonly string[])[];
  readonly note?: string;
}

/** A line chart: shared x values, one or more named y series (null where a series has no value). */
export interface ExperimentFigure {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly x: readonly number[];
  readonly series: readonly {
    readonly name: string;
    readonly y: readonly (number | null)[];
    readonly dashed?: boolean;
    /** Series with the same group share a colour (e.g. the max and the min of one pulse size). */
    readonly group?: string;
  }[];
  /** Horizontal reference lines, e.g. a published mean or a threshold. */
  readonly references?: readonly { readonly label: string; readonly y: number }[];
  readonly note?: string;
  /** 'log' for x values spanning decades (positive only); linear by default. */
  readonly xScale?: 'linear' | 'log';
  /** 'symlog' (linear near 0, logarithmic beyond) for deviations from −100 % to +1000s %. */
  readonly yScale?: 'linear' | 'symlog';
}

export interface ExperimentResult {
  readonly name: string;
  readonly title: string;
  /** What was done, in plain words: the method, the conventions, the sources. */
  readonly method: readonly string[];
  readonly tables: readonly ExperimentTable[];
  readonly figures: readonly ExperimentFigure[];
  /** Findings and caveats, in plain words. */
  readonly notes: readonly string[];
  /** The numbers behind the tables, for --json and for tests. */
  readonly data: unknown;
}

export interface Experiment {
  readonly name: string;
  readonly title: string;
  /** Runs the experiment; pure (seeded, no I/O); `onProgress` gets the fraction done. */
  run(options: { onProgress?: (fractionDone: number) => void }): ExperimentResult;
}
