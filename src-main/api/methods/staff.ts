/** Staff window access: first-run setup, unlock, lock. */
import { z } from 'zod';
import { method } from './define';
import { emptySchema, fullNameSchema, idSchema, phoneSchema, pinSchema } from '../schemas';
import type { ClinicianSummary, SetupResult, StaffStatus } from '../types';

export const staffMethods = {
  'staff.status': method<StaffStatus>()('staff-open', emptySchema),
  'staff.setup': method<SetupResult>()(
    'staff-open',
    z.object({ name: fullNameSchema, pin: pinSchema, clinicPhone: z.literal('').or(phoneSchema).optional() }).strict(),
  ),
  'staff.unlock': method<ClinicianSummary>()(
    'staff-open',
    z.object({ clinicianId: idSchema, pin: pinSchema }).strict(),
  ),
  /** The only admin locked out or the PIN forgotten: the recovery code printed at setup sets a new PIN. */
  'staff.recover': method<SetupResult>()(
    'staff-open',
    z.object({ clinicianId: idSchema, code: z.string().min(16).max(40), pin: pinSchema }).strict(),
  ),
  'staff.lock': method<{ locked: true }>()('staff-open', emptySchema),
} as const;
