/**
 * PostgreSQL twin of SQLite migration 012 (patient search inside names and by phone digits). The folded name already
 * has its trigram index (schema 10), which serves `LIKE '%word%'`; the phone's digits get a generated column with
 * the same digits SQLite's trigger keeps (spaces, +, -, brackets dropped) and a trigram index of their own. Check-in
 * codes on any day, newest visit first, through their own index.
 */
export const SCHEMA_012 = `
ALTER TABLE patients
  ADD COLUMN phone_digits text GENERATED ALWAYS AS (translate(coalesce(phone, ''), ' +-()', '')) STORED;
CREATE INDEX patients_phone_trgm ON patients USING gin (phone_digits gin_trgm_ops);
CREATE INDEX sessions_by_code_anyday ON intake_sessions (check_in_code, submitted_at);
`;
