/**
 * This computer's mode. The desktop app knows it (DesktopCapabilities.machine). A headless hub (`npm run hub`) has
 * no desktop shell but does share this core on the network, so it is reported as a hub from the addresses it
 * listens on; it cannot be changed from a window (its command line says how it runs). The loopback web shell has
 * no mode.
 *
 * The desktop hub's database choice (#18) is this computer's too: saved in machine.json for the next start, tested
 * with the check a hub runs at start. Where no desktop shell keeps it, it is only reported.
 */
import { ApiError } from '../errors';
import { connectionStringProblem, testDatabase } from '../database-setting';
import { redactConnectionString } from '../../store/postgres/connection-string';
import type { MachineDatabase, MachineStatus, machineMethods } from '../methods/machine';
import type { NetworkIdentity } from '../network-identity';
import { signedInClinician } from './actor';
import type { HandlersFor, ServiceDeps } from './deps';

const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

const NOT_HERE =
  'The database is chosen in the desktop app on the clinic hub; a hub started from the command line takes ' +
  '--database instead.';
const NOT_HUB =
  "A PostgreSQL server holds a clinic group's data for its hubs: make this computer the clinic hub first " +
  '(Share with other devices in this clinic…).';

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

export function machineHandlers({ desktop, network, store, clock }: ServiceDeps): HandlersFor<typeof machineMethods> {
  const databaseFile = () => {
    const file = desktop?.machine?.database;
    if (!file) throw new ApiError('unavailable', NOT_HERE);
    return file;
  };
  const database = (): MachineDatabase => {
    const file = desktop?.machine?.database;
    return { saved: file ? file.saved() : null, inUse: store.engine, canChange: file !== undefined };
  };
  return {
    'admin.machine.status': () => desktop?.machine?.status() ?? headlessHubStatus(network.current),
    'admin.machine.setup': () => {
      if (!desktop?.machine) return { opened: false };
      desktop.machine.openSetup();
      return { opened: true };
    },
    'admin.machine.database': () => database(),
    'admin.machine.database.set': async (choice, ctx) => {
      const file = databaseFile();
      if (choice.engine === 'postgres') {
        const problem = connectionStringProblem(choice.url);
        if (problem) throw new ApiError('invalid_input', problem, [{ path: 'url', message: problem }]);
      }
      if (file.save(choice) === 'not-hub') throw new ApiError('conflict', NOT_HUB);
      await store.appendAudit(
        {
          actorType: 'clinician',
          actorId: signedInClinician(ctx).id,
          action: 'machine.database',
          detail:
            choice.engine === 'postgres' ? { engine: 'postgres', server: redactConnectionString(choice.url) } : choice,
        },
        clock.now().toISOString(),
      );
      return database();
    },
    'admin.machine.database.test': async ({ url }) => {
      databaseFile();
      return testDatabase(url);
    },
  };
}
