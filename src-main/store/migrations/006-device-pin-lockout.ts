import type { Migration } from './index';

/**
 * Wrong PINs counted per paired device as well as per clinician: someone at one staff device trying every clinician's
 * PIN in turn meets a lockout on the device, not a fresh five tries per name. Stored, so restarting the hub does not
 * reset it.
 */
export const m006DevicePinLockout: Migration = {
  version: 6,
  name: 'wrong PINs counted per paired device',
  up(db) {
    db.exec(`
      ALTER TABLE devices ADD COLUMN failed_pin_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_pin_attempts >= 0);
      ALTER TABLE devices ADD COLUMN pin_locked_until TEXT;
    `);
  },
};
