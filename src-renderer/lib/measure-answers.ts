/**
 * The kiosk's side of the outcome measures: what each measure screen needs before Next, the answers as sent, and
 * server field errors mapped back to the screen that asked. Pure: no Svelte, no DOM, no zod.
 */
import type { Measures } from '../../src-main/core/content/measures';
import type { I18nText } from '../../src-main/core/content/schema';
import type { MeasureAnswers } from '../../src-main/core/measures/scoring';
import type { MeasureStep, VisitKind } from '../../src-main/core/measures/visit-plan';
import { REQUIRED_KEY, type Problems } from './kiosk-answers';

/** What the patient entered on the measure screens. */
export interface MeasureEntries {
  /** LEFS item id → 0-4. */
  lefs: Record<string, number | undefined>;
  /** One text per PSFS slot (up to maxActivities); an empty slot is no activity. */
  activities: string[];
  /** The rating of the activity in the same slot. */
  ratings: (number | undefined)[];
  pgic: string | undefined;
  exerciseDays: number | undefined;
}

export function emptyEntries(measures: Measures | undefined): MeasureEntries {
  return {
    lefs: {},
    activities: Array.from({ length: measures?.psfs.maxActivities ?? 3 }, () => ''),
    ratings: [],
    pgic: undefined,
    exerciseDays: undefined,
  };
}

/** The slots with an activity named, in order, with the slot each came from. */
export function namedActivities(entries: MeasureEntries): { slot: number; activity: string }[] {
  return entries.activities.flatMap((a, slot) => (a.trim() ? [{ slot, activity: a.trim() }] : []));
}

/** Problems keyed by field: `lefs.<item>`, `psfs.activity.<slot>`, `psfs.rating.<slot>`, `pgic`, `exerciseDays`. */
export function checkMeasureScreen(step: MeasureStep, entries: MeasureEntries, measures: Measures): Problems {
  const out: Problems = {};
  if (step === 'lefs') {
    for (const item of measures.lefs.items)
      if (entries.lefs[item.id] === undefined) out[`lefs.${item.id}`] = { key: REQUIRED_KEY };
  } else if (step === 'psfs-name') {
    entries.activities.forEach((a, slot) => {
      if (a.trim().length > measures.psfs.maxActivityLength)
        out[`psfs.activity.${slot}`] = { key: 'kiosk.error.tooLong', values: { max: measures.psfs.maxActivityLength } };
    });
  } else if (step === 'psfs-rate') {
    for (const { slot } of namedActivities(entries))
      if (entries.ratings[slot] === undefined) out[`psfs.rating.${slot}`] = { key: REQUIRED_KEY };
  } else if (step === 'pgic') {
    if (entries.pgic === undefined) out['pgic'] = { key: REQUIRED_KEY };
  } else if (entries.exerciseDays === undefined) out['exerciseDays'] = { key: REQUIRED_KEY };
  return out;
}

/** The measure answers as `intake.submit` takes them: only what was answered, PGIC and exercise days at a return. */
export function measureAnswersOf(entries: MeasureEntries, kind: VisitKind): MeasureAnswers {
  const lefs = Object.fromEntries(
    Object.entries(entries.lefs).filter((e): e is [string, number] => e[1] !== undefined),
  );
  const psfs = namedActivities(entries).flatMap(({ slot, activity }) => {
    const rating = entries.ratings[slot];
    return rating === undefined ? [] : [{ activity, rating }];
  });
  return {
    ...(Object.keys(lefs).length ? { lefs } : {}),
    ...(psfs.length ? { psfs } : {}),
    ...(kind === 'return' && entries.pgic !== undefined ? { pgic: entries.pgic } : {}),
    ...(kind === 'return' && entries.exerciseDays !== undefined ? { exerciseDays: entries.exerciseDays } : {}),
  };
}

/** The measure screen a server field error ("measures.lefs", "measures.psfs.1.activity") belongs to, or null. */
export function measureStepOfServerPath(path: string): MeasureStep | null {
  const m = /^measures\.(lefs|psfs|pgic|exerciseDays)(?:\.(\d+)\.(activity|rating))?/.exec(path);
  if (!m) return null;
  if (m[1] === 'lefs') return 'lefs';
  if (m[1] === 'pgic') return 'pgic';
  if (m[1] === 'exerciseDays') return 'adherence';
  return m[3] === 'rating' ? 'psfs-rate' : 'psfs-name';
}

/** One line of the review page for the measures: what was asked, the answer in words, and the screen to change it. */
export interface MeasureReviewRow {
  id: string;
  label: string;
  text: string;
  step: MeasureStep;
}

/** The review page's words: a content text in the patient's language, and a kiosk message with its values. */
export interface ReviewWords {
  pick(text: I18nText): string;
  t(key: string, values?: Record<string, string | number>): string;
}

/** The measure screens in words, in the order they were asked; each PSFS activity on its own row. */
export function measureReviewRows(
  measures: Measures,
  steps: readonly MeasureStep[],
  entries: MeasureEntries,
  { pick, t }: ReviewWords,
): MeasureReviewRow[] {
  const none = t('kiosk.review.notAnswered');
  const rows: MeasureReviewRow[] = [];
  for (const step of steps) {
    if (step === 'lefs') {
      const answered = measures.lefs.items.filter((i) => entries.lefs[i.id] !== undefined).length;
      const text = t('kiosk.review.lefsAnswered', { answered, total: measures.lefs.items.length });
      rows.push({ id: 'lefs', label: pick(measures.lefs.title), text, step });
    } else if (step === 'psfs-name') {
      const named = namedActivities(entries);
      if (named.length === 0)
        rows.push({ id: 'psfs', label: pick(measures.psfs.nameTitle), text: t('kiosk.review.noActivities'), step });
      for (const { slot, activity } of named) {
        const rating = entries.ratings[slot];
        const text = rating === undefined ? none : t('kiosk.review.rating', { rating });
        rows.push({ id: `psfs-${slot}`, label: activity, text, step: 'psfs-rate' });
      }
    } else if (step === 'pgic') {
      const chosen = measures.pgic.options.find((o) => o.id === entries.pgic);
      rows.push({ id: 'pgic', label: pick(measures.pgic.title), text: chosen ? pick(chosen.label) : none, step });
    } else if (step === 'adherence') {
      const days = entries.exerciseDays;
      const text = days === undefined ? none : t('kiosk.review.days', { days });
      rows.push({ id: 'exerciseDays', label: t('kiosk.measures.exercisesTitle'), text, step });
    }
  }
  return rows;
}
