/**
 * PostgreSQL twin of SQLite migration 011 (outcomes, issue #14): measure responses per session and measure, a
 * session's visit kind, the phone typed at the kiosk and whether a clinician has still to confirm whose it is. The
 * patient identity index stops being unique (two people may share a name and a birth date).
 */
export const SCHEMA_011 = `
CREATE TABLE measure_responses (
  session_id  integer NOT NULL REFERENCES intake_sessions (id),
  measure     text NOT NULL CHECK (measure IN ('nprs', 'lefs', 'psfs', 'pgic', 'adherence')),
  items_json  text NOT NULL CHECK (items_json::jsonb IS NOT NULL),
  -- SQLite's REAL is an 8-byte float: double precision, not real, so totals copy across unchanged
  total       double precision,
  PRIMARY KEY (session_id, measure)
);

ALTER TABLE intake_sessions
  ADD COLUMN visit_kind text NOT NULL DEFAULT 'first' CHECK (visit_kind IN ('first', 'return')),
  ADD COLUMN kiosk_phone text,
  ADD COLUMN identity_status text
    CHECK (identity_status IS NULL OR identity_status IN ('to-confirm', 'confirmed', 'new-patient')),
  ADD COLUMN identity_resolved_at text,
  ADD COLUMN identity_resolved_by integer REFERENCES clinicians (id);

DROP INDEX patients_identity;
CREATE INDEX patients_identity ON patients (name_key, date_of_birth);

-- The queue reads the two new columns: still from the index alone.
DROP INDEX sessions_queue;
CREATE INDEX sessions_queue ON intake_sessions (local_date, urgency_rank, submitted_at, id)
  INCLUDE (patient_id, status, urgency, pain_now, check_in_code, top_suggestion, red_flag_ids, alert_acknowledged_at,
           visit_kind, identity_status);
`;
