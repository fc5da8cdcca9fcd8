/**
 * Outcome measure responses: one row per session and measure (migration 011), the item answers as JSON and the
 * computed total. A patient's results across visits are ordered by the visit's date (the session's local date), so a
 * chart's axis shows when each visit was, not when it was read.
 */
import type { MeasureId } from '../core/content/measures';
import type { MeasureResponse } from '../core/measures/scoring';
import { prepared, type Db } from './db';

export function insertMeasureResponses(db: Db, sessionId: number, responses: readonly MeasureResponse[]): void {
  const insert = prepared(
    db,
    'INSERT INTO measure_responses (session_id, measure, items_json, total) VALUES (?, ?, ?, ?)',
  );
  for (const r of responses) insert.run(sessionId, r.measure, JSON.stringify(r.items), r.total);
}

/** One measure at one visit. */
export interface MeasureResult {
  sessionId: number;
  /** The visit's date (YYYY-MM-DD, the clinic's local date when the patient checked in). */
  visitDate: string;
  /** When the kiosk submission was received (ISO-8601 UTC). */
  submittedAt: string;
  visitKind: 'first' | 'return';
  measure: MeasureId;
  /** The answers as stored: LEFS item id → 0-4; PSFS [{ activity, rating }]; NPRS { now, worst }; PGIC { option }. */
  items: unknown;
  total: number | null;
}

interface Row {
  session_id: number;
  local_date: string;
  submitted_at: string;
  visit_kind: 'first' | 'return';
  measure: MeasureId;
  items_json: string;
  total: number | null;
}

const toResult = (r: Row): MeasureResult => ({
  sessionId: r.session_id,
  visitDate: r.local_date,
  submittedAt: r.submitted_at,
  visitKind: r.visit_kind,
  measure: r.measure,
  items: JSON.parse(r.items_json) as unknown,
  total: r.total,
});

const SELECT = `SELECT m.session_id, s.local_date, s.submitted_at, s.visit_kind, m.measure, m.items_json, m.total
  FROM measure_responses m JOIN intake_sessions s ON s.id = m.session_id`;

/**
 * Every measure result of a patient, oldest visit first (visit date, then arrival), and within a visit in a fixed
 * measure order. Sessions whose identity a clinician has not confirmed yet are included and say so in the session;
 * a session moved to a new patient ("a different person") is that patient's, not this one's.
 */
export function measureHistory(db: Db, patientId: number, measure?: MeasureId): MeasureResult[] {
  const rows = (
    measure
      ? prepared(
          db,
          `${SELECT} WHERE s.patient_id = ? AND m.measure = ? ORDER BY s.local_date, s.submitted_at, s.id`,
        ).all(patientId, measure)
      : prepared(db, `${SELECT} WHERE s.patient_id = ? ORDER BY s.local_date, s.submitted_at, s.id, m.measure`).all(
          patientId,
        )
  ) as Row[];
  return rows.map(toResult);
}

/** The measure results of one session. */
export function sessionMeasures(db: Db, sessionId: number): MeasureResult[] {
  return (prepared(db, `${SELECT} WHERE m.session_id = ? ORDER BY m.measure`).all(sessionId) as Row[]).map(toResult);
}
