/** First-run setup, PIN unlock with persistent lockout, lock. */
import { appendAudit } from '../../store/audit';
import {
  clearPinFailures,
  countClinicians,
  getClinician,
  insertClinician,
  listActiveClinicians,
  recordPinFailure,
} from '../../store/clinicians';
import { clearDevicePinFailures, getDevice, recordDevicePinFailure } from '../../store/devices';
import { writeSettings } from '../../store/settings';
import { ApiError } from '../errors';
import { DEVICE_FREE_ATTEMPTS, FREE_ATTEMPTS, hashPin, lockoutUntil, verifyPin } from '../pin';
import type { ClinicianSummary } from '../types';
import type { staffMethods } from '../methods/staff';
import type { HandlersFor, ServiceDeps } from './deps';

export function staffHandlers({
  db,
  clock,
  staffSessions,
  coreEvents,
  log,
}: ServiceDeps): HandlersFor<typeof staffMethods> {
  const nowIso = () => clock.now().toISOString();
  return {
    'staff.status': (_input, ctx) => ({
      hasClinicians: countClinicians(db) > 0,
      clinicians: listActiveClinicians(db),
      unlocked: ctx.clinician,
    }),

    'staff.setup': (input, ctx) => {
      const { hash, salt } = hashPin(input.pin);
      const admin = db.transaction((): ClinicianSummary => {
        if (countClinicians(db) > 0)
          throw new ApiError('conflict', 'Stride is already set up. Ask an administrator to add you.');
        const id = insertClinician(db, { name: input.name, role: 'admin', pinHash: hash, pinSalt: salt }, nowIso());
        if (input.clinicPhone) writeSettings(db, { clinicPhone: input.clinicPhone });
        appendAudit(
          db,
          { actorType: 'clinician', actorId: id, action: 'staff.setup', targetType: 'clinician', targetId: id },
          nowIso(),
        );
        return { id, name: input.name, role: 'admin' };
      })();
      staffSessions.unlock(ctx.caller, admin);
      return admin;
    },

    'staff.unlock': (input, ctx) => {
      const row = getClinician(db, input.clinicianId);
      if (!row || row.disabled) throw new ApiError('not_found', 'There is no active clinician with that name.');
      const now = clock.now();
      const device = ctx.caller.deviceId === undefined ? undefined : getDevice(db, ctx.caller.deviceId);
      // The device waits first: trying another name on a locked device must not be a way round its lockout.
      if (device?.pin_locked_until && device.pin_locked_until > now.toISOString())
        throw lockout('Too many wrong PINs on this device. Please wait before trying again.', device.pin_locked_until);
      if (row.locked_until && row.locked_until > now.toISOString())
        throw lockout('Too many wrong PINs. Please wait before trying again.', row.locked_until);
      if (!verifyPin(input.pin, row.pin_salt, row.pin_hash)) {
        const failed = row.failed_attempts + 1;
        const until = lockoutUntil(failed, now);
        const deviceFailed = device ? device.failed_pin_attempts + 1 : 0;
        const deviceUntil = device ? lockoutUntil(deviceFailed, now, DEVICE_FREE_ATTEMPTS) : null;
        db.transaction(() => {
          recordPinFailure(db, row.id, failed, until?.toISOString() ?? null);
          if (device) recordDevicePinFailure(db, device.id, deviceFailed, deviceUntil?.toISOString() ?? null);
          appendAudit(
            db,
            {
              actorType: 'system',
              action: 'staff.unlock.failed',
              targetType: 'clinician',
              targetId: row.id,
              detail: device ? { failed, deviceId: device.id, deviceFailed } : { failed },
            },
            now.toISOString(),
          );
        })();
        if (deviceUntil && (!until || deviceUntil > until)) {
          log.security('staff.device-lockout', {
            deviceId: device?.id,
            deviceFailed,
            until: deviceUntil.toISOString(),
          });
          throw lockout(
            'Too many wrong PINs on this device. Please wait before trying again.',
            deviceUntil.toISOString(),
          );
        }
        if (until) {
          log.security('staff.lockout', { clinicianId: row.id, failed, until: until.toISOString() });
          throw lockout('Too many wrong PINs. Please wait before trying again.', until.toISOString());
        }
        const left = FREE_ATTEMPTS - failed;
        throw new ApiError(
          'forbidden',
          `That PIN is not right. ${left} more ${left === 1 ? 'try' : 'tries'} before a short wait.`,
        );
      }
      db.transaction(() => {
        clearPinFailures(db, row.id);
        if (device) clearDevicePinFailures(db, device.id);
        appendAudit(db, { actorType: 'clinician', actorId: row.id, action: 'staff.unlock' }, now.toISOString());
      })();
      const clinician: ClinicianSummary = { id: row.id, name: row.name, role: row.role };
      staffSessions.unlock(ctx.caller, clinician);
      return clinician;
    },

    'staff.lock': (_input, ctx) => {
      if (ctx.clinician)
        appendAudit(db, { actorType: 'clinician', actorId: ctx.clinician.id, action: 'staff.lock' }, nowIso());
      staffSessions.lock(ctx.caller);
      coreEvents.emit({ type: 'staff.locked', caller: ctx.caller });
      return { locked: true };
    },
  };
}

function lockout(message: string, until: string): ApiError {
  return new ApiError('lockout', message, undefined, until);
}
