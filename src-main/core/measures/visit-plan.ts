/**
 * What a visit asks. A first visit asks the whole questionnaire, then the LEFS and the PSFS; a return visit asks a
 * short follow-up: the questionnaire's questions listed in measures.json `returnVisit` (pain now and at worst, the
 * warning signs and what decides which of them show), then the PSFS, the LEFS, the PGIC and exercise days. The hub
 * checks a return visit's answers against the same follow-up questionnaire the kiosk showed. Pure and browser-safe.
 */
import type { Measures } from '../content/measures';
import type { Questionnaire } from '../content/schema';

export const VISIT_KINDS = ['first', 'return'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

/**
 * The questionnaire a return visit asks: only the listed questions, in the questionnaire's order, sections left
 * without a question dropped. A question whose `showIf` reads a question not asked stays hidden (hidden questions are
 * never answered), so the list must carry what decides its questions (sex before pregnancy).
 */
export function followUpQuestionnaire(questionnaire: Questionnaire, measures: Measures): Questionnaire {
  const asked = new Set(measures.returnVisit.questions);
  const sections = questionnaire.sections
    .map((s) => ({ ...s, questions: s.questions.filter((q) => asked.has(q.id)) }))
    .filter((s) => s.questions.length > 0);
  return { ...questionnaire, sections };
}

/** The questionnaire a visit of this kind is asked. */
export function questionnaireFor(kind: VisitKind, questionnaire: Questionnaire, measures: Measures): Questionnaire {
  return kind === 'return' ? followUpQuestionnaire(questionnaire, measures) : questionnaire;
}

/** The measure screens after the questions, in order. The PSFS is two screens: name the activities, rate them. */
export type MeasureStep = 'psfs-name' | 'psfs-rate' | 'lefs' | 'pgic' | 'adherence';

export function measureSteps(kind: VisitKind): MeasureStep[] {
  // A first visit: LEFS first (fixed items, quick to tap), then the patient's own activities. A return visit
  // starts from the patient's activities, as the PSFS follow-up does (Stratford 1995), then the LEFS, then change.
  return kind === 'first'
    ? ['lefs', 'psfs-name', 'psfs-rate']
    : ['psfs-name', 'psfs-rate', 'lefs', 'pgic', 'adherence'];
}
