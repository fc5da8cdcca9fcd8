/** Kiosk methods: the only ones a kiosk window can call. */
import { z } from 'zod';
import { method } from './define';
import { intakeSubmissionSchema, localeSchema } from '../schemas';
import type { IntakeForm, SubmitReceipt } from '../types';

export const intakeMethods = {
  'intake.form': method<IntakeForm>()('kiosk', z.object({ locale: localeSchema.optional() }).strict()),
  'intake.submit': method<SubmitReceipt>()('kiosk', intakeSubmissionSchema),
} as const;
