import type { Migration } from './index';

/**
 * How many intakes each kiosk device said it deleted unsent (`kiosk.heldExpired`, core/held-intake.ts), and when it
 * last said so, for the Devices screen. The audit log keeps each report; this keeps the sum where it is shown.
 */
export const m017HeldExpiredOnDevices: Migration = {
  version: 17,
  name: 'intakes a kiosk deleted unsent, counted on its device',
  up(db) {
    db.exec(`
      ALTER TABLE devices ADD COLUMN held_expired_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE devices ADD COLUMN held_expired_at TEXT;
    `);
  },
};
