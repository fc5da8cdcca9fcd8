/**
 * This computer's mode. The desktop app knows it (DesktopCapabilities.machine). A headless hub (`npm run hub`) has
 * no desktop shell but does share this core on the network, so it is reported as a hub from the addresses it
 * listens on; it cannot be changed from a window (its command line says how it runs). The loopback web shell has
 * no mode.
 */
import type { MachineStatus, machineMethods } from '../methods/machine';
import type { NetworkIdentity } from '../network-identity';
import type { HandlersFor, ServiceDeps } from './deps';

const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

function headlessHubStatus(identity: NetworkIdentity | null): MachineStatus {
  if (!identity) return { mode: null, hub: null, station: null, canChange: false };
  const network = identity.origins.some((origin) => !LOOPBACK_HOST.test(new URL(origin).hostname));
  return {
    mode: 'hub',
    hub: { origins: [...identity.origins], caFingerprint: identity.caFingerprint, network },
    station: null,
    canChange: false,
  };
}

export function machineHandlers({ desktop, network }: ServiceDeps): HandlersFor<typeof machineMethods> {
  return {
    'admin.machine.status': () => desktop?.machine?.status() ?? headlessHubStatus(network.current),
    'admin.machine.setup': () => {
      if (!desktop?.machine) return { opened: false };
      desktop.machine.openSetup();
      return { opened: true };
    },
  };
}
