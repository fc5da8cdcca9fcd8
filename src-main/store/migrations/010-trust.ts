import type { Migration } from './index';
import { auditRowHash, GENESIS_HASH, type ChainedFields } from '../audit-chain';

/**
 * Trust: the audit log becomes append-only (by trigger, like assessment notes) and hash-chained, rows written before
 * are chained in id order now; the clinic gets an id of its own, so a restore can tell another clinic's backup from
 * its own; wrong PINs are counted per staff window or device *and* clinician, so one person at one window cannot lock
 * a clinician out everywhere; an administrator recovery code.
 */
export const m010Trust: Migration = {
  version: 10,
  name: 'append-only hash-chained audit log, clinic id, wrong PINs per window',
  up(db) {
    db.exec(`
      ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit_log ADD COLUMN hash TEXT;
    `);
    const rows = db
      .prepare(
        'SELECT id, at, actor_type, actor_id, action, target_type, target_id, detail_json FROM audit_log ORDER BY id',
      )
      .all() as ChainedFields[];
    const set = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const hash = auditRowHash(prev, r);
      set.run(prev, hash, r.id);
      prev = hash;
    }
    db.exec(`
      CREATE TRIGGER audit_log_never_updated BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_never_deleted BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

      -- One row: this clinic's id, made once with the database. A backup carries it, so a restore can tell.
      CREATE TABLE clinic_identity (
        only_row    INTEGER PRIMARY KEY CHECK (only_row = 1),
        clinic_id   TEXT NOT NULL CHECK (length(clinic_id) = 32)
      );
      INSERT INTO clinic_identity (only_row, clinic_id) VALUES (1, lower(hex(randomblob(16))));
      CREATE TRIGGER clinic_identity_kept BEFORE UPDATE ON clinic_identity
      BEGIN SELECT RAISE(ABORT, 'the clinic id never changes'); END;

      CREATE TABLE pin_failures (
        scope         TEXT NOT NULL,
        clinician_id  INTEGER NOT NULL REFERENCES clinicians (id),
        failed        INTEGER NOT NULL CHECK (failed > 0),
        locked_until  TEXT,
        PRIMARY KEY (scope, clinician_id)
      ) WITHOUT ROWID;

      -- The one-time code printed at first-run setup: it lets an administrator set a new PIN when the only admin is
      -- locked out or has forgotten it. Stored as a scrypt hash, like PINs.
      CREATE TABLE admin_recovery (
        only_row    INTEGER PRIMARY KEY CHECK (only_row = 1),
        code_hash   TEXT NOT NULL,
        code_salt   TEXT NOT NULL,
        created_at  TEXT NOT NULL
      );
    `);
  },
};
