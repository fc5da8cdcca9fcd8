/**
 * Zod schemas and types for Stride's clinical content (resources/content/*.json).
 * Browser-safe: no node imports here, the renderer imports these types and helpers.
 */
import { z } from 'zod';
import { DURATION_UNITS, URGENCIES } from './constants';

// ---------- shared identifiers: zod-free, in constants.ts ----------

export * from './constants';

const id = z
  .string()
  .regex(/^[a-z0-9]+([_-][a-z0-9]+)*$/, 'ids are lower-case letters and digits joined by "-" or "_"');

// ---------- text ----------

const nonEmpty = (lang: string) => z.string({ error: `missing "${lang}" translation` }).trim().min(1, `empty "${lang}" translation`);

export const I18nTextSchema = z
  .object({ en: nonEmpty('en'), es: nonEmpty('es') })
  .catchall(z.string());
export type I18nText = { en: string; es: string } & Partial<Record<string, string>>;

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

// ---------- questionnaire ----------

export const QUESTION_TYPES = ['single', 'multi', 'scale', 'bodymap', 'number', 'duration', 'yesno', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const OptionSchema = z.strictObject({
  id,
  label: I18nTextSchema,
  /** Chosen alone only ("none of these"): checkAnswers rejects it combined with other options. */
  exclusive: z.boolean().optional(),
});
export type Option = z.infer<typeof OptionSchema>;

export const QuestionSchema = z.strictObject({
  id,
  type: z.enum(QUESTION_TYPES),
  label: I18nTextSchema,
  help: I18nTextSchema.optional(),
  options: z.array(OptionSchema).min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Decimal places allowed for `number`; 0 (the default) means whole numbers. */
  decimals: z.number().int().min(0).max(3).optional(),
  unit: z.union([I18nTextSchema, z.string()]).optional(),
  /** Words at points of a scale, keyed by the number ("0", "10"). */
  anchors: z.record(z.string().regex(/^\d+$/, 'anchor keys are whole numbers'), I18nTextSchema).optional(),
  /** Longest accepted free text (type `text`). */
  maxLength: z.number().int().positive().optional(),
  required: z.boolean(),
  showIf: CondSchema.optional(),
});
export type Question = z.infer<typeof QuestionSchema>;

export const SectionSchema = z.strictObject({
  id,
  title: I18nTextSchema,
  intro: I18nTextSchema.optional(),
  questions: z.array(QuestionSchema).min(1),
});
export type Section = z.infer<typeof SectionSchema>;

export const QuestionnaireSchema = z.strictObject({
  version: z.string().min(1),
  sections: z.array(SectionSchema).min(1),
});
export type Questionnaire = z.infer<typeof QuestionnaireSchema>;

// ---------- conditions, red flags, risk factors ----------

const sources = z.array(z.string().trim().min(3)).min(1, 'cite at least one source');

/** One piece of weighted evidence: positive weight supports, negative argues against. */
export const EvidenceSchema = z.strictObject({
  when: CondSchema,
  weight: z.number().refine((w) => w !== 0, 'weight must not be 0'),
  /** Clinician-facing explanation (English). */
  reason: z.string().trim().min(3),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const ConditionSchema = z.strictObject({
  id,
  name: I18nTextSchema,
  aka: z.array(z.string()).optional(),
  /** Clinician-facing, English. */
  description: z.string().trim().min(10),
  typicalFeatures: z.array(z.string().trim().min(3)).min(1),
  /** Patient-facing, for handouts. */
  homeCare: z.array(I18nTextSchema).min(1),
  whenToRefer: z.array(z.string().trim().min(3)).min(1),
  /** The condition is only scored when this holds (e.g. pregnancy-related conditions). */
  eligibleIf: CondSchema.optional(),
  /** Other condition ids a clinician should tell this one apart from. */
  distinguishFrom: z.array(id).optional(),
  evidence: z.array(EvidenceSchema).min(1),
  sources,
});
export type Condition = z.infer<typeof ConditionSchema>;

export const TriggerSchema = z.strictObject({ when: CondSchema, reason: z.string().trim().min(3) });
export type Trigger = z.infer<typeof TriggerSchema>;

export const RedFlagSchema = z.strictObject({
  id,
  name: I18nTextSchema,
  urgency: z.enum(URGENCIES),
  /** Clinician-facing: what staff should do now. */
  action: z.string().trim().min(10),
  /** Fires when any trigger holds. Triggers may not use `not`, so adding an answer never removes a flag. */
  triggers: z.array(TriggerSchema).min(1),
  sources,
});
export type RedFlag = z.infer<typeof RedFlagSchema>;

export const RiskFactorSchema = z.strictObject({
  id,
  name: I18nTextSchema,
  description: z.string().trim().min(10),
  /** Patient-facing advice for the handout. */
  advice: I18nTextSchema,
  triggers: z.array(TriggerSchema).min(1),
  sources,
});
export type RiskFactor = z.infer<typeof RiskFactorSchema>;

export const ConditionsFileSchema = z.strictObject({ conditions: z.array(ConditionSchema).min(1) });
export const RedFlagsFileSchema = z.strictObject({ redFlags: z.array(RedFlagSchema).min(1) });
export const RiskFactorsFileSchema = z.strictObject({ riskFactors: z.array(RiskFactorSchema).min(1) });

/** The content files Stride reads, by file name under resources/content/. */
export const CONTENT_FILES = {
  'questionnaire.json': QuestionnaireSchema,
  'conditions.json': ConditionsFileSchema,
  'red-flags.json': RedFlagsFileSchema,
  'risk-factors.json': RiskFactorsFileSchema,
} as const;
export type ContentFileName = keyof typeof CONTENT_FILES;

export interface Content {
  /** Short sha256 of the canonical content: stored with every triage result. */
  version: string;
  questionnaire: Questionnaire;
  conditions: Condition[];
  redFlags: RedFlag[];
  riskFactors: RiskFactor[];
}
