import type { Migration } from './index';

/**
 * Home-exercise handouts: each generated PDF is a row (the plan it was printed from, the file's name and sha256, who
 * made it and from which exercise library version), never updated or deleted, so the record shows what the patient
 * was given. Clinic templates are named, reusable plans.
 */
export const m003Handouts: Migration = {
  version: 3,
  name: 'handouts (append-only record of printed plans) and clinic handout templates',
  up(db) {
    db.exec(`
      CREATE TABLE handouts (
        id               INTEGER PRIMARY KEY,
        session_id       INTEGER NOT NULL REFERENCES intake_sessions (id),
        patient_id       INTEGER NOT NULL REFERENCES patients (id),
        author_id        INTEGER NOT NULL REFERENCES clinicians (id),
        created_at       TEXT NOT NULL,
        locale           TEXT NOT NULL,
        plan_json        TEXT NOT NULL CHECK (json_valid(plan_json)),
        -- relative to <dataDir>/handouts
        file_name        TEXT NOT NULL UNIQUE,
        file_sha256      TEXT NOT NULL CHECK (length(file_sha256) = 64),
        file_bytes       INTEGER NOT NULL CHECK (file_bytes > 0),
        library_version  TEXT NOT NULL,
        library_hash     TEXT NOT NULL,
        exercise_count   INTEGER NOT NULL,
        override_count   INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX handouts_by_session ON handouts (session_id, created_at);
      CREATE INDEX handouts_by_patient ON handouts (patient_id, created_at);

      CREATE TRIGGER handouts_never_updated BEFORE UPDATE ON handouts
      BEGIN SELECT RAISE(ABORT, 'handout records are append-only'); END;
      CREATE TRIGGER handouts_never_deleted BEFORE DELETE ON handouts
      BEGIN SELECT RAISE(ABORT, 'handout records are append-only'); END;

      CREATE TABLE handout_templates (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        -- lower-case, trimmed: one template per name
        name_key    TEXT NOT NULL UNIQUE,
        plan_json   TEXT NOT NULL CHECK (json_valid(plan_json)),
        author_id   INTEGER NOT NULL REFERENCES clinicians (id),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );
    `);
  },
};
