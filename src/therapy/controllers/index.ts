// The closed-loop controllers a scenario can name, each made from its own options.
import { createMpcController } from './mpc.ts';
import { createOref0Controller } from './oref0.ts';
import { createPidController } from './pid.ts';
import type { Controller } from './types.ts';

export type { Controller, ControllerInput, Recommendation } from './types.ts';

export const CONTROLLER_NAMES = ['oref0', 'pid', 'mpc'] as const;
export type ControllerName = (typeof CONTROLLER_NAMES)[number];

const FACTORIES: Readonly<
  Record<ControllerName, (options: Record<string, unknown>) => Controller>
> = {
  oref0: (options) => createOref0Controller(options),
  pid: (options) => createPidController(options),
  mpc: (options) => createMpcController(options),
};

export function createController(
  name: ControllerName,
  options: Record<string, unknown> = {},
): Controller {
  return FACTORIES[name](options);
}
