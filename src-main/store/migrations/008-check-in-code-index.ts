import type { Migration } from './index';

/**
 * Finding whether a check-in code is taken today was a scan of the day's sessions: a few dozen in a small clinic, but
 * a hub behind ten kiosks has hundreds, and the scan ran inside the submit's write transaction (a fifth of a submit's
 * time in a profile). Not unique: a database that somehow holds a repeated code must still open.
 */
export const m008CheckInCodeIndex: Migration = {
  version: 8,
  name: 'index for check-in codes by day',
  up(db) {
    db.exec('CREATE INDEX sessions_by_check_in_code ON intake_sessions (local_date, check_in_code);');
  },
};
