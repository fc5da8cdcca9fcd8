/**
 * Area A of the PostgreSQL engine (#18): what a clinician does to a session (open it, set its status, acknowledge its
 * alert, settle who it belongs to) and the reads behind history and outcomes, each as store/sessions.ts,
 * store/identity.ts and store/measures.ts do on SQLite. A change runs inside the caller's transaction with its audit
 * rows (`audit`, the engine's chained append), and first locks the session's row: two hubs acting on one session at
 * once take turns, so a status's "from", an alert's "first" and an identity decision are each decided once. Lock
 * order as the engine's (session row, then the audit log's tail).
 */
import type pg from 'pg';
import type { SessionStatus } from '../../core/clinic';
import type { AuditEntry } from '../audit-chain';
import {
  HAS_RECORDS_MESSAGE,
  IdentityError,
  kioskPhoneTaken,
  movedToNamesake,
  movedToReturningRecord,
  NOT_A_NAMESAKE_MESSAGE,
  NOT_BORN_THAT_DAY_MESSAGE,
  refuseUnlessDecidable,
  type IdentityInput,
  type IdentityOutcome,
} from '../identity';
import { MAX_NAMESAKES, type NamesakeRow } from '../namesakes';
import type { MeasureResult } from '../measures';
import type { PatientRow } from '../patients';
import type { SessionRow } from '../sessions';
import { nameKey } from '../../core/text';

/** Appends one chained audit row inside the transaction of `c` (the engine's appendAuditRow). */
export type PgAuditAppend = (c: pg.PoolClient, entry: AuditEntry, atIso: string) => Promise<void>;

type Queryable = pg.Pool | pg.PoolClient;

const SESSION_SELECT = `SELECT s.id, s.patient_id, s.submitted_at, s.status, s.locale, s.check_in_code, s.answers_json,
    s.triage_json, s.visit_kind, s.kiosk_phone, s.identity_status, s.identity_resolved_at, s.identity_resolved_by,
    s.content_version, s.engine_version, s.received_at,
    coalesce(s.questionnaire_json, qv.questionnaire_json) AS questionnaire_json
  FROM intake_sessions s LEFT JOIN questionnaire_versions qv ON qv.content_version = s.content_version
  WHERE s.id = $1`;

/** The session's row, locked for the rest of the transaction (not its key: references to it stay possible). */
async function lockedSession(c: pg.PoolClient, sessionId: number): Promise<SessionRow | undefined> {
  const r = await c.query<SessionRow>(`${SESSION_SELECT} FOR NO KEY UPDATE OF s`, [sessionId]);
  return r.rows[0];
}

/** `forUpdate`: inside a transaction that changes the record (a correction), locked until it ends. */
export async function getPatient(q: Queryable, patientId: number, forUpdate = false): Promise<PatientRow | undefined> {
  const r = await q.query<PatientRow>(
    `SELECT id, full_name, date_of_birth, phone FROM patients WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [patientId],
  );
  return r.rows[0];
}

export async function sessionPatientId(q: Queryable, sessionId: number): Promise<number | null> {
  const r = await q.query<{ patient_id: number }>('SELECT patient_id FROM intake_sessions WHERE id = $1', [sessionId]);
  return r.rows[0]?.patient_id ?? null;
}

/** As store/sessions.ts: stored once per content version; true when the stored copy is this one. */
export async function ensureQuestionnaireVersion(
  q: Queryable,
  contentVersion: string,
  json: string,
  nowIso: string,
): Promise<boolean> {
  await q.query(
    `INSERT INTO questionnaire_versions (content_version, questionnaire_json, first_used_at) VALUES ($1, $2, $3)
     ON CONFLICT (content_version) DO NOTHING`,
    [contentVersion, json, nowIso],
  );
  const r = await q.query<{ questionnaire_json: string }>(
    'SELECT questionnaire_json FROM questionnaire_versions WHERE content_version = $1',
    [contentVersion],
  );
  return r.rows[0]?.questionnaire_json === json;
}

export async function openSession(
  c: pg.PoolClient,
  audit: PgAuditAppend,
  sessionId: number,
  actorId: number,
  atIso: string,
): Promise<{ session: SessionRow; patient: PatientRow; statusChanged: boolean } | undefined> {
  const session = await lockedSession(c, sessionId);
  const patient = session ? await getPatient(c, session.patient_id) : undefined;
  if (!session || !patient) return undefined;
  const statusChanged = session.status === 'waiting';
  if (statusChanged) await c.query("UPDATE intake_sessions SET status = 'in-review' WHERE id = $1", [session.id]);
  await audit(
    c,
    { actorType: 'clinician', actorId, action: 'session.open', targetType: 'session', targetId: session.id },
    atIso,
  );
  return { session, patient, statusChanged };
}

export async function setSessionStatus(
  c: pg.PoolClient,
  audit: PgAuditAppend,
  sessionId: number,
  status: SessionStatus,
  actorId: number,
  atIso: string,
): Promise<SessionStatus | undefined> {
  const r = await c.query<{ status: SessionStatus }>(
    'SELECT status FROM intake_sessions WHERE id = $1 FOR NO KEY UPDATE',
    [sessionId],
  );
  const from = r.rows[0]?.status;
  if (from === undefined) return undefined;
  await c.query('UPDATE intake_sessions SET status = $1 WHERE id = $2', [status, sessionId]);
  await audit(
    c,
    {
      actorType: 'clinician',
      actorId,
      action: 'session.status',
      targetType: 'session',
      targetId: sessionId,
      detail: { from, to: status },
    },
    atIso,
  );
  return from;
}

/** The UPDATE's own row lock decides which of two hubs acknowledged first. */
export async function acknowledgeAlert(
  c: pg.PoolClient,
  audit: PgAuditAppend,
  sessionId: number,
  actorId: number,
  atIso: string,
): Promise<boolean | null> {
  if ((await sessionPatientId(c, sessionId)) === null) return null;
  const r = await c.query(
    `UPDATE intake_sessions SET alert_acknowledged_at = $1, alert_acknowledged_by = $2
      WHERE id = $3 AND alert_acknowledged_at IS NULL`,
    [atIso, actorId, sessionId],
  );
  const first = (r.rowCount ?? 0) > 0;
  await audit(
    c,
    {
      actorType: 'clinician',
      actorId,
      action: 'alert.acknowledge',
      targetType: 'session',
      targetId: sessionId,
      detail: { first },
    },
    atIso,
  );
  return first;
}

/** As store/patients.ts namesakesOf: the other records with this patient's name and date of birth, oldest first. */
export async function namesakesOf(q: Queryable, patientId: number): Promise<NamesakeRow[]> {
  const r = await q.query<NamesakeRow>(
    `SELECT p.id, p.phone,
       (SELECT count(*)::int FROM intake_sessions s WHERE s.patient_id = p.id) AS sessions,
       (SELECT max(s.submitted_at) FROM intake_sessions s WHERE s.patient_id = p.id) AS last_visit
     FROM patients m JOIN patients p ON p.name_key = m.name_key AND p.date_of_birth = m.date_of_birth AND p.id <> m.id
     WHERE m.id = $1 ORDER BY p.id LIMIT $2`,
    [patientId, MAX_NAMESAKES],
  );
  return r.rows;
}

/** As store/identity.ts: the phone typed at the kiosk onto the record the session belongs to, audited. */
async function takeKioskPhone(
  c: pg.PoolClient,
  audit: PgAuditAppend,
  s: SessionRow,
  patientId: number,
  clinicianId: number,
  nowIso: string,
): Promise<boolean> {
  const patient = await getPatient(c, patientId);
  if (!s.kiosk_phone || patient?.phone === s.kiosk_phone) return false;
  await c.query('UPDATE patients SET phone = $1 WHERE id = $2', [s.kiosk_phone, patientId]);
  await audit(c, kioskPhoneTaken(s.id, patientId, clinicianId, !!patient?.phone), nowIso);
  return true;
}

/** As store/identity.ts moveSession: the session to a record that is already the patient's, confirmed. */
async function moveSession(
  c: pg.PoolClient,
  audit: PgAuditAppend,
  s: SessionRow,
  patientId: number,
  row: AuditEntry,
  input: IdentityInput,
  nowIso: string,
): Promise<IdentityOutcome> {
  await c.query(
    `UPDATE intake_sessions SET patient_id = $1, identity_status = 'confirmed', identity_resolved_at = $2,
        identity_resolved_by = $3 WHERE id = $4`,
    [patientId, nowIso, input.clinicianId, s.id],
  );
  await audit(c, row, nowIso);
  const phoneUpdated = input.usePhone && (await takeKioskPhone(c, audit, s, patientId, input.clinicianId, nowIso));
  return { sessionId: s.id, patientId, identityStatus: 'confirmed', phoneUpdated };
}

/** As store/identity.ts resolveIdentity (same checks, rows and audit details), under the session's row lock. */
export async function resolveIdentity(
  c: pg.PoolClient,
  audit: PgAuditAppend,
  input: IdentityInput,
  nowIso: string,
): Promise<IdentityOutcome> {
  const s = await lockedSession(c, input.sessionId);
  if (!s) throw new IdentityError('not-found', 'That intake does not exist.');
  refuseUnlessDecidable(s, input.decision);
  const actor = { actorType: 'clinician' as const, actorId: input.clinicianId };
  if (input.decision === 'same-person') {
    await c.query(
      `UPDATE intake_sessions SET identity_status = 'confirmed', identity_resolved_at = $1, identity_resolved_by = $2
        WHERE id = $3`,
      [nowIso, input.clinicianId, s.id],
    );
    await audit(
      c,
      {
        ...actor,
        action: 'identity.confirm',
        targetType: 'session',
        targetId: s.id,
        detail: { patientId: s.patient_id },
      },
      nowIso,
    );
    const phoneUpdated = input.usePhone && (await takeKioskPhone(c, audit, s, s.patient_id, input.clinicianId, nowIso));
    return { sessionId: s.id, patientId: s.patient_id, identityStatus: 'confirmed', phoneUpdated };
  }

  const records = await c.query(
    `SELECT 1 FROM assessments WHERE session_id = $1 UNION ALL SELECT 1 FROM handouts WHERE session_id = $1 LIMIT 1`,
    [s.id],
  );
  if (records.rows.length > 0) throw new IdentityError('has-records', HAS_RECORDS_MESSAGE);
  if (input.decision === 'returning-record') {
    const own = await getPatient(c, s.patient_id);
    const target = input.patientId === undefined ? undefined : await getPatient(c, input.patientId);
    if (!own || !target || target.id === own.id || target.date_of_birth !== own.date_of_birth)
      throw new IdentityError('not-born-that-day', NOT_BORN_THAT_DAY_MESSAGE);
    const row = movedToReturningRecord(s.id, own.id, target.id, input.clinicianId);
    return moveSession(c, audit, s, target.id, row, input, nowIso);
  }
  if (input.decision === 'other-record') {
    const target = (await namesakesOf(c, s.patient_id)).find((n) => n.id === input.patientId);
    if (!target) throw new IdentityError('not-a-namesake', NOT_A_NAMESAKE_MESSAGE);
    const row = movedToNamesake(s.id, s.patient_id, target.id, input.clinicianId);
    return moveSession(c, audit, s, target.id, row, input, nowIso);
  }
  const matched = await getPatient(c, s.patient_id);
  if (!matched) throw new IdentityError('not-found', 'That patient does not exist.');
  const created = await c.query<{ id: number }>(
    `INSERT INTO patients (full_name, name_key, date_of_birth, phone, created_at) VALUES ($1, $2, $3, $4, $5)
     RETURNING id`,
    [matched.full_name, nameKey(matched.full_name), matched.date_of_birth, s.kiosk_phone || null, nowIso],
  );
  const patientId = created.rows[0]!.id;
  await c.query(
    `UPDATE intake_sessions SET patient_id = $1, identity_status = 'new-patient', identity_resolved_at = $2,
        identity_resolved_by = $3 WHERE id = $4`,
    [patientId, nowIso, input.clinicianId, s.id],
  );
  await audit(
    c,
    {
      ...actor,
      action: 'identity.differentPerson',
      targetType: 'session',
      targetId: s.id,
      detail: { fromPatientId: s.patient_id, toPatientId: patientId },
    },
    nowIso,
  );
  await audit(
    c,
    { ...actor, action: 'patient.create', targetType: 'patient', targetId: patientId, detail: { fromSession: s.id } },
    nowIso,
  );
  return { sessionId: s.id, patientId, identityStatus: 'new-patient', phoneUpdated: false };
}

/**
 * Measure responses with their visit, as store/measures.ts reads them: of one session or of one patient, in `order`.
 * The one query behind measureHistory, sessionMeasures and the record export.
 */
export async function measureResults(
  q: Queryable,
  of: 'session' | 'patient',
  id: number,
  order: string,
): Promise<MeasureResult[]> {
  const r = await q.query<{
    session_id: number;
    local_date: string;
    submitted_at: string;
    visit_kind: MeasureResult['visitKind'];
    measure: MeasureResult['measure'];
    items_json: string;
    total: number | null;
  }>(
    `SELECT m.session_id, s.local_date, s.submitted_at, s.visit_kind, m.measure, m.items_json, m.total
       FROM measure_responses m JOIN intake_sessions s ON s.id = m.session_id
      WHERE ${of === 'session' ? 'm.session_id' : 's.patient_id'} = $1 ORDER BY ${order}`,
    [id],
  );
  return r.rows.map((row) => ({
    sessionId: row.session_id,
    visitDate: row.local_date,
    submittedAt: row.submitted_at,
    visitKind: row.visit_kind,
    measure: row.measure,
    items: JSON.parse(row.items_json) as unknown,
    total: row.total,
  }));
}

/** As store/measures.ts measureHistory: oldest visit first, then arrival, then a fixed measure order. */
export function measureHistory(q: Queryable, patientId: number): Promise<MeasureResult[]> {
  return measureResults(
    q,
    'patient',
    patientId,
    's.local_date COLLATE "C", s.submitted_at COLLATE "C", s.id, m.measure COLLATE "C"',
  );
}

export async function unconfirmedSessionIds(q: Queryable, patientId: number): Promise<number[]> {
  const r = await q.query<{ id: number }>(
    "SELECT id FROM intake_sessions WHERE patient_id = $1 AND identity_status = 'to-confirm' ORDER BY id",
    [patientId],
  );
  return r.rows.map((row) => row.id);
}
