/**
 * The structured misalignment assessment a clinician records after examining the patient. Browser-safe: the clinician
 * screen validates with the same schema before sending, the core validates again before storing.
 */
import { z } from 'zod';
import { personText } from './schemas';

export const SIDES = ['left', 'right'] as const;
export type Side = (typeof SIDES)[number];

export const LEG_LENGTH_MIN_CM = 50;
export const LEG_LENGTH_MAX_CM = 130;

/** A tape measurement of one leg in centimetres, or null when not measured. */
const legLengthCm = z
  .number({ error: 'Enter the length as a number of centimetres.' })
  .finite('Enter the length as a number of centimetres.')
  .min(LEG_LENGTH_MIN_CM, `A leg length under ${LEG_LENGTH_MIN_CM} cm is not plausible: measure again, in centimetres.`)
  .max(LEG_LENGTH_MAX_CM, `A leg length over ${LEG_LENGTH_MAX_CM} cm is not plausible: measure again, in centimetres.`)
  .nullable();

const perSideLength = z.object({ left: legLengthCm, right: legLengthCm }).strict();

/** Zones of the sole diagram: where a shoe's outsole is worn most. */
export const SOLE_ZONES = ['medial-forefoot', 'lateral-forefoot', 'midfoot', 'medial-heel', 'lateral-heel'] as const;
export type SoleZone = (typeof SOLE_ZONES)[number];
const soleZones = z
  .array(z.enum(SOLE_ZONES))
  .max(SOLE_ZONES.length)
  .refine((a) => new Set(a).size === a.length, 'Each zone once.');

export const TEST_RESULTS = ['not-tested', 'negative', 'positive'] as const;
export type TestResult = (typeof TEST_RESULTS)[number];

/** Test and movement ids as examination.json names them; the service checks them against the loaded content. */
const examId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Unknown test.');
/** More entries than any examination has: a bound on the payload, not a clinical rule. */
const MAX_EXAM_ENTRIES = 60;

export const WHERE_MAX_LENGTH = 200;
/** Longest reason a clinician may give for an amendment. */
export const AMEND_REASON_MAX_LENGTH = 500;

/** One side of one special test: its result and, when positive, where the patient felt it. */
const sideResult = z
  .object({ result: z.enum(TEST_RESULTS), where: personText(WHERE_MAX_LENGTH) })
  .strict()
  .refine((s) => s.result === 'positive' || s.where === '', {
    message: 'Where it hurt is recorded for a positive side only.',
    path: ['where'],
  });
const testResult = z.object({ left: sideResult, right: sideResult }).strict();
export type SideResult = z.infer<typeof sideResult>;
export type TestResultPerSide = z.infer<typeof testResult>;

export const DEGREES_MAX = 180;
/** Range of motion in whole degrees, or null when not measured. */
const degrees = z
  .number({ error: 'Enter the range as a number of degrees.' })
  .int('Range of motion is recorded in whole degrees.')
  .min(0, 'A range of motion is 0 degrees or more.')
  .max(DEGREES_MAX, `Over ${DEGREES_MAX} degrees is not plausible: measure again.`)
  .nullable();
const perSideDegrees = z.object({ left: degrees, right: degrees }).strict();
export type PerSideDegrees = z.infer<typeof perSideDegrees>;

const bounded = <T extends z.ZodType>(record: T) =>
  record.refine((r) => Object.keys(r as object).length <= MAX_EXAM_ENTRIES, 'Too many entries.');

/** A test nobody performed on either side. */
export const NOT_TESTED: TestResultPerSide = {
  left: { result: 'not-tested', where: '' },
  right: { result: 'not-tested', where: '' },
};

/** Manual muscle testing, Oxford scale 0-5. */
const grade = z
  .number()
  .int('Strength is a whole grade from 0 to 5.')
  .min(0, 'Strength is graded 0 to 5.')
  .max(5, 'Strength is graded 0 to 5.')
  .nullable();
const perSideGrade = z.object({ left: grade, right: grade }).strict();

export const KNEES_TO_CHEST = ['not-done', 'level', 'left-appears-shorter', 'right-appears-shorter'] as const;
export const ILIAC_CREST = ['not-assessed', 'level', 'left-higher', 'right-higher'] as const;

const observation = personText(1000);

export const assessmentNoteSchema = z
  .object({
    legLength: z
      .object({
        /** True (structural): ASIS to medial malleolus. */
        trueCm: perSideLength,
        /** Apparent (functional): umbilicus to medial malleolus. */
        apparentCm: perSideLength,
        /** Supine knees-to-chest: a visual screen, not a measurement. */
        kneesToChest: z.enum(KNEES_TO_CHEST),
      })
      .strict(),
    pelvis: z
      .object({
        iliacCrest: z.enum(ILIAC_CREST),
        differenceMm: z
          .number()
          .finite()
          .min(0, 'A height difference is 0 mm or more.')
          .max(60, 'Over 60 mm is not plausible for iliac crest height: check the reading.')
          .nullable(),
      })
      .strict(),
    shoeWear: z.object({ left: soleZones, right: soleZones, note: observation }).strict(),
    gait: observation,
    singleLegSquat: z.object({ left: observation, right: observation }).strict(),
    /** Results by examination.json id; a test or movement missing here was not done. */
    examination: z
      .object({
        tests: bounded(z.record(examId, testResult)),
        rangeOfMotion: bounded(z.record(examId, perSideDegrees)),
      })
      .strict(),
    strength: z.object({ hipAbductors: perSideGrade, hipExtensors: perSideGrade }).strict(),
    /** Condition ids from the content; checked against the loaded content by the service. */
    impression: z
      .array(z.string().regex(/^[a-z0-9-]{1,64}$/, 'Unknown condition.'))
      .max(5, 'Choose at most five conditions.'),
    plan: personText(4000),
    notes: personText(4000),
  })
  .strict();

export type AssessmentNote = z.infer<typeof assessmentNoteSchema>;

/** An empty form: nothing measured, no test done. */
export function blankAssessment(): AssessmentNote {
  return {
    legLength: {
      trueCm: { left: null, right: null },
      apparentCm: { left: null, right: null },
      kneesToChest: 'not-done',
    },
    pelvis: { iliacCrest: 'not-assessed', differenceMm: null },
    shoeWear: { left: [], right: [], note: '' },
    gait: '',
    singleLegSquat: { left: '', right: '' },
    examination: { tests: {}, rangeOfMotion: {} },
    strength: { hipAbductors: { left: null, right: null }, hipExtensors: { left: null, right: null } },
    impression: [],
    plan: '',
    notes: '',
  };
}

/** Left minus right in cm (one decimal), or null unless both sides were measured. Positive: the left leg is longer. */
export function legLengthDifference(pair: { left: number | null; right: number | null }): number | null {
  if (pair.left === null || pair.right === null) return null;
  return Math.round((pair.left - pair.right) * 10) / 10;
}

export function describeDifference(diff: number | null): string {
  if (diff === null) return '—';
  if (diff === 0) return 'equal';
  return `${Math.abs(diff).toFixed(1)} cm, ${diff > 0 ? 'left' : 'right'} longer`;
}

/**
 * The note as stored, in today's shape. Notes are append-only, so a note saved before the examination became content
 * keeps its old `specialTests` (one result and an optional side per test) and is read here: a result on one side is
 * that side's, and a result for "both" or with no side (the old form asked for a side only when positive) is read as
 * both sides. Everything else in a note kept its shape.
 */
export function noteFromStored(stored: unknown): AssessmentNote {
  const raw = stored as Partial<AssessmentNote> & { specialTests?: Record<string, LegacyTest> };
  if (raw.examination || !raw.specialTests) return raw as AssessmentNote;
  const { specialTests, ...rest } = raw;
  const tests: Record<string, TestResultPerSide> = {};
  for (const [id, t] of Object.entries(specialTests)) {
    if (t.result === 'not-tested') continue;
    const side = (skipped: boolean): SideResult => ({ result: skipped ? 'not-tested' : t.result, where: '' });
    tests[id] = { left: side(t.side === 'right'), right: side(t.side === 'left') };
  }
  return { ...(rest as Omit<AssessmentNote, 'examination'>), examination: { tests, rangeOfMotion: {} } };
}

interface LegacyTest {
  result: TestResult;
  side: 'left' | 'right' | 'both' | null;
}
