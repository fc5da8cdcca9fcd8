/** Staff window access: first-run setup, unlock, lock. */
import { z } from 'zod';
import { method } from './define';
import { emptySchema, fullNameSchema, idSchema, pinSchema } from '../schemas';
import type { ClinicianSummary, StaffStatus } from '../types';
import { settingsSchema } from '../../core/settings';

export const staffMethods = {
  'staff.status': method<StaffStatus>()('staff-open', emptySchema),
  'staff.setup': method<ClinicianSummary>()(
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
  'staff.lock': method<{ locked: true }>()('staff-open', emptySchema),
} as const;
