/** Staff window access: first-run setup, unlock, lock. */
import { z } from 'zod';
import { method } from './define';
import { emptySchema, fullNameSchema, idSchema, pinSchema } from '../schemas';
import type { ClinicianSummary, SetupResult, StaffStatus } from '../types';
import { settingsSchema } from '../../core/settings';

export const staffMethods = {
  'staff.status': method<StaffStatus>()('staff-open', emptySchema),
  'staff.setup': method<SetupResult>()(
    'staff-open',
    z
      .object({
        name: fullNameSchema,
        pin: pinSchema,
        /** Asked at first run so the first handout already prints whom to call. */
        clinicPhone: settingsSchema.shape.clinicPhone.removeDefault().optional(),
      })
      .strict(),
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
