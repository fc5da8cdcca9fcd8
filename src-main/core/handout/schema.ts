// zod schemas for the handout content (exercise library, home-care advice) and the shared vocabularies.
import { z } from 'zod';

/** Fixed condition ids shared across Stride. */
export const CONDITION_IDS = [
  'gtps', 'iliopsoas-snapping-hip', 'itb-syndrome', 'deep-gluteal-syndrome', 'proximal-hamstring',
  'bone-stress-injury', 'labral-tear', 'hip-flexor-strain', 'fai', 'patellofemoral-pain', 'hip-pointer', 'hip-oa',
  'lumbar-radicular-pain', 'pelvic-girdle-pain', 'transient-osteoporosis-hip',
] as const;
export const ConditionIdSchema = z.enum(CONDITION_IDS);
export type ConditionId = z.infer<typeof ConditionIdSchema>;

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const LocaleSchema = z.enum(LOCALES);

/** English and Spanish are required; other languages optional. */
export type I18nText = { en: string; es: string } & Partial<Record<string, string>>;
export const I18nTextSchema: z.ZodType<I18nText> = z
  .object({ en: z.string().trim().min(1), es: z.string().trim().min(1) })
  .catchall(z.string().trim().min(1));

export const POSITIONS = ['supine', 'prone', 'side-lying', 'kneeling', 'standing', 'seated', 'in-water'] as const;
export const PositionSchema = z.enum(POSITIONS);
export type Position = z.infer<typeof PositionSchema>;

export const ImpactSchema = z.enum(['none', 'low', 'high']);
export type Impact = z.infer<typeof ImpactSchema>;
/** Balance demand, i.e. fall risk while doing the exercise. */
export const BalanceSchema = z.enum(['low', 'moderate', 'high']);
export type Balance = z.infer<typeof BalanceSchema>;

export const EQUIPMENT = ['band', 'wall', 'mat', 'chair', 'step', 'suspension-trainer', 'foam-roller', 'pool', 'bike', 'pillow'] as const;
export const EquipmentSchema = z.enum(EQUIPMENT);

export const CategorySchema = z.enum(['warm-up', 'strength', 'stretch', 'mobility', 'aerobic']);

/** Dosage limits: also the clinician's editing limits in the plan. */
export const DOSAGE_LIMITS = {
  sets: [1, 10], reps: [1, 100], holdSeconds: [1, 300], durationMinutes: [1, 120], timesPerDay: [1, 6], daysPerWeek: [1, 7],
} as const;
const bounded = (k: keyof typeof DOSAGE_LIMITS) =>
  z.number().int().min(DOSAGE_LIMITS[k][0]).max(DOSAGE_LIMITS[k][1]);

export const DosageSchema = z
  .object({
    sets: bounded('sets').optional(),
    reps: bounded('reps').optional(),
    holdSeconds: bounded('holdSeconds').optional(),
    durationMinutes: bounded('durationMinutes').optional(),
    timesPerDay: bounded('timesPerDay'),
    daysPerWeek: bounded('daysPerWeek'),
    notes: I18nTextSchema.optional(),
  })
  .strict()
  .refine((d) => d.reps !== undefined || d.holdSeconds !== undefined || d.durationMinutes !== undefined, {
    message: 'a dosage needs reps, holdSeconds or durationMinutes',
  });
export type Dosage = z.infer<typeof DosageSchema>;

const Id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lower-case words joined by hyphens');

export const ExerciseSchema = z
  .object({
    id: Id,
    category: CategorySchema,
    name: I18nTextSchema,
    purpose: I18nTextSchema,
    steps: z.array(I18nTextSchema).min(2).max(8),
    dosage: DosageSchema,
    equipment: z.array(EquipmentSchema),
    positions: z.array(PositionSchema).min(1),
    impact: ImpactSchema,
    balance: BalanceSchema,
    conditions: z.array(ConditionIdSchema),
    /** Conditions for which the plan builder must not suggest this exercise. */
    avoidFor: z.array(ConditionIdSchema),
    contraindications: z.array(I18nTextSchema),
    pregnancyAlternatives: z.array(Id),
    illustration: z.string().regex(/^[a-z0-9-]+\.svg$/, 'illustration must be a file name like bridge.svg'),
  })
  .strict();
export type Exercise = z.infer<typeof ExerciseSchema>;

export const ExerciseFileSchema = z
  .object({ version: z.string().min(1), exercises: z.array(ExerciseSchema).min(1) })
  .strict();

const AdviceItemSchema = z
  .object({
    id: Id,
    topic: z.string().min(1),
    /** '*' means every condition. */
    conditions: z.union([z.literal('*'), z.array(ConditionIdSchema).min(1)]),
    exceptConditions: z.array(ConditionIdSchema).optional(),
    text: I18nTextSchema,
  })
  .strict();
export type AdviceItem = z.infer<typeof AdviceItemSchema>;

const TopicItemSchema = z.object({ id: Id, topic: z.string().min(1), text: I18nTextSchema }).strict();
const SignSchema = z.object({ id: Id, text: I18nTextSchema }).strict();
export type WarningSign = z.infer<typeof SignSchema>;

export const AdviceFileSchema = z
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
export type AdviceFile = z.infer<typeof AdviceFileSchema>;

/** The loaded library (library.ts reads it from disk); a plain type here, so the clinician screen can use it without Node. */
export interface ExerciseLibrary {
  /** Authored version from the files, e.g. "1.0.0 / 1.0.0". */
  version: string;
  /** sha256 (hex, first 16 chars) of the canonical content: changes whenever any text or dosage changes. */
  contentHash: string;
  exercises: readonly Exercise[];
  byId: ReadonlyMap<string, Exercise>;
  advice: AdviceFile;
}
