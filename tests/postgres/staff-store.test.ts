/**
 * ClinicStore area B on both engines: clinicians and first-run setup, wrong PINs counted per place and per device,
 * the recovery code, settings (round trip, no lost update, another hub's change seen by a settings cache), pairing
 * codes, devices, revoking, reading and verifying the audit log. Where SQLite relied on being the only writer, several
 * stores on one database race: a pairing code is redeemed once, every wrong PIN is counted, one first administrator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClinicStore } from '../../src-main/store/clinic-store';
import type { PinFailureWrite } from '../../src-main/store/clinic-store-staff';
import { SqliteClinicStore } from '../../src-main/store/sqlite-clinic-store';
import { openSettingsCache, sqliteSettingsCache, type SettingsCache } from '../../src-main/api/settings-cache';
import type { Settings } from '../../src-main/core/settings';
import { engines, type EngineHandle } from '../support/clinic-store-engines';

const handles: EngineHandle[] = [];
const caches: SettingsCache[] = [];
afterEach(async () => {
  for (const c of caches.splice(0)) await c.close();
  for (const h of handles.splice(0)) await h.cleanup();
});

const AT = '2026-03-02T09:00:00.000Z';
const hash = (c: string) => c.repeat(64).slice(0, 64);

const firstAdmin = (name: string) => ({
  name,
  pinHash: `pin-${name}`,
  pinSalt: 'salt',
  recovery: { hash: `recovery-${name}`, salt: 'rsalt' },
  atIso: AT,
});

/** The lockout rule of api/pin.ts in miniature: the fifth wrong PIN here (tenth on a device) locks, named by count. */
const failure = (scope: string, clinicianId: number, deviceId?: number): PinFailureWrite => ({
  scope,
  clinicianId,
  deviceId,
  atIso: AT,
  lockout: {
    clinician: (n) => (n >= 5 ? `locked-after-${String(n).padStart(3, '0')}` : null),
    device: (n) => (n >= 10 ? `device-locked-after-${String(n).padStart(3, '0')}` : null),
  },
  auditAction: 'staff.unlock.failed',
});

async function pairingCode(
  store: ClinicStore,
  createdBy: number,
  code: string,
  expiresAt = '2026-03-02T09:10:00.000Z',
) {
  return store.addPairingCode(
    { codeHash: hash(code), role: 'kiosk', name: `Tablet ${code}`, createdBy, expiresAt },
    AT,
    { actorType: 'clinician', actorId: createdBy, action: 'device.pair.start', detail: { role: 'kiosk' } },
  );
}

async function pairedDevice(store: ClinicStore, admin: number, code: string) {
  await pairingCode(store, admin, code);
  const paired = await store.redeemPairingCode({
    codeHash: hash(code),
    credentialHash: hash(`cred-${code}`),
    address: '10.0.0.5',
    atIso: AT,
  });
  if (!paired.ok) throw new Error(paired.reason);
  return paired.device;
}

describe.each(engines)('the $name store: staff, settings, devices', (engine) => {
  const open = async () => {
    const h = await engine.open();
    handles.push(h);
    return h;
  };
  const setUp = async (store: ClinicStore) => {
    const saved = await store.setUpFirstAdmin(firstAdmin('Ada Admin'));
    if (!saved) throw new Error('not set up');
    return saved.id;
  };
  /** A settings cache over a store, as the core makes it for the engine. */
  const cacheOf = async (store: ClinicStore, onChange: (s: Settings) => void): Promise<SettingsCache> => {
    const cache =
      store instanceof SqliteClinicStore
        ? sqliteSettingsCache(store.db, store, onChange)
        : await openSettingsCache(store, { onChange, onError: (e) => expect.fail(String(e)) });
    caches.push(cache);
    return cache;
  };

  describe.skipIf(engine.skip !== null)(engine.skip ? `skipped: ${engine.skip}` : 'contract', () => {
    it('sets up one first administrator when several hubs run first-run setup at once', async () => {
      const h = await open();
      const stores = [h.store, await h.another(), await h.another(), await h.another()];
      const results = await Promise.all(stores.map((s, i) => s.setUpFirstAdmin(firstAdmin(`Admin ${i}`))));
      const made = results.filter((r) => r !== null);
      expect(made).toHaveLength(1);
      expect(await h.store.countClinicians()).toBe(1);
      const [only] = await h.store.listActiveClinicians();
      expect(only).toMatchObject({ id: made[0]!.id, role: 'admin' });
      expect((await h.store.getRecoveryCode())?.code_hash).toBe(`recovery-${only!.name}`);
      expect(await h.count('audit_log')).toBe(1);
    });

    it('keeps the clinic phone given at setup in the settings, in the same transaction', async () => {
      const h = await open();
      const saved = await h.store.setUpFirstAdmin({ ...firstAdmin('Ada Admin'), clinicPhone: '+44 20 7946 0000' });
      expect(saved?.settings?.clinicPhone).toBe('+44 20 7946 0000');
      expect((await h.store.readSettings()).clinicPhone).toBe('+44 20 7946 0000');
    });

    it('lists, adds (audited) and disables clinicians, never the last active administrator', async () => {
      const h = await open();
      const admin = await setUp(h.store);
      const zed = await h.store.addClinician({ name: 'Zed', role: 'clinician', pinHash: 'p', pinSalt: 's' }, AT, {
        actorType: 'clinician',
        actorId: admin,
        action: 'clinician.add',
        detail: { role: 'clinician' },
      });
      const bo = await h.store.addClinician({ name: 'Bo', role: 'clinician', pinHash: 'p', pinSalt: 's' }, AT);
      expect((await h.store.listActiveClinicians()).map((c) => c.name)).toEqual(['Ada Admin', 'Bo', 'Zed']);
      expect(await h.store.getClinician(zed)).toMatchObject({ name: 'Zed', pin_hash: 'p', disabled: 0 });
      const change = (clinicianId: number, disabled: boolean) =>
        h.store.setClinicianDisabled({ clinicianId, disabled, actorId: admin, atIso: AT });
      expect(await change(bo, true)).toBe('done');
      expect(await change(admin, true)).toBe('last-admin');
      expect(await change(999, true)).toBe('not-found');
      expect((await h.store.listAllClinicians()).map((c) => [c.name, c.disabled])).toEqual([
        ['Ada Admin', 0],
        ['Zed', 0],
        ['Bo', 1],
      ]);
      const audit = await h.store.readAudit({ limit: 10 });
      expect(audit.map((a) => a.action)).toEqual(['clinician.disable', 'clinician.add', 'staff.setup']);
      expect(audit[1]).toMatchObject({ actor_name: 'Ada Admin', target_type: 'clinician', target_id: zed });
    });

    it('leaves an active administrator when two disable each other at two hubs at once', async () => {
      const h = await open();
      const ada = await setUp(h.store);
      const bea = await h.store.addClinician({ name: 'Bea', role: 'admin', pinHash: 'p', pinSalt: 's' }, AT);
      const other = await h.another();
      const results = await Promise.all([
        h.store.setClinicianDisabled({ clinicianId: bea, disabled: true, actorId: ada, atIso: AT }),
        other.setClinicianDisabled({ clinicianId: ada, disabled: true, actorId: bea, atIso: AT }),
      ]);
      expect(results.sort()).toEqual(['done', 'last-admin']);
      expect((await h.store.listActiveClinicians()).filter((c) => c.role === 'admin')).toHaveLength(1);
    });

    it('counts wrong PINs per place and per device, exactly, with four hubs counting at once', async () => {
      const h = await open();
      const admin = await setUp(h.store);
      const cleo = await h.store.addClinician({ name: 'Cleo', role: 'clinician', pinHash: 'p', pinSalt: 's' }, AT);
      const device = await pairedDevice(h.store, admin, 'AAAA');
      const stores = [h.store, await h.another(), await h.another(), await h.another()];
      // 12 wrong PINs for Cleo and 12 for the admin on one device, three from each hub, all at once.
      const counted = await Promise.all(
        stores.flatMap((s) =>
          [cleo, cleo, cleo, admin, admin, admin].map((id) =>
            s.recordPinFailure(failure(`device:${device.id}`, id, device.id)),
          ),
        ),
      );
      expect(counted.map((c) => c.device?.failed).sort((a, b) => a! - b!)).toEqual(
        Array.from({ length: 24 }, (_, i) => i + 1),
      );
      for (const id of [cleo, admin]) {
        const mine = counted.filter((_, i) => [cleo, cleo, cleo, admin, admin, admin][i % 6] === id);
        expect(mine.map((c) => c.failed).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
        expect(await h.store.getPinFailure(`device:${device.id}`, id)).toEqual({
          failed: 12,
          locked_until: 'locked-after-012',
        });
      }
      expect(await h.store.getDevice(device.id)).toMatchObject({
        failed_pin_attempts: 24,
        pin_locked_until: 'device-locked-after-024',
      });
      // Another place is another count; this machine's own windows have no device to count.
      expect(await h.store.recordPinFailure(failure('local:staff', cleo))).toEqual({ failed: 1, lockedUntil: null });
      // The administrators' list shows each clinician's worst place.
      expect((await h.store.listAllClinicians()).find((c) => c.id === cleo)).toMatchObject({
        failed_attempts: 12,
        locked_until: 'locked-after-012',
      });
      const chain = await h.store.verifyAudit();
      expect(chain).toMatchObject({ ok: true });
      const rows = await h.store.readAudit({ limit: 100 });
      const failures = rows.filter((r) => r.action === 'staff.unlock.failed');
      expect(failures).toHaveLength(25);
      expect(JSON.parse(failures[0]!.detail_json!)).toEqual({ failed: 1, scope: 'local:staff' });

      await h.store.clearPinFailures(`device:${device.id}`, cleo, device.id);
      expect(await h.store.getPinFailure(`device:${device.id}`, cleo)).toEqual({ failed: 0, locked_until: null });
      expect(await h.store.getPinFailure(`device:${device.id}`, admin)).toMatchObject({ failed: 12 });
      expect(await h.store.getDevice(device.id)).toMatchObject({ failed_pin_attempts: 0, pin_locked_until: null });
    });

    it('a new PIN clears the clinician’s lockouts everywhere; the recovery code works once across hubs', async () => {
      const h = await open();
      const admin = await setUp(h.store);
      await h.store.recordPinFailure(failure('local:staff', admin));
      await h.store.recordPinFailure(failure('device:7', admin));
      await h.store.resetClinicianPin({ clinicianId: admin, pinHash: 'new', pinSalt: 'ns', actorId: admin, atIso: AT });
      expect(await h.store.getPinFailure('local:staff', admin)).toEqual({ failed: 0, locked_until: null });
      expect(await h.store.getPinFailure('device:7', admin)).toEqual({ failed: 0, locked_until: null });
      expect(await h.store.getClinician(admin)).toMatchObject({ pin_hash: 'new', pin_salt: 'ns' });

      const used = (await h.store.getRecoveryCode())!.code_hash;
      const stores = [h.store, await h.another(), await h.another()];
      const recovered = await Promise.all(
        stores.map((s, i) =>
          s.recoverAdmin({
            clinicianId: admin,
            pinHash: `pin-${i}`,
            pinSalt: 's',
            usedCodeHash: used,
            next: { hash: `next-${i}`, salt: 's' },
            atIso: AT,
          }),
        ),
      );
      expect(recovered.filter(Boolean)).toHaveLength(1);
      const winner = recovered.indexOf(true);
      expect((await h.store.getRecoveryCode())?.code_hash).toBe(`next-${winner}`);
      expect((await h.store.getClinician(admin))?.pin_hash).toBe(`pin-${winner}`);
      const recoverRows = (await h.store.readAudit({ limit: 20 })).filter((r) => r.action === 'staff.recover');
      expect(recoverRows.map((r) => JSON.parse(r.detail_json!))).toEqual([{ activeAdmins: 1 }]);
    });

    it('redeems a pairing code once when several hubs redeem it at the same moment', async () => {
      const h = await open();
      const admin = await setUp(h.store);
      const codeId = await pairingCode(h.store, admin, 'BBBB');
      const stores = [h.store, await h.another(), await h.another(), await h.another()];
      const outcomes = await Promise.all(
        stores.flatMap((s, i) =>
          [0, 1].map((j) =>
            s.redeemPairingCode({
              codeHash: hash('BBBB'),
              credentialHash: hash(`cred-${i}-${j}`),
              address: `10.0.0.${i}`,
              atIso: AT,
            }),
          ),
        ),
      );
      const paired = outcomes.filter((o) => o.ok);
      expect(paired).toHaveLength(1);
      expect(outcomes.filter((o) => !o.ok)).toEqual(Array(7).fill({ ok: false, reason: 'used' }));
      expect(await h.count('devices')).toBe(1);
      const [device] = await h.store.listDevices();
      expect(device).toMatchObject({ name: 'Tablet BBBB', role: 'kiosk', created_by: admin, revoked_at: null });
      const rows = await h.store.readAudit({ limit: 20 });
      expect(rows.filter((r) => r.action === 'device.pair')).toHaveLength(1);
      const refused = rows.filter((r) => r.action === 'device.pair.refused');
      expect(refused).toHaveLength(7);
      expect(refused[0]).toMatchObject({ target_type: 'pairing_code', target_id: codeId });
      expect(rows.find((r) => r.action === 'device.pair.start')).toMatchObject({
        target_type: 'pairing_code',
        target_id: codeId,
      });
      expect(await h.store.verifyAudit()).toMatchObject({ ok: true });
    });

    it('refuses an expired code and one that is not a code, and audits both with the address', async () => {
      const h = await open();
      const admin = await setUp(h.store);
      await pairingCode(h.store, admin, 'CCCC', AT);
      const redeem = (codeHash: string | null) =>
        h.store.redeemPairingCode({ codeHash, credentialHash: hash('x'), address: '10.0.0.66', atIso: AT });
      expect(await redeem(hash('CCCC'))).toEqual({ ok: false, reason: 'expired' });
      expect(await redeem(hash('DDDD'))).toEqual({ ok: false, reason: 'wrong' });
      expect(await redeem(null)).toEqual({ ok: false, reason: 'wrong' });
      const refused = (await h.store.readAudit({ limit: 10 })).filter((r) => r.action === 'device.pair.refused');
      expect(refused.map((r) => JSON.parse(r.detail_json!))).toEqual([
        { reason: 'wrong', address: '10.0.0.66' },
        { reason: 'wrong', address: '10.0.0.66' },
        { reason: 'expired', address: '10.0.0.66' },
      ]);
      expect(await h.count('devices')).toBe(0);
    });

    it('finds a device by its credential at any hub, notes where it was seen, and revokes it once', async () => {
      const h = await open();
      const admin = await setUp(h.store);
      const device = await pairedDevice(h.store, admin, 'EEEE');
      const other = await h.another();
      expect(await other.findDeviceByCredentialHash(hash('cred-EEEE'))).toMatchObject({ id: device.id });
      expect(await other.findDeviceByCredentialHash(hash('nobody'))).toBeUndefined();
      await other.touchDevice(device.id, '2026-03-02T09:05:00.000Z', '10.0.0.9');
      expect(await h.store.getDevice(device.id)).toMatchObject({
        last_seen_at: '2026-03-02T09:05:00.000Z',
        last_address: '10.0.0.9',
      });
      const revoked = await other.revokeDevice(device.id, admin, '2026-03-02T09:06:00.000Z');
      expect(revoked).toMatchObject({
        ok: true,
        device: { revoked_at: '2026-03-02T09:06:00.000Z', revoked_by: admin },
      });
      expect(await h.store.revokeDevice(device.id, admin, AT)).toEqual({ ok: false, problem: 'already-revoked' });
      expect(await h.store.revokeDevice(999, admin, AT)).toEqual({ ok: false, problem: 'not-found' });
      // Seen at the revoking hub's partner: still refused (the row says revoked), and last seen is not moved.
      expect((await h.store.findDeviceByCredentialHash(hash('cred-EEEE')))?.revoked_at).not.toBeNull();
      await h.store.touchDevice(device.id, '2026-03-02T09:07:00.000Z', '10.0.0.10');
      expect((await h.store.getDevice(device.id))?.last_address).toBe('10.0.0.9');
      const revokeRow = (await h.store.readAudit({ limit: 5 })).find((r) => r.action === 'device.revoke');
      expect(revokeRow).toMatchObject({ actor_name: 'Ada Admin', target_type: 'device', target_id: device.id });
    });

    it('saves settings with the audit row, refuses invalid ones whole, and loses no hub’s change', async () => {
      const h = await open();
      const admin = await setUp(h.store);
      expect((await h.store.readSettings()).clinicName).toBe('Stride Physiotherapy');
      const saved = await h.store.writeSettings(
        { clinicName: 'Riverside Physio', kioskIdleSeconds: 90 },
        {
          atIso: AT,
          entry: (before, after) => ({
            actorType: 'clinician',
            actorId: admin,
            action: 'settings.update',
            detail: { changed: before.clinicName === after.clinicName ? [] : ['clinicName'] },
          }),
        },
      );
      expect(saved.before.clinicName).toBe('Stride Physiotherapy');
      expect(saved.after).toMatchObject({ clinicName: 'Riverside Physio', kioskIdleSeconds: 90 });
      expect(await h.store.readSettings()).toEqual(saved.after);
      const [row] = await h.store.readAudit({ limit: 1 });
      expect(row).toMatchObject({ action: 'settings.update', detail_json: '{"changed":["clinicName"]}' });

      await expect(h.store.writeSettings({ kioskIdleSeconds: 1 })).rejects.toThrow();
      expect((await h.store.readSettings()).kioskIdleSeconds).toBe(90);

      const stores = [h.store, await h.another(), await h.another(), await h.another()];
      await Promise.all([
        stores[0]!.writeSettings({ paperSize: 'Letter' }),
        stores[1]!.writeSettings({ kioskCountdownSeconds: 30 }),
        stores[2]!.writeSettings({ clinicianAutoLockMinutes: 9 }),
        stores[3]!.writeSettings({ backupKeep: 30 }),
      ]);
      expect(await h.store.readSettings()).toMatchObject({
        clinicName: 'Riverside Physio',
        paperSize: 'Letter',
        kioskCountdownSeconds: 30,
        clinicianAutoLockMinutes: 9,
        backupKeep: 30,
      });
    });

    it('a settings cache keeps what it wrote and sees what another hub (or connection) saved', async () => {
      const h = await open();
      const here = await h.another();
      const changes: Settings[] = [];
      const cache = await cacheOf(here, (s) => changes.push(s));
      expect(cache.get().clinicName).toBe('Stride Physiotherapy');
      await cache.write({ clinicName: 'Own Change' });
      expect(cache.get().clinicName).toBe('Own Change');
      // Its own write is not "changed elsewhere".
      expect(changes).toEqual([]);
      await h.store.writeSettings({ clinicName: 'Saved Elsewhere' });
      await expect.poll(() => cache.get().clinicName, { timeout: 5_000 }).toBe('Saved Elsewhere');
      expect(changes.map((s) => s.clinicName)).toEqual(['Saved Elsewhere']);
      cache.adopt({ ...cache.get(), clinicPhone: '+1 555 0100' });
      expect(cache.get().clinicPhone).toBe('+1 555 0100');
    });

    it('reads the audit log newest first, by clinician and page, and verifies its chain', async () => {
      const h = await open();
      const admin = await setUp(h.store);
      const bo = await h.store.addClinician({ name: 'Bo', role: 'clinician', pinHash: 'p', pinSalt: 's' }, AT);
      for (let i = 0; i < 5; i++)
        await h.store.appendAudit(
          { actorType: 'clinician', actorId: i % 2 ? bo : admin, action: 'staff.unlock' },
          `2026-03-0${i + 1}T10:00:00.000Z`,
        );
      const all = await h.store.readAudit({ limit: 50 });
      expect(all.map((r) => r.id)).toEqual([6, 5, 4, 3, 2, 1]);
      expect((await h.store.readAudit({ clinicianId: bo, limit: 50 })).map((r) => r.actor_name)).toEqual(['Bo', 'Bo']);
      expect((await h.store.readAudit({ beforeId: 4, limit: 2 })).map((r) => r.id)).toEqual([3, 2]);
      const window = await h.store.readAudit({
        fromIso: '2026-03-02T00:00:00.000Z',
        toIso: '2026-03-04T00:00:00.000Z',
        limit: 50,
      });
      expect(window.map((r) => r.at)).toEqual([
        '2026-03-03T10:00:00.000Z',
        '2026-03-02T10:00:00.000Z',
        '2026-03-02T09:00:00.000Z',
      ]);
      expect(await h.store.verifyAudit()).toEqual({ ok: true, rows: 6 });
    });
  });
});
