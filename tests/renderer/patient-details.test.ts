/** What the clinician screen says once a record's details are corrected: the fields, and a visit's other age. */
import { describe, expect, it } from 'vitest';
import { changedWords, visitAgeMismatch } from '../../src-renderer/clinician/patient-details';
import type { IntakeAnswers } from '../../src-main/core/content/schema';

const visit = (age: number | undefined, dateOfBirth: string) => ({
  answers: (age === undefined ? {} : { age }) as IntakeAnswers,
  // Midday UTC: the same calendar day in every time zone the tests run in.
  submittedAt: '2026-03-10T12:00:00.000Z',
  patient: { dateOfBirth },
});

describe('patient details on the clinician screen', () => {
  it('lists changed fields in words', () => {
    expect(changedWords(['phone'])).toBe('phone');
    expect(changedWords(['name', 'dateOfBirth'])).toBe('name and date of birth');
    expect(changedWords(['name', 'dateOfBirth', 'phone'])).toBe('name, date of birth and phone');
    expect(changedWords([])).toBe('details');
  });

  it("says nothing while the visit's age is the record's, and both ages once the birth date was corrected", () => {
    expect(visitAgeMismatch(visit(35, '1990-04-12'))).toBeNull();
    // The birthday falls after the visit: still 35 on 10 March 2026.
    expect(visitAgeMismatch(visit(35, '1990-03-11'))).toBeNull();
    expect(visitAgeMismatch(visit(35, '1990-03-10'))).toEqual({ answered: 35, record: 36 });
    expect(visitAgeMismatch(visit(35, '1960-04-12'))).toEqual({ answered: 35, record: 65 });
    expect(visitAgeMismatch(visit(undefined, '1960-04-12'))).toBeNull();
  });
});
