// Pure plan builder: suggests a home-exercise plan from conditions, applies pregnancy safety rules, and lets the
// clinician edit it. Every text is kept in every language so the handout can be printed in the patient's language.
import { z } from 'zod';
import { I18nTextSchema, localeCodeSchema } from '../content/schema';
import { PREGNANCY_WEEKS, PRONE_FROM_WEEK, SUPINE_FROM_WEEK } from '../vocabulary';
import { EXCLUSION_RULES, type ExclusionRule } from './exclusion-rules';
import { DosageSchema } from './schema';
import type { ConditionId, Dosage, Exercise, ExerciseLibrary, I18nText } from './schema';

// ---------- schema ----------

/** A reason the clinician typed; blank or whitespace-only reasons are refused. */
export type NonEmptyString = string & { readonly __nonEmpty: true };
export function nonEmptyReason(text: string): NonEmptyString {
  const t = text.trim();
  if (!t) throw new Error('An override needs a recorded reason (it was empty).');
  return t as NonEmptyString;
}

export const ExclusionRuleSchema = z.enum(EXCLUSION_RULES);
export type { ExclusionRule } from './exclusion-rules';

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
  locale: localeCodeSchema,
  conditionIds: z.array(z.string().min(1)),
  pregnancyWeeks: z.number().int().min(PREGNANCY_WEEKS.min).max(PREGNANCY_WEEKS.max).nullable(),
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

export const PREGNANCY_STRETCH_IDS = [
  'hamstring-stretch',
  'hip-flexor-stretch',
  'seated-piriformis-stretch',
  'childs-pose',
] as const;

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
  const { min, max } = PREGNANCY_WEEKS;
  if (!Number.isInteger(weeks) || weeks < min || weeks > max)
    throw new Error(`pregnancyWeeks must be a whole number from ${min} to ${max} (got ${weeks})`);
}

/**
 * Removes what is unsafe at this week of pregnancy (keeping any exclusion the clinician overrode), puts a suitable
 * alternative in its place, adds the pregnancy stretches, advice and the warning signs. Returns a new plan.
 */
export function applyPregnancyRules(plan: Plan, weeks: number, library: ExerciseLibrary): Plan {
  checkWeeks(weeks);
  const overridden = new Map(plan.exclusions.filter((x) => x.override).map((x) => [x.exerciseId, x]));
  const exclusions: Exclusion[] = [...overridden.values()];
  const kept: PlanExercise[] = [];
  const inPlan = (id: string) =>
    kept.some((p) => p.exerciseId === id) || plan.exercises.some((p) => p.exerciseId === id);

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
    exclusions.push({
      exerciseId: ex.id,
      rule,
      reason: library.planTexts.exclusionReasons[rule],
      ...(alt ? { alternativeId: alt.id } : {}),
    });
    if (alt) kept.push({ exerciseId: alt.id, dosage: alt.dosage, origin: 'pregnancy-alternative', replaces: ex.id });
  }
  for (const id of PREGNANCY_STRETCH_IDS) {
    const ex = library.byId.get(id);
    if (!ex || kept.some((p) => p.exerciseId === id) || pregnancyExclusionRule(ex, weeks)) continue;
    kept.push({
      exerciseId: id,
      dosage: ex.dosage,
      origin: 'pregnancy-stretch',
      ...(id === 'childs-pose' ? { note: library.planTexts.childsPoseNote } : {}),
    });
  }
  const childs = kept.find((p) => p.exerciseId === 'childs-pose');
  if (childs && !childs.note) childs.note = library.planTexts.childsPoseNote;

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
  locale: string;
  /** How many condition exercises to pick (fewer exercises are done more faithfully). Default 6. */
  maxExercises?: number;
}

const CATEGORY_ORDER = ['warm-up', 'stretch', 'mobility', 'strength', 'aerobic'] as const;

export function suggestPlan(input: SuggestPlanInput): Plan {
  const { library, locale } = input;
  const conditionIds = [...new Set(input.conditionIds)];
  for (const id of conditionIds) if (!library.conditionIds.has(id)) throw new Error(`Unknown condition id "${id}"`);
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
    .filter((a) => a.conditions === '*' || a.conditions.some((c) => conditionIds.includes(c)))
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
    return { ...plan, exclusions: [...others, { exerciseId, rule, reason: library.planTexts.exclusionReasons[rule] }] };
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
  const recorded: Exclusion = {
    ...exclusion,
    override: { reason, by: override.by.trim(), at: override.at ?? new Date().toISOString() },
  };
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
