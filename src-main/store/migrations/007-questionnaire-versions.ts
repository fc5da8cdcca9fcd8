import type { Migration } from './index';

/**
 * Each questionnaire is stored once per content version instead of inside every session (it was about 25 KB of a
 * session's 26): sessions of a version read it from here. A session whose stored copy differs from its version's
 * (which a content hash should make impossible) keeps its own copy, so every old session still shows exactly what
 * the patient saw. The space freed inside the file is reused by new sessions; a backup (VACUUM INTO) is compact.
 */
export const m007QuestionnaireVersions: Migration = {
  version: 7,
  name: 'questionnaires stored once per content version',
  up(db) {
    db.exec(`
      CREATE TABLE questionnaire_versions (
        content_version     TEXT PRIMARY KEY,
        questionnaire_json  TEXT NOT NULL CHECK (json_valid(questionnaire_json)),
        first_used_at       TEXT NOT NULL
      ) WITHOUT ROWID;

      -- The first session's copy of each version (SQLite takes the bare column from the min() row).
      INSERT INTO questionnaire_versions (content_version, questionnaire_json, first_used_at)
        SELECT content_version, questionnaire_json, min(submitted_at)
        FROM intake_sessions WHERE questionnaire_json IS NOT NULL GROUP BY content_version;

      UPDATE intake_sessions SET questionnaire_json = NULL
      WHERE questionnaire_json = (
        SELECT v.questionnaire_json FROM questionnaire_versions v
        WHERE v.content_version = intake_sessions.content_version
      );
    `);
  },
};
