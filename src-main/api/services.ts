/** The contract implemented over the core and the store: one handler group per method group. */
import type { Handlers } from './dispatch';
import type { ServiceDeps } from './handlers/deps';
import { intakeHandlers } from './handlers/intake';
import { staffHandlers } from './handlers/staff';
import { clinicalHandlers } from './handlers/clinical';
import { recordsHandlers } from './handlers/records';
import { handoutHandlers } from './handlers/handouts';
import { adminHandlers } from './handlers/admin';
import { deviceHandlers } from './handlers/devices';
import { machineHandlers } from './handlers/machine';

export type { ServiceDeps } from './handlers/deps';

export function createHandlers(deps: ServiceDeps): Handlers {
  return {
    ...intakeHandlers(deps),
    ...staffHandlers(deps),
    ...clinicalHandlers(deps),
    ...recordsHandlers(deps),
    ...handoutHandlers(deps),
    ...adminHandlers(deps),
    ...deviceHandlers(deps),
    ...machineHandlers(deps),
  };
}
