/** Kiosk methods: the only ones a kiosk window can call. */
import { z } from 'zod';
import { method } from './define';
import { intakeSubmissionSchema, localeSchema } from '../schemas';
import type { IntakeForm, KioskLanguage, SubmitReceipt } from '../types';

/** What the kiosk screen needs from the clinic settings: nothing else of the settings document leaves the store. */
export interface KioskSettings {
  /** Seconds without a touch before "Are you still there?". */
  idleSeconds: number;
  /** Seconds that prompt counts down before the screen is wiped. */
  countdownSeconds: number;
  clinicName: string;
  /** The languages the clinic offers at the kiosk, in the order it chose, with their texts and keyboards. */
  languages: KioskLanguage[];
}

export const intakeMethods = {
  'intake.form': method<IntakeForm>()('kiosk', z.object({ locale: localeSchema.optional() }).strict()),
  'intake.submit': method<SubmitReceipt>()('kiosk', intakeSubmissionSchema),
  'kiosk.settings': method<KioskSettings>()('kiosk', z.object({}).strict()),
  /** The hidden staff gesture. Carries nothing and returns nothing: the staff screen still asks for a PIN. */
  'kiosk.summonStaff': method<{ requested: true }>()('kiosk', z.object({}).strict()),
  /**
   * Intakes this kiosk's outbox deleted unsent, held longer than it keeps anything (core/held-intake.ts): how many,
   * and since when the oldest waited. Never whose. Sent once the hub answers again, so the clinic learns that a
   * patient's answers were lost.
   */
  'kiosk.heldExpired': method<{ recorded: true }>()(
    'kiosk',
    z.object({ count: z.number().int().min(1).max(100_000), oldestHeldAt: z.iso.datetime() }).strict(),
  ),
} as const;
