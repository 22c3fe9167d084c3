// V8's inlining budget, raised for the processes that run simulations for minutes.
//
// When V8 optimizes a function, it takes in at most 920 bytes of the bytecode of the functions
// it calls (its default cumulative budget); past that, calls stay calls, and a number returned
// by one is boxed on the heap. The run loop calls a dozen small parts every simulated minute
// (the pump engine, the person, the CGM, the recorder, the model's step), and the default budget
// leaves many of them out. At 4,600 bytes, V8's own cap on the cumulative budget, side-by-side
// runs on a project machine in December 2026 gave: the full simulation and a one-thread cohort
// about a quarter faster once compiled, the Hovorka model's step about as much, the pump engine
// about a tenth. Inlining changes no arithmetic: results stay byte-identical.
//
// Compiling larger functions takes V8 longer, so a process that runs for a second or so ends
// later with the budget raised (a cold 90-day `simulate` about 10 % later in eight alternating
// pairs). Only the command lines that run for minutes raise it: cohorts, their workers, studies
// and the closed-loop experiment (207 s → 185 s); the other experiments take a second or two.
//
// V8 reads the budget each time it optimizes a function, so setting it at the start of a process
// counts for all its code and its worker threads. Node's own flag does the same:
// `node --max-inlined-bytecode-size-cumulative=4600`.
import { setFlagsFromString } from 'node:v8';

const INLINING_BUDGET_FLAG = '--max-inlined-bytecode-size-cumulative=4600';

const LONG_RUNNING_COMMANDS: ReadonlySet<string> = new Set(['cohort', 'worker', 'study']);
const LONG_RUNNING_EXPERIMENTS: ReadonlySet<string> = new Set(['closed-loop']);

/** Whether a `csii` command line runs long enough to gain from the raised budget. */
export function gainsFromInliningBudget(args: readonly string[]): boolean {
  const [command, ...rest] = args;
  if (command === undefined) return false;
  if (command === 'experiment') return rest.some((arg) => LONG_RUNNING_EXPERIMENTS.has(arg));
  return LONG_RUNNING_COMMANDS.has(command);
}

export function raiseInliningBudget(): void {
  setFlagsFromString(INLINING_BUDGET_FLAG);
}
