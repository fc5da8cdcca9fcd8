/**
 * This computer's mode, for the Settings screen: standalone, hub (with the addresses and CA fingerprint devices
 * need), or a station. Set by the shell that runs the core (the desktop app knows it; the web shell and the headless
 * hub are what they were started as), never by a window.
 */
import { method } from './define';
import { emptySchema } from '../schemas';
import type { MachineModeName } from '../bridge';

export interface MachineStatus {
  /** null where the mode is not a setting: the loopback web shell, or `npm run hub` (see its console). */
  mode: MachineModeName | null;
  /** Hub mode: what devices open, and the CA fingerprint they compare. null when not sharing (or it failed). */
  hub: { origins: string[]; caFingerprint: string; network: boolean } | null;
  /** A desktop station: the hub it is paired with (address, pinned CA) and its name there. */
  station: { hub: string; caFingerprint: string; deviceName: string } | null;
  /** Whether `admin.machine.setup` can open the desktop app's setup window here. */
  canChange: boolean;
}

export const machineMethods = {
  'admin.machine.status': method<MachineStatus>()('admin', emptySchema),
  /** Opens the desktop app's setup window on this computer (a change takes effect after a restart). */
  'admin.machine.setup': method<{ opened: boolean }>()('admin', emptySchema),
} as const;
