/**
 * What the contract's schema cannot know about a visit's measure answers: the item and option ids of the loaded
 * content, how many activities the PSFS takes, which measures a visit of this kind asks and, unless the visit ended
 * early, that each was answered. Each problem names its path and says in words what to do.
 */
import type { Measures } from '../content/measures';
import type { MeasureAnswers } from './scoring';
import type { VisitKind } from './visit-plan';

export interface MeasureProblem {
  path: string;
  message: string;
}

export function measureProblems(
  measures: Measures,
  kind: VisitKind,
  answers: MeasureAnswers,
  options: { unansweredAllowed: boolean },
): MeasureProblem[] {
  const problems: MeasureProblem[] = [];
  const itemIds = new Set(measures.lefs.items.map((i) => i.id));
  for (const id of Object.keys(answers.lefs ?? {}))
    if (!itemIds.has(id)) problems.push({ path: `lefs.${id}`, message: `"${id}" is not a LEFS item.` });
  if (!options.unansweredAllowed) {
    const missing = measures.lefs.items.filter((i) => answers.lefs?.[i.id] === undefined);
    if (missing.length > 0)
      problems.push({
        path: 'lefs',
        message: `Please answer every activity of the list (${missing.length} not answered yet).`,
      });
  }

  const psfs = answers.psfs ?? [];
  if (psfs.length > measures.psfs.maxActivities)
    problems.push({ path: 'psfs', message: `Please name at most ${measures.psfs.maxActivities} activities.` });
  psfs.forEach((a, i) => {
    if (a.activity.length > measures.psfs.maxActivityLength)
      problems.push({
        path: `psfs.${i}.activity`,
        message: `Please keep the activity under ${measures.psfs.maxActivityLength} characters.`,
      });
  });

  if (kind === 'first') {
    if (answers.pgic !== undefined)
      problems.push({ path: 'pgic', message: 'The change since the first visit is asked from the second visit on.' });
    if (answers.exerciseDays !== undefined)
      problems.push({ path: 'exerciseDays', message: 'Exercise days are asked at a return visit.' });
  } else {
    if (answers.pgic !== undefined && !measures.pgic.options.some((o) => o.id === answers.pgic))
      problems.push({ path: 'pgic', message: 'Please choose one of the answers.' });
    if (!options.unansweredAllowed && answers.pgic === undefined)
      problems.push({ path: 'pgic', message: 'Please say how your hip has changed since your first visit.' });
    if (!options.unansweredAllowed && answers.exerciseDays === undefined)
      problems.push({ path: 'exerciseDays', message: 'Please choose on how many days you did your exercises.' });
  }
  return problems;
}
