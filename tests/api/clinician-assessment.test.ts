import { describe, expect, it } from 'vitest';
import {
  assessmentNoteSchema,
  blankAssessment,
  describeDifference,
  legLengthDifference,
  noteFromStored,
} from '../../src-main/api/assessment';

const NOT_DONE = { result: 'not-tested', where: '' } as const;

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
    n.examination.tests.fadir = {
      left: { result: 'negative', where: '' },
      right: { result: 'positive', where: 'deep groin' },
    };
    n.examination.rangeOfMotion['internal-rotation'] = { left: 35, right: 12 };
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

  it('rejects strength outside 0-5, a "where" on a side that was not positive, bad degrees and extra fields', () => {
    const n = blankAssessment();
    n.strength.hipExtensors.left = 6;
    n.examination.tests.ober = { left: { result: 'negative', where: 'outer thigh' }, right: NOT_DONE };
    n.examination.rangeOfMotion.flexion = { left: 120.5, right: -4 };
    const issues = issuesOf({ ...n, diagnosis: 'x' });
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'strength.hipExtensors.left',
        'examination.tests.ober.left.where',
        'examination.rangeOfMotion.flexion.left',
        'examination.rangeOfMotion.flexion.right',
        '',
      ]),
    );
    // One side only: a result names both sides.
    expect(
      issuesOf({ ...blankAssessment(), examination: { tests: { ober: { left: NOT_DONE } }, rangeOfMotion: {} } }),
    ).not.toEqual([]);
    // The old shape is not accepted for saving.
    expect(issuesOf({ ...blankAssessment(), specialTests: {} }).map((i) => i.path)).toEqual(['']);
  });

  it('reads a note saved before the examination was content: one result per test becomes a result per side', () => {
    const { examination: _examination, ...rest } = blankAssessment();
    const stored = {
      ...rest,
      plan: 'Abductor loading.',
      specialTests: {
        trendelenburg: { result: 'positive', side: 'right' },
        fadir: { result: 'positive', side: 'both' },
        faber: { result: 'negative', side: null },
        ober: { result: 'negative', side: 'left' },
        thomas: { result: 'not-tested', side: null },
      },
    };
    const note = noteFromStored(JSON.parse(JSON.stringify(stored)));
    expect(note.examination.tests).toEqual({
      trendelenburg: { left: NOT_DONE, right: { result: 'positive', where: '' } },
      fadir: { left: { result: 'positive', where: '' }, right: { result: 'positive', where: '' } },
      faber: { left: { result: 'negative', where: '' }, right: { result: 'negative', where: '' } },
      ober: { left: { result: 'negative', where: '' }, right: NOT_DONE },
    });
    expect(note.examination.rangeOfMotion).toEqual({});
    expect(note.plan).toBe('Abductor loading.');
    expect('specialTests' in note).toBe(false);
    // Read back, the old note is a valid note of today, so it can be amended.
    expect(issuesOf(note)).toEqual([]);
    // A note of today is returned as it is.
    const today = blankAssessment();
    expect(noteFromStored(today)).toBe(today);
  });

  it('computes the leg-length difference only when both sides are measured', () => {
    expect(legLengthDifference({ left: 91.5, right: 90 })).toBe(1.5);
    expect(legLengthDifference({ left: 88, right: 89.2 })).toBe(-1.2);
    expect(legLengthDifference({ left: 88, right: null })).toBeNull();
    expect(describeDifference(-1.2)).toBe('1.2 cm, right longer');
    expect(describeDifference(0)).toBe('equal');
  });
});
