/** Questions the kiosk never shows because the answer is derived from what the patient already entered. */
export const DERIVED_AGE_QUESTION = 'age';
