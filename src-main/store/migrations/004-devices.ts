import type { Migration } from './index';

/**
 * Paired devices (hub mode) and the one-time codes that pair them. Only SHA-256 hashes of codes and credentials are
 * stored, so a copy of the database cannot be used to impersonate a device. Devices are revoked, never deleted: the
 * audit log refers to them by id.
 */
export const m004Devices: Migration = {
  version: 4,
  name: 'paired devices and one-time pairing codes (hashes only)',
  up(db) {
    db.exec(`
      CREATE TABLE devices (
        id               INTEGER PRIMARY KEY,
        name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        role             TEXT NOT NULL CHECK (role IN ('kiosk', 'staff')),
        credential_hash  TEXT NOT NULL UNIQUE CHECK (length(credential_hash) = 64),
        created_at       TEXT NOT NULL,
        created_by       INTEGER REFERENCES clinicians (id),
        last_seen_at     TEXT,
        last_address     TEXT,
        revoked_at       TEXT,
        revoked_by       INTEGER REFERENCES clinicians (id)
      );
      CREATE TRIGGER devices_never_deleted BEFORE DELETE ON devices
      BEGIN SELECT RAISE(ABORT, 'devices are revoked, not deleted'); END;
      CREATE TRIGGER devices_stay_revoked BEFORE UPDATE OF revoked_at ON devices
      WHEN OLD.revoked_at IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'a revoked device stays revoked'); END;

      CREATE TABLE pairing_codes (
        id          INTEGER PRIMARY KEY,
        code_hash   TEXT NOT NULL UNIQUE CHECK (length(code_hash) = 64),
        role        TEXT NOT NULL CHECK (role IN ('kiosk', 'staff')),
        name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        created_at  TEXT NOT NULL,
        expires_at  TEXT NOT NULL,
        created_by  INTEGER NOT NULL REFERENCES clinicians (id),
        used_at     TEXT,
        device_id   INTEGER REFERENCES devices (id),
        CHECK ((used_at IS NULL) = (device_id IS NULL))
      );
      CREATE INDEX pairing_codes_open ON pairing_codes (expires_at) WHERE used_at IS NULL;
    `);
  },
};
