import type { Migration } from './index';

export const m001Initial: Migration = {
  version: 1,
  name: 'patients, intake sessions, clinicians, audit log, settings',
  up(db) {
    db.exec(`
      CREATE TABLE patients (
        id            INTEGER PRIMARY KEY,
        full_name     TEXT NOT NULL,
        -- lower-case, accents removed: matching and search ("Núñez" is found by "nunez")
        name_key      TEXT NOT NULL,
        date_of_birth TEXT NOT NULL,
        phone         TEXT,
        created_at    TEXT NOT NULL
      );
      CREATE UNIQUE INDEX patients_identity ON patients (name_key, date_of_birth);

      CREATE TABLE intake_sessions (
        id              INTEGER PRIMARY KEY,
        patient_id      INTEGER NOT NULL REFERENCES patients (id),
        submitted_at    TEXT NOT NULL,
        local_date      TEXT NOT NULL,
        status          TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'in-review', 'seen')),
        urgency         TEXT NOT NULL CHECK (urgency IN ('emergency', 'same-day', 'routine')),
        urgency_rank    INTEGER NOT NULL,
        red_flag_ids    TEXT NOT NULL,
        pain_now        INTEGER,
        top_suggestion  TEXT,
        check_in_code   TEXT NOT NULL,
        locale          TEXT NOT NULL,
        answers_json    TEXT NOT NULL CHECK (json_valid(answers_json)),
        triage_json     TEXT NOT NULL CHECK (json_valid(triage_json)),
        questionnaire_json TEXT CHECK (questionnaire_json IS NULL OR json_valid(questionnaire_json)),
        content_version TEXT NOT NULL,
        engine_version  TEXT NOT NULL
      );
      CREATE INDEX sessions_queue ON intake_sessions (local_date, urgency_rank, submitted_at);
      CREATE INDEX sessions_by_patient ON intake_sessions (patient_id, submitted_at);

      CREATE TABLE clinicians (
        id               INTEGER PRIMARY KEY,
        name             TEXT NOT NULL,
        role             TEXT NOT NULL CHECK (role IN ('clinician', 'admin')),
        pin_hash         TEXT NOT NULL,
        pin_salt         TEXT NOT NULL,
        failed_attempts  INTEGER NOT NULL DEFAULT 0,
        locked_until     TEXT,
        disabled         INTEGER NOT NULL DEFAULT 0,
        created_at       TEXT NOT NULL
      );

      CREATE TABLE audit_log (
        id           INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        actor_type   TEXT NOT NULL CHECK (actor_type IN ('kiosk', 'clinician', 'system')),
        actor_id     INTEGER,
        action       TEXT NOT NULL,
        target_type  TEXT,
        target_id    INTEGER,
        detail_json  TEXT CHECK (detail_json IS NULL OR json_valid(detail_json))
      );
      CREATE INDEX audit_by_time ON audit_log (at);
      CREATE INDEX audit_by_actor ON audit_log (actor_id, at);

      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value_json TEXT NOT NULL CHECK (json_valid(value_json))
      );
    `);
  },
};
