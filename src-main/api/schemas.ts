/** Input schemas shared by the contract: strict objects, bounded strings, real dates. */
import { z } from 'zod';
import { localeCodeSchema } from '../core/content/schema';
import { VISIT_KINDS } from '../core/measures/visit-plan';
import {
  CHECK_IN_PATTERN,
  DURATION_UNITS,
  NAME_MAX_LENGTH,
  PHONE_HINT,
  PHONE_MAX_LENGTH,
  PHONE_PATTERN,
} from '../core/vocabulary';

/** A language code; whether Stride has that language is checked against the locale files by the handler. */
export const localeSchema = localeCodeSchema;
export type Locale = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date written YYYY-MM-DD that actually exists (no 2023-02-30). */
export const isoDateSchema = z
  .string()
  .regex(ISO_DATE, 'Use the form YYYY-MM-DD.')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'This date does not exist.');

export const dateOfBirthSchema = isoDateSchema
  .refine((s) => s <= new Date().toISOString().slice(0, 10), 'The date of birth cannot be in the future.')
  .refine((s) => s >= '1900-01-01', 'The date of birth is too far in the past.');

/** Half of a UTF-16 pair without its other half: not a character, and it prints as nothing or a box. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Embedding, override and isolate marks: they reorder how the text around them reads (a name shown backwards). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why a piece of typed text cannot be stored, in words for the person who typed it; null when it is fine. */
export function textProblem(s: string): string | null {
  if (UNPAIRED_SURROGATE.test(s)) return 'This contains a broken character. Please type it again.';
  if (BIDI_CONTROL.test(s))
    return 'This contains invisible text-direction marks that can make it read differently. Please type it again.';
  if (CONTROL.test(s)) return 'This contains invisible control characters that cannot be stored.';
  return null;
}

/** Text a person typed: trimmed, NFC, no control characters, text-direction overrides or broken characters, bounded. */
export function personText(max: number) {
  return z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .max(max, `Keep this under ${max} characters.`)
        .superRefine((s, ctx) => {
          const problem = textProblem(s);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
    );
}

export const fullNameSchema = personText(NAME_MAX_LENGTH).pipe(z.string().min(1, 'Please enter your name.'));

export const phoneSchema = personText(PHONE_MAX_LENGTH).pipe(z.string().regex(PHONE_PATTERN, PHONE_HINT));

export const pinSchema = z.string().regex(/^\d{4,8}$/, 'A PIN is 4 to 8 digits.');

export const durationSchema = z
  .object({
    value: z.number().finite().min(0).max(100_000),
    unit: z.enum(DURATION_UNITS),
  })
  .strict();

/** One intake answer. Which shape a question takes is checked against the content by the service. */
export const answerValueSchema = z.union([
  personText(2000),
  z.array(z.string().max(100)).max(50),
  z.number().finite(),
  z.boolean(),
  durationSchema,
]);

const questionIdSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'Unknown question id.');

export const intakeAnswersSchema = z
  .record(questionIdSchema, answerValueSchema)
  .refine((r) => Object.keys(r).length <= 200, 'Too many answers.');

const measureItemIdSchema = z.string().regex(/^[a-z0-9]+(_[a-z0-9]+)*$/, 'Unknown item id.');

/** Limits the contract can hold without the content; item ids, option ids and counts are checked by the handler. */
export const PSFS_ACTIVITY_MAX_LENGTH = 200;

/** The patient's answers to the outcome measures (core/measures/scoring.ts MeasureAnswers). */
export const measureAnswersSchema = z
  .object({
    lefs: z
      .record(
        measureItemIdSchema,
        z.number().int().min(0, 'Choose one of the answers.').max(4, 'Choose one of the answers.'),
      )
      .refine((r) => Object.keys(r).length <= 40, 'Too many LEFS answers.')
      .optional(),
    psfs: z
      .array(
        z
          .object({
            activity: personText(PSFS_ACTIVITY_MAX_LENGTH).pipe(z.string().min(1, 'Please name the activity.')),
            rating: z.number().int().min(0, 'Choose a number from 0 to 10.').max(10, 'Choose a number from 0 to 10.'),
          })
          .strict(),
      )
      .max(10, 'Too many activities.')
      .optional(),
    pgic: measureItemIdSchema.optional(),
    exerciseDays: z
      .number()
      .int()
      .min(0, 'Choose a number from 0 to 7.')
      .max(7, 'Choose a number from 0 to 7.')
      .optional(),
  })
  .strict();

export const intakeSubmissionSchema = z
  .object({
    locale: localeSchema,
    patient: z
      .object({
        fullName: fullNameSchema,
        dateOfBirth: dateOfBirthSchema,
        phone: phoneSchema.optional(),
      })
      .strict(),
    answers: intakeAnswersSchema,
    /** "I've been here before": a return visit answers the short follow-up. Absent: a first visit. */
    visit: z.enum(VISIT_KINDS).optional(),
    /** LEFS, PSFS and, at a return visit, PGIC and exercise days. Absent in intakes from kiosks before issue #14. */
    measures: measureAnswersSchema.optional(),
    /** Made on the station (a UUID), the same on every retry: the hub stores a submission once (migration 005). */
    submissionId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,64}$/, 'A submission id is 16 to 64 letters, digits, - or _.')
      .optional(),
    /**
     * A check-in code the station already showed the patient because the hub was out of reach (the intake waited in
     * its outbox). The hub keeps it when no other session has it that day; otherwise it makes a new one.
     */
    checkInCode: z.string().regex(CHECK_IN_PATTERN, 'A check-in code is four letters or digits.').optional(),
  })
  .strict();
export type IntakeSubmission = z.infer<typeof intakeSubmissionSchema>;

/**
 * A record's id: at most the largest PostgreSQL `integer`, the type of every id column there. A larger one names no
 * record on either engine, and PostgreSQL would fail on it rather than find nothing.
 */
export const MAX_RECORD_ID = 2_147_483_647;
export const idSchema = z.number().int().positive().max(MAX_RECORD_ID);
export const emptySchema = z.object({}).strict();
