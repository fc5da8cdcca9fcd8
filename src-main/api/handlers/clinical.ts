/**
 * The queue, session records, search, history and assessment notes, for unlocked clinicians. Every read and change is
 * audited.
 */
import { localDate } from '../../core/clock';
import type { Content } from '../../core/content/schema';
import { languageInfo, type LocaleCatalog } from '../../core/locales/catalog';
import { appendAudit } from '../../store/audit';
import { createReadAudit } from '../read-audit';

/** Searches this close together are one person typing one search. */
const SEARCH_PAUSE_MS = 30_000;
import { insertAssessment, latestAssessmentId, listAssessments, type AssessmentRow } from '../../store/assessments';
import { getPatient } from '../../store/patients';
import { patientSessions, searchPatients } from '../../store/search';
import { acknowledgeAlert, getSession, listQueue, sessionPatientId, setSessionStatus } from '../../store/sessions';
import { readSettings } from '../../store/settings';
import { IdentityError, resolveIdentity } from '../../store/identity';
import { sessionTriage } from '../../store/reason-catalogues';
import { noteFromStored, type AssessmentNote } from '../assessment';
import { ApiError, type FieldError } from '../errors';
import type { AssessmentVersion, ContentCatalog, SessionDetail } from '../types';
import type { clinicalMethods } from '../methods/clinical';
import type { CallContext } from '../dispatch';
import type { HandlersFor, ServiceDeps } from './deps';
import { signedInClinician } from './actor';
import { outcomesOf } from './outcomes';

export function contentCatalog(content: Content, locales: LocaleCatalog): ContentCatalog {
  return {
    contentVersion: content.version,
    languages: locales.languages.map(languageInfo),
    conditions: content.conditions.map((c) => ({
      id: c.id,
      name: c.name.en,
      description: c.description,
      distinguishFrom: c.distinguishFrom ?? [],
    })),
    redFlags: content.redFlags.map((f) => ({ id: f.id, name: f.name.en, urgency: f.urgency, action: f.action })),
    riskFactors: content.riskFactors.map((r) => ({ id: r.id, name: r.name.en, description: r.description })),
    examination: {
      tests: content.examination.tests.map((t) => ({
        id: t.id,
        name: t.name.en,
        how: t.how.en,
        positive: t.positive.en,
        caution: t.caution?.en ?? null,
        sources: t.sources,
      })),
      rangeOfMotion: content.examination.rangeOfMotion.map((m) => ({
        id: m.id,
        name: m.name.en,
        typicalDegrees: m.typicalDegrees,
        maxDegrees: m.maxDegrees,
        reduced: m.reduced.en,
        sources: m.sources,
      })),
    },
  };
}

/** What the schema cannot know: ids and limits that come from the loaded content. */
function contentProblems(note: AssessmentNote, content: Content, conditionIds: Set<string>): FieldError[] {
  const problems: FieldError[] = [];
  const unknown = note.impression.filter((id) => !conditionIds.has(id));
  if (unknown.length)
    problems.push({
      path: 'note.impression',
      message: `Unknown condition: ${unknown.join(', ')}. Choose from the list.`,
    });
  const tests = new Set(content.examination.tests.map((t) => t.id));
  for (const id of Object.keys(note.examination.tests))
    if (!tests.has(id)) problems.push({ path: `note.examination.tests.${id}`, message: `Unknown test "${id}".` });
  const movements = new Map(content.examination.rangeOfMotion.map((m) => [m.id, m]));
  for (const [id, sides] of Object.entries(note.examination.rangeOfMotion)) {
    const m = movements.get(id);
    if (!m) {
      problems.push({ path: `note.examination.rangeOfMotion.${id}`, message: `Unknown movement "${id}".` });
      continue;
    }
    for (const side of ['left', 'right'] as const) {
      const v = sides[side];
      if (v !== null && v > m.maxDegrees)
        problems.push({
          path: `note.examination.rangeOfMotion.${id}.${side}`,
          message: `Over ${m.maxDegrees}° of ${m.name.en.toLowerCase()} is not plausible: measure again.`,
        });
    }
  }
  return problems;
}

function toVersion(r: AssessmentRow): AssessmentVersion {
  return {
    id: r.id,
    sessionId: r.session_id,
    version: r.version,
    previousId: r.previous_id,
    author: { id: r.author_id, name: r.author_name },
    createdAt: r.created_at,
    reason: r.amend_reason,
    note: noteFromStored(JSON.parse(r.note_json)),
  };
}

const actor = (ctx: CallContext): number => signedInClinician(ctx).id;

export function clinicalHandlers({
  db,
  content,
  locales,
  clock,
  events,
}: ServiceDeps): HandlersFor<typeof clinicalMethods> {
  const nowIso = () => clock.now().toISOString();
  const readAudit = createReadAudit(clock);
  const searchAudit = createReadAudit(clock, SEARCH_PAUSE_MS);
  const catalog = contentCatalog(content, locales);
  const conditionIds = new Set(content.conditions.map((c) => c.id));

  return {
    'queue.list': (input, ctx) => {
      const date = input.date ?? localDate(clock.now());
      const queue = listQueue(db, date);
      // The queue shows names: who looked at which day is recorded (once per burst of reloads, read-audit.ts).
      readAudit(db, actor(ctx), 'queue.read', date, { date, entries: queue.length });
      return queue;
    },

    'session.open': (input, ctx) => {
      const actorId = actor(ctx);
      let changed = false;
      const detail = db.transaction((): SessionDetail => {
        const s = getSession(db, input.sessionId);
        if (!s) throw new ApiError('not_found', 'That intake does not exist.');
        const patient = getPatient(db, s.patient_id);
        if (!patient) throw new ApiError('not_found', 'That patient does not exist.');
        if (s.status === 'waiting') {
          setSessionStatus(db, s.id, 'in-review');
          changed = true;
        }
        // Every read of a record by a clinician is audited.
        appendAudit(
          db,
          { actorType: 'clinician', actorId, action: 'session.open', targetType: 'session', targetId: s.id },
          nowIso(),
        );
        return {
          sessionId: s.id,
          patient: {
            id: patient.id,
            fullName: patient.full_name,
            dateOfBirth: patient.date_of_birth,
            phone: patient.phone,
          },
          submittedAt: s.submitted_at,
          status: s.status === 'waiting' ? 'in-review' : s.status,
          locale: s.locale,
          checkInCode: s.check_in_code,
          answers: JSON.parse(s.answers_json) as SessionDetail['answers'],
          triage: sessionTriage(db, s),
          questionnaire: s.questionnaire_json
            ? (JSON.parse(s.questionnaire_json) as SessionDetail['questionnaire'])
            : null,
          visitKind: s.visit_kind,
          identityStatus: s.identity_status,
          kioskPhone: s.kiosk_phone,
        };
      })();
      if (changed) events.emit({ type: 'queue.changed' });
      return detail;
    },

    'session.setStatus': (input, ctx) => {
      const actorId = actor(ctx);
      db.transaction(() => {
        const s = getSession(db, input.sessionId);
        if (!s) throw new ApiError('not_found', 'That intake does not exist.');
        setSessionStatus(db, s.id, input.status);
        appendAudit(
          db,
          {
            actorType: 'clinician',
            actorId,
            action: 'session.status',
            targetType: 'session',
            targetId: s.id,
            detail: { from: s.status, to: input.status },
          },
          nowIso(),
        );
      })();
      events.emit({ type: 'queue.changed' });
      return { sessionId: input.sessionId, status: input.status };
    },

    'session.resolveIdentity': (input, ctx) => {
      const clinicianId = actor(ctx);
      try {
        const outcome = resolveIdentity(db, { ...input, clinicianId }, nowIso());
        events.emit({ type: 'queue.changed' });
        return outcome;
      } catch (e) {
        if (!(e instanceof IdentityError)) throw e;
        throw new ApiError(e.reason === 'not-found' ? 'not_found' : 'conflict', e.message);
      }
    },

    'alert.acknowledge': (input, ctx) => {
      const actorId = actor(ctx);
      const first = db.transaction(() => {
        if (sessionPatientId(db, input.sessionId) === null)
          throw new ApiError('not_found', 'That intake does not exist.');
        const at = nowIso();
        const changed = acknowledgeAlert(db, input.sessionId, actorId, at);
        appendAudit(
          db,
          {
            actorType: 'clinician',
            actorId,
            action: 'alert.acknowledge',
            targetType: 'session',
            targetId: input.sessionId,
            detail: { first: changed },
          },
          at,
        );
        return changed;
      })();
      // Other staff windows drop the banner.
      if (first) events.emit({ type: 'queue.changed' });
      return { acknowledged: true };
    },

    'clinic.info': () => {
      const settings = readSettings(db);
      return { clinicName: settings.clinicName, autoLockMinutes: settings.clinicianAutoLockMinutes, catalog };
    },

    'patient.search': (input, ctx) => {
      const actorId = actor(ctx);
      const hits = searchPatients(db, { name: input.name, dateOfBirth: input.dateOfBirth });
      // The query itself may be a name: only how many were found is recorded, and once per search, not per keystroke
      // (the screen searches as the name is typed; calls close together are one search).
      searchAudit(db, actorId, 'patient.search', '', { results: hits.length, byDateOfBirth: !!input.dateOfBirth });
      return hits.map((h) => ({
        patientId: h.id,
        fullName: h.full_name,
        dateOfBirth: h.date_of_birth,
        sessions: h.sessions,
        lastVisit: h.last_visit,
      }));
    },

    'patient.history': (input, ctx) => {
      const actorId = actor(ctx);
      const patient = getPatient(db, input.patientId);
      if (!patient) throw new ApiError('not_found', 'That patient does not exist.');
      appendAudit(
        db,
        { actorType: 'clinician', actorId, action: 'patient.history', targetType: 'patient', targetId: patient.id },
        nowIso(),
      );
      return {
        patient: { id: patient.id, fullName: patient.full_name, dateOfBirth: patient.date_of_birth },
        sessions: patientSessions(db, patient.id).map((s) => ({
          sessionId: s.id,
          submittedAt: s.submitted_at,
          visitDate: s.local_date,
          status: s.status,
          urgency: s.urgency,
          painNow: s.pain_now,
          topSuggestionId: s.top_suggestion,
          assessments: s.assessments,
        })),
        outcomes: outcomesOf(db, content, patient.id),
      };
    },

    'assessment.list': (input, ctx) => {
      const actorId = actor(ctx);
      if (sessionPatientId(db, input.sessionId) === null)
        throw new ApiError('not_found', 'That intake does not exist.');
      appendAudit(
        db,
        {
          actorType: 'clinician',
          actorId,
          action: 'assessment.read',
          targetType: 'session',
          targetId: input.sessionId,
        },
        nowIso(),
      );
      return listAssessments(db, input.sessionId).map(toVersion);
    },

    'assessment.save': (input, ctx) => {
      const actorId = actor(ctx);
      const problems = contentProblems(input.note, content, conditionIds);
      if (problems.length) throw new ApiError('invalid_input', problems.map((p) => p.message).join(' '), problems);
      const saved = db.transaction(() => {
        const patientId = sessionPatientId(db, input.sessionId);
        if (patientId === null) throw new ApiError('not_found', 'That intake does not exist.');
        const latest = latestAssessmentId(db, input.sessionId);
        // Amend only the newest version: someone else's newer amendment is never silently superseded.
        if (latest !== input.previousId) {
          throw new ApiError(
            'conflict',
            latest === null
              ? 'There is no earlier version to amend.'
              : 'A newer version was saved meanwhile. Reload the notes, then amend the newest version.',
          );
        }
        const at = nowIso();
        const { id, version } = insertAssessment(db, {
          sessionId: input.sessionId,
          patientId,
          previousId: input.previousId,
          authorId: actorId,
          createdAt: at,
          noteJson: JSON.stringify(input.note),
          reason: input.reason ?? null,
        });
        appendAudit(
          db,
          {
            actorType: 'clinician',
            actorId,
            action: input.previousId === null ? 'assessment.create' : 'assessment.amend',
            targetType: 'assessment',
            targetId: id,
            detail: { sessionId: input.sessionId, version },
          },
          at,
        );
        return id;
      })();
      const row = listAssessments(db, input.sessionId).find((r) => r.id === saved);
      if (!row) throw new ApiError('internal', 'The note was saved but could not be read back.');
      return toVersion(row);
    },
  };
}
