/**
 * The ClinicStore on PostgreSQL, for a clinic group whose hubs share one database. Transactions run at READ COMMITTED
 * with explicit locks where the SQLite engine relied on being the only writer:
 * - check-in codes: a transaction-scoped advisory lock per day, taken before the day's codes are read, so two hubs
 *   never hand out the same code;
 * - the audit log: one advisory lock for its tail, so each row chains to the one committed before it (its id and hash
 *   depend on that row); READ COMMITTED makes the read after the lock see the previous holder's row;
 * - assessment versions: the session's row is locked, then the newest version is read, so two amendments of the same
 *   version cannot both pass (the UNIQUE constraints would refuse the second anyway; it becomes a conflict).
 * - patients: an advisory lock per name and birth date before the match is read, so two hubs taking in the same new
 *   patient at once make one record (the identity index is not unique: two people may share both);
 * - reason catalogues: an advisory lock per content version, so two hubs appending reasons cannot lose one's.
 * Locks are always taken in that order (patient, then day, then audit), so they cannot deadlock.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { nameKey } from '../../core/text';
import { urgencyOrder } from '../../core/vocabulary';
import { AuditChainWalker, type AuditEntry, type StoredAuditRow } from '../audit-chain';
import type { AssessmentRow } from '../assessments';
import { heldExpiredAcknowledgedAudit, heldExpiredAudit, type HeldExpiredAcknowledged } from '../devices';
import type { HandoutPdf, HandoutRow, HandoutWrite, NewHandout, TemplateRow } from '../handouts';
import type { PatientExport } from '../record-export';
import type { PurgeResult, RetentionSettings } from '../retention';
import { changedFields, patientCorrectedAudit, type PatientCorrected, type PatientRow } from '../patients';
import { likeliestNamesake } from '../namesakes';
import { checkInCode as asCheckInCode, phoneDigits, searchWords, type HistoryRow, type PatientHitRow } from '../search';
import { queueDays, type QueueEntry, type SessionRow } from '../sessions';
import type { MeasureResult } from '../measures';
import { decodeTriage, isStoredTriage, reasonKey, type CatalogueReason } from '../../core/triage/stored-result';
import type { TriageResult } from '../../core/triage/engine';
import type { SubmissionRow } from '../submissions';
import {
  AssessmentConflictError,
  type AssessmentWrite,
  type CheckInCodeChooser,
  type ClinicStore,
  type IntakeSaved,
  type IntakeWrite,
  type SessionRecord,
  type StaffEventMessage,
  type StaffEventSubscription,
} from '../clinic-store';
import { migratePostgres, readPgSchemaVersion, type PgMigration } from './migrations';
import { PgStaffEventListener, publishStaffEvent } from './staff-events';
import * as staff from './staff';
import { appendAuditRow } from './audit-append';
import type { AuditFilter } from '../audit-read';
import type { FirstAdminWrite, PairingRedeem, PinFailureWrite, RecoveryWrite } from '../clinic-store-staff';
import * as records from './records';
import * as clinical from './clinical';

/**
 * Where a word of a name starts: at the beginning or after a space or punctuation, as FTS5's tokenizer splits. Not
 * "after anything but [:alnum:]": under a database's C locale no letter beyond ASCII is [:alnum:], so "ητρης" would
 * match inside "Δημήτρης". The quotes and dots names carry are listed for that locale too.
 */
const WORD_START = '(^|[[:space:][:punct:]’‘ʼ·«»„“”])';

/** Advisory lock classes (first key of the two-key form); the second key is the day's hash or 0. */
const CHECK_IN_LOCK = 0x53434b31;
const PATIENT_LOCK = 0x53504154;
const CATALOGUE_LOCK = 0x53524341;

/** Trigrams need three characters; a shorter word is matched where a word of the name starts (as store/search.ts). */
const TRIGRAM = 3;

export interface PgStoreOptions {
  chooseCheckInCode: CheckInCodeChooser;
  /** Connections per hub (default 10). */
  poolSize?: number;
  /** For tests of older or newer schemas. */
  migrations?: readonly PgMigration[];
}

export class PostgresClinicStore implements ClinicStore {
  readonly engine = 'postgres' as const;
  private readonly events: PgStaffEventListener;
  /** Catalogues read so far; one only ever grows, so a cached one that is too short is read again. */
  private readonly catalogues = new Map<string, CatalogueReason[]>();
  /** Names this store in the access notices it sends, so its own hub, which has acted already, skips them. */
  readonly noticeOrigin = randomUUID();

  private constructor(
    readonly pool: pg.Pool,
    private readonly chooseCheckInCode: CheckInCodeChooser,
    connectionString: string,
  ) {
    this.events = new PgStaffEventListener({ connectionString });
  }

  /** Connects, applies pending migrations (refusing a newer schema untouched) and returns the store. */
  static async open(connectionString: string, options: PgStoreOptions): Promise<PostgresClinicStore> {
    const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10, application_name: 'stride-hub' });
    // An idle connection the server dropped must not crash the hub; the next query gets a fresh one.
    pool.on('error', () => undefined);
    try {
      await migratePostgres(pool, options.migrations);
    } catch (e) {
      await pool.end();
      throw e;
    }
    return new PostgresClinicStore(pool, options.chooseCheckInCode, connectionString);
  }

  private async tx<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      try {
        const result = await work(c);
        await c.query('COMMIT');
        return result;
      } catch (e) {
        await c.query('ROLLBACK');
        throw e;
      }
    } finally {
      c.release();
    }
  }

  async schemaVersion() {
    const c = await this.pool.connect();
    try {
      return await readPgSchemaVersion(c);
    } finally {
      c.release();
    }
  }

  // ── area A: intake, queue, sessions, identity, clinical notes, outcomes (handlers intake, clinical, outcomes) ──
  async ensureQuestionnaireVersion(contentVersion: string, questionnaireJson: string, nowIso: string) {
    return clinical.ensureQuestionnaireVersion(this.pool, contentVersion, questionnaireJson, nowIso);
  }

  async getPatient(patientId: number) {
    return clinical.getPatient(this.pool, patientId);
  }

  async sessionPatientId(sessionId: number) {
    return clinical.sessionPatientId(this.pool, sessionId);
  }

  async correctPatient(...[c, atIso]: Parameters<ClinicStore['correctPatient']>) {
    return this.tx(async (q): Promise<PatientCorrected | undefined> => {
      const before = await clinical.getPatient(q, c.patientId, true);
      if (!before) return undefined;
      const changed = changedFields(before, c);
      if (changed.length === 0) return { patient: before, changed };
      await q.query('UPDATE patients SET full_name = $1, name_key = $2, date_of_birth = $3, phone = $4 WHERE id = $5', [
        c.fullName,
        nameKey(c.fullName),
        c.dateOfBirth,
        c.phone,
        c.patientId,
      ]);
      await appendAuditRow(q, patientCorrectedAudit(c, changed), atIso);
      const patient = await clinical.getPatient(q, c.patientId);
      if (!patient) throw new Error('patient vanished');
      return { patient, changed };
    });
  }

  async openSession(sessionId: number, actorId: number, atIso: string) {
    const opened = await this.tx((c) => clinical.openSession(c, appendAuditRow, sessionId, actorId, atIso));
    return opened && { ...opened, triage: await this.sessionTriage(opened.session) };
  }

  async setSessionStatus(...[sessionId, status, actorId, atIso]: Parameters<ClinicStore['setSessionStatus']>) {
    return this.tx((c) => clinical.setSessionStatus(c, appendAuditRow, sessionId, status, actorId, atIso));
  }

  async acknowledgeAlert(sessionId: number, actorId: number, atIso: string) {
    return this.tx((c) => clinical.acknowledgeAlert(c, appendAuditRow, sessionId, actorId, atIso));
  }

  async resolveIdentity(...[input, nowIso]: Parameters<ClinicStore['resolveIdentity']>) {
    return this.tx((c) => clinical.resolveIdentity(c, appendAuditRow, input, nowIso));
  }

  async namesakes(patientId: number) {
    return clinical.namesakesOf(this.pool, patientId);
  }

  async measureHistory(patientId: number) {
    return clinical.measureHistory(this.pool, patientId);
  }

  async unconfirmedSessionIds(patientId: number) {
    return clinical.unconfirmedSessionIds(this.pool, patientId);
  }

  async submitIntake(w: IntakeWrite): Promise<IntakeSaved> {
    return this.tx(async (c) => {
      // Written when the hub takes it; the session keeps when the patient finished (later for a held intake).
      const writtenAt = w.receivedAt ?? w.submittedAt;
      const { patientId, matched } = await findOrCreatePatient(c, w.patient, writtenAt);
      const days = queueDays(w);
      for (const day of days) await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CHECK_IN_LOCK, day]);
      const inUse = await c.query<{ check_in_code: string }>(
        'SELECT check_in_code FROM intake_sessions WHERE local_date = ANY($1) OR received_on = ANY($1)',
        [days],
      );
      const taken = new Set(inUse.rows.map((r) => r.check_in_code));
      const isTaken = (code: string) => taken.has(code);
      const checkInCode =
        w.proposedCheckInCode && !isTaken(w.proposedCheckInCode)
          ? w.proposedCheckInCode
          : this.chooseCheckInCode(isTaken);
      const session = await c.query<{ id: number }>(
        `INSERT INTO intake_sessions (patient_id, submitted_at, local_date, urgency, urgency_rank, red_flag_ids,
           pain_now, top_suggestion, check_in_code, locale, answers_json, triage_json, questionnaire_json,
           content_version, engine_version, visit_kind, kiosk_phone, identity_status, received_at, received_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
         RETURNING id`,
        [
          patientId,
          w.submittedAt,
          w.localDate,
          w.urgency,
          urgencyOrder(w.urgency),
          JSON.stringify(w.redFlagIds),
          w.painNow,
          w.topSuggestion,
          checkInCode,
          w.locale,
          w.answersJson,
          w.triageJson,
          w.questionnaireJson,
          w.contentVersion,
          w.engineVersion,
          w.visitKind,
          w.patient.phone || null,
          matched ? 'to-confirm' : null,
          w.receivedAt,
          w.receivedOn,
        ],
      );
      const sessionId = session.rows[0]!.id;
      for (const m of w.measures) {
        await c.query(
          'INSERT INTO measure_responses (session_id, measure, items_json, total) VALUES ($1, $2, $3, $4)',
          [sessionId, m.measure, JSON.stringify(m.items), m.total],
        );
      }
      if (w.submission) {
        await c.query(
          'INSERT INTO submissions (submission_id, session_id, payload_sha256, received_at) VALUES ($1, $2, $3, $4)',
          [w.submission.id, sessionId, w.submission.payloadSha256, writtenAt],
        );
      }
      const detail = { ...w.audit.detail, identityToConfirm: matched };
      await appendAuditRow(c, { ...w.audit, detail, targetType: 'session', targetId: sessionId }, writtenAt);
      const saved = { sessionId, patientId, matched, checkInCode };
      // Delivered by PostgreSQL at the commit, and only if it commits.
      for (const event of w.announce?.(saved) ?? []) await publishStaffEvent(c, event);
      return saved;
    });
  }

  async ensureReasonCatalogue(
    contentVersion: string,
    reasons: readonly CatalogueReason[],
    nowIso: string,
  ): Promise<Map<string, number>> {
    const catalogue = await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CATALOGUE_LOCK, contentVersion]);
      const stored = await readCatalogue(c, contentVersion);
      const known = new Set(stored.map(reasonKey));
      const before = stored.length;
      for (const r of reasons) {
        const key = reasonKey(r);
        if (known.has(key)) continue;
        known.add(key);
        stored.push(r);
      }
      if (stored.length !== before) {
        await c.query(
          `INSERT INTO reason_catalogues (content_version, reasons_json, first_used_at) VALUES ($1, $2, $3)
           ON CONFLICT (content_version) DO UPDATE SET reasons_json = excluded.reasons_json`,
          [contentVersion, JSON.stringify(stored), nowIso],
        );
      }
      return stored;
    });
    this.catalogues.set(contentVersion, catalogue);
    return new Map(catalogue.map((r, i) => [reasonKey(r), i]));
  }

  /** As sessionTriage (store/reason-catalogues.ts): a legacy row as it was, a stored one through its catalogue. */
  private async sessionTriage(row: {
    triage_json: string;
    content_version: string;
    engine_version: string;
  }): Promise<TriageResult> {
    const stored: unknown = JSON.parse(row.triage_json);
    if (!isStoredTriage(stored)) return stored as TriageResult;
    const versions = { contentVersion: row.content_version, engineVersion: row.engine_version };
    const cached = this.catalogues.get(row.content_version);
    if (cached) {
      try {
        return decodeTriage(stored, cached, versions);
      } catch {
        // Grown since it was cached (another hub appended to it): read it again below.
      }
    }
    const catalogue = await readCatalogue(this.pool, row.content_version);
    this.catalogues.set(row.content_version, catalogue);
    return decodeTriage(stored, catalogue, versions);
  }

  async sessionMeasures(sessionId: number): Promise<MeasureResult[]> {
    return clinical.measureResults(this.pool, 'session', sessionId, 'm.measure COLLATE "C"');
  }

  async findSubmission(submissionId: string): Promise<SubmissionRow | undefined> {
    const r = await this.pool.query<SubmissionRow>(
      `SELECT s.session_id, s.payload_sha256, i.check_in_code, i.red_flag_ids
         FROM submissions s JOIN intake_sessions i ON i.id = s.session_id WHERE s.submission_id = $1`,
      [submissionId],
    );
    return r.rows[0];
  }

  async listQueue(localDate: string): Promise<QueueEntry[]> {
    const r = await this.pool.query<{
      id: number;
      patient_id: number;
      full_name: string;
      date_of_birth: string;
      submitted_at: string;
      status: QueueEntry['status'];
      urgency: QueueEntry['urgency'];
      red_flag_ids: string;
      pain_now: number | null;
      check_in_code: string;
      top_suggestion: string | null;
      alert_acknowledged_at: string | null;
      visit_kind: QueueEntry['visitKind'];
      identity_status: QueueEntry['identityStatus'];
      received_at: string | null;
    }>(
      `SELECT s.id, s.patient_id, p.full_name, p.date_of_birth, s.submitted_at, s.status, s.urgency, s.red_flag_ids,
              s.pain_now, s.check_in_code, s.top_suggestion, s.alert_acknowledged_at, s.visit_kind, s.identity_status,
              s.received_at
         FROM intake_sessions s JOIN patients p ON p.id = s.patient_id
        WHERE s.local_date = $1 OR s.received_on = $1
        ORDER BY s.urgency_rank, s.submitted_at COLLATE "C", s.id`,
      [localDate],
    );
    return r.rows.map((row) => ({
      sessionId: row.id,
      patientId: row.patient_id,
      patientName: row.full_name,
      dateOfBirth: row.date_of_birth,
      submittedAt: row.submitted_at,
      status: row.status,
      urgency: row.urgency,
      redFlagIds: JSON.parse(row.red_flag_ids) as string[],
      painNow: row.pain_now,
      checkInCode: row.check_in_code,
      topSuggestionId: row.top_suggestion,
      alertAcknowledged: row.urgency === 'routine' || row.alert_acknowledged_at !== null,
      visitKind: row.visit_kind,
      identityStatus: row.identity_status,
      receivedAt: row.received_at,
    }));
  }

  async sessionRecord(sessionId: number): Promise<SessionRecord | undefined> {
    const s = await this.pool.query<SessionRow>(
      `SELECT s.id, s.patient_id, s.submitted_at, s.status, s.locale, s.check_in_code, s.answers_json, s.triage_json,
              s.visit_kind, s.kiosk_phone, s.identity_status, s.identity_resolved_at, s.identity_resolved_by,
              s.content_version, s.engine_version, s.received_at,
              coalesce(s.questionnaire_json, qv.questionnaire_json) AS questionnaire_json
         FROM intake_sessions s LEFT JOIN questionnaire_versions qv ON qv.content_version = s.content_version
        WHERE s.id = $1`,
      [sessionId],
    );
    const session = s.rows[0];
    if (!session) return undefined;
    const p = await this.pool.query<PatientRow>(
      'SELECT id, full_name, date_of_birth, phone FROM patients WHERE id = $1',
      [session.patient_id],
    );
    return p.rows[0] ? { session, patient: p.rows[0], triage: await this.sessionTriage(session) } : undefined;
  }

  async patientHistory(patientId: number): Promise<HistoryRow[]> {
    const r = await this.pool.query<HistoryRow>(
      `SELECT s.id, s.submitted_at, s.local_date, s.status, s.urgency, s.pain_now, s.top_suggestion,
              (SELECT count(*)::int FROM assessments a WHERE a.session_id = s.id) AS assessments
         FROM intake_sessions s WHERE s.patient_id = $1 ORDER BY s.submitted_at COLLATE "C", s.id`,
      [patientId],
    );
    return r.rows;
  }

  /**
   * As store/search.ts: what was typed may be a check-in code, part of a phone number or part of a name; each that it
   * can be is looked up, a code's patient first, then phone, then name matches, and a birth date narrows every one.
   * Names through pg_trgm: a word of three letters or more anywhere in the folded name ("unez" finds Núñez), a
   * shorter word as the start of a word of the name. Not ranked by similarity: ranking every hit of a common surname
   * cost about 100 ms at 200,000 patients (bench/postgres.ts), so the newest records come first, as on SQLite.
   */
  async searchPatients(
    q: { name?: string | undefined; dateOfBirth?: string | undefined },
    limit = 50,
  ): Promise<PatientHitRow[]> {
    const text = q.name?.trim() ?? '';
    let ids: number[];
    if (text) {
      const code = asCheckInCode(text);
      const digits = phoneDigits(text);
      ids = [
        ...(code ? await this.idsByCode(code, q.dateOfBirth, limit) : []),
        ...(digits ? await this.idsByPhone(digits, q.dateOfBirth, limit) : []),
        ...(await this.idsByName(text, q.dateOfBirth, limit)),
      ];
    } else if (q.dateOfBirth) {
      const r = await this.pool.query<{ id: number }>(
        'SELECT id FROM patients WHERE date_of_birth = $1 ORDER BY name_key COLLATE "C", id LIMIT $2',
        [q.dateOfBirth, limit],
      );
      ids = r.rows.map((row) => row.id);
    } else return [];
    const unique = [...new Set(ids)].slice(0, limit);
    if (unique.length === 0) return [];
    // Visit counts only for the rows returned, not for every match of a common name.
    const r = await this.pool.query<PatientHitRow>(
      `SELECT p.id, p.full_name, p.date_of_birth, p.phone,
              (SELECT count(*)::int FROM intake_sessions s WHERE s.patient_id = p.id) AS sessions,
              (SELECT max(s.submitted_at COLLATE "C") FROM intake_sessions s WHERE s.patient_id = p.id) AS last_visit
         FROM patients p WHERE p.id = ANY($1::integer[])`,
      [unique],
    );
    const byId = new Map(r.rows.map((row) => [row.id, row]));
    return unique.flatMap((id) => byId.get(id) ?? []);
  }

  private async idsByName(text: string, dateOfBirth: string | undefined, limit: number): Promise<number[]> {
    const words = searchWords(text);
    if (words.length === 0) return [];
    const args: (string | number)[] = [];
    const arg = (v: string | number) => `$${args.push(v)}`;
    // Words hold letters and digits only (searchWords), so nothing in them is a LIKE wildcard. One condition per
    // word, not LIKE and a regular expression together: the planner multiplies their selectivities, thinks a common
    // surname rare and rechecks every hit instead of stopping at the limit.
    const where = words.map((w) =>
      [...w].length >= TRIGRAM
        ? `p.name_folded LIKE ('%' || stride_fold(${arg(w)}) || '%')`
        : `p.name_folded ~ ('${WORD_START}' || stride_fold(${arg(w)}))`,
    );
    if (dateOfBirth) where.push(`p.date_of_birth = ${arg(dateOfBirth)}`);
    const r = await this.pool.query<{ id: number }>(
      `SELECT p.id FROM patients p WHERE ${where.join(' AND ')} ORDER BY p.id DESC LIMIT ${arg(limit)}`,
      args,
    );
    return r.rows.map((row) => row.id);
  }

  private async idsByPhone(digits: string, dateOfBirth: string | undefined, limit: number): Promise<number[]> {
    const dob = dateOfBirth ? 'AND p.date_of_birth = $3' : '';
    const r = await this.pool.query<{ id: number }>(
      `SELECT p.id FROM patients p WHERE p.phone_digits LIKE ('%' || $1 || '%') ${dob} ORDER BY p.id DESC LIMIT $2`,
      dateOfBirth ? [digits, limit, dateOfBirth] : [digits, limit],
    );
    return r.rows.map((row) => row.id);
  }

  /** Patients who checked in with this code on any day, the latest visit first. */
  private async idsByCode(code: string, dateOfBirth: string | undefined, limit: number): Promise<number[]> {
    const dob = dateOfBirth ? 'AND p.date_of_birth = $3' : '';
    const r = await this.pool.query<{ id: number }>(
      `SELECT s.patient_id AS id, max(s.submitted_at COLLATE "C") AS latest
         FROM intake_sessions s JOIN patients p ON p.id = s.patient_id
        WHERE s.check_in_code = $1 ${dob} GROUP BY s.patient_id ORDER BY latest DESC, s.patient_id LIMIT $2`,
      dateOfBirth ? [code, limit, dateOfBirth] : [code, limit],
    );
    return r.rows.map((row) => row.id);
  }

  // ── area B: staff, clinicians, PIN lockouts, settings, devices and pairing, audit reading (staff, admin, devices) ──
  async countClinicians() {
    return staff.countClinicians(this.pool);
  }

  async listActiveClinicians() {
    return staff.listActiveClinicians(this.pool);
  }

  async listAllClinicians() {
    return staff.listAllClinicians(this.pool);
  }

  async getClinician(id: number) {
    return staff.getClinician(this.pool, id);
  }

  async setUpFirstAdmin(w: FirstAdminWrite) {
    return this.tx((c) => staff.setUpFirstAdmin(c, w));
  }

  async setClinicianDisabled(w: Parameters<ClinicStore['setClinicianDisabled']>[0]) {
    return this.tx((c) => staff.setClinicianDisabled(c, w, this.noticeOrigin));
  }

  async resetClinicianPin(w: Parameters<ClinicStore['resetClinicianPin']>[0]) {
    await this.tx((c) => staff.resetClinicianPin(c, w, this.noticeOrigin));
  }

  async getRecoveryCode() {
    return staff.getRecoveryCode(this.pool);
  }

  async recoverAdmin(w: RecoveryWrite) {
    return this.tx((c) => staff.recoverAdmin(c, w, this.noticeOrigin));
  }

  async getPinFailure(scope: string, clinicianId: number) {
    return staff.getPinFailure(this.pool, scope, clinicianId);
  }

  async recordPinFailure(w: PinFailureWrite) {
    return this.tx((c) => staff.recordPinFailure(c, w));
  }

  async clearPinFailures(scope: string, clinicianId: number, deviceId?: number) {
    await this.tx((c) => staff.clearPinFailures(c, scope, clinicianId, deviceId));
  }

  async readSettings() {
    return staff.readSettings(this.pool);
  }

  async writeSettings(...[patch, audit]: Parameters<ClinicStore['writeSettings']>) {
    return this.tx((c) => staff.writeSettings(c, patch, audit));
  }

  async readAudit(filter: AuditFilter) {
    return staff.readAudit(this.pool, filter);
  }

  async listDevices() {
    return staff.listDevices(this.pool);
  }

  async getDevice(id: number) {
    return staff.getDevice(this.pool, id);
  }

  async findDeviceByCredentialHash(credentialHash: string) {
    return staff.findDeviceByCredentialHash(this.pool, credentialHash);
  }

  async touchDevice(id: number, atIso: string, address: string | null) {
    await staff.touchDevice(this.pool, id, atIso, address);
  }

  async addPairingCode(...[code, atIso, audit]: Parameters<ClinicStore['addPairingCode']>) {
    return this.tx((c) => staff.addPairingCode(c, code, atIso, audit));
  }

  async redeemPairingCode(w: PairingRedeem) {
    return this.tx((c) => staff.redeemPairingCode(c, w));
  }

  async revokeDevice(id: number, by: number, atIso: string) {
    return this.tx((c) => staff.revokeDevice(c, id, by, atIso, this.noticeOrigin));
  }

  async recordHeldExpired(...[report, atIso]: Parameters<ClinicStore['recordHeldExpired']>) {
    await this.tx(async (c) => {
      if (report.deviceId !== null)
        await c.query(
          `UPDATE devices SET held_expired_count = held_expired_count + $1, held_expired_at = $2
            WHERE id = $3`,
          [report.count, atIso, report.deviceId],
        );
      await appendAuditRow(c, heldExpiredAudit(report), atIso);
    });
  }

  async acknowledgeHeldExpired(...[deviceId, seenCount, by, atIso]: Parameters<ClinicStore['acknowledgeHeldExpired']>) {
    return this.tx(async (c): Promise<HeldExpiredAcknowledged> => {
      const found = await staff.getDevice(c, deviceId, true);
      if (!found) return { ok: false, problem: 'not-found' };
      if (found.held_expired_count !== seenCount) return { ok: false, problem: 'changed' };
      await c.query('UPDATE devices SET held_expired_count = 0, held_expired_at = NULL WHERE id = $1', [found.id]);
      await appendAuditRow(c, heldExpiredAcknowledgedAudit(found, by), atIso);
      const device = await staff.getDevice(c, found.id);
      if (!device) throw new Error('device vanished');
      return { ok: true, device };
    });
  }

  async addClinician(...[w, atIso, audit]: Parameters<ClinicStore['addClinician']>) {
    return this.tx((c) => staff.insertClinician(c, w, atIso, audit));
  }

  async saveAssessment(a: AssessmentWrite): Promise<{ id: number; version: number }> {
    try {
      return await this.tx(async (c) => {
        const session = await c.query<{ patient_id: number }>(
          'SELECT patient_id FROM intake_sessions WHERE id = $1 FOR NO KEY UPDATE',
          [a.sessionId],
        );
        const patientId = session.rows[0]?.patient_id;
        if (patientId === undefined) throw new AssessmentConflictError('no-session');
        const latest = await c.query<{ id: number; version: number }>(
          'SELECT id, version FROM assessments WHERE session_id = $1 ORDER BY version DESC LIMIT 1',
          [a.sessionId],
        );
        const newest = latest.rows[0];
        if ((newest?.id ?? null) !== a.previousId)
          throw new AssessmentConflictError(newest ? 'newer-version-exists' : 'no-earlier-version');
        const version = newest ? newest.version + 1 : 1;
        const r = await c.query<{ id: number }>(
          `INSERT INTO assessments
             (session_id, patient_id, version, previous_id, author_id, created_at, note_json, amend_reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [a.sessionId, patientId, version, a.previousId, a.authorId, a.createdAt, a.noteJson, a.reason],
        );
        const id = r.rows[0]!.id;
        await appendAuditRow(
          c,
          {
            actorType: 'clinician',
            actorId: a.authorId,
            action: a.previousId === null ? 'assessment.create' : 'assessment.amend',
            targetType: 'assessment',
            targetId: id,
            detail: { sessionId: a.sessionId, version },
          },
          a.createdAt,
        );
        return { id, version };
      });
    } catch (e) {
      // The lock makes this unreachable; should it be bypassed, the constraints still keep the history one line.
      if ((e as { code?: string }).code === '23505') throw new AssessmentConflictError('newer-version-exists');
      throw e;
    }
  }

  async listAssessments(sessionId: number): Promise<AssessmentRow[]> {
    const r = await this.pool.query<AssessmentRow>(
      `SELECT a.id, a.session_id, a.patient_id, a.version, a.previous_id, a.author_id, a.created_at, a.note_json,
              a.amend_reason, c.name AS author_name
         FROM assessments a JOIN clinicians c ON c.id = a.author_id WHERE a.session_id = $1 ORDER BY a.version`,
      [sessionId],
    );
    return r.rows;
  }

  // ── area C: handouts, handout files, records export, retention (handlers handouts, records) ──
  async recordHandout(h: NewHandout): Promise<number> {
    const r = await this.pool.query<{ id: number }>(
      `INSERT INTO handouts (session_id, patient_id, author_id, created_at, locale, plan_json, file_name, file_sha256,
         file_bytes, library_version, library_hash, exercise_count, override_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        h.sessionId,
        h.patientId,
        h.authorId,
        h.createdAt,
        h.locale,
        h.planJson,
        h.fileName,
        h.fileSha256,
        h.fileBytes,
        h.libraryVersion,
        h.libraryHash,
        h.exerciseCount,
        h.overrideCount,
      ],
    );
    return r.rows[0]!.id;
  }

  async listHandouts(sessionId: number): Promise<HandoutRow[]> {
    const r = await this.pool.query<HandoutRow>(
      `SELECT h.id, h.session_id, h.patient_id, h.author_id, h.created_at, h.locale, h.plan_json, h.file_name,
              h.file_sha256, h.file_bytes, h.library_version, h.library_hash, h.exercise_count, h.override_count,
              c.name AS author_name
         FROM handouts h JOIN clinicians c ON c.id = h.author_id
        WHERE h.session_id = $1 ORDER BY h.created_at COLLATE "C" DESC, h.id DESC`,
      [sessionId],
    );
    return r.rows;
  }

  async getHandout(handoutId: number): Promise<HandoutRow | undefined> {
    return records.getHandout(this.pool, handoutId);
  }

  async saveHandout(w: HandoutWrite): Promise<HandoutRow> {
    return this.tx((c) => records.saveHandout(c, w, appendAuditRow));
  }

  async handoutPdf(handoutId: number): Promise<HandoutPdf | undefined> {
    return records.handoutPdf(this.pool, handoutId);
  }

  async latestImpression(sessionId: number): Promise<string[] | null> {
    return records.latestImpression(this.pool, sessionId);
  }

  async listTemplates(): Promise<TemplateRow[]> {
    return records.listTemplates(this.pool);
  }

  async getTemplate(templateId: number): Promise<TemplateRow | undefined> {
    return records.getTemplate(this.pool, templateId);
  }

  async saveTemplate(t: { name: string; planJson: string; authorId: number; at: string }): Promise<TemplateRow> {
    return this.tx((c) => records.saveTemplate(c, t, appendAuditRow));
  }

  async patientExport(patientId: number): Promise<PatientExport | undefined> {
    return this.tx((c) => records.patientExport(c, patientId, (row) => this.sessionTriage(row)));
  }

  async readRetention(): Promise<RetentionSettings> {
    return records.readRetention(this.pool);
  }

  async saveRetention(patch: Partial<RetentionSettings>, actorId: number | null, atIso: string) {
    return this.tx((c) => records.saveRetention(c, patch, actorId, atIso, appendAuditRow));
  }

  async purgeExpired(now: Date, actorId: number | null): Promise<PurgeResult> {
    return this.tx((c) => records.purgeExpired(c, now, actorId, appendAuditRow));
  }

  async appendAudit(entry: AuditEntry, atIso: string): Promise<void> {
    await this.tx((c) => appendAuditRow(c, entry, atIso));
  }

  /** The whole chain, a page at a time (keyset on id), through the same walker as SQLite's. */
  async verifyAudit() {
    const walker = new AuditChainWalker();
    let after = 0;
    for (;;) {
      const page = await this.pool.query<StoredAuditRow>(
        `SELECT id, at, actor_type, actor_id, action, target_type, target_id, detail_json, prev_hash, hash
           FROM audit_log WHERE id > $1 ORDER BY id LIMIT 5000`,
        [after],
      );
      for (const row of page.rows) {
        const broken = walker.step(row);
        if (broken) return broken;
      }
      const last = page.rows.at(-1);
      if (!last) return walker.intact();
      after = last.id;
    }
  }

  async publishStaffEvent(event: StaffEventMessage): Promise<void> {
    await publishStaffEvent(this.pool, event);
  }

  async subscribeStaffEvents(listener: (event: StaffEventMessage) => void, options: StaffEventSubscription = {}) {
    return this.events.subscribe({ listener, onResync: options.onResync });
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.pool.end();
  }
}

/**
 * As store/patients.ts: of the patients with the kiosk's name and birth date, the likeliest (`likeliestNamesake`: the
 * phone typed at the kiosk, else the oldest), used as it is (nothing typed at the kiosk changes it; the session is
 * marked for a clinician to confirm), or a new record. The lock per name and birth date makes two hubs taking in the
 * same new patient at once find one record, not make two.
 */
async function findOrCreatePatient(
  c: pg.PoolClient,
  p: IntakeWrite['patient'],
  nowIso: string,
): Promise<{ patientId: number; matched: boolean }> {
  const key = nameKey(p.fullName);
  await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PATIENT_LOCK, `${key}\n${p.dateOfBirth}`]);
  const existing = await c.query<{ id: number; phone: string | null }>(
    'SELECT id, phone FROM patients WHERE name_key = $1 AND date_of_birth = $2 ORDER BY id',
    [key, p.dateOfBirth],
  );
  const found = likeliestNamesake(existing.rows, p.phone);
  if (found !== null) return { patientId: found, matched: true };
  const created = await c.query<{ id: number }>(
    `INSERT INTO patients (full_name, name_key, date_of_birth, phone, created_at) VALUES ($1, $2, $3, $4, $5)
     RETURNING id`,
    [p.fullName, key, p.dateOfBirth, p.phone || null, nowIso],
  );
  return { patientId: created.rows[0]!.id, matched: false };
}

async function readCatalogue(c: pg.ClientBase | pg.Pool, contentVersion: string): Promise<CatalogueReason[]> {
  const r = await c.query<{ reasons_json: string }>(
    'SELECT reasons_json FROM reason_catalogues WHERE content_version = $1',
    [contentVersion],
  );
  return r.rows[0] ? (JSON.parse(r.rows[0].reasons_json) as CatalogueReason[]) : [];
}
