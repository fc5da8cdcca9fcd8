/**
 * The one machine-level setting: what this computer is in the clinic, and on the hub where it keeps the clinic's data.
 * Kept in userData (`machine.json`), not in the clinic database, because a station has none and a hub's database
 * cannot say where it is itself. What each mode starts is decided here, as pure functions, so the Electron wiring
 * (electron/main.ts) only carries it out.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { MachineModeName } from '../api/bridge';
import { savedConnectionStringSchema } from '../api/database-setting';
import type { MachineDatabaseFile } from '../api/handlers/deps';
import type { DatabaseChoice } from '../api/methods/machine';
import { writePrivateFile, type ReadCredential } from './credential-file';

export const MACHINE_FILE = 'machine.json';

export const MACHINE_MODES = [
  'standalone',
  'hub',
  'station-kiosk',
  'station-staff',
] as const satisfies readonly MachineModeName[];
export type MachineMode = (typeof MACHINE_MODES)[number];

export const machineSettingSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('standalone') }).strict(),
  z
    .object({
      mode: z.literal('hub'),
      /** Loopback unless the admin chose to listen on the clinic network. */
      network: z.boolean(),
      port: z.number().int().min(1024).max(65535),
      /** A clinic group's PostgreSQL server, without its password; absent: this computer's SQLite file. */
      database: savedConnectionStringSchema.optional(),
    })
    .strict(),
  z.object({ mode: z.literal('station-kiosk') }).strict(),
  z.object({ mode: z.literal('station-staff') }).strict(),
]);
export type MachineSetting = z.infer<typeof machineSettingSchema>;

export const STANDALONE: MachineSetting = { mode: 'standalone' };

/** Missing: standalone (the default). Unreadable: null, and the app asks again rather than guess. */
export function readMachineSetting(file: string): MachineSetting | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? STANDALONE : null;
  }
  try {
    const parsed = machineSettingSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeMachineSetting(file: string, setting: MachineSetting): void {
  writePrivateFile(file, `${JSON.stringify(machineSettingSchema.parse(setting), null, 2)}\n`);
}

/** Where the hub listens: 127.0.0.1 unless sharing on the network was chosen (then every address of the machine). */
export function hubListenAddress(setting: Extract<MachineSetting, { mode: 'hub' }>): { host: string; port: number } {
  return { host: setting.network ? '0.0.0.0' : '127.0.0.1', port: setting.port };
}

/**
 * Where the desktop hub keeps its data, for Settings (api/methods/machine.ts): read from and written to machine.json.
 * PostgreSQL is a hub's choice only; choosing SQLite on a standalone computer is what it already does.
 */
export function machineDatabaseFile(file: string): MachineDatabaseFile {
  return {
    saved: (): DatabaseChoice => {
      const setting = readMachineSetting(file);
      return setting?.mode === 'hub' && setting.database
        ? { engine: 'postgres', url: setting.database }
        : { engine: 'sqlite' };
    },
    save: (choice) => {
      const setting = readMachineSetting(file);
      if (setting?.mode !== 'hub') return choice.engine === 'sqlite' ? 'saved' : 'not-hub';
      const { database: _previous, ...hub } = setting;
      writeMachineSetting(file, choice.engine === 'postgres' ? { ...hub, database: choice.url } : hub);
      return 'saved';
    },
  };
}

export type StartupPlan =
  /**
   * A local core: the hub server too when `hub` is set, on the PostgreSQL server `database` names (else this
   * computer's SQLite file). Both windows, as on one machine.
   */
  | {
      kind: 'local';
      hub: { host: string; port: number } | null;
      database: string | null;
      windows: readonly ['kiosk', 'clinician'];
    }
  /** No local database: the windows talk to the paired hub. A kiosk station holds unsent intakes in its outbox. */
  | { kind: 'station'; role: 'kiosk' | 'staff'; windows: readonly ['kiosk'] | readonly ['clinician'] }
  /** The setup screen: choose a mode, or pair this station (again). */
  | { kind: 'setup'; reason: SetupReason };

export type SetupReason = 'setting-unreadable' | 'not-paired' | 'credential-unreadable' | 'role-mismatch' | 'unpaired';

export function planStartup(setting: MachineSetting | null, credential: () => ReadCredential): StartupPlan {
  if (!setting) return { kind: 'setup', reason: 'setting-unreadable' };
  switch (setting.mode) {
    case 'standalone':
      return { kind: 'local', hub: null, database: null, windows: ['kiosk', 'clinician'] };
    case 'hub':
      return {
        kind: 'local',
        hub: hubListenAddress(setting),
        database: setting.database ?? null,
        windows: ['kiosk', 'clinician'],
      };
    case 'station-kiosk':
    case 'station-staff': {
      const role = setting.mode === 'station-kiosk' ? 'kiosk' : 'staff';
      const read = credential();
      if (!read.ok)
        return { kind: 'setup', reason: read.reason === 'missing' ? 'not-paired' : 'credential-unreadable' };
      // A pairing code decides the role; a kiosk credential never opens a staff window.
      if (read.credential.role !== role) return { kind: 'setup', reason: 'role-mismatch' };
      return role === 'kiosk'
        ? { kind: 'station', role, windows: ['kiosk'] }
        : { kind: 'station', role, windows: ['clinician'] };
    }
  }
}

/** What the setup screen says first. */
export const SETUP_MESSAGES: Record<SetupReason, string> = {
  'setting-unreadable': 'This computer’s Stride setting could not be read. Choose what this computer is.',
  'not-paired': 'This computer is set up as a station but is not paired with the clinic hub yet.',
  'credential-unreadable':
    'This computer’s pairing could not be read (it may have been copied from another user or computer). Pair it ' +
    'again.',
  'role-mismatch': 'This computer was paired for the other role. Pair it again with a code for this role.',
  unpaired: 'The clinic hub no longer accepts this computer (it was revoked). Pair it again.',
};
