/**
 * The examination as content (resources/content/examination.json): the special tests a clinician records, what a
 * positive result suggests and the range-of-motion measurements, each with the sources that say so. The assessment
 * note stores results by these ids; the clinician screen shows their names and what they suggest.
 */
import { z } from 'zod';
import { i18nTextSchema } from './schema';

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lower-case letters and digits joined by "-"');

/** A citation and what it is cited for, so a reader can check the claim against the source. */
const sourceSchema = z.strictObject({
  cites: z.string().trim().min(10),
  for: z.string().trim().min(10),
});

/** The schema of examination.json, requiring text in every one of `locales`. */
export function examinationSchema(locales: readonly string[]) {
  const text = i18nTextSchema(locales);
  const sources = z.array(sourceSchema).min(1, 'cite at least one source');
  const test = z.strictObject({
    id,
    name: text,
    /** How the test is done, in one or two sentences. */
    how: text,
    /** What a positive result suggests. */
    positive: text,
    /** When not to do the test. */
    caution: text.optional(),
    sources,
  });
  const movement = z
    .strictObject({
      id,
      name: text,
      /** A typical adult value, shown beside the field for comparison. */
      typicalDegrees: z.number().int().min(0).max(180),
      /** The largest value the form accepts: above it the reading is a typo. */
      maxDegrees: z.number().int().min(1).max(180),
      /** What a reduced or painful range suggests. */
      reduced: text,
      sources,
    })
    .refine((m) => m.typicalDegrees <= m.maxDegrees, {
      message: 'typicalDegrees is above maxDegrees',
      path: ['typicalDegrees'],
    });
  return z.strictObject({
    version: z.string().min(1),
    tests: z.array(test).min(1),
    rangeOfMotion: z.array(movement).min(1),
  });
}

export type Examination = z.infer<ReturnType<typeof examinationSchema>>;
export type ExaminationTest = Examination['tests'][number];
export type RangeOfMotion = Examination['rangeOfMotion'][number];

/** Ids must be unique within tests and within movements. */
export function checkExamination(exam: Examination, problems: string[]): void {
  for (const [list, key] of [
    [exam.tests, 'tests'],
    [exam.rangeOfMotion, 'rangeOfMotion'],
  ] as const) {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.id)) problems.push(`examination.json: ${key}[${i}].id: duplicate id "${item.id}"`);
      seen.add(item.id);
    });
  }
}
