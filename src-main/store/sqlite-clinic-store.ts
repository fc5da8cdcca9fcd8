/**
 * The ClinicStore over the embedded SQLite file: every method delegates to the synchronous store functions (their
 * SQL is not repeated here) and resolves at once, so the SQLite engine keeps its speed. One process writes the file,
 * so staff events stay in this process.
 */
import { dirname } from 'node:path';
import { appendAudit, auditCommitted } from './audit';
import { verifyAuditChain } from './audit-chain';
import { insertAssessment, latestAssessmentId, listAssessments } from './assessments';
import { insertClinician } from './clinicians';
import { openDatabase, schemaVersion, type Db, type OpenOptions } from './db';
import { handoutFiles, type HandoutFiles } from './handout-files';
import {
  getHandout,
  getTemplate,
  insertHandout,
  latestImpression,
  listHandouts,
  listTemplates,
  upsertTemplate,
  type HandoutWrite,
} from './handouts';
import { patientExport } from './record-export';
import { purgeExpired, readRetention, writeRetention, type RetentionSettings } from './retention';
import { findOrCreatePatient, getPatient } from './patients';
import { insertMeasureResponses, sessionMeasures } from './measures';
import { ensureReasonCatalogue, sessionTriage } from './reason-catalogues';
import { patientSessions, searchPatients } from './search';
import { checkInCodeTaken, getSession, insertSession, listQueue, sessionPatientId } from './sessions';
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
    /** Handout PDFs: the handouts folder beside the database file, unless given. */
    private readonly files: HandoutFiles = handoutFiles(dirname(db.name)),
  ) {}

  async schemaVersion() {
    return schemaVersion(this.db);
  }

  async ensureReasonCatalogue(...args: Parameters<ClinicStore['ensureReasonCatalogue']>) {
    return ensureReasonCatalogue(this.db, ...args);
  }

  // ── area A: intake, queue, sessions, identity, clinical notes, outcomes (handlers intake, clinical, outcomes) ──
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

  async getHandout(handoutId: number) {
    return getHandout(this.db, handoutId);
  }

  /** The file first (written whole), then its record and audit row together; no file is left without its record. */
  async saveHandout(w: HandoutWrite) {
    const db = this.db;
    const file = this.files.save(w.handout.sessionId, new Date(w.handout.createdAt), w.pdf);
    try {
      return db.transaction(() => {
        const id = insertHandout(db, {
          ...w.handout,
          fileName: file.fileName,
          fileSha256: file.sha256,
          fileBytes: file.bytes,
        });
        const detail = { handoutId: id, sha256: file.sha256, ...w.audit.detail };
        appendAudit(
          db,
          { ...w.audit, detail, targetType: 'session', targetId: w.handout.sessionId },
          w.handout.createdAt,
        );
        return getHandout(db, id)!;
      })();
    } catch (e) {
      this.files.remove(file.fileName);
      throw e;
    }
  }

  async handoutPdf(handoutId: number) {
    const row = getHandout(this.db, handoutId);
    if (!row) return undefined;
    const file = this.files.read(row.file_name, row.file_sha256);
    return { row, file, path: file.ok ? this.files.pathOf(row.file_name) : null };
  }

  async latestImpression(sessionId: number) {
    return latestImpression(this.db, sessionId);
  }

  async listTemplates() {
    return listTemplates(this.db);
  }

  async getTemplate(templateId: number) {
    return getTemplate(this.db, templateId);
  }

  async saveTemplate(t: Parameters<ClinicStore['saveTemplate']>[0]) {
    const db = this.db;
    return db.transaction(() => {
      const saved = upsertTemplate(db, t);
      appendAudit(
        db,
        {
          actorType: 'clinician',
          actorId: t.authorId,
          action: saved.replaced ? 'handout.template.replace' : 'handout.template.save',
          targetType: 'handout_template',
          targetId: saved.id,
        },
        t.at,
      );
      return getTemplate(db, saved.id)!;
    })();
  }

  async patientExport(patientId: number) {
    return patientExport(this.db, patientId);
  }

  async readRetention() {
    return readRetention(this.db);
  }

  async saveRetention(patch: Partial<RetentionSettings>, actorId: number | null, atIso: string) {
    const db = this.db;
    return db.transaction(() => {
      const next = writeRetention(db, patch);
      appendAudit(db, { actorType: 'clinician', actorId, action: 'records.retention', detail: { ...next } }, atIso);
      return next;
    })();
  }

  async purgeExpired(now: Date, actorId: number | null) {
    return purgeExpired(this.db, now, readRetention(this.db), actorId);
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
