/**
 * First-run setup (with the administrator recovery code), PIN unlock with persistent lockout, recovery, lock.
 *
 * Wrong PINs are counted per place and clinician: a place is a paired device, or the local staff window of this
 * machine (the tab id is the browser's to choose, so it is not a place). Someone at one place can only lock a clinician
 * out of that place; a paired device also waits after ten wrong PINs across any names.
 */
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
  store,
  settings,
  clock,
  staffSessions,
  coreEvents,
  log,
}: ServiceDeps): HandlersFor<typeof staffMethods> {
  const nowIso = () => clock.now().toISOString();
  const alreadySetUp = () => new ApiError('conflict', 'Stride is already set up. Ask an administrator to add you.');

  /** A fresh recovery code and its hash to store; the code itself is only ever in this reply. */
  const newRecovery = (): { code: string; hash: string; salt: string } => {
    const code = newRecoveryCode();
    return { code, ...hashPin(normaliseRecoveryCode(code)) };
  };

  /**
   * Checks a secret (PIN or recovery code) for a clinician at the caller's place, counting wrong ones and throwing the
   * lockout or refusal; returns only when it was right.
   */
  const checkSecret = async (
    ctx: CallContext,
    clinicianId: number,
    right: () => boolean,
    action: string,
  ): Promise<void> => {
    const now = clock.now();
    // A recovery code is counted apart from PINs: it must still work when the PIN is locked out at this place.
    const scope = action === 'staff.recover' ? `recover:${pinScope(ctx)}` : pinScope(ctx);
    const device = ctx.caller.deviceId === undefined ? undefined : await store.getDevice(ctx.caller.deviceId);
    // The device waits first: trying another name on a locked device must not be a way round its lockout.
    if (action !== 'staff.recover' && device?.pin_locked_until && device.pin_locked_until > now.toISOString())
      throw lockout('Too many wrong PINs on this device. Please wait before trying again.', device.pin_locked_until);
    const here = await store.getPinFailure(scope, clinicianId);
    if (here.locked_until && here.locked_until > now.toISOString())
      throw lockout('Too many wrong PINs. Please wait before trying again.', here.locked_until);
    if (right()) {
      await store.clearPinFailures(scope, clinicianId, device?.id);
      return;
    }
    // Counted by the store, so two hubs counting at once count both.
    const counted = await store.recordPinFailure({
      scope,
      clinicianId,
      deviceId: device?.id,
      atIso: now.toISOString(),
      lockout: {
        clinician: (n) => lockoutUntil(n, now)?.toISOString() ?? null,
        device: (n) => lockoutUntil(n, now, DEVICE_FREE_ATTEMPTS)?.toISOString() ?? null,
      },
      auditAction: `${action}.failed`,
    });
    const { failed, lockedUntil: until } = counted;
    const deviceUntil = counted.device?.lockedUntil ?? null;
    if (deviceUntil && (!until || deviceUntil > until)) {
      log.security('staff.device-lockout', {
        deviceId: counted.device?.id,
        deviceFailed: counted.device?.failed,
        until: deviceUntil,
      });
      throw lockout('Too many wrong PINs on this device. Please wait before trying again.', deviceUntil);
    }
    if (until) {
      log.security('staff.lockout', { clinicianId, scope, failed, until });
      throw lockout('Too many wrong PINs. Please wait before trying again.', until);
    }
    const left = FREE_ATTEMPTS - failed;
    const what = action === 'staff.recover' ? 'recovery code' : 'PIN';
    throw new ApiError(
      'forbidden',
      `That ${what} is not right. ${left} more ${left === 1 ? 'try' : 'tries'} before a short wait.`,
    );
  };

  return {
    'staff.status': async (_input, ctx) => ({
      hasClinicians: (await store.countClinicians()) > 0,
      clinicians: await store.listActiveClinicians(),
      unlocked: ctx.clinician,
    }),

    'staff.setup': async (input, ctx) => {
      if ((await store.countClinicians()) > 0) throw alreadySetUp();
      requireGoodPin(input.pin, 'admin');
      const { hash, salt } = hashPin(input.pin);
      const recovery = newRecovery();
      // The store checks again inside its transaction: two first runs at once make one administrator.
      const saved = await store.setUpFirstAdmin({
        name: input.name,
        pinHash: hash,
        pinSalt: salt,
        clinicPhone: input.clinicPhone,
        recovery,
        atIso: nowIso(),
      });
      if (!saved) throw alreadySetUp();
      if (saved.settings) settings.adopt(saved.settings);
      const result: SetupResult = { id: saved.id, name: input.name, role: 'admin', recoveryCode: recovery.code };
      staffSessions.unlock(ctx.caller, { id: result.id, name: result.name, role: result.role }, hash);
      return result;
    },

    'staff.unlock': async (input, ctx) => {
      const row = await store.getClinician(input.clinicianId);
      if (!row || row.disabled) throw new ApiError('not_found', 'There is no active clinician with that name.');
      await checkSecret(ctx, row.id, () => verifyPin(input.pin, row.pin_salt, row.pin_hash), 'staff.unlock');
      await store.appendAudit({ actorType: 'clinician', actorId: row.id, action: 'staff.unlock' }, nowIso());
      const clinician: ClinicianSummary = { id: row.id, name: row.name, role: row.role };
      staffSessions.unlock(ctx.caller, clinician, row.pin_hash);
      return clinician;
    },

    'staff.recover': async (input, ctx) => {
      const row = await store.getClinician(input.clinicianId);
      if (!row || row.disabled || row.role !== 'admin')
        throw new ApiError('not_found', 'The recovery code sets a new PIN for an active administrator only.');
      const stored = await store.getRecoveryCode();
      if (!stored)
        throw new ApiError('unavailable', 'This clinic has no recovery code. Another administrator can reset the PIN.');
      requireGoodPin(input.pin, 'admin');
      await checkSecret(
        ctx,
        row.id,
        () => verifyPin(normaliseRecoveryCode(input.code), stored.code_salt, stored.code_hash),
        'staff.recover',
      );
      const { hash, salt } = hashPin(input.pin);
      // A code is good once: the one just used may have been seen, so the next replaces it.
      const next = newRecovery();
      const recovered = await store.recoverAdmin({
        clinicianId: row.id,
        pinHash: hash,
        pinSalt: salt,
        usedCodeHash: stored.code_hash,
        next,
        atIso: nowIso(),
      });
      if (!recovered)
        throw new ApiError(
          'conflict',
          'That recovery code was used a moment ago, perhaps at another site: it no longer works.',
        );
      // Windows unlocked with the old PIN lock; this one opens with the new.
      staffSessions.lockClinician(row.id);
      staffSessions.unlock(ctx.caller, { id: row.id, name: row.name, role: row.role }, hash);
      return { id: row.id, name: row.name, role: row.role, recoveryCode: next.code };
    },

    'staff.lock': async (_input, ctx) => {
      if (ctx.clinician)
        await store.appendAudit({ actorType: 'clinician', actorId: ctx.clinician.id, action: 'staff.lock' }, nowIso());
      staffSessions.lock(ctx.caller);
      coreEvents.emit({ type: 'staff.locked', caller: ctx.caller });
      return { locked: true };
    },
  };
}

function lockout(message: string, until: string): ApiError {
  return new ApiError('lockout', message, undefined, until);
}
