/**
 * Words of the clinic's workflow that every layer uses (the store's columns, the contract's inputs and results, the
 * screens): where an intake session is in the visit, and what a member of staff may do. Zod-free, browser-safe.
 */
export const SESSION_STATUSES = ['waiting', 'in-review', 'seen'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const CLINICIAN_ROLES = ['clinician', 'admin'] as const;
export type ClinicianRole = (typeof CLINICIAN_ROLES)[number];
