// Pure plan builder: suggests a home-exercise plan from conditions, applies pregnancy safety rules, and lets the
// clinician edit it. Every text is kept in every language so the handout can be printed in the patient's language.
import { z } from 'zod';
import { I18nTextSchema, localeCodeSchema } from '../content/schema';
import { PREGNANCY_WEEKS, PRONE_FROM_WEEK, SUPINE_FROM_WEEK } from '../vocabulary';
import { EXCLUSION_RULES, type ExclusionRule } from './exclusion-rules';
import { CAUTIOUS_WEEK, type PlanPatient, type PregnancyStatus } from './patient';
import { DosageSchema } from './schema';
import type { AdviceItem, ConditionId, Contraindication, Dosage, Exercise, ExerciseLibrary, I18nText } from './schema';

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

export const SIDES = ['left', 'right', 'both'] as const;
export const SideSchema = z.enum(SIDES);
export type Side = z.infer<typeof SideSchema>;
export const STAGES = ['easier', 'prescribed', 'harder'] as const;
export const StageSchema = z.enum(STAGES);
export type Stage = z.infer<typeof StageSchema>;

export const PlanExerciseSchema = z.object({
  exerciseId: z.string().min(1),
  dosage: DosageSchema,
  /** For an exercise done one side at a time: which side (both means each side in turn). */
  side: SideSchema.optional(),
  /** The progression stage the clinician picked; absent means the prescribed exercise. */
  stage: StageSchema.optional(),
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
  source: z.enum(['condition', 'pregnancy', 'postpartum', 'clinician']),
});
export type PlanAdvice = z.infer<typeof PlanAdviceSchema>;

/**
 * Pregnancy as the plan knows it. `screen` is the clinician's answer to the pregnancy exercise screen (ACOG 804
 * absolute contraindications): only a clear screen lets the handout say "adapted for pregnancy".
 */
export const PlanPregnancySchema = z.object({
  status: z.enum(['pregnant', 'uncertain', 'postpartum']),
  uncertain: z.enum(['not-sure', 'no-weeks']).optional(),
  screen: z.enum(['unconfirmed', 'clear', 'contraindicated']),
  screenedBy: z.string().trim().min(1).optional(),
  screenedAt: z.string().datetime().optional(),
});
export type PlanPregnancy = z.infer<typeof PlanPregnancySchema>;

export const PlanSchema = z.object({
  locale: localeCodeSchema,
  conditionIds: z.array(z.string().min(1)),
  pregnancyWeeks: z.number().int().min(PREGNANCY_WEEKS.min).max(PREGNANCY_WEEKS.max).nullable(),
  /** Absent in plans made before the pregnancy screen existed, and for patients who are not pregnant. */
  pregnancy: PlanPregnancySchema.optional(),
  exercises: z.array(PlanExerciseSchema).max(20),
  advice: z.array(PlanAdviceSchema),
  warningSigns: z.array(
    z.object({
      id: z.string().min(1),
      /** Older plans have none: the check puts the library's route back. */
      route: z.enum(['maternity', 'emergency', 'clinic']).optional(),
      text: I18nTextSchema,
    }),
  ),
  exclusions: z.array(ExclusionSchema),
  libraryHash: z.string().min(1),
});
export type Plan = Omit<z.infer<typeof PlanSchema>, 'exclusions'> & { exclusions: Exclusion[] };

/** Validates a plan (e.g. one read back from the database). Throws a ZodError naming the offending path. */
export function parsePlan(value: unknown): Plan {
  return PlanSchema.parse(value) as Plan;
}

// ---------- safety rules ----------

/** Fewer exercises are done more faithfully: suggestions stop here; only the clinician adds more. */
export const MAX_SUGGESTED_EXERCISES = 6;
/** At most this many pregnancy stretches join a plan, and only while it has room. */
export const MAX_PREGNANCY_STRETCHES = 2;

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

/** What the rules look at in a plan: its conditions and the pregnancy week its rules apply at. */
export interface RuleContext {
  conditionIds: readonly ConditionId[];
  /** The week the pregnancy rules apply at (the cautious week when pregnancy is uncertain), else null. */
  week: number | null;
}

export function ruleContextOf(plan: Pick<Plan, 'conditionIds' | 'pregnancyWeeks' | 'pregnancy'>): RuleContext {
  const week = plan.pregnancyWeeks ?? (plan.pregnancy?.status === 'uncertain' ? CAUTIOUS_WEEK : null);
  return { conditionIds: plan.conditionIds, week };
}

/** An exercise's contraindications that concern this plan: those for its conditions, and the general ones. */
export function contraindicationsFor(exercise: Exercise, conditionIds: readonly ConditionId[]): Contraindication[] {
  return exercise.contraindications.filter(
    (c) => c.conditions.length === 0 || c.conditions.some((id) => conditionIds.includes(id)),
  );
}

/** The contraindications the handout prints under the exercise for the patient. */
export function printedContraindications(exercise: Exercise, conditionIds: readonly ConditionId[]): Contraindication[] {
  return contraindicationsFor(exercise, conditionIds).filter((c) => c.printed && c.level === 'warn');
}

/** Whether a condition of the plan needs a doctor's assessment before any exercise: then the plan holds none. */
export function needsReviewBeforeExercise(library: ExerciseLibrary, conditionIds: readonly ConditionId[]): boolean {
  return library.advice.reviewBeforeExerciseFor.some((id) => conditionIds.includes(id));
}

/** The first rule that leaves this exercise out of this plan, with the reason the patient reads, or null. */
export function exclusionFor(
  exercise: Exercise,
  ctx: RuleContext,
  library: ExerciseLibrary,
): { rule: ExclusionRule; reason: I18nText } | null {
  if (needsReviewBeforeExercise(library, ctx.conditionIds))
    return { rule: 'medical-review-first', reason: library.planTexts.exclusionReasons['medical-review-first'] };
  const block = contraindicationsFor(exercise, ctx.conditionIds).find((c) => c.level === 'block');
  if (block) return { rule: 'contraindicated', reason: block.text };
  const symmetric = library.advice.symmetricPositionsFor.some((id) => ctx.conditionIds.includes(id));
  if (symmetric && exercise.stance?.length)
    return { rule: 'symmetric-positions', reason: library.planTexts.exclusionReasons['symmetric-positions'] };
  const rule = ctx.week !== null ? pregnancyExclusionRule(exercise, ctx.week) : null;
  return rule ? { rule, reason: library.planTexts.exclusionReasons[rule] } : null;
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

/** A new plan exercise at the library's dosage; one-sided exercises start as "each side". */
function planExercise(ex: Exercise, origin: PlanExercise['origin'], extra: Partial<PlanExercise> = {}): PlanExercise {
  return { exerciseId: ex.id, dosage: ex.dosage, origin, ...(ex.oneSided ? { side: 'both' as const } : {}), ...extra };
}

/**
 * Takes out what the plan's rules leave out (keeping any exclusion the clinician overrode) and puts a safe alternative
 * in its place. Returns a new plan.
 */
export function applySafetyRules(plan: Plan, library: ExerciseLibrary): Plan {
  const ctx = ruleContextOf(plan);
  const overridden = new Map(plan.exclusions.filter((x) => x.override).map((x) => [x.exerciseId, x]));
  const exclusions: Exclusion[] = [...overridden.values()];
  const kept: PlanExercise[] = [];
  const inPlan = (id: string) =>
    kept.some((p) => p.exerciseId === id) || plan.exercises.some((p) => p.exerciseId === id);
  for (const item of plan.exercises) {
    const ex = exerciseOf(library, item.exerciseId);
    const out = overridden.has(ex.id) ? null : exclusionFor(ex, ctx, library);
    if (!out) {
      kept.push(item);
      continue;
    }
    const alt = ex.pregnancyAlternatives
      .map((id) => exerciseOf(library, id))
      .find(
        (a) => !exclusionFor(a, ctx, library) && !a.avoidFor.some((c) => ctx.conditionIds.includes(c)) && !inPlan(a.id),
      );
    exclusions.push({ exerciseId: ex.id, ...out, ...(alt ? { alternativeId: alt.id } : {}) });
    if (alt) kept.push(planExercise(alt, 'pregnancy-alternative', { replaces: ex.id }));
  }
  return { ...plan, exercises: kept, exclusions };
}

/**
 * The pregnancy stretches that suit this plan, best first: none to avoid for its conditions or left out by its
 * rules, those that help its conditions first, and only as many as leave the plan within the suggested size.
 */
function pregnancyStretches(plan: Plan, library: ExerciseLibrary): Exercise[] {
  const ctx = ruleContextOf(plan);
  const room = Math.min(MAX_PREGNANCY_STRETCHES, MAX_SUGGESTED_EXERCISES - plan.exercises.length);
  if (room <= 0) return [];
  const helps = (e: Exercise) => e.conditions.filter((c) => ctx.conditionIds.includes(c)).length;
  return PREGNANCY_STRETCH_IDS.map((id) => library.byId.get(id))
    .filter((e): e is Exercise => !!e)
    .filter((e) => !plan.exercises.some((p) => p.exerciseId === e.id))
    .filter((e) => !e.avoidFor.some((c) => ctx.conditionIds.includes(c)) && !exclusionFor(e, ctx, library))
    .map((e, order) => ({ e, order }))
    .sort((a, b) => helps(b.e) - helps(a.e) || a.order - b.order)
    .slice(0, room)
    .map(({ e }) => e);
}

/**
 * Removes what is unsafe at this week of pregnancy (keeping any exclusion the clinician overrode), puts a suitable
 * alternative in its place, adds up to two suitable pregnancy stretches, the advice and the warning signs. The
 * pregnancy screen starts unconfirmed unless the plan already carries one. Returns a new plan.
 */
export function applyPregnancyRules(plan: Plan, weeks: number, library: ExerciseLibrary): Plan {
  checkWeeks(weeks);
  // A screen the clinician already answered for this pregnancy stays; anything else starts unconfirmed.
  const pregnancy: PlanPregnancy =
    plan.pregnancy?.status === 'pregnant' ? plan.pregnancy : { status: 'pregnant', screen: 'unconfirmed' };
  const safe = applySafetyRules({ ...plan, pregnancyWeeks: weeks, pregnancy }, library);
  const kept = [...safe.exercises];
  for (const ex of pregnancyStretches(safe, library)) kept.push(planExercise(ex, 'pregnancy-stretch'));
  const childs = kept.find((p) => p.exerciseId === 'childs-pose');
  if (childs && !childs.note) childs.note = library.planTexts.childsPoseNote;

  const adv = library.advice;
  const advice = [
    // Pregnancy posture advice replaces the general posture advice rather than repeating it.
    ...plan.advice.filter((a) => a.source !== 'pregnancy' && !(a.source === 'condition' && a.topic === 'posture')),
    ...adv.pregnancyAdvice.map((a): PlanAdvice => ({ id: a.id, topic: a.topic, text: a.text, source: 'pregnancy' })),
  ];
  const warningSigns = dedupeById([...adv.pregnancyWarningSigns, ...plan.warningSigns]);
  return { ...safe, exercises: kept, advice, warningSigns };
}

/**
 * The clinician's answer to the pregnancy exercise screen (ACOG 804). Clear: the plan may be badged "adapted for
 * pregnancy". Any absolute contraindication: no exercise at all, and the advice to ask the maternity team.
 */
export function recordPregnancyScreen(
  plan: Plan,
  library: ExerciseLibrary,
  answer: { contraindicated: boolean; by: string; at?: string },
): Plan {
  if (plan.pregnancy?.status !== 'pregnant') throw new Error('The pregnancy screen is for a pregnant patient’s plan.');
  if (!answer.by.trim()) throw new Error('The pregnancy screen must name the clinician who confirmed it.');
  const pregnancy: PlanPregnancy = {
    ...plan.pregnancy,
    screen: answer.contraindicated ? 'contraindicated' : 'clear',
    screenedBy: answer.by.trim(),
    screenedAt: answer.at ?? new Date().toISOString(),
  };
  if (!answer.contraindicated) return { ...plan, pregnancy };
  const ask = library.advice.pregnancyScreenAdvice;
  const advice: PlanAdvice[] = [
    { id: ask.id, topic: ask.topic, text: ask.text, source: 'pregnancy' },
    // Advice about doing exercise has no place in a plan without exercise.
    ...plan.advice.filter((a) => a.id !== ask.id && !EXERCISE_TOPICS.includes(a.topic)),
  ];
  return { ...plan, pregnancy, exercises: [], exclusions: [], advice };
}

/** Advice topics about doing exercise, left out when the pregnancy screen rules exercise out. */
const EXERCISE_TOPICS: readonly string[] = ['exercise-guide', 'water-exercise', 'return-to-activity', 'training-load'];

function dedupeById<T extends { id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
}

// ---------- suggestion ----------

export interface SuggestPlanInput {
  library: ExerciseLibrary;
  /** Most likely condition first: it weighs more when choosing exercises. */
  conditionIds: readonly ConditionId[];
  /** Kept for callers that know only the week; `patient` says more (uncertain pregnancy, after a birth, running). */
  pregnancyWeeks?: number | null;
  patient?: PlanPatient;
  locale: string;
  /** How many condition exercises to pick (fewer exercises are done more faithfully). Default 6. */
  maxExercises?: number;
}

const CATEGORY_ORDER = ['warm-up', 'stretch', 'mobility', 'strength', 'aerobic'] as const;

/** The advice items for these conditions and this patient: running advice only for runners. */
export function adviceFor(
  items: readonly AdviceItem[],
  conditionIds: readonly ConditionId[],
  patient: { runs: boolean },
): PlanAdvice[] {
  return items
    .filter((a) => a.conditions === '*' || a.conditions.some((c) => conditionIds.includes(c)))
    .filter((a) => !a.exceptConditions?.some((c) => conditionIds.includes(c)))
    .filter((a) => a.conditions !== '*' || conditionIds.length > 0)
    .filter((a) => a.audience !== 'runners' || patient.runs)
    .sort((a, b) => Number(a.conditions === '*') - Number(b.conditions === '*'))
    .map((a) => ({ id: a.id, topic: a.topic, text: a.text, source: 'condition' }));
}

function statusOf(input: SuggestPlanInput): PregnancyStatus {
  if (input.patient) return input.patient.pregnancy;
  return input.pregnancyWeeks != null ? { kind: 'pregnant', weeks: input.pregnancyWeeks } : { kind: 'none' };
}

export function suggestPlan(input: SuggestPlanInput): Plan {
  const { library, locale } = input;
  const conditionIds = [...new Set(input.conditionIds)];
  for (const id of conditionIds) if (!library.conditionIds.has(id)) throw new Error(`Unknown condition id "${id}"`);
  const max = input.maxExercises ?? MAX_SUGGESTED_EXERCISES;
  if (!Number.isInteger(max) || max < 1 || max > 12) throw new Error('maxExercises must be from 1 to 12');
  const status = statusOf(input);
  const runs = input.patient?.runs ?? true;
  const ctx: RuleContext = {
    conditionIds,
    week: status.kind === 'uncertain' ? CAUTIOUS_WEEK : null, // a known week's rules run below, with alternatives
  };

  // Score: matches of the first (main) condition count most; never anything to avoid or contraindicated.
  const weight = (c: ConditionId) => conditionIds.length - conditionIds.indexOf(c);
  const candidates = library.exercises
    .filter((e) => e.conditions.some((c) => conditionIds.includes(c)))
    .filter((e) => !e.avoidFor.some((c) => conditionIds.includes(c)))
    .filter((e) => !exclusionFor(e, { ...ctx, week: null }, library))
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

  // No exercise before a medical review (the candidates above are all left out by that rule): the plan says so first,
  // and keeps only the advice for the conditions under review, not the activity advice of the others.
  const reviewFirst = library.advice.reviewBeforeExerciseFor.filter((id) => conditionIds.includes(id));
  const advice = adviceFor(library.advice.advice, reviewFirst.length ? reviewFirst : conditionIds, { runs });
  if (reviewFirst.length) {
    const review = library.advice.reviewBeforeExerciseAdvice;
    advice.unshift({ id: review.id, topic: review.topic, text: review.text, source: 'condition' });
  }
  if (status.kind === 'postpartum')
    advice.push(
      ...library.advice.postpartumAdvice
        .filter((a) => a.audience !== 'runners' || runs)
        .map((a): PlanAdvice => ({ id: a.id, topic: a.topic, text: a.text, source: 'postpartum' })),
    );

  let plan: Plan = {
    locale,
    conditionIds,
    pregnancyWeeks: null,
    exercises: picked.map((e) => planExercise(e, 'condition')),
    advice: dedupeById(advice),
    warningSigns: [...library.advice.generalWarningSigns],
    exclusions: [],
    libraryHash: library.contentHash,
  };
  if (status.kind === 'pregnant') plan = applyPregnancyRules(plan, status.weeks, library);
  else if (status.kind === 'uncertain') {
    plan = applySafetyRules(
      { ...plan, pregnancy: { status: 'uncertain', uncertain: status.why, screen: 'unconfirmed' } },
      library,
    );
    plan = { ...plan, warningSigns: dedupeById([...library.advice.pregnancyWarningSigns, ...plan.warningSigns]) };
  } else if (status.kind === 'postpartum')
    plan = { ...plan, pregnancy: { status: 'postpartum', screen: 'unconfirmed' } };
  return plan;
}

// ---------- clinician edits (each returns a new plan) ----------

/** Adds an exercise; in pregnancy an unsafe one is recorded as excluded instead (override it with a reason). */
export function addExercise(plan: Plan, library: ExerciseLibrary, exerciseId: string, dosage?: Dosage): Plan {
  const ex = exerciseOf(library, exerciseId);
  if (plan.exercises.some((p) => p.exerciseId === exerciseId)) return plan;
  const out = exclusionFor(ex, ruleContextOf(plan), library);
  if (out && !plan.exclusions.some((x) => x.exerciseId === exerciseId && x.override)) {
    const others = plan.exclusions.filter((x) => x.exerciseId !== exerciseId);
    return { ...plan, exclusions: [...others, { exerciseId, ...out }] };
  }
  const d = DosageSchema.parse(dosage ?? ex.dosage);
  return { ...plan, exercises: [...plan.exercises, planExercise(ex, 'clinician', { dosage: d })] };
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
    : [...plan.exercises, planExercise(ex, 'override')];
  return { ...plan, exercises, exclusions: plan.exclusions.map((x) => (x.exerciseId === exerciseId ? recorded : x)) };
}

/** Sets the side of a one-sided exercise; refused for an exercise done with both legs together. */
export function setSide(plan: Plan, library: ExerciseLibrary, exerciseId: string, side: Side): Plan {
  if (!exerciseOf(library, exerciseId).oneSided) throw new Error(`"${exerciseId}" is not done one side at a time`);
  const s = SideSchema.parse(side);
  return { ...plan, exercises: plan.exercises.map((p) => (p.exerciseId === exerciseId ? { ...p, side: s } : p)) };
}

/** The stages the clinician can pick for an exercise: the prescribed one, and those its progression has. */
export function stagesOf(exercise: Exercise): Stage[] {
  const p = exercise.progression;
  return STAGES.filter((s) => s === 'prescribed' || (s === 'easier' ? !!p?.easier : !!p?.harder));
}

/** Picks the progression stage; refused for a stage the exercise does not have. */
export function setStage(plan: Plan, library: ExerciseLibrary, exerciseId: string, stage: Stage): Plan {
  if (!stagesOf(exerciseOf(library, exerciseId)).includes(stage))
    throw new Error(`"${exerciseId}" has no ${stage} stage`);
  return {
    ...plan,
    exercises: plan.exercises.map((p) => {
      if (p.exerciseId !== exerciseId) return p;
      const { stage: _old, ...rest } = p;
      return stage === 'prescribed' ? rest : { ...rest, stage };
    }),
  };
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
