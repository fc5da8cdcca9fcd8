import type { Migration } from './index';

/**
 * Clinician area: append-only assessment notes (versions linked to the one they amend) and full-text patient search
 * over the folded name. The triggers make "never overwritten, never deleted" a property of the database itself.
 */
export const m002ClinicianArea: Migration = {
  version: 2,
  name: 'assessment notes (append-only), patient name search (FTS5)',
  up(db) {
    db.exec(`
      CREATE TABLE assessments (
        id           INTEGER PRIMARY KEY,
        session_id   INTEGER NOT NULL REFERENCES intake_sessions (id),
        patient_id   INTEGER NOT NULL REFERENCES patients (id),
        version      INTEGER NOT NULL CHECK (version >= 1),
        -- the version this one amends; each version can be amended once, so the history is a single line
        previous_id  INTEGER UNIQUE REFERENCES assessments (id),
        author_id    INTEGER NOT NULL REFERENCES clinicians (id),
        created_at   TEXT NOT NULL,
        note_json    TEXT NOT NULL CHECK (json_valid(note_json)),
        UNIQUE (session_id, version),
        CHECK ((version = 1) = (previous_id IS NULL))
      );
      CREATE INDEX assessments_by_patient ON assessments (patient_id, created_at);

      CREATE TRIGGER assessments_never_updated BEFORE UPDATE ON assessments
      BEGIN SELECT RAISE(ABORT, 'assessment notes are append-only: save an amendment as a new version'); END;
      CREATE TRIGGER assessments_never_deleted BEFORE DELETE ON assessments
      BEGIN SELECT RAISE(ABORT, 'assessment notes are append-only: they cannot be deleted'); END;

      -- Search by the folded name ("nunez" finds "Núñez"); prefix indexes make partial names cheap.
      CREATE VIRTUAL TABLE patients_fts USING fts5(
        name_key, content = 'patients', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
      );
      INSERT INTO patients_fts (patients_fts) VALUES ('rebuild');
      CREATE TRIGGER patients_fts_insert AFTER INSERT ON patients
      BEGIN INSERT INTO patients_fts (rowid, name_key) VALUES (new.id, new.name_key); END;
      CREATE TRIGGER patients_fts_delete AFTER DELETE ON patients
      BEGIN INSERT INTO patients_fts (patients_fts, rowid, name_key) VALUES ('delete', old.id, old.name_key); END;
      CREATE TRIGGER patients_fts_update AFTER UPDATE OF name_key ON patients
      BEGIN
        INSERT INTO patients_fts (patients_fts, rowid, name_key) VALUES ('delete', old.id, old.name_key);
        INSERT INTO patients_fts (rowid, name_key) VALUES (new.id, new.name_key);
      END;
      CREATE INDEX patients_by_dob ON patients (date_of_birth);

      -- Who acknowledged an urgent arrival, so every staff window (and a reloaded one) knows it is handled.
      ALTER TABLE intake_sessions ADD COLUMN alert_acknowledged_at TEXT;
      ALTER TABLE intake_sessions ADD COLUMN alert_acknowledged_by INTEGER REFERENCES clinicians (id);

      -- Covering index for today's queue: the list is read from the index alone, never from the wide rows that
      -- carry the answers and triage JSON (measured in bench/queue.ts).
      CREATE INDEX sessions_queue_covering ON intake_sessions (
        local_date, urgency_rank, submitted_at, id, patient_id, status, urgency, pain_now, check_in_code,
        top_suggestion, red_flag_ids, alert_acknowledged_at
      );
    `);
  },
};
