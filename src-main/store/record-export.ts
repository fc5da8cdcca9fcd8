/**
 * What a patient's record export reads (the api turns it into the bundle, FHIR and the letter): the patient, every
 * visit with its triage and measures, the rows of other tables that point at them (found from the schema's foreign
 * keys, so tables added later are exported too), the latest assessment and the handouts given. Read in one
 * transaction, so the export is one moment's record. PostgreSQL reads the same in postgres/records.ts.
 */
import type { Db } from './db';
import { latestAssessmentOfPatient, type AssessmentRow } from './assessments';
import { patientHandouts, type HandoutRow } from './handouts';
import { sessionMeasures, type MeasureResult } from './measures';
import { sessionTriage } from './reason-catalogues';
import { QUESTIONNAIRE_VERSION_JOIN, SESSION_QUESTIONNAIRE, type IdentityStatus } from './sessions';
import type { TriageResult } from '../core/triage/engine';
import type { VisitKind } from '../core/measures/visit-plan';

export interface ExportPatientRow {
  id: number;
  full_name: string;
  date_of_birth: string;
  phone: string | null;
  created_at: string;
}

export interface ExportSessionRow {
  id: number;
  submitted_at: string;
  status: string;
  locale: string;
  check_in_code: string;
  content_version: string;
  engine_version: string;
  answers_json: string;
  triage_json: string;
  questionnaire_json: string | null;
  identity_status: IdentityStatus;
  visit_kind: VisitKind;
  kiosk_phone: string | null;
  received_at: string | null;
  alert_acknowledged_at: string | null;
  /** The clinician's name (the column holds their id). */
  alert_acknowledged_by: string | null;
  identity_resolved_at: string | null;
  /** The clinician's name (the column holds their id). */
  identity_resolved_by: string | null;
}

/**
 * The session columns an export reads, and the joins that name the clinicians; both engines read the same. Every
 * other column of intake_sessions is in EXPORT_DERIVED_SESSION_COLUMNS (a test holds the two to the schema).
 */
export const EXPORT_SESSION_SELECT = `s.id, s.submitted_at, s.status, s.locale, s.check_in_code, s.content_version,
    s.engine_version, s.answers_json, s.triage_json, s.identity_status, s.visit_kind, s.kiosk_phone, s.received_at,
    s.alert_acknowledged_at, ack.name AS alert_acknowledged_by, s.identity_resolved_at,
    res.name AS identity_resolved_by, ${SESSION_QUESTIONNAIRE}`;
export const EXPORT_SESSION_JOINS = `${QUESTIONNAIRE_VERSION_JOIN}
    LEFT JOIN clinicians ack ON ack.id = s.alert_acknowledged_by
    LEFT JOIN clinicians res ON res.id = s.identity_resolved_by`;

/**
 * Columns of intake_sessions a records request does not repeat, each worked out from what the export does hold, so
 * that a column added later is either exported or listed here with its reason.
 */
export const EXPORT_DERIVED_SESSION_COLUMNS: Readonly<Record<string, string>> = {
  patient_id: "the bundle is one patient's",
  local_date: "the clinic's day of submitted_at",
  received_on: "the clinic's day of received_at",
  urgency: "the triage result's urgency",
  urgency_rank: 'the order of urgency, for sorting the queue',
  red_flag_ids: "the triage result's red flags",
  pain_now: "the answer to 'pain now'",
  top_suggestion: "the triage result's first suggestion",
};

export interface PatientExport {
  patient: ExportPatientRow;
  /** Oldest visit first. */
  sessions: { row: ExportSessionRow; triage: TriageResult; measures: MeasureResult[] }[];
  /** Rows of the other tables whose foreign keys point at the patient or their visits, JSON columns parsed. */
  related: Record<string, Record<string, unknown>[]>;
  latestAssessment: AssessmentRow | undefined;
  /** Oldest first, as a letter lists them. */
  handouts: HandoutRow[];
}

/** Tables exported on their own (patients, sessions) or not the patient's (staff, audit, settings). */
export const EXPORT_CORE_TABLES: ReadonlySet<string> = new Set([
  'patients',
  'intake_sessions',
  'clinicians',
  'audit_log',
  'settings',
]);

/** JSON columns (named `*_json`) parsed, so the bundle holds objects rather than strings of JSON. */
export const parsedJsonColumns = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      k.endsWith('_json') && typeof v === 'string' ? (JSON.parse(v) as unknown) : v,
    ]),
  );

const quote = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

function relatedRows(db: Db, patientId: number, sessionIds: number[]): PatientExport['related'] {
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[]
  )
    .map((t) => t.name)
    .filter((t) => !EXPORT_CORE_TABLES.has(t));
  const out: PatientExport['related'] = {};
  for (const table of tables) {
    const fks = db.prepare('SELECT "table" AS target, "from" FROM pragma_foreign_key_list(?)').all(table) as {
      target: string;
      from: string;
    }[];
    const where: string[] = [];
    const params: number[] = [];
    for (const fk of fks) {
      if (fk.target === 'patients') {
        where.push(`${quote(fk.from)} = ?`);
        params.push(patientId);
      } else if (fk.target === 'intake_sessions' && sessionIds.length > 0) {
        where.push(`${quote(fk.from)} IN (${sessionIds.map(() => '?').join(',')})`);
        params.push(...sessionIds);
      }
    }
    if (where.length === 0) continue;
    // In primary-key order (rowid where there is none), as PostgreSQL lists them: the same export on both engines.
    const key = (
      db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(table) as {
        name: string;
      }[]
    ).map((k) => quote(k.name));
    const rows = db
      .prepare(`SELECT * FROM ${quote(table)} WHERE ${where.join(' OR ')} ORDER BY ${key.join(', ') || 'rowid'}`)
      .all(...params) as Record<string, unknown>[];
    out[table] = rows.map(parsedJsonColumns);
  }
  return out;
}

/** The patient's export inputs, or undefined when there is no such patient. */
export function patientExport(db: Db, patientId: number): PatientExport | undefined {
  return db.transaction(() => {
    const patient = db
      .prepare('SELECT id, full_name, date_of_birth, phone, created_at FROM patients WHERE id = ?')
      .get(patientId) as ExportPatientRow | undefined;
    if (!patient) return undefined;
    const rows = db
      .prepare(
        `SELECT ${EXPORT_SESSION_SELECT} FROM intake_sessions s ${EXPORT_SESSION_JOINS}
          WHERE s.patient_id = ? ORDER BY s.submitted_at, s.id`,
      )
      .all(patientId) as ExportSessionRow[];
    return {
      patient,
      sessions: rows.map((row) => ({ row, triage: sessionTriage(db, row), measures: sessionMeasures(db, row.id) })),
      related: relatedRows(
        db,
        patientId,
        rows.map((r) => r.id),
      ),
      latestAssessment: latestAssessmentOfPatient(db, patientId),
      handouts: patientHandouts(db, patientId),
    };
  })();
}
