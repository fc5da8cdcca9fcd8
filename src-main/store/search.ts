/** Patient search (FTS5 over the folded name, and date of birth) and a patient's history of sessions. */
import { nameKey } from '../core/text';
import type { Db } from './db';

export interface PatientHitRow {
  id: number;
  full_name: string;
  date_of_birth: string;
  sessions: number;
  last_visit: string | null;
}

/** The folded words of what was typed (letters and digits only), at most eight: both engines search by these. */
export function searchWords(text: string): string[] {
  return nameKey(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
}

/**
 * Every word the clinician typed must start a word of the name: "nun" finds "Núñez", "zoe nu" finds "Zoë Núñez".
 * Words are folded like stored names and quoted, so FTS5 syntax typed by a person is taken literally.
 */
export function ftsQuery(text: string): string | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

const HIT_COLUMNS = `p.id, p.full_name, p.date_of_birth,
  (SELECT count(*) FROM intake_sessions s WHERE s.patient_id = p.id) AS sessions,
  (SELECT max(s.submitted_at) FROM intake_sessions s WHERE s.patient_id = p.id) AS last_visit`;

export function searchPatients(
  db: Db,
  q: { name?: string | undefined; dateOfBirth?: string | undefined },
  limit = 50,
): PatientHitRow[] {
  const match = q.name ? ftsQuery(q.name) : null;
  if (q.name && !match) return [];
  if (match && q.dateOfBirth) {
    return db
      .prepare(
        `SELECT ${HIT_COLUMNS} FROM patients_fts f JOIN patients p ON p.id = f.rowid
          WHERE patients_fts MATCH ? AND p.date_of_birth = ? ORDER BY f.rank, p.id LIMIT ?`,
      )
      .all(match, q.dateOfBirth, limit) as PatientHitRow[];
  }
  if (match) {
    // Best matches first; visit counts are only computed for the rows returned, not for every match of a common name.
    return db
      .prepare(
        `WITH hits AS (SELECT rowid AS id, rank FROM patients_fts WHERE patients_fts MATCH ? ORDER BY rank LIMIT ?)
         SELECT ${HIT_COLUMNS} FROM hits JOIN patients p ON p.id = hits.id ORDER BY hits.rank, p.id`,
      )
      .all(match, limit) as PatientHitRow[];
  }
  if (q.dateOfBirth) {
    return db
      .prepare(`SELECT ${HIT_COLUMNS} FROM patients p WHERE p.date_of_birth = ? ORDER BY p.name_key, p.id LIMIT ?`)
      .all(q.dateOfBirth, limit) as PatientHitRow[];
  }
  return [];
}

export interface HistoryRow {
  id: number;
  submitted_at: string;
  status: 'waiting' | 'in-review' | 'seen';
  urgency: 'emergency' | 'same-day' | 'routine';
  pain_now: number | null;
  top_suggestion: string | null;
  assessments: number;
}

export function patientSessions(db: Db, patientId: number): HistoryRow[] {
  return db
    .prepare(
      `SELECT s.id, s.submitted_at, s.status, s.urgency, s.pain_now, s.top_suggestion,
              (SELECT count(*) FROM assessments a WHERE a.session_id = s.id) AS assessments
         FROM intake_sessions s WHERE s.patient_id = ? ORDER BY s.submitted_at, s.id`,
    )
    .all(patientId) as HistoryRow[];
}
