// zod schemas for the handout content (exercise library, home-care advice), built for the loaded languages.
import { z } from 'zod';
import { I18nTextSchema, i18nTextSchema, type I18nText } from '../content/schema';
import type { ExclusionRule } from './exclusion-rules';

export type { I18nText } from '../content/schema';

/** A condition id from conditions.json; the loader checks every reference against the loaded conditions. */
export type ConditionId = string;

export const POSITIONS = ['supine', 'prone', 'side-lying', 'kneeling', 'standing', 'seated', 'in-water'] as const;
export const PositionSchema = z.enum(POSITIONS);
export type Position = z.infer<typeof PositionSchema>;

export const ImpactSchema = z.enum(['none', 'low', 'high']);
export type Impact = z.infer<typeof ImpactSchema>;
/** Balance demand, i.e. fall risk while doing the exercise. */
export const BalanceSchema = z.enum(['low', 'moderate', 'high']);
export type Balance = z.infer<typeof BalanceSchema>;

export const EQUIPMENT = [
  'band',
  'wall',
  'mat',
  'chair',
  'step',
  'suspension-trainer',
  'foam-roller',
  'pool',
  'bike',
  'pillow',
] as const;
export const EquipmentSchema = z.enum(EQUIPMENT);

export const CategorySchema = z.enum(['warm-up', 'strength', 'stretch', 'mobility', 'aerobic']);

/** Dosage limits: also the clinician's editing limits in the plan. */
export const DOSAGE_LIMITS = {
  sets: [1, 10],
  reps: [1, 100],
  holdSeconds: [1, 300],
  durationMinutes: [1, 120],
  timesPerDay: [1, 6],
  daysPerWeek: [1, 7],
} as const;
const bounded = (k: keyof typeof DOSAGE_LIMITS) => z.number().int().min(DOSAGE_LIMITS[k][0]).max(DOSAGE_LIMITS[k][1]);

function dosageSchema(text: z.ZodType<I18nText>) {
  return z
    .object({
      sets: bounded('sets').optional(),
      reps: bounded('reps').optional(),
      holdSeconds: bounded('holdSeconds').optional(),
      durationMinutes: bounded('durationMinutes').optional(),
      timesPerDay: bounded('timesPerDay'),
      daysPerWeek: bounded('daysPerWeek'),
      notes: text.optional(),
    })
    .strict()
    .refine((d) => d.reps !== undefined || d.holdSeconds !== undefined || d.durationMinutes !== undefined, {
      message: 'a dosage needs reps, holdSeconds or durationMinutes',
    });
}
/** A dosage a clinician sets in a plan. */
export const DosageSchema = dosageSchema(I18nTextSchema);
export type Dosage = z.infer<typeof DosageSchema>;

const Id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lower-case words joined by hyphens');

/** The schemas of exercises.json and handout-advice.json, requiring text in every one of `locales`. */
export function handoutSchemas(locales: readonly string[]) {
  const text = i18nTextSchema(locales);
  const ExerciseSchema = z
    .object({
      id: Id,
      category: CategorySchema,
      name: text,
      purpose: text,
      steps: z.array(text).min(2).max(8),
      dosage: dosageSchema(text),
      equipment: z.array(EquipmentSchema),
      positions: z.array(PositionSchema).min(1),
      impact: ImpactSchema,
      balance: BalanceSchema,
      conditions: z.array(Id),
      /** Conditions for which the plan builder must not suggest this exercise. */
      avoidFor: z.array(Id),
      contraindications: z.array(text),
      pregnancyAlternatives: z.array(Id),
      illustration: z.string().regex(/^[a-z0-9-]+\.svg$/, 'illustration must be a file name like bridge.svg'),
    })
    .strict();

  const ExerciseFileSchema = z
    .object({ version: z.string().min(1), exercises: z.array(ExerciseSchema).min(1) })
    .strict();

  const AdviceItemSchema = z
    .object({
      id: Id,
      topic: z.string().min(1),
      /** '*' means every condition. */
      conditions: z.union([z.literal('*'), z.array(Id).min(1)]),
      exceptConditions: z.array(Id).optional(),
      text,
    })
    .strict();

  const TopicItemSchema = z.object({ id: Id, topic: z.string().min(1), text }).strict();
  const SignSchema = z.object({ id: Id, text }).strict();

  const AdviceFileSchema = z
    .object({
      version: z.string().min(1),
      advice: z.array(AdviceItemSchema),
      pregnancyAdvice: z.array(TopicItemSchema).min(1),
      pregnancyWarningSigns: z.array(SignSchema).min(1),
      generalWarningSigns: z.array(SignSchema).min(1),
      /** For the clinician's screen only (e.g. medication); never printed unless the clinician adds it. */
      clinicianOnly: z.array(AdviceItemSchema),
    })
    .strict();
  return { ExerciseSchema, ExerciseFileSchema, AdviceItemSchema, SignSchema, AdviceFileSchema };
}

type HandoutSchemas = ReturnType<typeof handoutSchemas>;
export type Exercise = z.infer<HandoutSchemas['ExerciseSchema']>;
export type AdviceItem = z.infer<HandoutSchemas['AdviceItemSchema']>;
export type WarningSign = z.infer<HandoutSchemas['SignSchema']>;
export type AdviceFile = z.infer<HandoutSchemas['AdviceFileSchema']>;

/**
 * The loaded library (content/load.ts reads it from disk); a plain type here, so the clinician screen can use it
 * without Node.
 */
export interface ExerciseLibrary {
  /** Authored version from the files, e.g. "1.0.0 / 1.0.0". */
  version: string;
  /** The content version (one hash of all content files): changes whenever any text or dosage changes. */
  contentHash: string;
  exercises: readonly Exercise[];
  byId: ReadonlyMap<string, Exercise>;
  advice: AdviceFile;
  /** The condition ids of conditions.json: what exercises and advice may be chosen for. */
  conditionIds: ReadonlySet<string>;
  /** Patient-facing texts the plan builder adds, in every language (from the locale files). */
  planTexts: { exclusionReasons: Record<ExclusionRule, I18nText>; childsPoseNote: I18nText };
}
