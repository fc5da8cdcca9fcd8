import { describe, expect, it } from 'vitest';
import {
  assessmentNoteSchema,
  blankAssessment,
  describeDifference,
  legLengthDifference,
} from '../../src-main/api/assessment';

function issuesOf(note: unknown) {
  const r = assessmentNoteSchema.safeParse(note);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('assessment note schema', () => {
  it('accepts a blank form and a plausible full one', () => {
    expect(issuesOf(blankAssessment())).toEqual([]);
    const n = blankAssessment();
    n.legLength.trueCm = { left: 91.5, right: 90 };
    n.legLength.apparentCm = { left: 98, right: 96.5 };
    n.specialTests.fadir = { result: 'positive', side: 'right' };
    n.strength.hipAbductors = { left: 5, right: 4 };
    expect(issuesOf(n)).toEqual([]);
  });

  it.each([
    [-3, /under 50 cm is not plausible/],
    [400, /over 130 cm is not plausible/],
    [49.9, /under 50 cm/],
    [130.1, /over 130 cm/],
  ])('rejects a leg length of %s cm with a clear message naming the field', (cm, message) => {
    const n = blankAssessment();
    n.legLength.trueCm.right = cm;
    const issues = issuesOf(n);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('legLength.trueCm.right');
    expect(issues[0]?.message).toMatch(message);
  });

  it('rejects strength outside 0-5, a positive test without a side, unknown tests and extra fields', () => {
    const n = blankAssessment();
    n.strength.hipExtensors.left = 6;
    n.specialTests.ober = { result: 'positive', side: null };
    const issues = issuesOf({ ...n, diagnosis: 'x' });
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['strength.hipExtensors.left', 'specialTests.ober.side', '']),
    );
    expect(
      issuesOf({
        ...blankAssessment(),
        specialTests: { ...blankAssessment().specialTests, made_up: { result: 'negative', side: null } },
      }).length,
    ).toBeGreaterThan(0);
  });

  it('computes the leg-length difference only when both sides are measured', () => {
    expect(legLengthDifference({ left: 91.5, right: 90 })).toBe(1.5);
    expect(legLengthDifference({ left: 88, right: 89.2 })).toBe(-1.2);
    expect(legLengthDifference({ left: 88, right: null })).toBeNull();
    expect(describeDifference(-1.2)).toBe('1.2 cm, right longer');
    expect(describeDifference(0)).toBe('equal');
  });
});
