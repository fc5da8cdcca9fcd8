/**
 * What the desktop setup screen can do, as plain functions over userData: say what this computer is, choose
 * standalone or hub (and whether the hub listens on the clinic network), or pair it as a station. The Electron side
 * (electron/setup-window.ts) validates each request with these schemas and calls these functions; nothing else.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  readStationCredential,
  removeStationCredential,
  STATION_FILE,
  writeStationCredential,
} from './credential-file';
import type { SecretBox } from './credential-file';
import { DEFAULT_HUB_PORT } from '../hub/listen';
import { MACHINE_FILE, readMachineSetting, writeMachineSetting } from './machine-mode';
import { pairWithHub } from './pairing';
import { redactConnectionString } from '../store/postgres/connection-string';
import type { SetupResult, SetupStatus } from '../api/bridge';

export interface SetupDeps {
  userData: string;
  box: SecretBox | null;
  now?: () => Date;
  /** Pairing's network timeout (tests shorten it). */
  timeoutMs?: number;
}

export const pairInputSchema = z
  .object({
    address: z.string().min(1).max(300),
    fingerprint: z.string().min(1).max(200),
    code: z.string().min(1).max(40),
  })
  .strict();
export type PairInput = z.infer<typeof pairInputSchema>;

export const chooseInputSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('standalone') }).strict(),
  z
    .object({
      mode: z.literal('hub'),
      network: z.boolean(),
      port: z.number().int().min(1024).max(65535).default(DEFAULT_HUB_PORT),
      /**
       * A hub keeps the PostgreSQL server it was set to (Settings → This computer) unless this says to use this
       * computer's own database again: the way back when that server cannot be used.
       */
      ownDatabase: z.boolean().default(false),
    })
    .strict(),
]);
export type ChooseInput = z.input<typeof chooseInputSchema>;

/** The hub's CA fingerprint, once the hub has made its CA in userData/tls/. */
function hubCaFingerprint(userData: string): string | null {
  try {
    return new X509Certificate(readFileSync(join(userData, 'tls', 'ca.crt'))).fingerprint256;
  } catch {
    return null;
  }
}

export function setupStatus(deps: SetupDeps, notice: string | null = null, canChooseMode = true): SetupStatus {
  const setting = readMachineSetting(join(deps.userData, MACHINE_FILE));
  const read = readStationCredential(join(deps.userData, STATION_FILE), deps.box);
  const station =
    read.ok && (setting?.mode === 'station-kiosk' || setting?.mode === 'station-staff')
      ? {
          role: read.credential.role,
          deviceName: read.credential.deviceName,
          hub: `${read.credential.hub.host}:${read.credential.hub.port}`,
          caFingerprint: read.credential.caFingerprint,
          pairedAt: read.credential.pairedAt,
        }
      : null;
  return {
    mode: setting?.mode ?? null,
    notice,
    canChooseMode,
    keychain: deps.box !== null,
    station,
    hub:
      setting?.mode === 'hub'
        ? {
            network: setting.network,
            port: setting.port,
            caFingerprint: hubCaFingerprint(deps.userData),
            database: setting.database ? redactConnectionString(setting.database) : null,
          }
        : null,
  };
}

/** Pairs this computer; the code's role (chosen by the admin on the hub) makes it a kiosk or staff station. */
export async function pairStation(input: PairInput, deps: SetupDeps): Promise<SetupResult> {
  const outcome = await pairWithHub({
    address: input.address,
    fingerprint: input.fingerprint,
    code: input.code,
    ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  if (!outcome.ok) return { ok: false, message: outcome.message };
  writeStationCredential(join(deps.userData, STATION_FILE), outcome.credential, deps.box);
  writeMachineSetting(join(deps.userData, MACHINE_FILE), { mode: `station-${outcome.credential.role}` });
  return { ok: true, restart: true };
}

/**
 * Standalone or hub. A station that becomes standalone or hub forgets its pairing (its credential file is removed),
 * so a machine is never half one and half the other. A hub chosen again keeps its PostgreSQL server unless told to
 * use its own database; a standalone computer always uses its own.
 */
export function chooseMode(input: ChooseInput, deps: SetupDeps): SetupResult {
  const parsed = chooseInputSchema.parse(input);
  const file = join(deps.userData, MACHINE_FILE);
  if (parsed.mode === 'hub') {
    const { ownDatabase, ...hub } = parsed;
    const before = readMachineSetting(file);
    const database = !ownDatabase && before?.mode === 'hub' ? before.database : undefined;
    writeMachineSetting(file, database ? { ...hub, database } : hub);
  } else writeMachineSetting(file, parsed);
  removeStationCredential(join(deps.userData, STATION_FILE));
  return { ok: true, restart: true };
}
