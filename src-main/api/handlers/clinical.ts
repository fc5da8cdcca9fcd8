/** The queue and session records, for unlocked clinicians. Every read of a record is audited. */
import { localDate } from '../../core/clock';
import { appendAudit } from '../../store/audit';
import { getPatient } from '../../store/patients';
import { getSession, listQueue, setSessionStatus } from '../../store/sessions';
import { ApiError } from '../errors';
import type { Locale } from '../schemas';
import type { SessionDetail } from '../types';
import type { clinicalMethods } from '../methods/clinical';
import type { HandlersFor, ServiceDeps } from './deps';

export function clinicalHandlers({ db, clock, events }: ServiceDeps): HandlersFor<typeof clinicalMethods> {
  const nowIso = () => clock.now().toISOString();
  return {
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
