/**
 * The outcome measures as content (resources/content/measures.json): the items and answer words of each validated
 * instrument the kiosk asks, its minimal clinically important difference (MCID) and the sources of both. Scoring is
 * in core/measures/scoring.ts; which screens a visit asks is in core/measures/visit-plan.ts.
 */
import { z } from 'zod';
import { i18nTextSchema } from './schema';

const id = z.string().regex(/^[a-z0-9]+(_[a-z0-9]+)*$/, 'ids are lower-case letters and digits joined by "_"');

/** A citation and what it is cited for (as in examination.json). */
const sourceSchema = z.strictObject({
  cites: z.string().trim().min(10),
  for: z.string().trim().min(10),
});

/** The schema of measures.json, requiring text in every one of `locales`. */
export function measuresSchema(locales: readonly string[]) {
  const text = i18nTextSchema(locales);
  const sources = z.array(sourceSchema).min(1, 'cite at least one source');
  /** The smallest change in the measure's own units that counts as clinically important. */
  const mcid = z.strictObject({ points: z.number().positive() });

  const nprs = z.strictObject({
    name: text,
    /** The questionnaire's pain questions this measure is (asked once, recorded as the measure too). */
    questions: z.strictObject({ now: id, worst: id }),
    mcid,
    sources,
  });

  const lefs = z.strictObject({
    name: text,
    title: text,
    intro: text,
    items: z.array(z.strictObject({ id, label: text })).length(20, 'the LEFS has 20 items'),
    answers: z
      .array(z.strictObject({ value: z.number().int().min(0).max(4), label: text }))
      .length(5, 'each LEFS item has five answers, 0 to 4'),
    mcid,
    sources,
  });

  const psfs = z.strictObject({
    name: text,
    maxActivities: z.number().int().min(1).max(5),
    maxActivityLength: z.number().int().min(10).max(200),
    nameTitle: text,
    nameIntro: text,
    /** At a return visit: name again the activities rated last time (the kiosk never shows them back). */
    returnIntro: text,
    /** "Activity {n}". */
    activityLabel: text,
    rateTitle: text,
    rateIntro: text,
    scale: z.strictObject({ min: z.literal(0), max: z.literal(10) }),
    anchors: z.strictObject({ '0': text, '10': text }),
    mcid,
    sources,
  });

  const pgic = z.strictObject({
    name: text,
    /** The first visit (1 = the first) at which it is asked: there is no change to rate before treatment. */
    fromVisit: z.number().int().min(2),
    title: text,
    question: text,
    options: z
      .array(
        z.strictObject({
          id,
          /** 1 (very much better) to 7 (very much worse), the published order. */
          value: z.number().int().min(1).max(7),
          /** This answer counts as a clinically important improvement. */
          importantImprovement: z.boolean(),
          label: text,
        }),
      )
      .length(7, 'the PGIC has seven answers'),
    sources,
  });

  const adherence = z.strictObject({ question: text, help: text, sources });

  /** The questionnaire's questions a return visit asks again (with their showIf), in questionnaire order. */
  const returnVisit = z.strictObject({ questions: z.array(id).min(1), sources });

  return z.strictObject({ version: z.string().min(1), nprs, lefs, psfs, pgic, adherence, returnVisit });
}

export type Measures = z.infer<ReturnType<typeof measuresSchema>>;
export type LefsContent = Measures['lefs'];
export type PsfsContent = Measures['psfs'];
export type PgicContent = Measures['pgic'];

/** The measures Stride records, one stored row per session and measure (adherence: days of exercise, 0-7). */
export const MEASURE_IDS = ['nprs', 'lefs', 'psfs', 'pgic', 'adherence'] as const;
export type MeasureId = (typeof MEASURE_IDS)[number];

/** Ids unique, answers 0-4 and PGIC values 1-7 each once, at least one "important" PGIC answer. */
export function checkMeasures(m: Measures, problems: string[]): void {
  const file = 'measures.json';
  const seen = new Set<string>();
  m.lefs.items.forEach((item, i) => {
    if (seen.has(item.id)) problems.push(`${file}: lefs.items[${i}].id: duplicate id "${item.id}"`);
    seen.add(item.id);
  });
  const values = m.lefs.answers.map((a) => a.value).sort();
  if (values.join(',') !== '0,1,2,3,4')
    problems.push(`${file}: lefs.answers: needs the values 0, 1, 2, 3 and 4 once each`);
  const pgicValues = m.pgic.options.map((o) => o.value).sort();
  if (pgicValues.join(',') !== '1,2,3,4,5,6,7')
    problems.push(`${file}: pgic.options: needs the values 1 to 7 once each`);
  const pgicIds = new Set(m.pgic.options.map((o) => o.id));
  if (pgicIds.size !== m.pgic.options.length) problems.push(`${file}: pgic.options: duplicate option id`);
  if (!m.pgic.options.some((o) => o.importantImprovement))
    problems.push(`${file}: pgic.options: at least one answer must count as an important improvement`);
}
