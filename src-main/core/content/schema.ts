/**
 * Zod schemas and types for Stride's clinical content (resources/content/*.json).
 * Browser-safe: no node imports here, the renderer imports these types and helpers.
 * The languages are data (resources/locales), so the schemas of content files are built for the loaded languages.
 */
import { z } from 'zod';
import { DURATION_UNITS, LOCALE_CODE_PATTERN, REFERENCE_LOCALE, URGENCIES } from '../vocabulary';
import type { ExerciseLibrary } from '../handout/schema';
import type { Examination } from './examination';
import type { Measures } from './measures';

export * from '../vocabulary';

const id = z
  .string()
  .regex(/^[a-z0-9]+([_-][a-z0-9]+)*$/, 'ids are lower-case letters and digits joined by "-" or "_"');

// ---------- text ----------

export const localeCodeSchema = z
  .string()
  .regex(LOCALE_CODE_PATTERN, 'A language code is two or three lower-case letters.');

/** Text in several languages, keyed by language code. The reference language (English) is always there. */
export type I18nText = { [REFERENCE_LOCALE]: string } & Partial<Record<string, string>>;

/**
 * The one schema of text in several languages: every value non-empty, and every language in `required` (plus the
 * reference language) present, so content missing a language fails loading instead of falling back silently.
 */
export function i18nTextSchema(required: readonly string[] = []): z.ZodType<I18nText> {
  const codes = [...new Set([REFERENCE_LOCALE, ...required])];
  return z.record(z.string(), z.string().trim().min(1, 'empty text')).superRefine((text, ctx) => {
    for (const key of Object.keys(text))
      if (!LOCALE_CODE_PATTERN.test(key))
        ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not a language code` });
    for (const code of codes) if (!(code in text)) ctx.addIssue({ code: 'custom', message: `missing "${code}" text` });
  }) as unknown as z.ZodType<I18nText>;
}

/** Text a clinician edits in a plan: the reference language and any others, none required. */
export const I18nTextSchema = i18nTextSchema();

// ---------- answers ----------

export const DurationValueSchema = z.strictObject({
  value: z.number().finite().nonnegative(),
  unit: z.enum(DURATION_UNITS),
});
export type DurationValue = z.infer<typeof DurationValueSchema>;
export type AnswerValue = string | string[] | number | boolean | DurationValue;
export type IntakeAnswers = Record<string, AnswerValue>;

// ---------- conditions over answers (showIf, scoring rules, red flags, risk factors) ----------

/**
 * A small declarative predicate over answers. Leaf tests name one question; an unanswered
 * (or hidden) question makes every leaf test false except `answered: false`.
 * - equals: single choice option id, yes/no boolean, or exact number
 * - includesAny / includesAll: option or region ids (multi, bodymap; for single: the chosen option is in the list)
 * - atLeast / atMost: numbers and scales; for durations the value in days
 * - bmiAtLeast: body-mass index from the `weight_kg` and `height_cm` answers
 */
export type Cond =
  | { question: string; equals: string | number | boolean }
  | { question: string; includesAny: string[] }
  | { question: string; includesAll: string[] }
  | { question: string; atLeast: number }
  | { question: string; atMost: number }
  | { question: string; answered: boolean }
  | { bmiAtLeast: number }
  | { all: Cond[] }
  | { any: Cond[] }
  | { not: Cond };

export const CondSchema: z.ZodType<Cond> = z.lazy(() =>
  z.union([
    z.strictObject({ question: id, equals: z.union([z.string(), z.number(), z.boolean()]) }),
    z.strictObject({ question: id, includesAny: z.array(z.string()).min(1) }),
    z.strictObject({ question: id, includesAll: z.array(z.string()).min(1) }),
    z.strictObject({ question: id, atLeast: z.number() }),
    z.strictObject({ question: id, atMost: z.number() }),
    z.strictObject({ question: id, answered: z.boolean() }),
    z.strictObject({ bmiAtLeast: z.number().positive() }),
    z.strictObject({ all: z.array(CondSchema).min(1) }),
    z.strictObject({ any: z.array(CondSchema).min(1) }),
    z.strictObject({ not: CondSchema }),
  ]),
);

export const QUESTION_TYPES = ['single', 'multi', 'scale', 'bodymap', 'number', 'duration', 'yesno', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const sources = z.array(z.string().trim().min(3)).min(1, 'cite at least one source');

/** The schemas of the clinical content files, requiring text in every one of `locales`. */
export function clinicalSchemas(locales: readonly string[]) {
  const text = i18nTextSchema(locales);

  const OptionSchema = z.strictObject({
    id,
    label: text,
    /** Chosen alone only ("none of these"): checkAnswers rejects it combined with other options. */
    exclusive: z.boolean().optional(),
  });

  const QuestionSchema = z.strictObject({
    id,
    type: z.enum(QUESTION_TYPES),
    label: text,
    help: text.optional(),
    options: z.array(OptionSchema).min(1).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** Decimal places allowed for `number`; 0 (the default) means whole numbers. */
    decimals: z.number().int().min(0).max(3).optional(),
    unit: z.union([text, z.string()]).optional(),
    /** Words at points of a scale, keyed by the number ("0", "10"). */
    anchors: z.record(z.string().regex(/^\d+$/, 'anchor keys are whole numbers'), text).optional(),
    /** Longest accepted free text (type `text`). */
    maxLength: z.number().int().positive().optional(),
    required: z.boolean(),
    showIf: CondSchema.optional(),
  });

  const SectionSchema = z.strictObject({
    id,
    title: text,
    intro: text.optional(),
    questions: z.array(QuestionSchema).min(1),
  });

  const QuestionnaireSchema = z.strictObject({
    version: z.string().min(1),
    sections: z.array(SectionSchema).min(1),
  });

  // conditions, red flags, risk factors

  /** One piece of weighted evidence: positive weight supports, negative argues against. */
  const EvidenceSchema = z.strictObject({
    when: CondSchema,
    weight: z.number().refine((w) => w !== 0, 'weight must not be 0'),
    /** Clinician-facing explanation (English). */
    reason: z.string().trim().min(3),
  });

  const ConditionSchema = z.strictObject({
    id,
    name: text,
    aka: z.array(z.string()).optional(),
    /** Clinician-facing, English. */
    description: z.string().trim().min(10),
    typicalFeatures: z.array(z.string().trim().min(3)).min(1),
    /** Patient-facing, for handouts. */
    homeCare: z.array(text).min(1),
    whenToRefer: z.array(z.string().trim().min(3)).min(1),
    /** The condition is only scored when this holds (e.g. pregnancy-related conditions). */
    eligibleIf: CondSchema.optional(),
    /** Other condition ids a clinician should tell this one apart from. */
    distinguishFrom: z.array(id).optional(),
    evidence: z.array(EvidenceSchema).min(1),
    sources,
  });

  const TriggerSchema = z.strictObject({ when: CondSchema, reason: z.string().trim().min(3) });

  const RedFlagSchema = z.strictObject({
    id,
    name: text,
    urgency: z.enum(URGENCIES),
    /** Clinician-facing: what staff should do now. */
    action: z.string().trim().min(10),
    /** Fires when any trigger holds. Triggers may not use `not`, so adding an answer never removes a flag. */
    triggers: z.array(TriggerSchema),
    /**
     * Also fires when one of these conditions scores a strong match, for a pattern only a score can express (a
     * strong bone-stress score). Hub-side only: the kiosk never sees conditions, so the loader allows it on
     * same-day flags only, never on an emergency the kiosk must recognise by itself.
     */
    strongMatch: z.array(id).min(1).optional(),
    sources,
  });

  const RiskFactorSchema = z.strictObject({
    id,
    name: text,
    description: z.string().trim().min(10),
    /** Patient-facing advice for the handout. */
    advice: text,
    triggers: z.array(TriggerSchema).min(1),
    sources,
  });

  const ConditionsFileSchema = z.strictObject({ conditions: z.array(ConditionSchema).min(1) });
  const RedFlagsFileSchema = z.strictObject({ redFlags: z.array(RedFlagSchema).min(1) });
  const RiskFactorsFileSchema = z.strictObject({ riskFactors: z.array(RiskFactorSchema).min(1) });
  return {
    OptionSchema,
    QuestionSchema,
    SectionSchema,
    QuestionnaireSchema,
    EvidenceSchema,
    ConditionSchema,
    TriggerSchema,
    RedFlagSchema,
    RiskFactorSchema,
    ConditionsFileSchema,
    RedFlagsFileSchema,
    RiskFactorsFileSchema,
  };
}

type ClinicalSchemas = ReturnType<typeof clinicalSchemas>;
export type Option = z.infer<ClinicalSchemas['OptionSchema']>;
export type Question = z.infer<ClinicalSchemas['QuestionSchema']>;
export type Section = z.infer<ClinicalSchemas['SectionSchema']>;
export type Questionnaire = z.infer<ClinicalSchemas['QuestionnaireSchema']>;
export type Evidence = z.infer<ClinicalSchemas['EvidenceSchema']>;
export type Condition = z.infer<ClinicalSchemas['ConditionSchema']>;
export type Trigger = z.infer<ClinicalSchemas['TriggerSchema']>;
export type RedFlag = z.infer<ClinicalSchemas['RedFlagSchema']>;
export type RiskFactor = z.infer<ClinicalSchemas['RiskFactorSchema']>;

/** The content files Stride reads, by file name under resources/content/. */
export const CONTENT_FILES = [
  'questionnaire.json',
  'conditions.json',
  'red-flags.json',
  'risk-factors.json',
  'exercises.json',
  'handout-advice.json',
  'examination.json',
  'measures.json',
] as const;
export type ContentFileName = (typeof CONTENT_FILES)[number];

export interface Content {
  /** Short sha256 of the canonical content of every file: stored with every triage result and handout. */
  version: string;
  /** The languages every text is written in (the locale files found), reference language first. */
  locales: readonly string[];
  questionnaire: Questionnaire;
  conditions: Condition[];
  redFlags: RedFlag[];
  riskFactors: RiskFactor[];
  /** The handout side: exercises and home-care advice. */
  library: ExerciseLibrary;
  /** The special tests and range-of-motion measurements a clinician records. */
  examination: Examination;
  /** The outcome measures the kiosk asks (LEFS, PSFS, PGIC) and the pain rating as a measure, with their MCIDs. */
  measures: Measures;
}
