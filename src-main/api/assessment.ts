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

export const SPECIAL_TESTS = ['faber', 'fadir', 'ober', 'thomas', 'trendelenburg', 'fair', 'log-roll', 'hop'] as const;
export type SpecialTest = (typeof SPECIAL_TESTS)[number];
export const SPECIAL_TEST_NAMES: Record<SpecialTest, string> = {
  faber: 'FABER (Patrick)',
  fadir: 'FADIR',
  ober: 'Ober',
  thomas: 'Thomas',
  trendelenburg: 'Trendelenburg',
  fair: 'FAIR',
  'log-roll': 'Log roll',
  hop: 'Hop test',
};
export const TEST_RESULTS = ['not-tested', 'negative', 'positive'] as const;
export const TEST_SIDES = ['left', 'right', 'both'] as const;

const specialTest = z
  .object({ result: z.enum(TEST_RESULTS), side: z.enum(TEST_SIDES).nullable() })
  .strict()
  .refine((t) => t.result !== 'positive' || t.side !== null, {
    message: 'Say which side the test was positive on.',
    path: ['side'],
  });

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
    specialTests: z
      .object(Object.fromEntries(SPECIAL_TESTS.map((t) => [t, specialTest])) as Record<SpecialTest, typeof specialTest>)
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

/** An empty form: nothing measured, every test "not tested". */
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
    specialTests: Object.fromEntries(
      SPECIAL_TESTS.map((t) => [t, { result: 'not-tested', side: null }]),
    ) as AssessmentNote['specialTests'],
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
