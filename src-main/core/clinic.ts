/**
 * Words of the clinic's workflow that every layer uses (the store's columns, the contract's inputs and results, the
 * screens): where an intake session is in the visit, and what a member of staff may do. Zod-free, browser-safe.
 */
export const SESSION_STATUSES = ['waiting', 'in-review', 'seen'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/**
 * What a clinician decides about who a session belongs to. For a session the kiosk matched by name and birth date:
 * the matched record's person, another record with the same name and birth date (a namesake told apart before), or
 * someone new. For a returning patient the kiosk found no record for (isUnmatchedReturn): the record, born the same
 * day, they were already under with another spelling of their name ('returning-record').
 */
export const IDENTITY_DECISIONS = ['same-person', 'other-record', 'different-person', 'returning-record'] as const;
export type IdentityDecision = (typeof IDENTITY_DECISIONS)[number];

/** The details of a patient record a clinician can correct (`patient.update`), by the names its audit row uses. */
export const PATIENT_FIELDS = ['name', 'dateOfBirth', 'phone'] as const;
export type PatientField = (typeof PATIENT_FIELDS)[number];

/**
 * "I've been here before" at the kiosk, yet no record had the name and birth date typed: the kiosk made a new record
 * (identity status null), and the patient's earlier visits and outcomes may be under another spelling.
 */
export function isUnmatchedReturn(visitKind: string, identityStatus: string | null): boolean {
  return visitKind === 'return' && identityStatus === null;
}

export const CLINICIAN_ROLES = ['clinician', 'admin'] as const;
export type ClinicianRole = (typeof CLINICIAN_ROLES)[number];
