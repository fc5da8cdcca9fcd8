/**
 * The ClinicStore over the embedded SQLite file: every method delegates to the synchronous store functions (their
 * SQL is not repeated here) and resolves at once, so the SQLite engine keeps its speed. One process writes the file,
 * so staff events stay in this process.
 */
import { appendAudit, auditCommitted } from './audit';
import { verifyAuditChain } from './audit-chain';
import { insertAssessment, latestAssessmentId, listAssessments } from './assessments';
import { insertClinician } from './clinicians';
import { openDatabase, schemaVersion, type Db, type OpenOptions } from './db';
import { insertHandout, listHandouts } from './handouts';
import { findOrCreatePatient, getPatient } from './patients';
import { insertMeasureResponses, measureHistory, sessionMeasures } from './measures';
import { ensureReasonCatalogue, sessionTriage } from './reason-catalogues';
import { patientSessions, searchPatients } from './search';
import { checkInCodeTaken, getSession, insertSession, listQueue, sessionPatientId } from './sessions';
import { acknowledgeAlert, ensureQuestionnaireVersion, setSessionStatus, unconfirmedSessionIds } from './sessions';
import { resolveIdentity } from './identity';
import { findSubmission, recordSubmission } from './submissions';
import {
  AssessmentConflictError,
  type CheckInCodeChooser,
  type ClinicStore,
  type StaffEventMessage,
} from './clinic-store';

export class SqliteClinicStore implements ClinicStore {
  readonly engine = 'sqlite' as const;
  private readonly listeners = new Set<(event: StaffEventMessage) => void>();

  constructor(
    readonly db: Db,
    private readonly chooseCheckInCode: CheckInCodeChooser,
  ) {}

  async schemaVersion() {
    return schemaVersion(this.db);
  }

  async ensureReasonCatalogue(...args: Parameters<ClinicStore['ensureReasonCatalogue']>) {
    return ensureReasonCatalogue(this.db, ...args);
  }

  // ── area A: intake, queue, sessions, identity, clinical notes, outcomes (handlers intake, clinical, outcomes) ──
  async ensureQuestionnaireVersion(...args: Parameters<ClinicStore['ensureQuestionnaireVersion']>) {
    return ensureQuestionnaireVersion(this.db, ...args);
  }

  async getPatient(patientId: number) {
    return getPatient(this.db, patientId);
  }

  async sessionPatientId(sessionId: number) {
    return sessionPatientId(this.db, sessionId);
  }

  async openSession(sessionId: number, actorId: number, atIso: string) {
    const db = this.db;
    const opened = db.transaction(() => {
      const session = getSession(db, sessionId);
      const patient = session ? getPatient(db, session.patient_id) : undefined;
      if (!session || !patient) return undefined;
      const statusChanged = session.status === 'waiting';
      if (statusChanged) setSessionStatus(db, session.id, 'in-review');
      // Every read of a record by a clinician is audited.
      const auditId = appendAudit(
        db,
        { actorType: 'clinician', actorId, action: 'session.open', targetType: 'session', targetId: session.id },
        atIso,
      );
      return { session, patient, statusChanged, auditId };
    })();
    if (!opened) return undefined;
    auditCommitted(db, opened.auditId);
    const { auditId: _auditId, ...record } = opened;
    return { ...record, triage: sessionTriage(db, opened.session) };
  }

  async setSessionStatus(...[sessionId, status, actorId, atIso]: Parameters<ClinicStore['setSessionStatus']>) {
    const db = this.db;
    const changed = db.transaction(() => {
      const s = getSession(db, sessionId);
      if (!s) return undefined;
      setSessionStatus(db, s.id, status);
      const auditId = appendAudit(
        db,
        {
          actorType: 'clinician',
          actorId,
          action: 'session.status',
          targetType: 'session',
          targetId: s.id,
          detail: { from: s.status, to: status },
        },
        atIso,
      );
      return { from: s.status, auditId };
    })();
    if (changed) auditCommitted(db, changed.auditId);
    return changed?.from;
  }

  async acknowledgeAlert(sessionId: number, actorId: number, atIso: string) {
    const db = this.db;
    const done = db.transaction(() => {
      if (sessionPatientId(db, sessionId) === null) return null;
      const first = acknowledgeAlert(db, sessionId, actorId, atIso);
      const auditId = appendAudit(
        db,
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
      return { first, auditId };
    })();
    if (!done) return null;
    auditCommitted(db, done.auditId);
    return done.first;
  }

  async resolveIdentity(...args: Parameters<ClinicStore['resolveIdentity']>) {
    return resolveIdentity(this.db, ...args);
  }

  async measureHistory(patientId: number) {
    return measureHistory(this.db, patientId);
  }

  async unconfirmedSessionIds(patientId: number) {
    return unconfirmedSessionIds(this.db, patientId);
  }

  async submitIntake(w: Parameters<ClinicStore['submitIntake']>[0]) {
    const db = this.db;
    const saved = db.transaction(() => {
      const { patientId, matched } = findOrCreatePatient(db, w.patient, w.submittedAt);
      const taken = (code: string) => checkInCodeTaken(db, w.localDate, code);
      const checkInCode =
        w.proposedCheckInCode && !taken(w.proposedCheckInCode) ? w.proposedCheckInCode : this.chooseCheckInCode(taken);
      const {
        patient: _patient,
        proposedCheckInCode: _proposed,
        submission: _submission,
        measures: _measures,
        audit: _audit,
        announce: _announce,
        ...session
      } = w;
      const sessionId = insertSession(db, {
        ...session,
        patientId,
        checkInCode,
        kioskPhone: w.patient.phone || null,
        identityStatus: matched ? 'to-confirm' : null,
      });
      insertMeasureResponses(db, sessionId, w.measures);
      if (w.submission) recordSubmission(db, w.submission.id, sessionId, w.submission.payloadSha256, w.submittedAt);
      const detail = { ...w.audit.detail, identityToConfirm: matched };
      const auditId = appendAudit(
        db,
        { ...w.audit, detail, targetType: 'session', targetId: sessionId },
        w.submittedAt,
      );
      return { sessionId, patientId, matched, checkInCode, auditId };
    })();
    // As the intake handler: the committed row is the log's head, so the next append need not read it back.
    auditCommitted(db, saved.auditId);
    const { auditId: _auditId, ...result } = saved;
    for (const event of w.announce?.(result) ?? []) await this.publishStaffEvent(event);
    return result;
  }

  async findSubmission(submissionId: string) {
    return findSubmission(this.db, submissionId);
  }

  async listQueue(localDate: string) {
    return listQueue(this.db, localDate);
  }

  async sessionRecord(sessionId: number) {
    const session = getSession(this.db, sessionId);
    const patient = session ? getPatient(this.db, session.patient_id) : undefined;
    return session && patient ? { session, patient, triage: sessionTriage(this.db, session) } : undefined;
  }

  async sessionMeasures(sessionId: number) {
    return sessionMeasures(this.db, sessionId);
  }

  async patientHistory(patientId: number) {
    return patientSessions(this.db, patientId);
  }

  async searchPatients(q: Parameters<ClinicStore['searchPatients']>[0], limit?: number) {
    return searchPatients(this.db, q, limit);
  }

  // ── area B: staff, clinicians, PIN lockouts, settings, devices and pairing, audit reading (staff, admin, devices) ──
  async addClinician(c: Parameters<ClinicStore['addClinician']>[0], atIso: string) {
    return insertClinician(this.db, c, atIso);
  }

  async saveAssessment(a: Parameters<ClinicStore['saveAssessment']>[0]) {
    const db = this.db;
    const saved = db.transaction(() => {
      const patientId = sessionPatientId(db, a.sessionId);
      if (patientId === null) throw new AssessmentConflictError('no-session');
      const latest = latestAssessmentId(db, a.sessionId);
      if (latest !== a.previousId)
        throw new AssessmentConflictError(latest === null ? 'no-earlier-version' : 'newer-version-exists');
      const inserted = insertAssessment(db, { ...a, patientId });
      const auditId = appendAudit(
        db,
        {
          actorType: 'clinician',
          actorId: a.authorId,
          action: a.previousId === null ? 'assessment.create' : 'assessment.amend',
          targetType: 'assessment',
          targetId: inserted.id,
          detail: { sessionId: a.sessionId, version: inserted.version },
        },
        a.createdAt,
      );
      return { ...inserted, auditId };
    })();
    auditCommitted(db, saved.auditId);
    return { id: saved.id, version: saved.version };
  }

  async listAssessments(sessionId: number) {
    return listAssessments(this.db, sessionId);
  }

  // ── area C: handouts, handout files, records export, retention (handlers handouts, records) ──
  async recordHandout(h: Parameters<ClinicStore['recordHandout']>[0]) {
    return insertHandout(this.db, h);
  }

  async listHandouts(sessionId: number) {
    return listHandouts(this.db, sessionId);
  }

  async appendAudit(entry: Parameters<ClinicStore['appendAudit']>[0], atIso: string) {
    appendAudit(this.db, entry, atIso);
  }

  async verifyAudit() {
    return verifyAuditChain(this.db);
  }

  async publishStaffEvent(event: StaffEventMessage) {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken subscriber must not keep an urgent alert from the others.
      }
    }
  }

  async subscribeStaffEvents(listener: (event: StaffEventMessage) => void) {
    this.listeners.add(listener);
    return async () => void this.listeners.delete(listener);
  }

  async close() {
    this.listeners.clear();
    this.db.close();
  }
}

export function openSqliteClinicStore(
  file: string,
  chooseCheckInCode: CheckInCodeChooser,
  options: OpenOptions = {},
): SqliteClinicStore {
  return new SqliteClinicStore(openDatabase(file, options), chooseCheckInCode);
}
