/**
 * The one machine-level setting: what this computer is in the clinic. Kept in userData (`machine.json`), not in the
 * clinic database, because a station has no database. What each mode starts is decided here, as pure functions, so
 * the Electron wiring (electron/main.ts) only carries it out.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { MachineModeName } from '../api/bridge';
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

export type StartupPlan =
  /** A local database; the hub server too when `hub` is set. Both windows, as on one machine. */
  | { kind: 'local'; hub: { host: string; port: number } | null; windows: readonly ['kiosk', 'clinician'] }
  /** No local database: the windows talk to the paired hub. A kiosk station holds unsent intakes in its outbox. */
  | { kind: 'station'; role: 'kiosk' | 'staff'; windows: readonly ['kiosk'] | readonly ['clinician'] }
  /** The setup screen: choose a mode, or pair this station (again). */
  | { kind: 'setup'; reason: SetupReason };

export type SetupReason = 'setting-unreadable' | 'not-paired' | 'credential-unreadable' | 'role-mismatch' | 'unpaired';

export function planStartup(setting: MachineSetting | null, credential: () => ReadCredential): StartupPlan {
  if (!setting) return { kind: 'setup', reason: 'setting-unreadable' };
  switch (setting.mode) {
    case 'standalone':
      return { kind: 'local', hub: null, windows: ['kiosk', 'clinician'] };
    case 'hub':
      return { kind: 'local', hub: hubListenAddress(setting), windows: ['kiosk', 'clinician'] };
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
