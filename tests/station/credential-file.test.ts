/**
 * The station's credential file: one file, mode 0600, sealed by the injected SecretBox (Electron safeStorage in the
 * app) when there is one, plain JSON otherwise; a file that cannot be opened or was altered is refused, not half-read.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  readStationCredential,
  removeStationCredential,
  writeStationCredential,
  type SecretBox,
  type StationCredential,
} from '../../src-main/station/credential-file';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-cred-'));
  file = join(dir, 'station.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A real cipher standing in for the OS keychain. */
function box(key = randomBytes(32)): SecretBox {
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const credential: StationCredential = {
  format: 1,
  hub: { host: '192.168.1.20', port: 8443 },
  caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  caFingerprint: Array.from({ length: 32 }, () => 'AB').join(':'),
  role: 'staff',
  deviceId: 7,
  deviceName: 'Room 3',
  credential: 'c'.repeat(43),
  pairedAt: '2026-12-02T01:00:00.000Z',
};

describe('station credential file', () => {
  it('is sealed when a SecretBox is available: the credential is not in the file, and only that box opens it', () => {
    const b = box();
    writeStationCredential(file, credential, b);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(credential.credential);
    expect(text).not.toContain('192.168.1.20');
    expect(readStationCredential(file, b)).toEqual({ ok: true, credential, encrypted: true });
    expect(readStationCredential(file, box())).toEqual({ ok: false, reason: 'cannot-decrypt' });
    expect(readStationCredential(file, null)).toEqual({ ok: false, reason: 'cannot-decrypt' });
  });

  it('is plain JSON, mode 0600, where no SecretBox exists, and says so', () => {
    writeStationCredential(file, credential, null);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ protection: 'none' });
    expect(readStationCredential(file, null)).toEqual({ ok: true, credential, encrypted: false });
  });

  it('replaces the file whole and tightens a loose mode', () => {
    writeFileSync(file, 'old', { mode: 0o644 });
    writeStationCredential(file, { ...credential, deviceName: 'Room 4' }, null);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const read = readStationCredential(file, null);
    expect(read.ok && read.credential.deviceName).toBe('Room 4');
  });

  it('refuses a missing, malformed or altered file', () => {
    expect(readStationCredential(file, null)).toEqual({ ok: false, reason: 'missing' });
    writeFileSync(file, '{"protection":"none","data":{"format":1}}');
    expect(readStationCredential(file, null)).toEqual({ ok: false, reason: 'unreadable' });
    writeFileSync(file, 'not json');
    expect(readStationCredential(file, null)).toEqual({ ok: false, reason: 'unreadable' });
    expect(() => writeStationCredential(file, { ...credential, credential: 'short' }, null)).toThrow();
    removeStationCredential(file);
    expect(readStationCredential(file, null)).toEqual({ ok: false, reason: 'missing' });
  });
});
