/** The machine setting and what each mode starts: the decisions electron/main.ts carries out. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadCredential, StationCredential } from '../../src-main/station/credential-file';
import {
  machineDatabaseFile,
  planStartup,
  readMachineSetting,
  writeMachineSetting,
  type MachineSetting,
} from '../../src-main/station/machine-mode';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-machine-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const paired =
  (role: 'kiosk' | 'staff'): (() => ReadCredential) =>
  () => ({
    ok: true,
    encrypted: true,
    credential: { role } as StationCredential,
  });
const never = (): ReadCredential => {
  throw new Error('a local mode must not read the station credential');
};

describe('machine mode', () => {
  it('is standalone when nothing was chosen, and unreadable (not standalone) when the file is damaged', () => {
    const file = join(dir, 'machine.json');
    expect(readMachineSetting(file)).toEqual({ mode: 'standalone' });
    writeFileSync(file, '{"mode":"station-kiosk","extra":1}');
    expect(readMachineSetting(file)).toBeNull();
    writeFileSync(file, '{');
    expect(readMachineSetting(file)).toBeNull();
  });

  it('round-trips every mode through a 0600 file', () => {
    const file = join(dir, 'machine.json');
    const settings: MachineSetting[] = [
      { mode: 'standalone' },
      { mode: 'hub', network: false, port: 8443 },
      { mode: 'hub', network: true, port: 8443, database: 'postgres://stride@db.clinic.lan:5432/stride' },
      { mode: 'station-kiosk' },
      { mode: 'station-staff' },
    ];
    for (const s of settings) {
      writeMachineSetting(file, s);
      expect(readMachineSetting(file)).toEqual(s);
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(() => writeMachineSetting(file, { mode: 'hub', network: true, port: 80 })).toThrow();
    // Never a password on disk, nor a database on a standalone computer, even written by hand.
    expect(() =>
      writeMachineSetting(file, { mode: 'hub', network: true, port: 8443, database: 'postgres://s:pw@db/stride' }),
    ).toThrow(/password/);
    writeFileSync(file, '{"mode":"hub","network":false,"port":8443,"database":"postgres://s:pw@db/stride"}');
    expect(readMachineSetting(file)).toBeNull();
    writeFileSync(file, '{"mode":"standalone","database":"postgres://s@db/stride"}');
    expect(readMachineSetting(file)).toBeNull();
  });

  it('standalone and hub run the local core with both windows; the hub listens on loopback unless told', () => {
    expect(planStartup({ mode: 'standalone' }, never)).toEqual({
      kind: 'local',
      hub: null,
      database: null,
      windows: ['kiosk', 'clinician'],
    });
    expect(planStartup({ mode: 'hub', network: false, port: 8443 }, never)).toMatchObject({
      kind: 'local',
      hub: { host: '127.0.0.1', port: 8443 },
      database: null,
    });
    const url = 'postgresql://stride@db.clinic.lan/stride';
    expect(planStartup({ mode: 'hub', network: false, port: 8443, database: url }, never)).toMatchObject({
      kind: 'local',
      database: url,
    });
    expect(planStartup({ mode: 'hub', network: true, port: 9443 }, never)).toMatchObject({
      hub: { host: '0.0.0.0', port: 9443 },
    });
  });

  it('a station opens only its role’s window, and only with a credential for that role', () => {
    expect(planStartup({ mode: 'station-kiosk' }, paired('kiosk'))).toEqual({
      kind: 'station',
      role: 'kiosk',
      windows: ['kiosk'],
    });
    expect(planStartup({ mode: 'station-staff' }, paired('staff'))).toEqual({
      kind: 'station',
      role: 'staff',
      windows: ['clinician'],
    });
    expect(planStartup({ mode: 'station-staff' }, paired('kiosk'))).toEqual({ kind: 'setup', reason: 'role-mismatch' });
    expect(planStartup({ mode: 'station-kiosk' }, () => ({ ok: false, reason: 'missing' }))).toEqual({
      kind: 'setup',
      reason: 'not-paired',
    });
    expect(planStartup({ mode: 'station-kiosk' }, () => ({ ok: false, reason: 'cannot-decrypt' }))).toEqual({
      kind: 'setup',
      reason: 'credential-unreadable',
    });
    expect(planStartup(null, never)).toEqual({ kind: 'setup', reason: 'setting-unreadable' });
  });

  it('keeps the hub’s database choice in machine.json, beside its network choice; PostgreSQL on the hub only', () => {
    const file = join(dir, 'machine.json');
    const database = machineDatabaseFile(file);
    expect(database.saved()).toEqual({ engine: 'sqlite' });
    expect(database.save({ engine: 'postgres', url: 'postgres://stride@db/stride' })).toBe('not-hub');
    expect(database.save({ engine: 'sqlite' })).toBe('saved');
    expect(readMachineSetting(file)).toEqual({ mode: 'standalone' });

    writeMachineSetting(file, { mode: 'hub', network: true, port: 9443 });
    expect(database.save({ engine: 'postgres', url: 'postgres://stride@db/stride' })).toBe('saved');
    expect(readMachineSetting(file)).toEqual({
      mode: 'hub',
      network: true,
      port: 9443,
      database: 'postgres://stride@db/stride',
    });
    expect(database.saved()).toEqual({ engine: 'postgres', url: 'postgres://stride@db/stride' });
    expect(database.save({ engine: 'sqlite' })).toBe('saved');
    expect(readMachineSetting(file)).toEqual({ mode: 'hub', network: true, port: 9443 });
    expect(() => database.save({ engine: 'postgres', url: 'postgres://stride:pw@db/stride' })).toThrow(/password/);
    expect(readMachineSetting(file)).toEqual({ mode: 'hub', network: true, port: 9443 });
  });
});
