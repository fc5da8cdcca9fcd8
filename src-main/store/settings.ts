/** Clinic settings: one validated document, defaults for anything not yet set. */
import { z } from 'zod';
import { PHONE_HINT, PHONE_PATTERN } from '../core/vocabulary';
import { localeCodeSchema } from '../core/content/schema';
import type { Db } from './db';

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

export function readSettings(db: Db): Settings {
  const row = db.prepare("SELECT value_json FROM settings WHERE key = 'app'").get() as { value_json: string } | undefined;
  const stored: unknown = row ? JSON.parse(row.value_json) : {};
  const parsed = settingsSchema.safeParse(stored);
  // A setting written by a newer or broken build must not stop the clinic: fall back to defaults.
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

export function writeSettings(db: Db, patch: Partial<Settings>): Settings {
  const next = settingsSchema.parse({ ...readSettings(db), ...patch });
  db.prepare(
    "INSERT INTO settings (key, value_json) VALUES ('app', ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json",
  ).run(JSON.stringify(next));
  return next;
}
