/**
 * The ClinicStore over the embedded SQLite file: every method delegates to the synchronous store functions (their
 * SQL is not repeated here) and resolves at once, so the SQLite engine keeps its speed. One process writes the file,
 * so staff events stay in this process.
 */
import { dirname } from 'node:path';
import { appendAudit, auditCommitted } from './audit';
import { verifyAuditChain } from './audit-chain';
import { insertAssessment, latestAssessmentId, listAssessments } from './assessments';
import {
  clearPinFailures,
  countActiveAdmins,
  countClinicians,
  getClinician,
  getPinFailure,
  insertClinician,
  listActiveClinicians,
  listAllClinicians,
  recordPinFailure,
  setClinicianDisabled,
  setClinicianPin,
} from './clinicians';
import { getRecoveryCode, setRecoveryCode } from './admin-recovery';
import { readAudit, type AuditFilter } from './audit-read';
import {
  addHeldExpired,
  clearHeldExpired,
  heldExpiredAcknowledgedAudit,
  heldExpiredAudit,
  type HeldExpiredAcknowledged,
  clearDevicePinFailures,
  findDeviceByCredentialHash,
  findPairingCode,
  getDevice,
  insertDevice,
  insertPairingCode,
  listDevices,
  markPairingCodeUsed,
  recordDevicePinFailure,
  revokeDevice,
  touchDevice,
} from './devices';
import { readSettings, writeSettings } from './settings';
import {
  clinicianDisabledAudit,
  deviceRevokedAudit,
  pairedAudit,
  pairingProblem,
  pairingRefusedAudit,
  pinFailureAudit,
  pinResetAudit,
  recoveryAudit,
  type FirstAdminWrite,
  type DeviceRevoked,
  type PairingRedeem,
  type PairingRedeemed,
  type PinFailureCounted,
  type PinFailureWrite,
  type RecoveryWrite,
} from './clinic-store-staff';
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
import {
  changedFields,
  correctPatient,
  findOrCreatePatient,
  getPatient,
  namesakesOf,
  patientCorrectedAudit,
  type PatientCorrected,
} from './patients';
import { insertMeasureResponses, measureHistory, sessionMeasures } from './measures';
import { ensureReasonCatalogue, sessionTriage } from './reason-catalogues';
import { patientSessions, searchPatients } from './search';
import { checkInCodeTaken, getSession, insertSession, listQueue, queueDays, sessionPatientId } from './sessions';
import { acknowledgeAlert, ensureQuestionnaireVersion, setSessionStatus, unconfirmedSessionIds } from './sessions';
import { resolveIdentity } from './identity';
import { findSubmission, recordSubmission } from './submissions';
import {
  AssessmentConflictError,
  type CheckInCodeChooser,
  type ClinicStore,
  type IntakeWrite,
  type StaffEventMessage,
} from './clinic-store';

export class SqliteClinicStore implements ClinicStore {
  readonly engine = 'sqlite' as const;
  private readonly listeners = new Set<(event: StaffEventMessage) => void>();
  /**
   * A submit's one transaction, made once per connection: better-sqlite3 builds four wrapper functions on every
   * db.transaction call (about 8 µs of a submit in a profile).
   */
  private readonly intakeTransaction: (w: IntakeWrite) => ReturnType<SqliteClinicStore['writeIntake']>;

  constructor(
    readonly db: Db,
    private readonly chooseCheckInCode: CheckInCodeChooser,
    /** Handout PDFs: the handouts folder beside the database file, unless given. */
    private readonly files: HandoutFiles = handoutFiles(dirname(db.name)),
  ) {
    this.intakeTransaction = db.transaction((w: IntakeWrite) => this.writeIntake(w));
  }

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

  async correctPatient(...[c, atIso]: Parameters<ClinicStore['correctPatient']>) {
    const db = this.db;
    return this.audited((): { result: PatientCorrected | undefined; auditId: number | null } => {
      const before = getPatient(db, c.patientId);
      if (!before) return { result: undefined, auditId: null };
      const changed = changedFields(before, c);
      if (changed.length === 0) return { result: { patient: before, changed }, auditId: null };
      correctPatient(db, c);
      const auditId = appendAudit(db, patientCorrectedAudit(c, changed), atIso);
      const patient = getPatient(db, c.patientId);
      if (!patient) throw new Error('patient vanished');
      return { result: { patient, changed }, auditId };
    });
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

  async namesakes(patientId: number) {
    return namesakesOf(this.db, patientId);
  }

  async measureHistory(patientId: number) {
    return measureHistory(this.db, patientId);
  }

  async unconfirmedSessionIds(patientId: number) {
    return unconfirmedSessionIds(this.db, patientId);
  }

  async submitIntake(w: IntakeWrite) {
    const db = this.db;
    const saved = this.intakeTransaction(w);
    // As the intake handler: the committed row is the log's head, so the next append need not read it back.
    auditCommitted(db, saved.auditId);
    const { auditId: _auditId, ...result } = saved;
    for (const event of w.announce?.(result) ?? []) await this.publishStaffEvent(event);
    return result;
  }

  /** Patient, session, measures, submission id and audit row: run inside intakeTransaction only. */
  private writeIntake(w: IntakeWrite) {
    const db = this.db;
    // Written when the hub takes it; the session keeps when the patient finished (later for a held intake).
    const writtenAt = w.receivedAt ?? w.submittedAt;
    const { patientId, matched } = findOrCreatePatient(db, w.patient, writtenAt);
    const days = queueDays(w);
    const taken = (code: string) => days.some((day) => checkInCodeTaken(db, day, code));
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
    if (w.submission) recordSubmission(db, w.submission.id, sessionId, w.submission.payloadSha256, writtenAt);
    const detail = { ...w.audit.detail, identityToConfirm: matched };
    const auditId = appendAudit(db, { ...w.audit, detail, targetType: 'session', targetId: sessionId }, writtenAt);
    return { sessionId, patientId, matched, checkInCode, auditId };
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
  async countClinicians() {
    return countClinicians(this.db);
  }

  async listActiveClinicians() {
    return listActiveClinicians(this.db);
  }

  async listAllClinicians() {
    return listAllClinicians(this.db);
  }

  async getClinician(id: number) {
    return getClinician(this.db, id);
  }

  async setUpFirstAdmin(w: FirstAdminWrite) {
    const db = this.db;
    return this.audited(() => {
      if (countClinicians(db) > 0) return { result: null, auditId: null };
      const id = insertClinician(db, { name: w.name, role: 'admin', pinHash: w.pinHash, pinSalt: w.pinSalt }, w.atIso);
      const settings = w.clinicPhone === undefined ? null : writeSettings(db, { clinicPhone: w.clinicPhone });
      setRecoveryCode(db, w.recovery.hash, w.recovery.salt, w.atIso);
      const auditId = appendAudit(
        db,
        { actorType: 'clinician', actorId: id, action: 'staff.setup', targetType: 'clinician', targetId: id },
        w.atIso,
      );
      return { result: { id, settings }, auditId };
    });
  }

  async setClinicianDisabled(w: Parameters<ClinicStore['setClinicianDisabled']>[0]) {
    const db = this.db;
    return this.audited(() => {
      const row = getClinician(db, w.clinicianId);
      if (!row) return { result: 'not-found' as const, auditId: null };
      if (w.disabled && row.role === 'admin' && !row.disabled && countActiveAdmins(db) <= 1)
        return { result: 'last-admin' as const, auditId: null };
      setClinicianDisabled(db, row.id, w.disabled);
      const auditId = appendAudit(db, clinicianDisabledAudit(w), w.atIso);
      return { result: 'done' as const, auditId };
    });
  }

  async resetClinicianPin(w: Parameters<ClinicStore['resetClinicianPin']>[0]) {
    const db = this.db;
    this.audited(() => {
      setClinicianPin(db, w.clinicianId, w.pinHash, w.pinSalt);
      const auditId = appendAudit(db, pinResetAudit(w), w.atIso);
      return { result: undefined, auditId };
    });
  }

  async getRecoveryCode() {
    return getRecoveryCode(this.db);
  }

  async recoverAdmin(w: RecoveryWrite) {
    const db = this.db;
    return this.audited(() => {
      if (getRecoveryCode(db)?.code_hash !== w.usedCodeHash) return { result: false, auditId: null };
      setClinicianPin(db, w.clinicianId, w.pinHash, w.pinSalt);
      setRecoveryCode(db, w.next.hash, w.next.salt, w.atIso);
      const auditId = appendAudit(db, recoveryAudit(w.clinicianId, countActiveAdmins(db)), w.atIso);
      return { result: true, auditId };
    });
  }

  async getPinFailure(scope: string, clinicianId: number) {
    return getPinFailure(this.db, scope, clinicianId);
  }

  async recordPinFailure(w: PinFailureWrite) {
    const db = this.db;
    return this.audited(() => {
      const failed = getPinFailure(db, w.scope, w.clinicianId).failed + 1;
      const lockedUntil = w.lockout.clinician(failed);
      recordPinFailure(db, w.scope, w.clinicianId, { failed, locked_until: lockedUntil });
      const device = w.deviceId === undefined ? undefined : getDevice(db, w.deviceId);
      let counted: PinFailureCounted = { failed, lockedUntil };
      if (device) {
        const deviceFailed = device.failed_pin_attempts + 1;
        const deviceUntil = w.lockout.device(deviceFailed);
        recordDevicePinFailure(db, device.id, deviceFailed, deviceUntil);
        counted = { ...counted, device: { id: device.id, failed: deviceFailed, lockedUntil: deviceUntil } };
      }
      const auditId = appendAudit(db, pinFailureAudit(w, counted), w.atIso);
      return { result: counted, auditId };
    });
  }

  async clearPinFailures(scope: string, clinicianId: number, deviceId?: number) {
    const db = this.db;
    db.transaction(() => {
      clearPinFailures(db, scope, clinicianId);
      if (deviceId !== undefined) clearDevicePinFailures(db, deviceId);
    })();
  }

  async readSettings() {
    return readSettings(this.db);
  }

  /** One process writes the file, so there is no other hub to tell (the caller updates its own settings cache). */
  async writeSettings(...[patch, audit]: Parameters<ClinicStore['writeSettings']>) {
    const db = this.db;
    return this.audited(() => {
      const before = readSettings(db);
      const after = writeSettings(db, patch);
      const auditId = audit ? appendAudit(db, audit.entry(before, after), audit.atIso) : null;
      return { result: { before, after }, auditId };
    });
  }

  async readAudit(filter: AuditFilter) {
    return readAudit(this.db, filter);
  }

  async listDevices() {
    return listDevices(this.db);
  }

  async getDevice(id: number) {
    return getDevice(this.db, id);
  }

  async findDeviceByCredentialHash(credentialHash: string) {
    return findDeviceByCredentialHash(this.db, credentialHash);
  }

  async touchDevice(id: number, atIso: string, address: string | null) {
    touchDevice(this.db, id, atIso, address);
  }

  async addPairingCode(...[c, atIso, audit]: Parameters<ClinicStore['addPairingCode']>) {
    const db = this.db;
    return this.audited(() => {
      const codeId = insertPairingCode(db, c, atIso);
      const auditId = appendAudit(db, { ...audit, targetType: 'pairing_code', targetId: codeId }, atIso);
      return { result: codeId, auditId };
    });
  }

  async redeemPairingCode(w: PairingRedeem) {
    const db = this.db;
    return this.audited((): { result: PairingRedeemed; auditId: number } => {
      const code = w.codeHash === null ? undefined : findPairingCode(db, w.codeHash);
      const problem = pairingProblem(code, w.atIso);
      if (problem || !code) {
        const refused = { ok: false as const, reason: problem ?? 'wrong' };
        return { result: refused, auditId: appendAudit(db, pairingRefusedAudit(code?.id, refused.reason, w), w.atIso) };
      }
      const deviceId = insertDevice(
        db,
        {
          name: code.name,
          role: code.role,
          credentialHash: w.credentialHash,
          createdBy: code.created_by,
          address: w.address,
        },
        w.atIso,
      );
      if (!markPairingCodeUsed(db, code.id, deviceId, w.atIso)) throw new Error('pairing code used concurrently');
      const auditId = appendAudit(db, pairedAudit(deviceId, code, w.address), w.atIso);
      const device = getDevice(db, deviceId);
      if (!device) throw new Error('device vanished');
      return { result: { ok: true, device }, auditId };
    });
  }

  async revokeDevice(id: number, by: number, atIso: string) {
    const db = this.db;
    return this.audited((): { result: DeviceRevoked; auditId: number | null } => {
      const found = getDevice(db, id);
      if (!found) return { result: { ok: false as const, problem: 'not-found' as const }, auditId: null };
      if (found.revoked_at)
        return { result: { ok: false as const, problem: 'already-revoked' as const }, auditId: null };
      revokeDevice(db, found.id, by, atIso);
      const auditId = appendAudit(db, deviceRevokedAudit(found, by), atIso);
      const device = getDevice(db, found.id);
      if (!device) throw new Error('device vanished');
      return { result: { ok: true as const, device }, auditId };
    });
  }

  async recordHeldExpired(...[report, atIso]: Parameters<ClinicStore['recordHeldExpired']>) {
    const db = this.db;
    this.audited(() => {
      if (report.deviceId !== null) addHeldExpired(db, report.deviceId, report.count, atIso);
      return { result: undefined, auditId: appendAudit(db, heldExpiredAudit(report), atIso) };
    });
  }

  async acknowledgeHeldExpired(...[deviceId, seenCount, by, atIso]: Parameters<ClinicStore['acknowledgeHeldExpired']>) {
    const db = this.db;
    return this.audited((): { result: HeldExpiredAcknowledged; auditId: number | null } => {
      const found = getDevice(db, deviceId);
      if (!found) return { result: { ok: false, problem: 'not-found' }, auditId: null };
      if (found.held_expired_count !== seenCount) return { result: { ok: false, problem: 'changed' }, auditId: null };
      clearHeldExpired(db, found.id);
      const auditId = appendAudit(db, heldExpiredAcknowledgedAudit(found, by), atIso);
      const device = getDevice(db, found.id);
      if (!device) throw new Error('device vanished');
      return { result: { ok: true, device }, auditId };
    });
  }

  /**
   * Runs `work` in one transaction and, when it appended an audit row, tells the log once committed, so the next
   * append need not read the head back.
   */
  private audited<T>(work: () => { result: T; auditId: number | null }): T {
    const { result, auditId } = this.db.transaction(work)();
    if (auditId !== null) auditCommitted(this.db, auditId);
    return result;
  }

  async addClinician(...[c, atIso, audit]: Parameters<ClinicStore['addClinician']>) {
    const db = this.db;
    if (!audit) return insertClinician(db, c, atIso);
    return this.audited(() => {
      const id = insertClinician(db, c, atIso);
      return { result: id, auditId: appendAudit(db, { ...audit, targetType: 'clinician', targetId: id }, atIso) };
    });
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
