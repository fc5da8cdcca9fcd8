/** The setup screen's actions on a real userData folder and a real hub: pair, see the status, choose another mode. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStationCredential, STATION_FILE } from '../../src-main/station/credential-file';
import {
  MACHINE_FILE,
  machineDatabaseFile,
  planStartup,
  readMachineSetting,
} from '../../src-main/station/machine-mode';
import { chooseMode, pairStation, setupStatus } from '../../src-main/station/setup-actions';
import { startTestHub, type TestHub } from '../support/test-hub';

let th: TestHub;
let userData: string;
beforeAll(async () => {
  th = await startTestHub();
  userData = mkdtempSync(join(tmpdir(), 'stride-userdata-'));
});
afterAll(async () => {
  await th?.dispose();
  rmSync(userData, { recursive: true, force: true });
});

describe('setup actions', () => {
  it('a new machine is standalone; pairing with a staff code makes it a staff station of that hub', async () => {
    const deps = { userData, box: null };
    expect(setupStatus(deps)).toMatchObject({ mode: 'standalone', station: null, keychain: false });
    const code = await th.newCode('staff', 'Room 3');
    const r = await pairStation({ address: `127.0.0.1:${th.port}`, fingerprint: th.caFingerprint, code }, deps);
    expect(r).toEqual({ ok: true, restart: true });
    expect(setupStatus(deps)).toMatchObject({
      mode: 'station-staff',
      station: { role: 'staff', deviceName: 'Room 3', hub: `127.0.0.1:${th.port}`, caFingerprint: th.caFingerprint },
    });
    expect(statSync(join(userData, STATION_FILE)).mode & 0o777).toBe(0o600);
    const plan = planStartup(readMachineSetting(join(userData, MACHINE_FILE)), () =>
      readStationCredential(join(userData, STATION_FILE), null),
    );
    expect(plan).toEqual({ kind: 'station', role: 'staff', windows: ['clinician'] });
  });

  it('a refused pairing changes nothing', async () => {
    const deps = { userData, box: null };
    const before = setupStatus(deps);
    const r = await pairStation(
      { address: `127.0.0.1:${th.port}`, fingerprint: th.caFingerprint, code: 'ZZZZ-ZZZZ' },
      deps,
    );
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/not right/i) as unknown });
    expect(setupStatus(deps)).toEqual(before);
  });

  it('choosing hub mode forgets the pairing; loopback unless the network is chosen', () => {
    const deps = { userData, box: null };
    chooseMode({ mode: 'hub', network: false }, deps);
    expect(existsSync(join(userData, STATION_FILE))).toBe(false);
    expect(setupStatus(deps)).toMatchObject({
      mode: 'hub',
      hub: { network: false, port: 8443, caFingerprint: null },
      station: null,
    });
    expect(
      planStartup(readMachineSetting(join(userData, MACHINE_FILE)), () => ({ ok: false, reason: 'missing' })),
    ).toMatchObject({ kind: 'local', hub: { host: '127.0.0.1', port: 8443 } });
    expect(() => chooseMode({ mode: 'hub', network: true, port: 22 }, deps)).toThrow();
  });

  it('a hub chosen again keeps its PostgreSQL server (shown without secrets) unless told to use its own', () => {
    const deps = { userData, box: null };
    const file = join(userData, MACHINE_FILE);
    chooseMode({ mode: 'hub', network: false }, deps);
    expect(machineDatabaseFile(file).save({ engine: 'postgres', url: 'postgres://stride@db.lan/stride' })).toBe(
      'saved',
    );
    expect(setupStatus(deps).hub).toMatchObject({ database: 'postgres://stride@db.lan/stride' });
    chooseMode({ mode: 'hub', network: true }, deps);
    expect(readMachineSetting(file)).toEqual({
      mode: 'hub',
      network: true,
      port: 8443,
      database: 'postgres://stride@db.lan/stride',
    });
    // The way back when that server cannot be used: this computer's own file again.
    chooseMode({ mode: 'hub', network: true, ownDatabase: true }, deps);
    expect(readMachineSetting(file)).toEqual({ mode: 'hub', network: true, port: 8443 });
    expect(setupStatus(deps).hub).toMatchObject({ database: null });
    // On its own, a computer always uses its own database.
    machineDatabaseFile(file).save({ engine: 'postgres', url: 'postgres://stride@db.lan/stride' });
    chooseMode({ mode: 'standalone' }, deps);
    expect(readMachineSetting(file)).toEqual({ mode: 'standalone' });
  });
});
