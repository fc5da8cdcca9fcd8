/** Administrator methods for the clinic's data: backups, restore, retention purge, a patient's record export. */
import { z } from 'zod';
import { method } from './define';
import { emptySchema, idSchema } from '../schemas';
import type {
  BackupDetails,
  FileSaved,
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
  /** Desktop downloads: the main process asks where and writes the file (in the web shell the browser downloads). */
  'files.save': method<FileSaved>()(
    'clinician',
    z
      .object({
        fileName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.(pdf|json)$/, 'Not a file name Stride saves.'),
        base64: z.string().max(40_000_000),
      })
      .strict(),
  ),
} as const;
