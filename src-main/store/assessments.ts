/** Assessment notes: every save is a new row; an amendment points at the version it replaces. Never updated. */
import type { Db } from './db';

export interface AssessmentRow {
  id: number;
  session_id: number;
  patient_id: number;
  version: number;
  previous_id: number | null;
  author_id: number;
  author_name: string;
  created_at: string;
  note_json: string;
  /** Why this version amends the one before; null for version 1 and for amendments saved before reasons were asked. */
  amend_reason: string | null;
}

export function listAssessments(db: Db, sessionId: number): AssessmentRow[] {
  return db
    .prepare(
      `SELECT a.*, c.name AS author_name FROM assessments a JOIN clinicians c ON c.id = a.author_id
        WHERE a.session_id = ? ORDER BY a.version`,
    )
    .all(sessionId) as AssessmentRow[];
}

export function latestAssessmentId(db: Db, sessionId: number): number | null {
  const row = db
    .prepare('SELECT id FROM assessments WHERE session_id = ? ORDER BY version DESC LIMIT 1')
    .get(sessionId) as { id: number } | undefined;
  return row?.id ?? null;
}

export function insertAssessment(
  db: Db,
  a: {
    sessionId: number;
    patientId: number;
    previousId: number | null;
    authorId: number;
    createdAt: string;
    noteJson: string;
    reason: string | null;
  },
): { id: number; version: number } {
  const previous =
    a.previousId === null
      ? null
      : (db.prepare('SELECT version FROM assessments WHERE id = ?').get(a.previousId) as
          { version: number } | undefined);
  const version = previous ? previous.version + 1 : 1;
  const info = db
    .prepare(
      `INSERT INTO assessments
         (session_id, patient_id, version, previous_id, author_id, created_at, note_json, amend_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(a.sessionId, a.patientId, version, a.previousId, a.authorId, a.createdAt, a.noteJson, a.reason);
  return { id: Number(info.lastInsertRowid), version };
}

/** The latest version of the assessment of the patient's latest assessed visit, with its author's name. */
export function latestAssessmentOfPatient(db: Db, patientId: number): AssessmentRow | undefined {
  return db
    .prepare(
      `SELECT a.*, c.name AS author_name FROM assessments a JOIN clinicians c ON c.id = a.author_id
         JOIN intake_sessions s ON s.id = a.session_id
        WHERE a.patient_id = ? ORDER BY s.submitted_at DESC, a.version DESC LIMIT 1`,
    )
    .get(patientId) as AssessmentRow | undefined;
}
