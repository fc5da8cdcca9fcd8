/**
 * First-run setup (with the administrator recovery code), PIN unlock with persistent lockout, recovery, lock.
 *
 * Wrong PINs are counted per place and clinician: a place is a paired device, or the local staff window of this
 * machine (the tab id is the browser's to choose, so it is not a place). Someone at one place can only lock a clinician
 * out of that place; a paired device also waits after ten wrong PINs across any names.
 */
import { appendAudit } from '../../store/audit';
import {
  clearPinFailures,
  countActiveAdmins,
  countClinicians,
  getClinician,
  getPinFailure,
  insertClinician,
  listActiveClinicians,
  recordPinFailure,
  setClinicianPin,
} from '../../store/clinicians';
import { getRecoveryCode, setRecoveryCode } from '../../store/admin-recovery';
import { clearDevicePinFailures, getDevice, recordDevicePinFailure } from '../../store/devices';
import { writeSettings } from '../../store/settings';
import { newPinProblem } from '../../core/pin-rules';
import type { ClinicianRole } from '../../core/clinic';
import { ApiError } from '../errors';
import type { CallContext } from '../dispatch';
import {
  DEVICE_FREE_ATTEMPTS,
  FREE_ATTEMPTS,
  hashPin,
  lockoutUntil,
  newRecoveryCode,
  normaliseRecoveryCode,
  verifyPin,
} from '../pin';
import type { ClinicianSummary, SetupResult } from '../types';
import type { staffMethods } from '../methods/staff';
import type { HandlersFor, ServiceDeps } from './deps';

/** Where a PIN was typed, for counting wrong ones. */
export function pinScope(ctx: CallContext): string {
  return ctx.caller.deviceId === undefined ? `local:${ctx.caller.channel}` : `device:${ctx.caller.deviceId}`;
}

/** Refuses a new PIN that breaks the rules for its role, naming the field. */
export function requireGoodPin(pin: string, role: ClinicianRole, path = 'pin'): void {
  const problem = newPinProblem(pin, role);
  if (problem) throw new ApiError('invalid_input', problem, [{ path, message: problem }]);
}

export function staffHandlers({
  db,
  clock,
  staffSessions,
  coreEvents,
  log,
}: ServiceDeps): HandlersFor<typeof staffMethods> {
  const nowIso = () => clock.now().toISOString();

  /** A fresh recovery code, its hash stored; the code itself is only ever in this reply. */
  const renewRecoveryCode = (at: string): string => {
    const code = newRecoveryCode();
    const { hash, salt } = hashPin(normaliseRecoveryCode(code));
    setRecoveryCode(db, hash, salt, at);
    return code;
  };

  /**
   * Checks a secret (PIN or recovery code) for a clinician at the caller's place, counting wrong ones and throwing the
   * lockout or refusal; returns only when it was right.
   */
  const checkSecret = (ctx: CallContext, clinicianId: number, right: () => boolean, action: string): void => {
    const now = clock.now();
    // A recovery code is counted apart from PINs: it must still work when the PIN is locked out at this place.
    const scope = action === 'staff.recover' ? `recover:${pinScope(ctx)}` : pinScope(ctx);
    const device = ctx.caller.deviceId === undefined ? undefined : getDevice(db, ctx.caller.deviceId);
    // The device waits first: trying another name on a locked device must not be a way round its lockout.
    if (action !== 'staff.recover' && device?.pin_locked_until && device.pin_locked_until > now.toISOString())
      throw lockout('Too many wrong PINs on this device. Please wait before trying again.', device.pin_locked_until);
    const here = getPinFailure(db, scope, clinicianId);
    if (here.locked_until && here.locked_until > now.toISOString())
      throw lockout('Too many wrong PINs. Please wait before trying again.', here.locked_until);
    if (right()) {
      db.transaction(() => {
        clearPinFailures(db, scope, clinicianId);
        if (device) clearDevicePinFailures(db, device.id);
      })();
      return;
    }
    const failed = here.failed + 1;
    const until = lockoutUntil(failed, now);
    const deviceFailed = device ? device.failed_pin_attempts + 1 : 0;
    const deviceUntil = device ? lockoutUntil(deviceFailed, now, DEVICE_FREE_ATTEMPTS) : null;
    db.transaction(() => {
      recordPinFailure(db, scope, clinicianId, { failed, locked_until: until?.toISOString() ?? null });
      if (device) recordDevicePinFailure(db, device.id, deviceFailed, deviceUntil?.toISOString() ?? null);
      appendAudit(
        db,
        {
          actorType: 'system',
          action: `${action}.failed`,
          targetType: 'clinician',
          targetId: clinicianId,
          detail: device ? { failed, scope, deviceId: device.id, deviceFailed } : { failed, scope },
        },
        now.toISOString(),
      );
    })();
    if (deviceUntil && (!until || deviceUntil > until)) {
      log.security('staff.device-lockout', { deviceId: device?.id, deviceFailed, until: deviceUntil.toISOString() });
      throw lockout('Too many wrong PINs on this device. Please wait before trying again.', deviceUntil.toISOString());
    }
    if (until) {
      log.security('staff.lockout', { clinicianId, scope, failed, until: until.toISOString() });
      throw lockout('Too many wrong PINs. Please wait before trying again.', until.toISOString());
    }
    const left = FREE_ATTEMPTS - failed;
    const what = action === 'staff.recover' ? 'recovery code' : 'PIN';
    throw new ApiError(
      'forbidden',
      `That ${what} is not right. ${left} more ${left === 1 ? 'try' : 'tries'} before a short wait.`,
    );
  };

  return {
    'staff.status': (_input, ctx) => ({
      hasClinicians: countClinicians(db) > 0,
      clinicians: listActiveClinicians(db),
      unlocked: ctx.clinician,
    }),

    'staff.setup': (input, ctx) => {
      if (countClinicians(db) > 0)
        throw new ApiError('conflict', 'Stride is already set up. Ask an administrator to add you.');
      requireGoodPin(input.pin, 'admin');
      const { hash, salt } = hashPin(input.pin);
      const result = db.transaction((): SetupResult => {
        if (countClinicians(db) > 0)
          throw new ApiError('conflict', 'Stride is already set up. Ask an administrator to add you.');
        const at = nowIso();
        const id = insertClinician(db, { name: input.name, role: 'admin', pinHash: hash, pinSalt: salt }, at);
        if (input.clinicPhone !== undefined) writeSettings(db, { clinicPhone: input.clinicPhone });
        const recoveryCode = renewRecoveryCode(at);
        appendAudit(
          db,
          { actorType: 'clinician', actorId: id, action: 'staff.setup', targetType: 'clinician', targetId: id },
          at,
        );
        return { id, name: input.name, role: 'admin', recoveryCode };
      })();
      staffSessions.unlock(ctx.caller, { id: result.id, name: result.name, role: result.role });
      return result;
    },

    'staff.unlock': (input, ctx) => {
      const row = getClinician(db, input.clinicianId);
      if (!row || row.disabled) throw new ApiError('not_found', 'There is no active clinician with that name.');
      checkSecret(ctx, row.id, () => verifyPin(input.pin, row.pin_salt, row.pin_hash), 'staff.unlock');
      appendAudit(db, { actorType: 'clinician', actorId: row.id, action: 'staff.unlock' }, nowIso());
      const clinician: ClinicianSummary = { id: row.id, name: row.name, role: row.role };
      staffSessions.unlock(ctx.caller, clinician);
      return clinician;
    },

    'staff.recover': (input, ctx) => {
      const row = getClinician(db, input.clinicianId);
      if (!row || row.disabled || row.role !== 'admin')
        throw new ApiError('not_found', 'The recovery code sets a new PIN for an active administrator only.');
      const stored = getRecoveryCode(db);
      if (!stored)
        throw new ApiError('unavailable', 'This clinic has no recovery code. Another administrator can reset the PIN.');
      requireGoodPin(input.pin, 'admin');
      checkSecret(
        ctx,
        row.id,
        () => verifyPin(normaliseRecoveryCode(input.code), stored.code_salt, stored.code_hash),
        'staff.recover',
      );
      const { hash, salt } = hashPin(input.pin);
      const recoveryCode = db.transaction(() => {
        const at = nowIso();
        setClinicianPin(db, row.id, hash, salt);
        // A code is good once: the one just used may have been seen.
        const code = renewRecoveryCode(at);
        appendAudit(
          db,
          {
            actorType: 'clinician',
            actorId: row.id,
            action: 'staff.recover',
            targetType: 'clinician',
            targetId: row.id,
            detail: { activeAdmins: countActiveAdmins(db) },
          },
          at,
        );
        return code;
      })();
      // Windows unlocked with the old PIN lock; this one opens with the new.
      staffSessions.lockClinician(row.id);
      staffSessions.unlock(ctx.caller, { id: row.id, name: row.name, role: row.role });
      return { id: row.id, name: row.name, role: row.role, recoveryCode };
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
