/** PostgreSQL twin of SQLite migration 016: when a held intake reached the hub, and on which day. */
export const SCHEMA_016 = `
ALTER TABLE intake_sessions ADD COLUMN received_at text;
ALTER TABLE intake_sessions ADD COLUMN received_on text;
CREATE INDEX sessions_received_on ON intake_sessions (received_on) WHERE received_on IS NOT NULL;
`;
