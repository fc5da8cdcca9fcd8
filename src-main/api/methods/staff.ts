/** Staff window access: first-run setup, unlock, lock. */
import { z } from 'zod';
import { method } from './define';
import { emptySchema, fullNameSchema, idSchema, pinSchema } from '../schemas';
import type { ClinicianSummary, StaffStatus } from '../types';

export const staffMethods = {
  'staff.status': method<StaffStatus>()('staff-open', emptySchema),
  'staff.setup': method<ClinicianSummary>()('staff-open', z.object({ name: fullNameSchema, pin: pinSchema }).strict()),
  'staff.unlock': method<ClinicianSummary>()(
    'staff-open',
    z.object({ clinicianId: idSchema, pin: pinSchema }).strict(),
  ),
  'staff.lock': method<{ locked: true }>()('staff-open', emptySchema),
} as const;
