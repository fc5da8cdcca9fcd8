import type { Migration } from './index';

/**
 * Submission ids made on the station: the hub stores each id once with the session it made and a hash of what was
 * sent, so a retry (a lost reply, an outbox delivering again) returns the first receipt instead of a second session.
 */
export const m005SubmissionIds: Migration = {
  version: 5,
  name: 'station-made submission ids, stored once per session',
  up(db) {
    db.exec(`
      CREATE TABLE submissions (
        submission_id   TEXT PRIMARY KEY CHECK (length(submission_id) BETWEEN 16 AND 64),
        -- the retention purge (store/retention.ts) follows this reference, by rowid, to delete it with its session
        session_id      INTEGER NOT NULL UNIQUE REFERENCES intake_sessions (id),
        payload_sha256  TEXT NOT NULL CHECK (length(payload_sha256) = 64),
        received_at     TEXT NOT NULL
      );
    `);
  },
};
