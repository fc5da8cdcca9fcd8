/** What the clinician screen says once a record's details are corrected: the fields, and a visit's other age. */
import { describe, expect, it } from 'vitest';
import { changedWords, recheckChanges } from '../../src-renderer/clinician/patient-details';

describe('patient details on the clinician screen', () => {
  it('lists changed fields in words', () => {
    expect(changedWords(['phone'])).toBe('phone');
    expect(changedWords(['name', 'dateOfBirth'])).toBe('name and date of birth');
    expect(changedWords(['name', 'dateOfBirth', 'phone'])).toBe('name, date of birth and phone');
    expect(changedWords([])).toBe('details');
  });

  it('names the warning signs a triage for the corrected age adds and drops, and whether the priority moved', () => {
    const flag = (id: string, urgency: 'emergency' | 'same-day') => ({ id, urgency, reasons: [] });
    const stored = { urgency: 'same-day' as const, redFlags: [flag('night_pain', 'same-day')] };
    expect(recheckChanges(stored, stored)).toEqual({ added: [], removed: [], urgencyChanged: false });
    const again = { urgency: 'emergency' as const, redFlags: [flag('scfe', 'emergency')] };
    expect(recheckChanges(stored, again)).toEqual({ added: ['scfe'], removed: ['night_pain'], urgencyChanged: true });
  });
});
