/**
 * The queue, session records, search, history and assessment notes, for unlocked clinicians. Every read and change is
 * audited.
 */
import { localDate } from '../../core/clock';
import { isUnmatchedReturn } from '../../core/clinic';
import { ageRecheck } from '../../core/triage/age-recheck';
import type { Content } from '../../core/content/schema';
import { languageInfo, type LocaleCatalog } from '../../core/locales/catalog';
import { createReadAudit } from '../read-audit';

/** Searches this close together are one person typing one search. */
const SEARCH_PAUSE_MS = 30_000;
import type { AssessmentRow } from '../../store/assessments';
import { AssessmentConflictError } from '../../store/clinic-store';
import { IdentityError } from '../../store/identity';
import { noteFromStored, type AssessmentNote } from '../assessment';
import { ApiError, type FieldError } from '../errors';
import type { AssessmentVersion, ContentCatalog, PatientDetails, SessionDetail } from '../types';
import type { PatientRow } from '../../store/patients';
import type { clinicalMethods } from '../methods/clinical';
import type { CallContext } from '../dispatch';
import type { HandlersFor, ServiceDeps } from './deps';
import { signedInClinician } from './actor';
import { loadOutcomes } from './outcomes';
import { publishStaffEvent } from '../staff-event-relay';

function patientDetails(p: PatientRow): PatientDetails {
  return { id: p.id, fullName: p.full_name, dateOfBirth: p.date_of_birth, phone: p.phone };
}

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

/** Other patients born that day offered for a returning patient with no record; more calls for a search by name. */
const MAX_BORN_THAT_DAY = 20;

const actor = (ctx: CallContext): number => signedInClinician(ctx).id;

export function clinicalHandlers(deps: ServiceDeps): HandlersFor<typeof clinicalMethods> {
  const { store, settings, content, locales, clock } = deps;
  const nowIso = () => clock.now().toISOString();
  const readAudit = createReadAudit(clock);
  const searchAudit = createReadAudit(clock, SEARCH_PAUSE_MS);
  const catalog = contentCatalog(content, locales);
  const conditionIds = new Set(content.conditions.map((c) => c.id));
  const queueChanged = () => publishStaffEvent(deps, { type: 'queue.changed' });

  return {
    'queue.list': async (input, ctx) => {
      const date = input.date ?? localDate(clock.now());
      const queue = await store.listQueue(date);
      // The queue shows names: who looked at which day is recorded (once per burst of reloads, read-audit.ts).
      await readAudit(store, actor(ctx), 'queue.read', date, { date, entries: queue.length });
      return queue;
    },

    'session.open': async (input, ctx) => {
      // Opening is audited in the same transaction (every read of a record by a clinician is).
      const opened = await store.openSession(input.sessionId, actor(ctx), nowIso());
      if (!opened) throw new ApiError('not_found', 'That intake does not exist.');
      const { session: s, patient } = opened;
      if (opened.statusChanged) await queueChanged();
      const namesakes = s.identity_status === 'to-confirm' ? await store.namesakes(patient.id) : [];
      const bornThatDay = isUnmatchedReturn(s.visit_kind, s.identity_status)
        ? (await store.searchPatients({ dateOfBirth: patient.date_of_birth }))
            .filter((h) => h.id !== patient.id)
            .slice(0, MAX_BORN_THAT_DAY)
        : [];
      // Other people's records shown beside this one: which, in the audit log too.
      const shown = async (action: string, others: readonly { id: number }[]) => {
        if (others.length === 0) return;
        const detail = { patientIds: others.map((n) => n.id) };
        await store.appendAudit(
          { actorType: 'clinician', actorId: actor(ctx), action, targetType: 'session', targetId: s.id, detail },
          nowIso(),
        );
      };
      await shown('identity.namesakes', namesakes);
      await shown('identity.bornThatDay', bornThatDay);
      const answers = JSON.parse(s.answers_json) as SessionDetail['answers'];
      return {
        sessionId: s.id,
        patient: patientDetails(patient),
        submittedAt: s.submitted_at,
        receivedAt: s.received_at,
        status: s.status === 'waiting' ? 'in-review' : s.status,
        locale: s.locale,
        checkInCode: s.check_in_code,
        answers,
        triage: opened.triage,
        questionnaire: s.questionnaire_json
          ? (JSON.parse(s.questionnaire_json) as SessionDetail['questionnaire'])
          : null,
        visitKind: s.visit_kind,
        identityStatus: s.identity_status,
        kioskPhone: s.kiosk_phone,
        namesakes: namesakes.map((n) => ({
          patientId: n.id,
          phone: n.phone,
          sessions: n.sessions,
          lastVisit: n.last_visit,
        })),
        // A birth date corrected since: the visit's answers triaged again for the record's age, beside the stored one.
        ageRecheck: ageRecheck(content, answers, patient.date_of_birth, s.submitted_at),
        bornThatDay: bornThatDay.map((h) => ({
          patientId: h.id,
          fullName: h.full_name,
          phone: h.phone,
          sessions: h.sessions,
          lastVisit: h.last_visit,
        })),
      };
    },

    'session.setStatus': async (input, ctx) => {
      const from = await store.setSessionStatus(input.sessionId, input.status, actor(ctx), nowIso());
      if (from === undefined) throw new ApiError('not_found', 'That intake does not exist.');
      await queueChanged();
      return { sessionId: input.sessionId, status: input.status };
    },

    'session.resolveIdentity': async (input, ctx) => {
      const clinicianId = actor(ctx);
      try {
        const outcome = await store.resolveIdentity({ ...input, clinicianId }, nowIso());
        await queueChanged();
        return outcome;
      } catch (e) {
        if (!(e instanceof IdentityError)) throw e;
        throw new ApiError(e.reason === 'not-found' ? 'not_found' : 'conflict', e.message);
      }
    },

    'alert.acknowledge': async (input, ctx) => {
      const first = await store.acknowledgeAlert(input.sessionId, actor(ctx), nowIso());
      if (first === null) throw new ApiError('not_found', 'That intake does not exist.');
      // Other staff windows drop the banner, at every hub of the group.
      if (first) await queueChanged();
      return { acknowledged: true };
    },

    'clinic.info': () => {
      const s = settings.get();
      return { clinicName: s.clinicName, autoLockMinutes: s.clinicianAutoLockMinutes, catalog };
    },

    'patient.search': async (input, ctx) => {
      const actorId = actor(ctx);
      const hits = await store.searchPatients({ name: input.name, dateOfBirth: input.dateOfBirth });
      // The query itself may be a name: only how many were found is recorded, and once per search, not per keystroke
      // (the screen searches as the name is typed; calls close together are one search).
      await searchAudit(store, actorId, 'patient.search', '', {
        results: hits.length,
        byDateOfBirth: !!input.dateOfBirth,
      });
      return hits.map((h) => ({
        patientId: h.id,
        fullName: h.full_name,
        dateOfBirth: h.date_of_birth,
        sessions: h.sessions,
        lastVisit: h.last_visit,
      }));
    },

    'patient.history': async (input, ctx) => {
      const actorId = actor(ctx);
      const patient = await store.getPatient(input.patientId);
      if (!patient) throw new ApiError('not_found', 'That patient does not exist.');
      await store.appendAudit(
        { actorType: 'clinician', actorId, action: 'patient.history', targetType: 'patient', targetId: patient.id },
        nowIso(),
      );
      const history = await store.patientHistory(patient.id);
      return {
        patient: patientDetails(patient),
        sessions: history.map((s) => ({
          sessionId: s.id,
          submittedAt: s.submitted_at,
          visitDate: s.local_date,
          status: s.status,
          urgency: s.urgency,
          painNow: s.pain_now,
          topSuggestionId: s.top_suggestion,
          assessments: s.assessments,
        })),
        outcomes: await loadOutcomes(store, content, patient.id, { history }),
      };
    },

    'patient.update': async (input, ctx) => {
      const corrected = await store.correctPatient({ ...input, clinicianId: actor(ctx) }, nowIso());
      if (!corrected) throw new ApiError('not_found', 'That patient does not exist.');
      // The queue shows names: other staff windows refresh.
      if (corrected.changed.length > 0) await queueChanged();
      return { ...patientDetails(corrected.patient), changed: corrected.changed };
    },

    'assessment.list': async (input, ctx) => {
      const actorId = actor(ctx);
      if ((await store.sessionPatientId(input.sessionId)) === null)
        throw new ApiError('not_found', 'That intake does not exist.');
      await store.appendAudit(
        {
          actorType: 'clinician',
          actorId,
          action: 'assessment.read',
          targetType: 'session',
          targetId: input.sessionId,
        },
        nowIso(),
      );
      return (await store.listAssessments(input.sessionId)).map(toVersion);
    },

    'assessment.save': async (input, ctx) => {
      const actorId = actor(ctx);
      const problems = contentProblems(input.note, content, conditionIds);
      if (problems.length) throw new ApiError('invalid_input', problems.map((p) => p.message).join(' '), problems);
      let saved: { id: number; version: number };
      try {
        // The version, its audit row and the check that it amends the newest are one transaction (the store's):
        // someone else's newer amendment is never silently superseded.
        saved = await store.saveAssessment({
          sessionId: input.sessionId,
          previousId: input.previousId,
          authorId: actorId,
          createdAt: nowIso(),
          noteJson: JSON.stringify(input.note),
          reason: input.reason ?? null,
        });
      } catch (e) {
        if (!(e instanceof AssessmentConflictError)) throw e;
        throw new ApiError(e.problem === 'no-session' ? 'not_found' : 'conflict', e.message);
      }
      const row = (await store.listAssessments(input.sessionId)).find((r) => r.id === saved.id);
      if (!row) throw new ApiError('internal', 'The note was saved but could not be read back.');
      return toVersion(row);
    },
  };
}
