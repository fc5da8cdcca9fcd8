// Pure plan builder: suggests a home-exercise plan from conditions, applies pregnancy safety rules, and lets the
// clinician edit it. Every text is kept in en + es so the handout can be printed in the patient's language.
import { z } from 'zod';
import { ConditionIdSchema, DosageSchema, I18nTextSchema, LocaleSchema } from './schema';
import type { ConditionId, Dosage, Exercise, ExerciseLibrary, I18nText, Locale } from './schema';

// ---------- schema ----------

/** A reason the clinician typed; blank or whitespace-only reasons are refused. */
export type NonEmptyString = string & { readonly __nonEmpty: true };
export function nonEmptyReason(text: string): NonEmptyString {
  const t = text.trim();
  if (!t) throw new Error('An override needs a recorded reason (it was empty).');
  return t as NonEmptyString;
}

export const ExclusionRuleSchema = z.enum(['supine-from-16-weeks', 'prone-from-12-weeks', 'high-impact', 'high-fall-risk']);
export type ExclusionRule = z.infer<typeof ExclusionRuleSchema>;

const OverrideSchema = z.object({
  reason: z.string().trim().min(1, 'an override needs a recorded reason'),
  by: z.string().trim().min(1),
  at: z.string().datetime(),
});
export type ExclusionOverride = { reason: NonEmptyString; by: string; at: string };

export const PlanExerciseSchema = z.object({
  exerciseId: z.string().min(1),
  dosage: DosageSchema,
  /** Extra line printed under the exercise, e.g. "knees wide for your bump". */
  note: I18nTextSchema.optional(),
  origin: z.enum(['condition', 'pregnancy-stretch', 'pregnancy-alternative', 'clinician', 'override']),
  /** Set when this exercise stands in for an excluded one. */
  replaces: z.string().optional(),
});
export type PlanExercise = z.infer<typeof PlanExerciseSchema>;

export const ExclusionSchema = z.object({
  exerciseId: z.string().min(1),
  rule: ExclusionRuleSchema,
  reason: I18nTextSchema,
  alternativeId: z.string().optional(),
  override: OverrideSchema.optional(),
});
export type Exclusion = Omit<z.infer<typeof ExclusionSchema>, 'override'> & { override?: ExclusionOverride };

export const PlanAdviceSchema = z.object({
  id: z.string().min(1),
  topic: z.string().min(1),
  text: I18nTextSchema,
  source: z.enum(['condition', 'pregnancy', 'clinician']),
});
export type PlanAdvice = z.infer<typeof PlanAdviceSchema>;

export const PlanSchema = z.object({
  locale: LocaleSchema,
  conditionIds: z.array(ConditionIdSchema),
  pregnancyWeeks: z.number().int().min(1).max(42).nullable(),
  exercises: z.array(PlanExerciseSchema).max(20),
  advice: z.array(PlanAdviceSchema),
  warningSigns: z.array(z.object({ id: z.string().min(1), text: I18nTextSchema })),
  exclusions: z.array(ExclusionSchema),
  libraryHash: z.string().min(1),
});
export type Plan = Omit<z.infer<typeof PlanSchema>, 'exclusions'> & { exclusions: Exclusion[] };

/** Validates a plan (e.g. one read back from the database). Throws a ZodError naming the offending path. */
export function parsePlan(value: unknown): Plan {
  return PlanSchema.parse(value) as Plan;
}

// ---------- pregnancy rules ----------

export const SUPINE_FROM_WEEK = 16;
/** No firm guideline exists for lying face down; Stride stops suggesting it from 12 weeks to be on the safe side. */
export const PRONE_FROM_WEEK = 12;
export const PREGNANCY_STRETCH_IDS = ['hamstring-stretch', 'hip-flexor-stretch', 'seated-piriformis-stretch', 'childs-pose'] as const;

const t = (en: string, es: string): I18nText => ({ en, es });
const REASONS: Record<ExclusionRule, I18nText> = {
  'supine-from-16-weeks': t(
    'Lying flat on your back is left out from 16 weeks of pregnancy: the weight of the womb can press on large blood vessels and make you feel faint.',
    'A partir de la semana 16 de embarazo se evita tumbarse boca arriba: el peso del útero puede comprimir grandes vasos sanguíneos y provocar mareo.',
  ),
  'prone-from-12-weeks': t(
    'Lying face down is left out from 12 weeks of pregnancy, as the bump grows. There is no firm rule; we choose the careful option.',
    'A partir de la semana 12 de embarazo se evita tumbarse boca abajo, a medida que crece la barriga. No hay una norma fija; elegimos la opción prudente.',
  ),
  'high-impact': t(
    'High-impact exercise is left out during pregnancy: joints are looser and the pelvic floor carries more load.',
    'Durante el embarazo se evita el ejercicio de alto impacto: las articulaciones están más laxas y el suelo pélvico soporta más carga.',
  ),
  'high-fall-risk': t(
    'Exercises with a high risk of falling are left out during pregnancy: balance changes as the bump grows.',
    'Durante el embarazo se evitan los ejercicios con alto riesgo de caída: el equilibrio cambia a medida que crece la barriga.',
  ),
};

/** Which pregnancy rule (if any) leaves this exercise out at this week. */
export function pregnancyExclusionRule(exercise: Exercise, weeks: number): ExclusionRule | null {
  if (exercise.impact === 'high') return 'high-impact';
  if (exercise.balance === 'high') return 'high-fall-risk';
  if (weeks >= SUPINE_FROM_WEEK && exercise.positions.includes('supine')) return 'supine-from-16-weeks';
  if (weeks >= PRONE_FROM_WEEK && exercise.positions.includes('prone')) return 'prone-from-12-weeks';
  return null;
}

function exerciseOf(library: ExerciseLibrary, id: string): Exercise {
  const e = library.byId.get(id);
  if (!e) throw new Error(`Unknown exercise id "${id}"`);
  return e;
}

function checkWeeks(weeks: number): void {
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 42) throw new Error(`pregnancyWeeks must be a whole number from 1 to 42 (got ${weeks})`);
}

const CHILDS_POSE_NOTE = t('Knees wide to make room for your bump.', 'Rodillas separadas para dejar sitio a la barriga.');

/**
 * Removes what is unsafe at this week of pregnancy (keeping any exclusion the clinician overrode), puts a suitable
 * alternative in its place, adds the pregnancy stretches, advice and the warning signs. Returns a new plan.
 */
export function applyPregnancyRules(plan: Plan, weeks: number, library: ExerciseLibrary): Plan {
  checkWeeks(weeks);
  const overridden = new Map(plan.exclusions.filter((x) => x.override).map((x) => [x.exerciseId, x]));
  const exclusions: Exclusion[] = [...overridden.values()];
  const kept: PlanExercise[] = [];
  const inPlan = (id: string) => kept.some((p) => p.exerciseId === id) || plan.exercises.some((p) => p.exerciseId === id);

  for (const item of plan.exercises) {
    const ex = exerciseOf(library, item.exerciseId);
    const rule = overridden.has(ex.id) ? null : pregnancyExclusionRule(ex, weeks);
    if (!rule) {
      kept.push(item);
      continue;
    }
    const alt = ex.pregnancyAlternatives
      .map((id) => exerciseOf(library, id))
      .find((a) => !pregnancyExclusionRule(a, weeks) && !inPlan(a.id));
    exclusions.push({ exerciseId: ex.id, rule, reason: REASONS[rule], ...(alt ? { alternativeId: alt.id } : {}) });
    if (alt) kept.push({ exerciseId: alt.id, dosage: alt.dosage, origin: 'pregnancy-alternative', replaces: ex.id });
  }
  for (const id of PREGNANCY_STRETCH_IDS) {
    const ex = library.byId.get(id);
    if (!ex || kept.some((p) => p.exerciseId === id) || pregnancyExclusionRule(ex, weeks)) continue;
    kept.push({ exerciseId: id, dosage: ex.dosage, origin: 'pregnancy-stretch', ...(id === 'childs-pose' ? { note: CHILDS_POSE_NOTE } : {}) });
  }
  const childs = kept.find((p) => p.exerciseId === 'childs-pose');
  if (childs && !childs.note) childs.note = CHILDS_POSE_NOTE;

  const adv = library.advice;
  const advice = [
    // Pregnancy posture advice replaces the general posture advice rather than repeating it.
    ...plan.advice.filter((a) => a.source !== 'pregnancy' && !(a.source === 'condition' && a.topic === 'posture')),
    ...adv.pregnancyAdvice.map((a): PlanAdvice => ({ id: a.id, topic: a.topic, text: a.text, source: 'pregnancy' })),
  ];
  const warningSigns = dedupeById([...adv.pregnancyWarningSigns, ...plan.warningSigns]);
  return { ...plan, pregnancyWeeks: weeks, exercises: kept, exclusions, advice, warningSigns };
}

function dedupeById<T extends { id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
}

// ---------- suggestion ----------

export interface SuggestPlanInput {
  library: ExerciseLibrary;
  /** Most likely condition first: it weighs more when choosing exercises. */
  conditionIds: readonly ConditionId[];
  pregnancyWeeks?: number | null;
  locale: Locale;
  /** How many condition exercises to pick (fewer exercises are done more faithfully). Default 6. */
  maxExercises?: number;
}

const CATEGORY_ORDER = ['warm-up', 'stretch', 'mobility', 'strength', 'aerobic'] as const;

export function suggestPlan(input: SuggestPlanInput): Plan {
  const { library, locale } = input;
  const conditionIds = [...new Set(input.conditionIds.map((c) => ConditionIdSchema.parse(c)))];
  const max = input.maxExercises ?? 6;
  if (!Number.isInteger(max) || max < 1 || max > 12) throw new Error('maxExercises must be from 1 to 12');

  // Score: matches of the first (main) condition count most; never anything to avoid for any chosen condition.
  const weight = (c: ConditionId) => conditionIds.length - conditionIds.indexOf(c);
  const candidates = library.exercises
    .filter((e) => e.conditions.some((c) => conditionIds.includes(c)))
    .filter((e) => !e.avoidFor.some((c) => conditionIds.includes(c)))
    .map((e) => ({ e, score: e.conditions.filter((c) => conditionIds.includes(c)).reduce((s, c) => s + weight(c), 0) }))
    .sort((a, b) => b.score - a.score || a.e.id.localeCompare(b.e.id));

  const picked: Exercise[] = [];
  for (const { e } of candidates) {
    if (picked.length >= max) break;
    const sameCategory = picked.filter((p) => p.category === e.category).length;
    if (e.category === 'aerobic' ? sameCategory >= 1 : sameCategory >= Math.ceil(max / 2)) continue;
    picked.push(e);
  }
  // Print in a sensible session order: warm-up, stretches, strength, then aerobic.
  picked.sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category));

  const advice: PlanAdvice[] = library.advice.advice
    .filter((a) => (a.conditions === '*' || a.conditions.some((c) => conditionIds.includes(c))))
    .filter((a) => !a.exceptConditions?.some((c) => conditionIds.includes(c)))
    .filter((a) => a.conditions !== '*' || conditionIds.length > 0)
    .sort((a, b) => Number(a.conditions === '*') - Number(b.conditions === '*'))
    .map((a) => ({ id: a.id, topic: a.topic, text: a.text, source: 'condition' }));

  let plan: Plan = {
    locale,
    conditionIds,
    pregnancyWeeks: null,
    exercises: picked.map((e) => ({ exerciseId: e.id, dosage: e.dosage, origin: 'condition' })),
    advice,
    warningSigns: [...library.advice.generalWarningSigns],
    exclusions: [],
    libraryHash: library.contentHash,
  };
  if (input.pregnancyWeeks != null) plan = applyPregnancyRules(plan, input.pregnancyWeeks, library);
  return plan;
}

// ---------- clinician edits (each returns a new plan) ----------

/** Adds an exercise; in pregnancy an unsafe one is recorded as excluded instead (override it with a reason). */
export function addExercise(plan: Plan, library: ExerciseLibrary, exerciseId: string, dosage?: Dosage): Plan {
  const ex = exerciseOf(library, exerciseId);
  if (plan.exercises.some((p) => p.exerciseId === exerciseId)) return plan;
  const rule = plan.pregnancyWeeks != null ? pregnancyExclusionRule(ex, plan.pregnancyWeeks) : null;
  if (rule && !plan.exclusions.some((x) => x.exerciseId === exerciseId && x.override)) {
    const others = plan.exclusions.filter((x) => x.exerciseId !== exerciseId);
    return { ...plan, exclusions: [...others, { exerciseId, rule, reason: REASONS[rule] }] };
  }
  const d = DosageSchema.parse(dosage ?? ex.dosage);
  return { ...plan, exercises: [...plan.exercises, { exerciseId, dosage: d, origin: 'clinician' }] };
}

export function removeExercise(plan: Plan, exerciseId: string): Plan {
  return { ...plan, exercises: plan.exercises.filter((p) => p.exerciseId !== exerciseId) };
}

/** Moves an exercise to a new index (clamped). */
export function moveExercise(plan: Plan, exerciseId: string, toIndex: number): Plan {
  const from = plan.exercises.findIndex((p) => p.exerciseId === exerciseId);
  if (from < 0) return plan;
  const list = [...plan.exercises];
  const [item] = list.splice(from, 1);
  list.splice(Math.max(0, Math.min(list.length, toIndex)), 0, item!);
  return { ...plan, exercises: list };
}

/** Sets dosage; throws a ZodError naming the field when a value is out of range (e.g. sets 1-10). */
export function setDosage(plan: Plan, exerciseId: string, dosage: Dosage): Plan {
  const d = DosageSchema.parse(dosage);
  return { ...plan, exercises: plan.exercises.map((p) => (p.exerciseId === exerciseId ? { ...p, dosage: d } : p)) };
}

/**
 * The clinician keeps an excluded exercise anyway. The reason is required by the type (NonEmptyString, made with
 * nonEmptyReason) and checked again here; it stays on the exclusion so the handout record shows who decided and why.
 */
export function overrideExclusion(
  plan: Plan,
  library: ExerciseLibrary,
  exerciseId: string,
  override: { reason: NonEmptyString; by: string; at?: string },
): Plan {
  const reason = nonEmptyReason(override.reason);
  if (!override.by.trim()) throw new Error('An override must name the clinician who made it.');
  const exclusion = plan.exclusions.find((x) => x.exerciseId === exerciseId);
  if (!exclusion) throw new Error(`"${exerciseId}" is not excluded from this plan`);
  const ex = exerciseOf(library, exerciseId);
  const recorded: Exclusion = { ...exclusion, override: { reason, by: override.by.trim(), at: override.at ?? new Date().toISOString() } };
  const exercises = plan.exercises.some((p) => p.exerciseId === exerciseId)
    ? plan.exercises
    : [...plan.exercises, { exerciseId, dosage: ex.dosage, origin: 'override' as const }];
  return { ...plan, exercises, exclusions: plan.exclusions.map((x) => (x.exerciseId === exerciseId ? recorded : x)) };
}

/** Adds or replaces a free-text advice item written by the clinician. */
export function setClinicianAdvice(plan: Plan, id: string, text: I18nText): Plan {
  const parsed = I18nTextSchema.parse(text) as I18nText;
  const others = plan.advice.filter((a) => a.id !== id);
  return { ...plan, advice: [...others, { id, topic: 'clinician', text: parsed, source: 'clinician' }] };
}

export function removeAdvice(plan: Plan, id: string): Plan {
  return { ...plan, advice: plan.advice.filter((a) => a.id !== id) };
}

/** Clinician-only notes (e.g. medication) for the conditions: shown on screen, never printed unless added. */
export function clinicianNotes(library: ExerciseLibrary, conditionIds: readonly ConditionId[]): PlanAdvice[] {
  return library.advice.clinicianOnly
    .filter((a) => a.conditions === '*' || a.conditions.some((c) => conditionIds.includes(c)))
    .map((a) => ({ id: a.id, topic: a.topic, text: a.text, source: 'clinician' }));
}
