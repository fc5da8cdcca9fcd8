/** Administrator methods for the clinic's data: backups, restore, retention purge, a patient's record export. */
import { z } from 'zod';
import { method } from './define';
import { emptySchema, idSchema } from '../schemas';
import type {
  BackupDetails,
  BackupList,
  BackupTaken,
  PurgeResult,
  RecordExport,
  RestoreReport,
  RetentionSettings,
} from '../types';

const backupNameSchema = z.string().regex(/^stride-\d{8}T\d{9}Z\.db$/, 'Choose one of the listed backups.');

export const recordsMethods = {
  'records.backupNow': method<BackupTaken>()('admin', emptySchema),
  'records.listBackups': method<BackupList>()('admin', emptySchema),
  'records.inspectBackup': method<BackupDetails>()('admin', z.object({ name: backupNameSchema }).strict()),
  'records.restore': method<RestoreReport>()(
    'admin',
    z
      .object({
        name: backupNameSchema,
        /** Another clinic's backup (or one that predates clinic ids): its clinic id, or 'unrecorded', as shown. */
        confirmOtherClinic: z
          .string()
          .regex(/^([0-9a-f]{32}|unrecorded)$/)
          .optional(),
      })
      .strict(),
  ),
  'records.retention': method<RetentionSettings>()(
    'admin',
    z
      .object({
        recordsYears: z.number().int().min(1).max(100).optional(),
        draftDays: z.number().int().min(1).max(365).optional(),
      })
      .strict(),
  ),
  'records.purge': method<PurgeResult>()('admin', emptySchema),
  'records.export': method<RecordExport>()('admin', z.object({ patientId: idSchema }).strict()),
} as const;
