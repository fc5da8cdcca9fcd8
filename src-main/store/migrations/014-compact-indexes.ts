import type { Migration } from './index';

/** As migration 012's triggers keep it: the phone without spaces, +, -, or brackets. */
const PHONE_DIGITS = (col: string) =>
  `replace(replace(replace(replace(replace(coalesce(${col}, ''), ' ', ''), '+', ''), '-', ''), '(', ''), ')', '')`;

/**
 * A database that stays small (issue #17): the same queries from fewer and slimmer indexes, nothing a session or a
 * patient holds is changed.
 * - sessions_queue_covering had stopped covering the queue when migration 011 added the visit kind and the identity
 *   status (the queue reads the rows anyway), yet every intake wrote its twelve columns: about 120 bytes a session. A
 *   day's queue is found by its date alone (sessions_by_day) and its few hundred rows are sorted as they are read.
 * - One check-in code index, code first then day, serves both the per-day lookup (is this code taken today?) and the
 *   search by code on any day (migrations 008 and 012 had one each).
 * - A patient's sessions are found by the patient alone: a patient has a handful, sorted as they are read, and the
 *   arrival time (24 bytes) no longer repeats in the index.
 * - The trigram name and phone index keeps no copy of what it indexes (contentless): search reads only its rowids
 *   and ranks, the names are in patients.
 * - The prefix index of whole-word search keeps prefixes of one and two characters only: it serves words shorter
 *   than a trigram (store/search.ts); three characters and more are searched through the trigram index.
 */
export const m014CompactIndexes: Migration = {
  version: 14,
  name: 'fewer and slimmer session indexes, contentless trigram search, two-character name prefixes',
  up(db) {
    db.exec(`
      DROP INDEX sessions_queue_covering;
      DROP INDEX sessions_by_check_in_code;
      DROP INDEX sessions_by_code_anyday;
      CREATE INDEX sessions_by_day ON intake_sessions (local_date);
      CREATE INDEX sessions_by_code ON intake_sessions (check_in_code, local_date);
      DROP INDEX sessions_by_patient;
      CREATE INDEX sessions_by_patient ON intake_sessions (patient_id);

      DROP TRIGGER patients_trigram_insert;
      DROP TRIGGER patients_trigram_delete;
      DROP TRIGGER patients_trigram_update;
      DROP TABLE patients_trigram;
      CREATE VIRTUAL TABLE patients_trigram USING fts5(
        name_key, phone_digits, tokenize = 'trigram', content = '', contentless_delete = 1
      );
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

      DROP TRIGGER patients_fts_insert;
      DROP TRIGGER patients_fts_delete;
      DROP TRIGGER patients_fts_update;
      DROP TABLE patients_fts;
      CREATE VIRTUAL TABLE patients_fts USING fts5(
        name_key, content = 'patients', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2'
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
    `);
  },
};
