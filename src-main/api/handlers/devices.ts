/**
 * Administrators add devices (a one-time pairing code), list them, revoke them and note a kiosk's intakes deleted
 * unsent; each change is audited.
 */
import type { DeviceRow } from '../../store/devices';
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
    heldExpired:
      r.held_expired_count > 0 && r.held_expired_at
        ? { count: r.held_expired_count, lastReportedAt: r.held_expired_at }
        : null,
  };
}

export function deviceHandlers({ store, clock, coreEvents, network }: ServiceDeps): HandlersFor<typeof deviceMethods> {
  const actor = (ctx: CallContext): number => {
    if (!ctx.clinician) throw new ApiError('locked', 'Unlock with your PIN first.');
    return ctx.clinician.id;
  };

  return {
    'devices.list': async () => (await store.listDevices()).map(toDeviceView),

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

    'devices.pair.start': async (input, ctx) => {
      const actorId = actor(ctx);
      const now = clock.now();
      const code = newPairingCode();
      const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS).toISOString();
      await store.addPairingCode(
        {
          codeHash: hashPairingCode(normalisePairingCode(code) ?? ''),
          role: input.role,
          name: input.name,
          createdBy: actorId,
          expiresAt,
        },
        now.toISOString(),
        // The code itself is a secret until used: the audit row names it by id only.
        { actorType: 'clinician', actorId, action: 'device.pair.start', detail: { role: input.role } },
      );
      return { code, expiresAt, role: input.role, name: input.name };
    },

    'devices.revoke': async (input, ctx) => {
      const actorId = actor(ctx);
      const revoked = await store.revokeDevice(input.deviceId, actorId, clock.now().toISOString());
      if (!revoked.ok) {
        if (revoked.problem === 'already-revoked') throw new ApiError('conflict', 'This device was already revoked.');
        throw new ApiError('not_found', 'There is no such device.');
      }
      // Transports holding this device's connections close them at once (see src-main/hub/server.ts).
      coreEvents.emit({ type: 'device.revoked', deviceId: revoked.device.id });
      return toDeviceView(revoked.device);
    },

    'devices.heldExpired.acknowledge': async (input, ctx) => {
      const actorId = actor(ctx);
      const done = await store.acknowledgeHeldExpired(input.deviceId, input.count, actorId, clock.now().toISOString());
      if (done.ok) return toDeviceView(done.device);
      if (done.problem === 'not-found') throw new ApiError('not_found', 'There is no such device.');
      // A report that came in after the screen loaded is not cleared unseen.
      throw new ApiError('conflict', 'This kiosk has reported more since the list was shown. Look again.');
    },
  };
}
