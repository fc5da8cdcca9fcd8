/** Administrator methods: staff accounts, clinic settings, the audit log. */
import { z } from 'zod';
import { method } from './define';
import { CLINICIAN_ROLES } from '../../core/clinic';
import { emptySchema, fullNameSchema, idSchema, isoDateSchema, pinSchema } from '../schemas';
import { settingsSchema } from '../../core/settings';
import type { AuditChainReport, AuditEntryView, ClinicianAdmin, Settings } from '../types';

export const adminMethods = {
  'admin.clinicians.list': method<ClinicianAdmin[]>()('admin', emptySchema),
  'admin.clinicians.add': method<ClinicianAdmin>()(
    'admin',
    z.object({ name: fullNameSchema, role: z.enum(CLINICIAN_ROLES), pin: pinSchema }).strict(),
  ),
  'admin.clinicians.setDisabled': method<ClinicianAdmin>()(
    'admin',
    z.object({ clinicianId: idSchema, disabled: z.boolean() }).strict(),
  ),
  'admin.clinicians.resetPin': method<ClinicianAdmin>()(
    'admin',
    z.object({ clinicianId: idSchema, pin: pinSchema }).strict(),
  ),
  'admin.settings.get': method<Settings>()('admin', emptySchema),
  'admin.settings.update': method<Settings>()('admin', z.object({ settings: settingsSchema }).strict()),
  'admin.audit.list': method<AuditEntryView[]>()(
    'admin',
    z
      .object({
        clinicianId: idSchema.optional(),
        from: isoDateSchema.optional(),
        to: isoDateSchema.optional(),
        beforeId: idSchema.optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
  ),
  /** Walks the audit log's hash chain and names the first broken link. */
  'admin.audit.verify': method<AuditChainReport>()('admin', emptySchema),
} as const;
