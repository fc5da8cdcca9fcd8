/** The contract implemented over the core and the store. Every write and its audit row share one transaction. */
import type { Content, IntakeAnswers } from '../core/content/schema';
import { ageOn } from '../core/age';
import { DERIVED_AGE_QUESTION } from './derived';
import { checkAnswers } from '../core/content/visibility';
import { triage } from '../core/triage/engine';
import { localDate, type Clock } from '../core/clock';
import type { Db } from '../store/db';
import { appendAudit } from '../store/audit';
import { findOrCreatePatient, getPatient } from '../store/patients';
import { checkInCodeTaken, getSession, insertSession, listQueue, setSessionStatus } from '../store/sessions';
import {
  clearPinFailures,
  countClinicians,
  getClinician,
  insertClinician,
  listActiveClinicians,
  recordPinFailure,
} from '../store/clinicians';
import type { Handlers } from './dispatch';
import { ApiError } from './errors';
import { hashPin, lockoutUntil, verifyPin } from './pin';
import { newCheckInCode } from './check-in-code';
import type { StaffSessions } from './staff-sessions';
import type { StaffEvents } from './events';
import type { ClinicianSummary, SessionDetail } from './types';
import type { Locale } from './schemas';

export interface ServiceDeps {
  db: Db;
  content: Content;
  clock: Clock;
  staffSessions: StaffSessions;
  events: StaffEvents;
}

/** Answers the patient already gave elsewhere: age comes from the date of birth, never asked twice. */
export function withDerivedAnswers(content: Content, answers: IntakeAnswers, dateOfBirth: string, today: string): IntakeAnswers {
  const asksAge = content.questionnaire.sections.some((s) => s.questions.some((q) => q.id === DERIVED_AGE_QUESTION));
  return asksAge ? { ...answers, [DERIVED_AGE_QUESTION]: ageOn(dateOfBirth, today) } : answers;
}

export function createHandlers({ db, content, clock, staffSessions, events }: ServiceDeps): Handlers {
  const nowIso = () => clock.now().toISOString();

  return {
    'intake.form': () => ({ contentVersion: content.version, questionnaire: content.questionnaire }),

    'intake.submit': (input) => {
      const now = clock.now();
      const answers = withDerivedAnswers(content, input.answers, input.patient.dateOfBirth, localDate(now));
      const problems = checkAnswers(content.questionnaire, answers);
      if (problems.length > 0) {
        const fields = problems.map((p) => ({ path: `answers.${p.path}`, message: p.message }));
        throw new ApiError('invalid_input', `Some answers need another look: ${fields.map((f) => f.message).join('; ')}`, fields);
      }
      const result = triage(content, answers);
      const painNow = typeof answers['pain_now'] === 'number' ? answers['pain_now'] : null;

      const saved = db.transaction(() => {
        const patientId = findOrCreatePatient(db, input.patient, now.toISOString());
        const day = localDate(now);
        const checkInCode = newCheckInCode((code) => checkInCodeTaken(db, day, code));
        const sessionId = insertSession(db, {
          patientId,
          submittedAt: now.toISOString(),
          localDate: day,
          urgency: result.urgency,
          redFlagIds: result.redFlags.map((f) => f.id),
          painNow,
          topSuggestion: result.suggestions[0]?.conditionId ?? null,
          checkInCode,
          locale: input.locale,
          answersJson: JSON.stringify(answers),
          triageJson: JSON.stringify(result),
          questionnaireJson: JSON.stringify(content.questionnaire),
          contentVersion: result.contentVersion,
          engineVersion: result.engineVersion,
        });
        appendAudit(
          db,
          {
            actorType: 'kiosk',
            action: 'intake.submit',
            targetType: 'session',
            targetId: sessionId,
            detail: { urgency: result.urgency, redFlags: result.redFlags.map((f) => f.id) },
          },
          now.toISOString(),
        );
        return { sessionId, checkInCode };
      })();

      events.emit({ type: 'queue.changed' });
      if (result.urgency !== 'routine') {
        events.emit({ type: 'alert.urgent', sessionId: saved.sessionId, urgency: result.urgency, checkInCode: saved.checkInCode });
      }
      return { checkInCode: saved.checkInCode, seeFrontDesk: result.redFlags.length > 0 };
    },

    'staff.status': (_input, ctx) => ({
      hasClinicians: countClinicians(db) > 0,
      clinicians: listActiveClinicians(db),
      unlocked: ctx.clinician,
    }),

    'staff.setup': (input, ctx) => {
      const { hash, salt } = hashPin(input.pin);
      const admin = db.transaction((): ClinicianSummary => {
        if (countClinicians(db) > 0) throw new ApiError('conflict', 'Stride is already set up. Ask an administrator to add you.');
        const id = insertClinician(db, { name: input.name, role: 'admin', pinHash: hash, pinSalt: salt }, nowIso());
        appendAudit(db, { actorType: 'clinician', actorId: id, action: 'staff.setup', targetType: 'clinician', targetId: id }, nowIso());
        return { id, name: input.name, role: 'admin' };
      })();
      staffSessions.unlock(ctx.caller, admin);
      return admin;
    },

    'staff.unlock': (input, ctx) => {
      const row = getClinician(db, input.clinicianId);
      if (!row || row.disabled) throw new ApiError('not_found', 'There is no active clinician with that name.');
      const now = clock.now();
      if (row.locked_until && row.locked_until > now.toISOString()) {
        throw new ApiError('lockout', 'Too many wrong PINs. Please wait before trying again.', undefined, row.locked_until);
      }
      if (!verifyPin(input.pin, row.pin_salt, row.pin_hash)) {
        const failed = row.failed_attempts + 1;
        const until = lockoutUntil(failed, now);
        db.transaction(() => {
          recordPinFailure(db, row.id, failed, until?.toISOString() ?? null);
          appendAudit(db, { actorType: 'system', action: 'staff.unlock.failed', targetType: 'clinician', targetId: row.id, detail: { failed } }, now.toISOString());
        })();
        if (until) throw new ApiError('lockout', 'Too many wrong PINs. Please wait before trying again.', undefined, until.toISOString());
        throw new ApiError('forbidden', 'That PIN is not right.');
      }
      db.transaction(() => {
        clearPinFailures(db, row.id);
        appendAudit(db, { actorType: 'clinician', actorId: row.id, action: 'staff.unlock' }, now.toISOString());
      })();
      const clinician: ClinicianSummary = { id: row.id, name: row.name, role: row.role };
      staffSessions.unlock(ctx.caller, clinician);
      return clinician;
    },

    'staff.lock': (_input, ctx) => {
      if (ctx.clinician) appendAudit(db, { actorType: 'clinician', actorId: ctx.clinician.id, action: 'staff.lock' }, nowIso());
      staffSessions.lock(ctx.caller);
      return { locked: true };
    },

    'queue.list': (input) => listQueue(db, input.date ?? localDate(clock.now())),

    'session.open': (input, ctx) => {
      const detail = db.transaction((): SessionDetail => {
        const s = getSession(db, input.sessionId);
        if (!s) throw new ApiError('not_found', 'That intake does not exist.');
        const patient = getPatient(db, s.patient_id);
        if (!patient) throw new ApiError('not_found', 'That patient does not exist.');
        if (s.status === 'waiting') setSessionStatus(db, s.id, 'in-review');
        // Every read of a record by a clinician is audited.
        appendAudit(db, { actorType: 'clinician', actorId: ctx.clinician?.id ?? null, action: 'session.open', targetType: 'session', targetId: s.id }, nowIso());
        return {
          sessionId: s.id,
          patient: { id: patient.id, fullName: patient.full_name, dateOfBirth: patient.date_of_birth, phone: patient.phone },
          submittedAt: s.submitted_at,
          status: s.status === 'waiting' ? 'in-review' : s.status,
          locale: s.locale as Locale,
          checkInCode: s.check_in_code,
          answers: JSON.parse(s.answers_json) as SessionDetail['answers'],
          triage: JSON.parse(s.triage_json) as SessionDetail['triage'],
          questionnaire: s.questionnaire_json ? (JSON.parse(s.questionnaire_json) as SessionDetail['questionnaire']) : null,
        };
      })();
      if (detail.status === 'in-review') events.emit({ type: 'queue.changed' });
      return detail;
    },
  };
}
