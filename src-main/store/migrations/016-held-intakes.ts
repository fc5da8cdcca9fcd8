import type { Migration } from './index';

/**
 * An intake that waited on a kiosk for the hub (core/held-intake.ts) is filed under the time the patient finished
 * it, so its visit date, the patient's age and the outcome timeline are those of the visit. When and on which day it
 * reached the hub are kept beside it (null for the usual intake, which arrives at once): the queue of the day it
 * arrived still lists it, so an urgent one that nobody saw is raised that day, with the wait said aloud. Only held
 * intakes are indexed: the partial index is empty in a clinic whose kiosks never waited.
 */
export const m016HeldIntakes: Migration = {
  version: 16,
  name: 'when a held intake reached the hub, beside when the patient finished it',
  up(db) {
    db.exec(`
      ALTER TABLE intake_sessions ADD COLUMN received_at TEXT;
      ALTER TABLE intake_sessions ADD COLUMN received_on TEXT;
      CREATE INDEX sessions_received_on ON intake_sessions (received_on) WHERE received_on IS NOT NULL;
    `);
  },
};
