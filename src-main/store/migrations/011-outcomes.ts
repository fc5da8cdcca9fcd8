import type { Migration } from './index';

/**
 * Outcomes across visits (issue #14). One row per session and measure with the patient's item answers as JSON and
 * the computed total. Each session says whether it was a first or a return visit, keeps the phone typed at the kiosk
 * (it never overwrites the patient's record) and, when the kiosk's name and date of birth matched a patient, says
 * that a clinician has still to confirm it is the same person. Two different people may share a name and a birth
 * date, so the patient identity index stops being unique: a clinician who says "a different person" gets a new
 * patient record with the same name and date of birth.
 */
export const m011Outcomes: Migration = {
  version: 11,
  name: 'outcome measures per session, first or return visit, kiosk phone, identity to confirm',
  up(db) {
    db.exec(`
      CREATE TABLE measure_responses (
        session_id  INTEGER NOT NULL REFERENCES intake_sessions (id),
        measure     TEXT NOT NULL CHECK (measure IN ('nprs', 'lefs', 'psfs', 'pgic', 'adherence')),
        items_json  TEXT NOT NULL CHECK (json_valid(items_json)),
        -- null when the measure could not be scored (a LEFS with an item unanswered)
        total       REAL,
        PRIMARY KEY (session_id, measure)
      );  -- with a rowid: retention purges rows that hang off sessions by rowid

      ALTER TABLE intake_sessions ADD COLUMN visit_kind TEXT NOT NULL DEFAULT 'first'
        CHECK (visit_kind IN ('first', 'return'));
      ALTER TABLE intake_sessions ADD COLUMN kiosk_phone TEXT;
      -- null: a new patient, nothing to confirm; 'to-confirm': the kiosk's name and birth date matched this patient;
      -- 'confirmed': a clinician said it is them; 'new-patient': a clinician said it is someone else
      ALTER TABLE intake_sessions ADD COLUMN identity_status TEXT
        CHECK (identity_status IS NULL OR identity_status IN ('to-confirm', 'confirmed', 'new-patient'));
      ALTER TABLE intake_sessions ADD COLUMN identity_resolved_at TEXT;
      ALTER TABLE intake_sessions ADD COLUMN identity_resolved_by INTEGER REFERENCES clinicians (id);

      DROP INDEX patients_identity;
      CREATE INDEX patients_identity ON patients (name_key, date_of_birth);
    `);
  },
};
