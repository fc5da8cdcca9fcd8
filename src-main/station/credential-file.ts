/**
 * What a paired desktop station keeps: the hub's address, its role, the CA it pinned and the device credential, in
 * one file in userData, mode 0600, written whole (temp file, fsync, rename) so a power cut leaves the old file or the
 * new one. The JSON is encrypted with a SecretBox (Electron's safeStorage: the OS keychain, DPAPI or the desktop's
 * secret service) when one is available; otherwise it is stored as plain JSON, protected only by the file mode, and
 * the envelope says so (docs/network.md, "Desktop stations").
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync, chmodSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { z } from 'zod';

export const STATION_FILE = 'station.json';

/** Encrypts for this OS user only. Injected: Electron's safeStorage in the app, a test double in tests. */
export interface SecretBox {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export const stationCredentialSchema = z
  .object({
    format: z.literal(1),
    hub: z.object({ host: z.string().min(1).max(253), port: z.number().int().min(1).max(65535) }).strict(),
    caPem: z.string().startsWith('-----BEGIN CERTIFICATE-----').max(20_000),
    caFingerprint: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
    role: z.enum(['kiosk', 'staff']),
    deviceId: z.number().int().positive(),
    deviceName: z.string().min(1).max(200),
    credential: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    pairedAt: z.string().datetime(),
  })
  .strict();
export type StationCredential = z.infer<typeof stationCredentialSchema>;

const envelopeSchema = z.discriminatedUnion('protection', [
  z.object({ protection: z.literal('safeStorage'), data: z.string().base64() }).strict(),
  z.object({ protection: z.literal('none'), data: stationCredentialSchema }).strict(),
]);

export type ReadCredential =
  | { ok: true; credential: StationCredential; encrypted: boolean }
  | { ok: false; reason: 'missing' | 'unreadable' | 'cannot-decrypt' };

/** Writes `text` to `file` with mode 0600, atomically. */
export function writePrivateFile(file: string, text: string | Uint8Array): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The mode given to open is reduced by the umask; say it again.
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export function writeStationCredential(file: string, credential: StationCredential, box: SecretBox | null): void {
  const valid = stationCredentialSchema.parse(credential);
  const envelope: z.infer<typeof envelopeSchema> = box
    ? { protection: 'safeStorage', data: box.encrypt(JSON.stringify(valid)).toString('base64') }
    : { protection: 'none', data: valid };
  writePrivateFile(file, `${JSON.stringify(envelope, null, 2)}\n`);
}

export function readStationCredential(file: string, box: SecretBox | null): ReadCredential {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable' };
  }
  let envelope: z.infer<typeof envelopeSchema>;
  try {
    const parsed = envelopeSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return { ok: false, reason: 'unreadable' };
    envelope = parsed.data;
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  if (envelope.protection === 'none') return { ok: true, credential: envelope.data, encrypted: false };
  if (!box) return { ok: false, reason: 'cannot-decrypt' };
  try {
    const inner = stationCredentialSchema.safeParse(JSON.parse(box.decrypt(Buffer.from(envelope.data, 'base64'))));
    return inner.success ? { ok: true, credential: inner.data, encrypted: true } : { ok: false, reason: 'unreadable' };
  } catch {
    return { ok: false, reason: 'cannot-decrypt' };
  }
}

/** Forgets the pairing (the admin unpairs this computer, or pairs it again). */
export function removeStationCredential(file: string): void {
  rmSync(file, { force: true });
}
