/**
 * Words of the clinic's workflow that every layer uses (the store's columns, the contract's inputs and results, the
 * screens): where an intake session is in the visit, and what a member of staff may do. Zod-free, browser-safe.
 */
export const SESSION_STATUSES = ['waiting', 'in-review', 'seen'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/**
 * What a clinician decides about a session the kiosk matched by name and birth date: the matched record's person,
 * another record with the same name and birth date (a namesake told apart before), or someone new.
 */
export const IDENTITY_DECISIONS = ['same-person', 'other-record', 'different-person'] as const;
export type IdentityDecision = (typeof IDENTITY_DECISIONS)[number];

export const CLINICIAN_ROLES = ['clinician', 'admin'] as const;
export type ClinicianRole = (typeof CLINICIAN_ROLES)[number];
