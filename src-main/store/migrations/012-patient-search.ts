import type { Migration } from './index';

/**
 * Patient search inside names and by phone: a trigram index over the folded name ("ecker" finds Becker, "unez" finds
 * Núñez, since the key is already lower-case without accents) and over the phone's digits (spaces, +, -, brackets
 * dropped, so "+44 7700" and "447700" are the same). An FTS5 table of its own, kept by triggers, so the prefix index
 * of migration 002 still serves one- and two-letter searches. Check-in codes are found through their own index.
 */
const PHONE_DIGITS = (col: string) =>
  `replace(replace(replace(replace(replace(coalesce(${col}, ''), ' ', ''), '+', ''), '-', ''), '(', ''), ')', '')`;

export const m012PatientSearch: Migration = {
  version: 12,
  name: 'patient search inside names and by phone digits (FTS5 trigram), check-in code index',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE patients_trigram USING fts5(name_key, phone_digits, tokenize = 'trigram');
      INSERT INTO patients_trigram (rowid, name_key, phone_digits)
        SELECT id, name_key, ${PHONE_DIGITS('phone')} FROM patients;
      CREATE TRIGGER patients_trigram_insert AFTER INSERT ON patients
      BEGIN
        INSERT INTO patients_trigram (rowid, name_key, phone_digits)
          VALUES (new.id, new.name_key, ${PHONE_DIGITS('new.phone')});
      END;
      CREATE TRIGGER patients_trigram_delete AFTER DELETE ON patients
      BEGIN DELETE FROM patients_trigram WHERE rowid = old.id; END;
      CREATE TRIGGER patients_trigram_update AFTER UPDATE OF name_key, phone ON patients
      BEGIN
        UPDATE patients_trigram SET name_key = new.name_key, phone_digits = ${PHONE_DIGITS('new.phone')}
          WHERE rowid = new.id;
      END;
      -- A code is short and repeats across days; the newest visit with it comes first.
      CREATE INDEX sessions_by_code_anyday ON intake_sessions (check_in_code, submitted_at);
    `);
  },
};
