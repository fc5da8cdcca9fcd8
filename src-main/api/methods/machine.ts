/**
 * This computer's mode, for the Settings screen: standalone, hub (with the addresses and CA fingerprint devices
 * need), or a station. Set by the shell that runs the core (the desktop app knows it; the web shell and the headless
 * hub are what they were started as), never by a window.
 */
import { z } from 'zod';
import { method } from './define';
import { emptySchema } from '../schemas';
import { POSTGRES_URL_PATTERN } from '../../core/vocabulary';
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

/** Longer than any real connection string; machine.json and the Settings field hold no more. */
export const CONNECTION_STRING_MAX = 1000;

const connectionString = z
  .string()
  .trim()
  .min(1)
  .max(CONNECTION_STRING_MAX)
  .regex(POSTGRES_URL_PATTERN, 'A PostgreSQL connection string starts with postgres:// or postgresql://.');

/**
 * Where this computer keeps the clinic's data: its own SQLite file (the default), or a clinic group's PostgreSQL
 * server, named by a connection string without its password (api/database-setting.ts says why).
 */
export const databaseChoiceSchema = z.discriminatedUnion('engine', [
  z.object({ engine: z.literal('sqlite') }).strict(),
  z.object({ engine: z.literal('postgres'), url: connectionString }).strict(),
]);
export type DatabaseChoice = z.infer<typeof databaseChoiceSchema>;

export interface MachineDatabase {
  /** What Stride opens when it next starts on this computer (machine.json); null where none is kept here. */
  saved: DatabaseChoice | null;
  /** What this running Stride opened; differs from `saved` until the restart after a change. */
  inUse: 'sqlite' | 'postgres';
  /** Only the desktop hub keeps this choice; the headless hub takes --database, a station has no database. */
  canChange: boolean;
}

export const machineMethods = {
  'admin.machine.status': method<MachineStatus>()('admin', emptySchema),
  /** Opens the desktop app's setup window on this computer (a change takes effect after a restart). */
  'admin.machine.setup': method<{ opened: boolean }>()('admin', emptySchema),
  /** Where this computer keeps the clinic's data, saved and in use. */
  'admin.machine.database': method<MachineDatabase>()('admin', emptySchema),
  /** Saves the choice for the next start (a running Stride keeps its database until then). The desktop hub only. */
  'admin.machine.database.set': method<MachineDatabase>()('admin', databaseChoiceSchema),
  /** "Test connection": the check a hub runs at start, in one sentence. Changes nothing. */
  'admin.machine.database.test': method<{ ok: boolean; message: string }>()(
    'admin',
    z.object({ url: connectionString }).strict(),
  ),
} as const;
