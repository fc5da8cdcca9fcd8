/** PostgreSQL twin of SQLite migration 017: intakes a kiosk deleted unsent, counted on its device. */
export const SCHEMA_017 = `
ALTER TABLE devices ADD COLUMN held_expired_count integer NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN held_expired_at text;
`;
