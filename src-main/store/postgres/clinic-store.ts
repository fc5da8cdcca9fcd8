/**
 * The ClinicStore on PostgreSQL, for a clinic group whose hubs share one database. Transactions run at READ COMMITTED
 * with explicit locks where the SQLite engine relied on being the only writer:
 * - check-in codes: a transaction-scoped advisory lock per day, taken before the day's codes are read, so two hubs
 *   never hand out the same code;
 * - the audit log: one advisory lock for its tail, so each row chains to the one committed before it (its id and hash
 *   depend on that row); READ COMMITTED makes the read after the lock see the previous holder's row;
 * - assessment versions: the session's row is locked, then the newest version is read, so two amendments of the same
 *   version cannot both pass (the UNIQUE constraints would refuse the second anyway; it becomes a conflict).
 * Locks are always taken in that order (day, then audit), so they cannot deadlock.
 */
import pg from 'pg';
import { nameKey } from '../../core/text';
import { urgencyOrder } from '../../core/vocabulary';
import type { AuditEntry } from '../audit';
import { AuditChainWalker, auditRowHash, GENESIS_HASH, type StoredAuditRow } from '../audit-chain';
import type { AssessmentRow } from '../assessments';
import type { HandoutRow, NewHandout } from '../handouts';
import type { PatientRow } from '../patients';
import { searchWords, type HistoryRow, type PatientHitRow } from '../search';
import type { QueueEntry, SessionRow } from '../sessions';
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

/**
 * Where a word of a name starts: at the beginning or after a space or punctuation, as FTS5's tokenizer splits. Not
 * "after anything but [:alnum:]": under a database's C locale no letter beyond ASCII is [:alnum:], so "ητρης" would
 * match inside "Δημήτρης". The quotes and dots names carry are listed for that locale too.
 */
const WORD_START = '(^|[[:space:][:punct:]’‘ʼ·«»„“”])';

/** Advisory lock classes (first key of the two-key form); the second key is the day's hash or 0. */
const CHECK_IN_LOCK = 0x53434b31;
const AUDIT_LOCK = 0x53415544;

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

  async submitIntake(w: IntakeWrite): Promise<IntakeSaved> {
    return this.tx(async (c) => {
      const patientId = await findOrCreatePatient(c, w.patient, w.submittedAt);
      await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CHECK_IN_LOCK, w.localDate]);
      const today = await c.query<{ check_in_code: string }>(
        'SELECT check_in_code FROM intake_sessions WHERE local_date = $1',
        [w.localDate],
      );
      const taken = new Set(today.rows.map((r) => r.check_in_code));
      const isTaken = (code: string) => taken.has(code);
      const checkInCode =
        w.proposedCheckInCode && !isTaken(w.proposedCheckInCode)
          ? w.proposedCheckInCode
          : this.chooseCheckInCode(isTaken);
      const session = await c.query<{ id: number }>(
        `INSERT INTO intake_sessions (patient_id, submitted_at, local_date, urgency, urgency_rank, red_flag_ids,
           pain_now, top_suggestion, check_in_code, locale, answers_json, triage_json, questionnaire_json,
           content_version, engine_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
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
        ],
      );
      const sessionId = session.rows[0]!.id;
      if (w.submission) {
        await c.query(
          'INSERT INTO submissions (submission_id, session_id, payload_sha256, received_at) VALUES ($1, $2, $3, $4)',
          [w.submission.id, sessionId, w.submission.payloadSha256, w.submittedAt],
        );
      }
      await appendAuditRow(c, { ...w.audit, targetType: 'session', targetId: sessionId }, w.submittedAt);
      return { sessionId, patientId, checkInCode };
    });
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
    }>(
      `SELECT s.id, s.patient_id, p.full_name, p.date_of_birth, s.submitted_at, s.status, s.urgency, s.red_flag_ids,
              s.pain_now, s.check_in_code, s.top_suggestion, s.alert_acknowledged_at
         FROM intake_sessions s JOIN patients p ON p.id = s.patient_id
        WHERE s.local_date = $1
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
    }));
  }

  async sessionRecord(sessionId: number): Promise<SessionRecord | undefined> {
    const s = await this.pool.query<SessionRow>(
      `SELECT s.id, s.patient_id, s.submitted_at, s.status, s.locale, s.check_in_code, s.answers_json, s.triage_json,
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
    return p.rows[0] ? { session, patient: p.rows[0] } : undefined;
  }

  async patientHistory(patientId: number): Promise<HistoryRow[]> {
    const r = await this.pool.query<HistoryRow>(
      `SELECT s.id, s.submitted_at, s.status, s.urgency, s.pain_now, s.top_suggestion,
              (SELECT count(*)::int FROM assessments a WHERE a.session_id = s.id) AS assessments
         FROM intake_sessions s WHERE s.patient_id = $1 ORDER BY s.submitted_at COLLATE "C", s.id`,
      [patientId],
    );
    return r.rows;
  }

  /**
   * As the SQLite engine's FTS5 search: every typed word must start a word of the folded name ("nun" finds "Núñez").
   * pg_trgm's index serves the regular expression for a rare name; a common one is read newest record first until
   * the limit. Not ranked by similarity: ranking every hit of a common surname cost about 100 ms at 200,000 patients
   * (bench/postgres.ts). The hits are those of the SQLite engine; their order is not.
   */
  async searchPatients(
    q: { name?: string | undefined; dateOfBirth?: string | undefined },
    limit = 50,
  ): Promise<PatientHitRow[]> {
    const words = q.name ? searchWords(q.name) : [];
    if (q.name && words.length === 0) return [];
    if (words.length === 0 && !q.dateOfBirth) return [];
    const args: (string | number)[] = [];
    const arg = (v: string | number) => `$${args.push(v)}`;
    const where: string[] = [];
    for (const w of words) {
      // One condition, not LIKE and the expression together: the planner multiplies their selectivities, thinks a
      // common surname rare and rechecks every hit (15 ms at 250,000 patients) instead of stopping at the 50th.
      where.push(`p.name_folded ~ ('${WORD_START}' || stride_fold(${arg(w)}))`);
    }
    if (q.dateOfBirth) where.push(`p.date_of_birth = ${arg(q.dateOfBirth)}`);
    // By birth date alone, as SQLite: by name, then id.
    const order = words.length ? 'p.id DESC' : 'p.name_key COLLATE "C", p.id';
    const r = await this.pool.query<PatientHitRow>(
      `WITH hits AS (
         SELECT p.id FROM patients p
          WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${arg(limit)})
       SELECT p.id, p.full_name, p.date_of_birth,
              (SELECT count(*)::int FROM intake_sessions s WHERE s.patient_id = p.id) AS sessions,
              (SELECT max(s.submitted_at COLLATE "C") FROM intake_sessions s WHERE s.patient_id = p.id) AS last_visit
         FROM hits JOIN patients p ON p.id = hits.id ORDER BY ${order}`,
      args,
    );
    return r.rows;
  }

  async addClinician(
    c: { name: string; role: 'clinician' | 'admin'; pinHash: string; pinSalt: string },
    atIso: string,
  ): Promise<number> {
    const r = await this.pool.query<{ id: number }>(
      'INSERT INTO clinicians (name, role, pin_hash, pin_salt, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [c.name, c.role, c.pinHash, c.pinSalt, atIso],
    );
    return r.rows[0]!.id;
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
 * The same name and date of birth is the same patient (as store/patients.ts). Looked up first, because an INSERT that
 * meets the unique key still uses up an id; the insert's ON CONFLICT covers two hubs adding the same patient at once.
 */
async function findOrCreatePatient(c: pg.PoolClient, p: IntakeWrite['patient'], nowIso: string): Promise<number> {
  const key = nameKey(p.fullName);
  const existing = await c.query<{ id: number }>('SELECT id FROM patients WHERE name_key = $1 AND date_of_birth = $2', [
    key,
    p.dateOfBirth,
  ]);
  const found = existing.rows[0]?.id;
  if (found !== undefined) {
    if (p.phone) await c.query('UPDATE patients SET phone = $1 WHERE id = $2', [p.phone, found]);
    return found;
  }
  const created = await c.query<{ id: number }>(
    `INSERT INTO patients (full_name, name_key, date_of_birth, phone, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (name_key, date_of_birth) DO UPDATE SET phone = coalesce(excluded.phone, patients.phone)
     RETURNING id`,
    [p.fullName, key, p.dateOfBirth, p.phone || null, nowIso],
  );
  return created.rows[0]!.id;
}

/** One chained audit row inside the caller's transaction (see the lock order above). */
async function appendAuditRow(c: pg.PoolClient, entry: AuditEntry, atIso: string): Promise<void> {
  await c.query('SELECT pg_advisory_xact_lock($1, 0)', [AUDIT_LOCK]);
  const last = await c.query<{ id: number; hash: string | null }>(
    'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1',
  );
  const tail = last.rows[0];
  const row = {
    id: (tail?.id ?? 0) + 1,
    at: atIso,
    actor_type: entry.actorType,
    actor_id: entry.actorId ?? null,
    action: entry.action,
    target_type: entry.targetType ?? null,
    target_id: entry.targetId ?? null,
    detail_json: entry.detail ? JSON.stringify(entry.detail) : null,
  };
  const prev = tail ? (tail.hash ?? GENESIS_HASH) : GENESIS_HASH;
  await c.query(
    `INSERT INTO audit_log (id, at, actor_type, actor_id, action, target_type, target_id, detail_json, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      row.id,
      row.at,
      row.actor_type,
      row.actor_id,
      row.action,
      row.target_type,
      row.target_id,
      row.detail_json,
      prev,
      auditRowHash(prev, row),
    ],
  );
}
