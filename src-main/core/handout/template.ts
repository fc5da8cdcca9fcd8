/**
 * Clinic templates: what a template keeps of a plan (exercises, dosage, non-pregnancy advice; nothing about the
 * patient), and the plan a template gives the next patient, with the pregnancy rules applied afresh.
 */
import type { PlanProblem } from './check';
import type { ExerciseLibrary } from './library';
import type { PregnancyStatus } from './patient';
import { applyPregnancyRules, applySafetyRules } from './plan';
import type { Plan, PlanAdvice, PlanExercise } from './plan';
import type { ConditionId } from './schema';

export interface TemplatePlan {
  conditionIds: ConditionId[];
  exercises: PlanExercise[];
  advice: PlanAdvice[];
}

/** The template of a plan, or what stops the plan from being one. */
export function templateOf(
  plan: Plan,
  library: ExerciseLibrary,
): { ok: true; template: TemplatePlan } | { ok: false; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  plan.exercises.forEach((p, i) => {
    if (!library.byId.has(p.exerciseId))
      problems.push({ path: `plan.exercises.${i}.exerciseId`, message: `unknown exercise "${p.exerciseId}"` });
  });
  if (plan.exercises.length === 0)
    problems.push({ path: 'plan.exercises', message: 'a template needs at least one exercise' });
  if (problems.length) return { ok: false, problems };
  // Overrides and pregnancy advice belong to one patient; a template applies the rules afresh to the next.
  return {
    ok: true,
    template: {
      conditionIds: plan.conditionIds,
      exercises: plan.exercises.filter((p) => p.origin !== 'override'),
      // Pregnancy and postpartum advice belong to this patient; the next one gets her own from the rules.
      advice: plan.advice.filter((a) => a.source !== 'pregnancy' && a.source !== 'postpartum'),
    },
  };
}

/**
 * A template applied to a session; exercises no longer in the library are dropped and named. `kept` carries what an
 * earlier handout of the same session decided (overrides, the pregnancy screen) when it is reopened.
 */
export function planFromTemplate(
  template: TemplatePlan,
  library: ExerciseLibrary,
  session: { locale: string; weeks: number | null; pregnancy?: PregnancyStatus; conditionIds?: readonly string[] },
  kept: { exclusions?: Plan['exclusions']; pregnancy?: Plan['pregnancy'] } = {},
): { plan: Plan; dropped: string[] } {
  const dropped = template.exercises.filter((e) => !library.byId.has(e.exerciseId)).map((e) => e.exerciseId);
  const plan: Plan = {
    locale: session.locale,
    // The patient's own conditions join the template's, so their rules (contraindications, positions) apply too.
    conditionIds: [...new Set([...template.conditionIds, ...(session.conditionIds ?? [])])],
    pregnancyWeeks: null,
    exercises: template.exercises.filter((e) => library.byId.has(e.exerciseId)),
    advice: template.advice,
    warningSigns: [...library.advice.generalWarningSigns],
    exclusions: (kept.exclusions ?? []).filter((x) => library.byId.has(x.exerciseId)),
    libraryHash: library.contentHash,
    ...(kept.pregnancy ? { pregnancy: kept.pregnancy } : {}),
  };
  if (session.weeks !== null) return { plan: applyPregnancyRules(plan, session.weeks, library), dropped };
  const status = session.pregnancy;
  if (status?.kind === 'uncertain') {
    const cautious = applySafetyRules(
      { ...plan, pregnancy: { status: 'uncertain', uncertain: status.why, screen: 'unconfirmed' } },
      library,
    );
    const signs = [...library.advice.pregnancyWarningSigns, ...cautious.warningSigns];
    return {
      plan: { ...cautious, warningSigns: signs.filter((w, i) => signs.findIndex((o) => o.id === w.id) === i) },
      dropped,
    };
  }
  const safe = applySafetyRules(plan, library);
  return {
    plan:
      status?.kind === 'postpartum' ? { ...safe, pregnancy: { status: 'postpartum', screen: 'unconfirmed' } } : safe,
    dropped,
  };
}
