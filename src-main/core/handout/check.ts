/**
 * The clinical check of a plan that came from a screen: the screen runs the same plan functions, but whatever it sends
 * is checked again against the library and the patient's pregnancy week before a handout is made from it.
 */
import type { ExerciseLibrary } from './library';
import type { PregnancyStatus } from './patient';
import { exclusionFor, needsReviewBeforeExercise, ruleContextOf } from './plan';
import type { Plan } from './plan';

/** One thing wrong with a plan, at the path of the plan field it concerns. */
export interface PlanProblem {
  path: string;
  message: string;
}

export type PlanCheck = { ok: true; plan: Plan } | { ok: false; problems: PlanProblem[] };

export interface PlanCheckContext {
  /** The session's pregnancy week (null when not pregnant), from the intake, not from the plan. */
  weeks: number | null;
  /** The session's pregnancy status from the intake; when absent, derived from `weeks`. */
  pregnancy?: PregnancyStatus;
  /** The session's own conditions (impression, else top suggestion): their rules hold whatever the plan lists. */
  conditionIds?: readonly string[];
  /** The session's language: the handout is printed in it whatever the plan says. */
  locale: string;
  /** Whoever is unlocked now stands behind every override the plan carries. */
  clinicianName: string;
}

/**
 * Known exercises, the session's pregnancy week, every exercise the pregnancy rules leave out present only with a
 * recorded override, warning signs never dropped. Returns the plan as it will be printed, or every problem found.
 */
export function checkPlan(plan: Plan, library: ExerciseLibrary, ctx: PlanCheckContext): PlanCheck {
  const problems: PlanProblem[] = [];
  const known = (id: string, path: string) => {
    if (!library.byId.has(id)) problems.push({ path, message: `unknown exercise "${id}"` });
  };
  const seen = new Set<string>();
  plan.exercises.forEach((p, i) => {
    known(p.exerciseId, `plan.exercises.${i}.exerciseId`);
    if (seen.has(p.exerciseId))
      problems.push({ path: `plan.exercises.${i}.exerciseId`, message: `"${p.exerciseId}" is in the plan twice` });
    seen.add(p.exerciseId);
  });
  plan.exclusions.forEach((x, i) => {
    known(x.exerciseId, `plan.exclusions.${i}.exerciseId`);
    if (x.alternativeId) known(x.alternativeId, `plan.exclusions.${i}.alternativeId`);
  });
  if (plan.pregnancyWeeks !== ctx.weeks) {
    problems.push({
      path: 'plan.pregnancyWeeks',
      message:
        ctx.weeks === null
          ? 'this patient is not recorded as pregnant'
          : `this patient is ${ctx.weeks} weeks pregnant: suggest the plan again`,
    });
  }
  const status: PregnancyStatus =
    ctx.pregnancy ?? (ctx.weeks !== null ? { kind: 'pregnant', weeks: ctx.weeks } : { kind: 'none' });
  if (status.kind === 'uncertain' && plan.pregnancy?.status !== 'uncertain')
    problems.push({
      path: 'plan.pregnancy',
      message: 'this patient may be pregnant: suggest the plan again so the most cautious rules apply',
    });
  if (status.kind === 'pregnant') {
    const screen = plan.pregnancy?.status === 'pregnant' ? plan.pregnancy.screen : 'unconfirmed';
    if (screen === 'unconfirmed')
      problems.push({
        path: 'plan.pregnancy.screen',
        message: 'confirm the pregnancy exercise screen (ACOG 804 absolute contraindications) first',
      });
    if (screen === 'contraindicated' && plan.exercises.length)
      problems.push({
        path: 'plan.exercises',
        message: 'the pregnancy screen found an absolute contraindication: no exercise can be given',
      });
  }
  const noExercise =
    (plan.pregnancy?.screen === 'contraindicated' && status.kind === 'pregnant') ||
    needsReviewBeforeExercise(library, [...plan.conditionIds, ...(ctx.conditionIds ?? [])]);
  if (plan.exercises.length === 0 && !noExercise)
    problems.push({ path: 'plan.exercises', message: 'add at least one exercise' });
  // The safety rules below need every exercise to be known.
  if (problems.length) return { ok: false, problems };

  // Every rule runs again on the session's own facts, whatever the plan claims.
  const rules = ruleContextOf({
    conditionIds: [...new Set([...plan.conditionIds, ...(ctx.conditionIds ?? [])])],
    pregnancyWeeks: status.kind === 'pregnant' ? status.weeks : null,
    pregnancy: status.kind === 'uncertain' ? { status: 'uncertain', screen: 'unconfirmed' } : undefined,
  });
  plan.exercises.forEach((p, i) => {
    const exercise = library.byId.get(p.exerciseId);
    const out = exercise ? exclusionFor(exercise, rules, library) : null;
    if (out && !plan.exclusions.some((x) => x.exerciseId === p.exerciseId && x.override)) {
      problems.push({
        path: `plan.exercises.${i}.exerciseId`,
        message:
          out.rule === 'contraindicated' || out.rule === 'symmetric-positions'
            ? `"${p.exerciseId}" is left out for this patient's condition (${out.rule}); keep it only with an ` +
              `override and a reason`
            : `"${p.exerciseId}" is left out at ${rules.week} weeks of pregnancy (${out.rule}); keep it only with an ` +
              `override and a reason`,
      });
    }
  });
  if (problems.length) return { ok: false, problems };
  const maybePregnant = status.kind === 'pregnant' || status.kind === 'uncertain';
  // The screen cannot drop the warning signs: the library's always come first.
  const required = maybePregnant
    ? [...library.advice.pregnancyWarningSigns, ...library.advice.generalWarningSigns]
    : library.advice.generalWarningSigns;
  // Each sign keeps the library's route (where it sends the patient); a screen cannot change it.
  const routeOf = new Map([...required].reverse().map((w) => [w.id, w.route])); // the first listed wins
  const warningSigns = [...required, ...plan.warningSigns]
    .filter((w, i, all) => all.findIndex((o) => o.id === w.id) === i)
    .map((w) => ({ ...w, route: routeOf.get(w.id) ?? w.route ?? 'clinic' }));
  const exclusions = plan.exclusions.map((x) =>
    x.override ? { ...x, override: { ...x.override, by: ctx.clinicianName } } : x,
  );
  return { ok: true, plan: { ...plan, locale: ctx.locale, warningSigns, exclusions } };
}
