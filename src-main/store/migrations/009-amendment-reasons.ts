import type { Migration } from './index';

/**
 * Why an assessment was amended: asked of the clinician with every amendment and kept with that version. Versions
 * saved before this column existed have none; the append-only triggers stay as they are (adding a column is not an
 * update of any row).
 */
export const m009AmendmentReasons: Migration = {
  version: 9,
  name: 'the reason given for each assessment amendment',
  up(db) {
    db.exec(`ALTER TABLE assessments ADD COLUMN amend_reason TEXT CHECK (amend_reason IS NULL OR version > 1)`);
  },
};
