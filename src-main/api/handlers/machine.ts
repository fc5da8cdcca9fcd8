/** This computer's mode, from the shell (DesktopCapabilities.machine); outside the desktop app there is none. */
import type { machineMethods } from '../methods/machine';
import type { HandlersFor, ServiceDeps } from './deps';

export function machineHandlers({ desktop }: ServiceDeps): HandlersFor<typeof machineMethods> {
  return {
    'admin.machine.status': () =>
      desktop?.machine?.status() ?? { mode: null, hub: null, station: null, canChange: false },
    'admin.machine.setup': () => {
      if (!desktop?.machine) return { opened: false };
      desktop.machine.openSetup();
      return { opened: true };
    },
  };
}
