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

/** What a contraindication does in a plan for the conditions it names: refuse the exercise or tell the clinician. */
export const ContraindicationLevelSchema = z.enum(['block', 'warn']);
export type ContraindicationLevel = z.infer<typeof ContraindicationLevelSchema>;

/**
 * Positions a pelvic-health physiotherapist keeps out of a pelvic girdle pain plan (POGP): one leg bearing more than
 * the other, legs wide apart, standing on one leg.
 */
export const STANCES = ['asymmetric', 'straddle', 'single-leg'] as const;
export const StanceSchema = z.enum(STANCES);
export type Stance = z.infer<typeof StanceSchema>;

/** Where a warning sign sends the patient: the printed stop box groups them by route. */
export const SignRouteSchema = z.enum(['maternity', 'emergency', 'clinic']);
export type SignRoute = z.infer<typeof SignRouteSchema>;

/** Who a piece of advice is for beyond its conditions: running advice only for a patient who runs. */
export const AudienceSchema = z.enum(['everyone', 'runners']);

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
      contraindications: z.array(
        z
          .object({
            text,
            /** The conditions it applies to; empty: a caution for every patient, shown to the clinician. */
            conditions: z.array(Id),
            level: ContraindicationLevelSchema,
            /** Printed under the exercise for the patient (otherwise only on the clinician's screen). */
            printed: z.boolean(),
          })
          .strict(),
      ),
      pregnancyAlternatives: z.array(Id),
      /** Done one side at a time: the plan says which side. */
      oneSided: z.boolean().optional(),
      stance: z.array(StanceSchema).optional(),
      /** Stages around the prescribed exercise, each with the criterion to move on. */
      progression: z
        .object({
          easier: z.object({ how: text, moveOn: text }).strict().optional(),
          /** From the prescribed exercise to the harder stage. */
          moveOn: text.optional(),
          harder: z.object({ how: text }).strict().optional(),
        })
        .strict()
        .refine((p) => !p.harder || p.moveOn, { message: 'a harder stage needs the criterion to move on (moveOn)' })
        .optional(),
      /** Why the exercise has no stages (e.g. a gentle warm-up that stays the same): for the content author. */
      noProgression: z.string().min(10).optional(),
      illustration: z.string().regex(/^[a-z0-9-]+\.svg$/, 'illustration must be a file name like bridge.svg'),
    })
    .strict()
    .refine((e) => !!e.progression !== !!e.noProgression, {
      message: 'give the exercise progression stages, or say in noProgression why stages do not make sense for it',
    });

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
      audience: AudienceSchema.optional(),
      text,
    })
    .strict();

  const TopicItemSchema = z
    .object({ id: Id, topic: z.string().min(1), audience: AudienceSchema.optional(), text })
    .strict();
  const SignSchema = z.object({ id: Id, route: SignRouteSchema, text }).strict();

  const AdviceFileSchema = z
    .object({
      version: z.string().min(1),
      advice: z.array(AdviceItemSchema),
      pregnancyAdvice: z.array(TopicItemSchema).min(1),
      pregnancyWarningSigns: z.array(SignSchema).min(1),
      generalWarningSigns: z.array(SignSchema).min(1),
      /** After a birth: pelvic floor training for everyone, the graded return to running for runners. */
      postpartumAdvice: z.array(TopicItemSchema).min(1),
      /** The clinician's pregnancy exercise screen (ACOG 804 absolute contraindications): screen text, not printed. */
      pregnancyScreen: z.array(SignSchema.omit({ route: true })).min(1),
      /** Printed instead of exercises when the screen finds an absolute contraindication. */
      pregnancyScreenAdvice: TopicItemSchema,
      /** Conditions whose plans keep to symmetric positions (exercises with a `stance` are left out). */
      symmetricPositionsFor: z.array(Id),
      /**
       * Conditions that need a doctor's assessment before any exercise (suspected avascular necrosis, a problem with a
       * hip replacement): their plans hold no exercise and print `reviewBeforeExerciseAdvice`.
       */
      reviewBeforeExerciseFor: z.array(Id),
      reviewBeforeExerciseAdvice: TopicItemSchema,
      /** What each safety rule and advice item above rests on. */
      sources: z.array(z.object({ for: z.string().min(1), source: z.string().min(1) }).strict()).min(1),
      /** For the clinician's screen only (e.g. medication); never printed unless the clinician adds it. */
      clinicianOnly: z.array(AdviceItemSchema),
    })
    .strict();
  return { ExerciseSchema, ExerciseFileSchema, AdviceItemSchema, SignSchema, TopicItemSchema, AdviceFileSchema };
}

type HandoutSchemas = ReturnType<typeof handoutSchemas>;
export type Exercise = z.infer<HandoutSchemas['ExerciseSchema']>;
export type AdviceItem = z.infer<HandoutSchemas['AdviceItemSchema']>;
export type WarningSign = z.infer<HandoutSchemas['SignSchema']>;
export type TopicItem = z.infer<HandoutSchemas['TopicItemSchema']>;
export type Contraindication = Exercise['contraindications'][number];
export type Progression = NonNullable<Exercise['progression']>;
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
