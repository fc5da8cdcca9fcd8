/**
 * The clinic's settings document: what a valid one is and the default of every field. One schema for both sides: the
 * store validates what it reads and writes with it, and the contract takes it as the input of admin.settings.update.
 */
import { z } from 'zod';
import { PHONE_HINT, PHONE_PATTERN } from './vocabulary';
import { localeCodeSchema } from './content/schema';

export const settingsSchema = z
  .object({
    clinicName: z.string().trim().min(1).max(120).default('Stride Physiotherapy'),
    /** Printed on handouts under the clinic name, so patients know whom to call. */
    clinicPhone: z.string().trim().max(40).regex(PHONE_PATTERN, PHONE_HINT).default(''),
    /** The clinic's logo for handouts: a PNG, base64, up to about 300 KB. */
    clinicLogoPng: z
      .string()
      .max(400_000, 'The logo is too large: use a PNG under 300 KB.')
      .refine((b64) => b64.startsWith('iVBORw0KGgo'), 'The logo must be a PNG image.')
      .nullable()
      .default(null),
    /**
     * The languages offered at the kiosk, in the clinic's order; absent means every language Stride has. Which codes
     * exist is checked against the locale files by the settings handler.
     */
    languages: z.array(localeCodeSchema).min(1, 'Offer at least one language.').optional(),
    paperSize: z.enum(['A4', 'Letter']).default('A4'),
    kioskIdleSeconds: z.number().int().min(15).max(900).default(60),
    kioskCountdownSeconds: z.number().int().min(5).max(120).default(20),
    clinicianAutoLockMinutes: z.number().int().min(1).max(60).default(5),
    kioskDisplayId: z.number().int().nullable().default(null),
    kioskFullscreen: z.boolean().default(true),
    backupDir: z.string().max(1000).nullable().default(null),
    backupKeep: z.number().int().min(1).max(365).default(14),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
