/** Administrators add devices (a one-time pairing code), list them and revoke them; each change is audited. */
import { appendAudit } from '../../store/audit';
import { getDevice, insertPairingCode, listDevices, revokeDevice, type DeviceRow } from '../../store/devices';
import { ApiError } from '../errors';
import { hashPairingCode, newPairingCode, normalisePairingCode, PAIRING_CODE_TTL_MS } from '../device-secrets';
import type { CallContext } from '../dispatch';
import type { deviceMethods, DeviceView } from '../methods/devices';
import type { HandlersFor, ServiceDeps } from './deps';

export function toDeviceView(r: DeviceRow): DeviceView {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    lastAddress: r.last_address,
    revokedAt: r.revoked_at,
    pinLockedUntil: r.pin_locked_until,
  };
}

export function deviceHandlers({ db, clock, coreEvents, network }: ServiceDeps): HandlersFor<typeof deviceMethods> {
  const actor = (ctx: CallContext): number => {
    if (!ctx.clinician) throw new ApiError('locked', 'Unlock with your PIN first.');
    return ctx.clinician.id;
  };

  return {
    'devices.list': () => listDevices(db).map(toDeviceView),

    'devices.network': () => {
      const identity = network.current;
      const origin = identity?.origins[0];
      if (!identity || !origin) return { sharing: false };
      return {
        sharing: true,
        origins: identity.origins,
        caFingerprint: identity.caFingerprint,
        caUrl: `${origin}/ca.crt`,
        pairUrl: `${origin}/pair.html`,
      };
    },

    'devices.pair.start': (input, ctx) => {
      const actorId = actor(ctx);
      const now = clock.now();
      const code = newPairingCode();
      const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS).toISOString();
      db.transaction(() => {
        const codeId = insertPairingCode(
          db,
          {
            codeHash: hashPairingCode(normalisePairingCode(code) ?? ''),
            role: input.role,
            name: input.name,
            createdBy: actorId,
            expiresAt,
          },
          now.toISOString(),
        );
        // The code itself is a secret until used: the audit row names it by id only.
        appendAudit(
          db,
          {
            actorType: 'clinician',
            actorId,
            action: 'device.pair.start',
            targetType: 'pairing_code',
            targetId: codeId,
            detail: { role: input.role },
          },
          now.toISOString(),
        );
      })();
      return { code, expiresAt, role: input.role, name: input.name };
    },

    'devices.revoke': (input, ctx) => {
      const actorId = actor(ctx);
      const row = db.transaction(() => {
        const found = getDevice(db, input.deviceId);
        if (!found) throw new ApiError('not_found', 'There is no such device.');
        if (found.revoked_at) throw new ApiError('conflict', 'This device was already revoked.');
        const at = clock.now().toISOString();
        revokeDevice(db, found.id, actorId, at);
        appendAudit(
          db,
          {
            actorType: 'clinician',
            actorId,
            action: 'device.revoke',
            targetType: 'device',
            targetId: found.id,
            detail: { role: found.role },
          },
          at,
        );
        return getDevice(db, found.id);
      })();
      if (!row) throw new ApiError('not_found', 'There is no such device.');
      // Transports holding this device's connections close them at once (see src-main/hub/server.ts).
      coreEvents.emit({ type: 'device.revoked', deviceId: row.id });
      return toDeviceView(row);
    },
  };
}
