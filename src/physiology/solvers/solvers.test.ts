import { registerSolverConformance } from './conformance.ts';
import { rk4 } from './rk4.ts';
import { dormandPrince } from './dormandPrince.ts';

registerSolverConformance({
  name: 'rk4',
  order: 4,
  fixedStep: (dtMinutes, maxStepsPerAdvance) =>
    rk4(maxStepsPerAdvance === undefined ? { dtMinutes } : { dtMinutes, maxStepsPerAdvance }),
});

registerSolverConformance({
  name: 'dormand-prince-5(4)',
  order: 5,
  fixedStep: (dtMinutes, maxStepsPerAdvance) =>
    dormandPrince(
      maxStepsPerAdvance === undefined
        ? { fixedDtMinutes: dtMinutes }
        : { fixedDtMinutes: dtMinutes, maxStepsPerAdvance },
    ),
  adaptive: (tolerance) => dormandPrince({ relTol: tolerance, absTol: tolerance }),
});
