// The exercise library and home-care advice as the plan builder uses them; loaded and checked with the rest of the
// content by core/content/load.ts.
import { join } from 'node:path';
import type { I18nText } from '../content/schema';
import { formatMessage } from '../locales/format';
import type { LocaleCatalog } from '../locales/catalog';
import { CHILDS_POSE_NOTE_MESSAGE, EXCLUSION_MESSAGES, EXCLUSION_RULES, type ExclusionRule } from './exclusion-rules';
import type { AdviceFile, Exercise, ExerciseLibrary } from './schema';

export type { ExerciseLibrary } from './schema';

interface ExerciseFile {
  version: string;
  exercises: Exercise[];
}

/**
 * Cross-checks the library: unique ids, pregnancy alternatives that exist and are safe, and (when the conditions
 * loaded) every condition an exercise or advice names is one of `conditionIds`.
 */
export function checkLibrary(
  ex: ExerciseFile,
  adv: AdviceFile,
  conditionIds: ReadonlySet<string> | null,
  problems: string[],
): void {
  const byId = new Map<string, Exercise>();
  const knownCondition = (id: string, at: string) => {
    if (conditionIds && !conditionIds.has(id))
      problems.push(`${at}: unknown condition id "${id}" (not in conditions.json)`);
  };
  ex.exercises.forEach((e, i) => {
    if (byId.has(e.id)) problems.push(`exercises.json: exercises[${i}].id: duplicate id "${e.id}"`);
    byId.set(e.id, e);
  });
  ex.exercises.forEach((e, i) => {
    const p = `exercises.json: exercises[${i}]`;
    e.pregnancyAlternatives.forEach((alt, j) => {
      const a = byId.get(alt);
      const at = `${p}.pregnancyAlternatives[${j}]`;
      if (!a) problems.push(`${at}: unknown exercise "${alt}"`);
      else if (
        a.positions.includes('supine') ||
        a.positions.includes('prone') ||
        a.impact === 'high' ||
        a.balance === 'high'
      )
        problems.push(
          `${at}: "${alt}" is itself not suitable in pregnancy (supine, prone, high impact or high fall risk)`,
        );
    });
    e.conditions.forEach((c, j) => knownCondition(c, `${p}.conditions[${j}]`));
    e.avoidFor.forEach((c, j) => knownCondition(c, `${p}.avoidFor[${j}]`));
    const both = e.conditions.filter((c) => e.avoidFor.includes(c));
    if (both.length) problems.push(`${p}: "${e.id}" both helps and must be avoided for ${both.join(', ')}`);
  });
  const adviceIds = new Set<string>();
  const lists = [
    ['advice', adv.advice],
    ['pregnancyAdvice', adv.pregnancyAdvice],
    ['clinicianOnly', adv.clinicianOnly],
  ] as const;
  for (const [list, items] of lists) {
    items.forEach((a, i) => {
      const p = `handout-advice.json: ${list}[${i}]`;
      if (adviceIds.has(a.id)) problems.push(`${p}.id: duplicate advice id "${a.id}"`);
      adviceIds.add(a.id);
    });
  }
  adv.symmetricPositionsFor.forEach((c, j) => knownCondition(c, `handout-advice.json: symmetricPositionsFor[${j}]`));
  adv.reviewBeforeExerciseFor.forEach((c, j) =>
    knownCondition(c, `handout-advice.json: reviewBeforeExerciseFor[${j}]`),
  );
  for (const [list, items] of [
    ['advice', adv.advice],
    ['clinicianOnly', adv.clinicianOnly],
  ] as const) {
    items.forEach((a, i) => {
      const p = `handout-advice.json: ${list}[${i}]`;
      if (a.conditions !== '*') a.conditions.forEach((c, j) => knownCondition(c, `${p}.conditions[${j}]`));
      a.exceptConditions?.forEach((c, j) => knownCondition(c, `${p}.exceptConditions[${j}]`));
    });
  }
}

/** A handout message in every language, filled in with each language's own number format. */
function inEveryLanguage(locales: LocaleCatalog, message: string, values: Record<string, number> = {}): I18nText {
  const entries = locales.languages.map(
    (l) => [l.code, formatMessage(l.handout[message] ?? message, values, l.intl)] as const,
  );
  return Object.fromEntries(entries) as I18nText;
}

export function buildLibrary(
  ex: ExerciseFile,
  advice: AdviceFile,
  conditionIds: ReadonlySet<string>,
  contentHash: string,
  locales: LocaleCatalog,
  planTexts = libraryPlanTexts(locales),
): ExerciseLibrary {
  return {
    version: `${ex.version} / ${advice.version}`,
    contentHash,
    exercises: ex.exercises,
    byId: new Map(ex.exercises.map((e) => [e.id, e])),
    advice,
    conditionIds,
    planTexts,
  };
}

/** The plan's fixed texts in every language (the first Intl formatting of a start: kept with the verdict). */
export function libraryPlanTexts(locales: LocaleCatalog): ExerciseLibrary['planTexts'] {
  const exclusionReasons = Object.fromEntries(
    EXCLUSION_RULES.map((rule) => {
      const { message, weeks } = EXCLUSION_MESSAGES[rule];
      return [rule, inEveryLanguage(locales, message, weeks === undefined ? {} : { weeks })];
    }),
  ) as Record<ExclusionRule, I18nText>;
  return { exclusionReasons, childsPoseNote: inEveryLanguage(locales, CHILDS_POSE_NOTE_MESSAGE) };
}

/** Absolute path of an exercise's SVG. */
export function illustrationPath(illustrationsDir: string, exercise: Exercise): string {
  return join(illustrationsDir, exercise.illustration);
}
