/** Kiosk intake: the form, and a submission written with its triage result and audit row in one transaction. */
import { checkAnswers, type AnswerProblem } from '../../core/content/visibility';
import { triage } from '../../core/triage/engine';
import { contentReasons, encodeTriage } from '../../core/triage/stored-result';
import { ensureReasonCatalogue } from '../../store/reason-catalogues';
import { localDate } from '../../core/clock';
import { appendAudit, auditCommitted } from '../../store/audit';
import { readSettings } from '../../store/settings';
import { findOrCreatePatient } from '../../store/patients';
import { checkInCodeTaken, ensureQuestionnaireVersion, insertSession } from '../../store/sessions';
import { recordSubmission } from '../../store/submissions';
import { insertMeasureResponses } from '../../store/measures';
import { measureProblems, type MeasureProblem } from '../../core/measures/check';
import { measureResponses } from '../../core/measures/scoring';
import { questionnaireFor } from '../../core/measures/visit-plan';
import { priorReceipt, submissionHash } from '../submission-once';
import { ApiError } from '../errors';
import { newCheckInCode } from '../check-in-code';
import { withDerivedAnswers } from '../derived';
import { warningRulesOf } from '../../core/triage/warnings';
import type { intakeMethods } from '../methods/intake';
import type { HandlersFor, ServiceDeps } from './deps';
import { kioskLanguage, offeredLanguages, requireLanguages } from '../languages';

function refuseProblems(problems: readonly AnswerProblem[]): void {
  if (problems.length === 0) return;
  const fields = problems.map((p) => ({ path: `answers.${p.path}`, message: p.message }));
  throw new ApiError(
    'invalid_input',
    `Some answers need another look: ${fields.map((f) => f.message).join('; ')}`,
    fields,
  );
}

function refuseMeasureProblems(problems: readonly MeasureProblem[]): void {
  if (problems.length === 0) return;
  const fields = problems.map((p) => ({ path: `measures.${p.path}`, message: p.message }));
  throw new ApiError(
    'invalid_input',
    `Some answers need another look: ${fields.map((f) => f.message).join('; ')}`,
    fields,
  );
}

const numberOr = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

export function intakeHandlers({
  db,
  content,
  locales,
  clock,
  events,
  coreEvents,
}: ServiceDeps): HandlersFor<typeof intakeMethods> {
  // Each questionnaire is stored once per content version (migration 007), not in every session; a session keeps a
  // copy of its own only if its version already holds a different one.
  const questionnaireJson = JSON.stringify(content.questionnaire);
  const sharedQuestionnaire = ensureQuestionnaireVersion(
    db,
    content.version,
    questionnaireJson,
    clock.now().toISOString(),
  );
  // Reason texts are stored once per content version too (migration 013); a session names its reasons by index.
  const reasonIndex = ensureReasonCatalogue(db, content.version, contentReasons(content), clock.now().toISOString());
  // The content is loaded once per process: its warning rules are reduced once too.
  const warningRules = warningRulesOf(content.redFlags);
  // And so are the questions each kind of visit asks (a return visit's follow-up is built from the questionnaire).
  const askedAt = {
    first: questionnaireFor('first', content.questionnaire, content.measures),
    return: questionnaireFor('return', content.questionnaire, content.measures),
  };
  return {
    'intake.form': (input) => {
      if (input.locale !== undefined) requireLanguages(locales, [{ path: 'locale', code: input.locale }]);
      return {
        contentVersion: content.version,
        questionnaire: content.questionnaire,
        warningRules,
        measures: content.measures,
      };
    },

    // Read on every call: a changed idle time applies to the next patient without a restart.
    'kiosk.settings': () => {
      const s = readSettings(db);
      return {
        idleSeconds: s.kioskIdleSeconds,
        countdownSeconds: s.kioskCountdownSeconds,
        clinicName: s.clinicName,
        languages: offeredLanguages(locales, s.languages).map(kioskLanguage),
      };
    },

    'kiosk.summonStaff': () => {
      appendAudit(db, { actorType: 'kiosk', action: 'kiosk.summonStaff' }, clock.now().toISOString());
      events.emit({ type: 'kiosk.staffRequested' });
      coreEvents.emit({ type: 'staff.requested' });
      return { requested: true };
    },

    'intake.submit': (input) => {
      requireLanguages(locales, [{ path: 'locale', code: input.locale }]);
      // A retry of a submission already stored: its first receipt, no second session, no second alert.
      const hash = input.submissionId ? submissionHash(input) : '';
      const prior = input.submissionId ? priorReceipt(db, input.submissionId, hash) : null;
      if (prior) return prior;
      const now = clock.now();
      const kind = input.visit ?? 'first';
      // A return visit is checked against the same short follow-up the kiosk showed (core/measures/visit-plan.ts).
      const asked = askedAt[kind];
      const answers = withDerivedAnswers(asked, input.answers, input.patient.dateOfBirth, localDate(now));
      // Answers that pass the full check pass the lenient one too: the usual intake is checked once.
      const problems = checkAnswers(asked, answers);
      if (problems.length > 0) refuseProblems(checkAnswers(asked, answers, { unansweredAllowed: true }));
      // The triage engine runs on what was answered: at a return visit the red flags its questions can raise.
      const result = triage(content, answers);
      // An emergency answer ends the kiosk's questions at once (the patient goes to the desk): what is still
      // unanswered is accepted then, and only then. Red-flag triggers use no `not`, so later answers could not
      // have lowered the urgency.
      const endedEarly = result.urgency === 'emergency';
      if (!endedEarly) refuseProblems(problems);
      // An intake from a kiosk built before the measures (held in an outbox) has none: it is taken as it is.
      const measureAnswers = input.measures ?? (kind === 'return' ? {} : undefined);
      if (measureAnswers)
        refuseMeasureProblems(
          measureProblems(content.measures, kind, measureAnswers, { unansweredAllowed: endedEarly }),
        );
      const pain = content.measures.nprs.questions;
      const responses = measureResponses(
        content.measures,
        { now: numberOr(answers[pain.now]), worst: numberOr(answers[pain.worst]) },
        measureAnswers ?? {},
      );
      const painNow = typeof answers['pain_now'] === 'number' ? answers['pain_now'] : null;
      const triageJson = JSON.stringify(encodeTriage(result, reasonIndex) ?? result);

      const saved = db.transaction(() => {
        // A match by name and birth date is never trusted silently: the session waits for a clinician to confirm,
        // and the phone typed here stays with the session (store/identity.ts).
        const { patientId, matched } = findOrCreatePatient(db, input.patient, now.toISOString());
        const day = localDate(now);
        // A code the station already gave the patient (held in its outbox) stands unless today already has it.
        const proposed = input.checkInCode;
        const checkInCode =
          proposed && !checkInCodeTaken(db, day, proposed)
            ? proposed
            : newCheckInCode((code) => checkInCodeTaken(db, day, code));
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
          triageJson,
          questionnaireJson: sharedQuestionnaire ? null : questionnaireJson,
          contentVersion: result.contentVersion,
          engineVersion: result.engineVersion,
          visitKind: kind,
          kioskPhone: input.patient.phone || null,
          identityStatus: matched ? 'to-confirm' : null,
        });
        insertMeasureResponses(db, sessionId, responses);
        if (input.submissionId) recordSubmission(db, input.submissionId, sessionId, hash, now.toISOString());
        const auditId = appendAudit(
          db,
          {
            actorType: 'kiosk',
            action: 'intake.submit',
            targetType: 'session',
            targetId: sessionId,
            detail: {
              urgency: result.urgency,
              redFlags: result.redFlags.map((f) => f.id),
              visit: kind,
              identityToConfirm: matched,
            },
          },
          now.toISOString(),
        );
        return { sessionId, checkInCode, auditId };
      })();
      auditCommitted(db, saved.auditId);

      events.emit({ type: 'queue.changed' });
      if (result.urgency !== 'routine') {
        events.emit({
          type: 'alert.urgent',
          sessionId: saved.sessionId,
          urgency: result.urgency,
          checkInCode: saved.checkInCode,
        });
      }
      return { checkInCode: saved.checkInCode, seeFrontDesk: result.redFlags.length > 0 };
    },
  };
}
