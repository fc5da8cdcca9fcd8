/** Devices and pairing codes in SQLite: hashes only, single use, revoked for good, never deleted. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src-main/store/db';
import {
  countOpenPairingCodes,
  findDeviceByCredentialHash,
  findPairingCode,
  getDevice,
  insertDevice,
  insertPairingCode,
  listDevices,
  markPairingCodeUsed,
  revokeDevice,
  touchDevice,
} from '../../src-main/store/devices';

let dir: string;
let db: Db;
const AT = '2026-11-26T09:00:00.000Z';
const LATER = '2026-11-26T09:05:00.000Z';
const h = (c: string) => c.repeat(64);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-devices-'));
  db = openDatabase(join(dir, 'stride.db'));
  db.prepare(
    "INSERT INTO clinicians (name, role, pin_hash, pin_salt, created_at) VALUES ('Ada Admin', 'admin', 'h', 's', ?)",
  ).run(AT);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const addDevice = (name = 'Waiting room tablet', hash = h('a')) =>
  insertDevice(db, { name, role: 'kiosk', credentialHash: hash, createdBy: 1, address: '10.0.0.5' }, AT);

describe('devices store', () => {
  it('finds a device by its credential hash and never returns the hash', () => {
    const id = addDevice();
    const found = findDeviceByCredentialHash(db, h('a'));
    expect(found).toMatchObject({
      id,
      name: 'Waiting room tablet',
      role: 'kiosk',
      last_address: '10.0.0.5',
      revoked_at: null,
    });
    expect(Object.keys(found!)).not.toContain('credential_hash');
    expect(findDeviceByCredentialHash(db, h('b'))).toBeUndefined();
  });

  it('records last seen and address; revocation is once and for good', () => {
    const id = addDevice();
    touchDevice(db, id, LATER, '10.0.0.6');
    expect(getDevice(db, id)).toMatchObject({ last_seen_at: LATER, last_address: '10.0.0.6' });
    expect(revokeDevice(db, id, 1, LATER)).toBe(true);
    expect(revokeDevice(db, id, 1, LATER)).toBe(false);
    expect(revokeDevice(db, 999, 1, LATER)).toBe(false);
    expect(() => db.prepare('UPDATE devices SET revoked_at = NULL WHERE id = ?').run(id)).toThrow(/stays revoked/);
    expect(() => db.prepare('DELETE FROM devices WHERE id = ?').run(id)).toThrow(/revoked, not deleted/);
    // A revoked device is no longer touched.
    touchDevice(db, id, '2026-11-27T00:00:00.000Z', '10.0.0.7');
    expect(getDevice(db, id)?.last_address).toBe('10.0.0.6');
  });

  it('lists active devices before revoked ones', () => {
    const a = addDevice('A', h('a'));
    const b = addDevice('B', h('b'));
    revokeDevice(db, b, 1, LATER);
    expect(listDevices(db).map((d) => d.id)).toEqual([a, b]);
  });

  it('credential hashes are unique and 64 hex characters long', () => {
    addDevice('A', h('a'));
    expect(() => addDevice('B', h('a'))).toThrow(/UNIQUE/);
    expect(() => addDevice('C', 'short')).toThrow(/CHECK/);
  });

  it('a pairing code is used once', () => {
    const codeId = insertPairingCode(
      db,
      { codeHash: h('c'), role: 'kiosk', name: 'Tablet', createdBy: 1, expiresAt: '2026-11-26T09:10:00.000Z' },
      AT,
    );
    expect(countOpenPairingCodes(db, AT)).toBe(1);
    expect(countOpenPairingCodes(db, '2026-11-26T09:10:00.000Z')).toBe(0);
    expect(findPairingCode(db, h('c'))).toMatchObject({ id: codeId, role: 'kiosk', name: 'Tablet', used_at: null });
    const deviceId = addDevice();
    expect(markPairingCodeUsed(db, codeId, deviceId, LATER)).toBe(true);
    expect(markPairingCodeUsed(db, codeId, deviceId, LATER)).toBe(false);
    expect(findPairingCode(db, h('c'))).toMatchObject({ used_at: LATER, device_id: deviceId });
    expect(countOpenPairingCodes(db, AT)).toBe(0);
  });
});
