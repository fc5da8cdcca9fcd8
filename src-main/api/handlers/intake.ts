/** Kiosk intake: the form, and a submission written with its triage result and audit row in one transaction. */
import { checkAnswers, type AnswerProblem } from '../../core/content/visibility';
import { triage } from '../../core/triage/engine';
import { contentReasons, encodeTriage } from '../../core/triage/stored-result';
import { localDate } from '../../core/clock';
import { HELD_NOTICE_MS } from '../../core/held-intake';
import { measureProblems, type MeasureProblem } from '../../core/measures/check';
import { measureResponses } from '../../core/measures/scoring';
import { questionnaireFor } from '../../core/measures/visit-plan';
import { priorReceipt, submissionHash } from '../submission-once';
import { ApiError } from '../errors';
import { withDerivedAnswers } from '../derived';
import { warningRulesOf } from '../../core/triage/warnings';
import type { intakeMethods } from '../methods/intake';
import type { HandlersFor, ServiceDeps } from './deps';
import { kioskLanguage, offeredLanguages, requireLanguages } from '../languages';
import type { SharedStaffEvent } from '../staff-event-relay';

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

export function intakeHandlers(deps: ServiceDeps): HandlersFor<typeof intakeMethods> {
  const { store, settings, content, locales, clock, events, coreEvents } = deps;
  // Each questionnaire is stored once per content version (migration 007), not in every session; a session keeps a
  // copy of its own only if its version already holds a different one. Reason texts are stored once per content
  // version too (migration 013); a session names its reasons by index. Both are written as the core starts (at once
  // on SQLite) and awaited by the first submission; one that failed is tried again by the next.
  const questionnaireJson = JSON.stringify(content.questionnaire);
  const storeContent = () => {
    const at = clock.now().toISOString();
    const stored = Promise.all([
      store.ensureQuestionnaireVersion(content.version, questionnaireJson, at),
      store.ensureReasonCatalogue(content.version, contentReasons(content), at),
    ]);
    // Awaited by the first submission, not here: a failure now must not be an unhandled rejection.
    stored.catch(() => undefined);
    return stored;
  };
  let contentStored = storeContent();
  const storedContent = () =>
    contentStored.catch(() => {
      contentStored = storeContent();
      return contentStored;
    });
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
      const s = settings.get();
      return {
        idleSeconds: s.kioskIdleSeconds,
        countdownSeconds: s.kioskCountdownSeconds,
        clinicName: s.clinicName,
        languages: offeredLanguages(locales, s.languages).map(kioskLanguage),
      };
    },

    'kiosk.summonStaff': async () => {
      await store.appendAudit({ actorType: 'kiosk', action: 'kiosk.summonStaff' }, clock.now().toISOString());
      // Staff at this site only (the kiosk's own staff screen): not relayed to the group's other hubs.
      events.emit({ type: 'kiosk.staffRequested' });
      coreEvents.emit({ type: 'staff.requested' });
      return { requested: true };
    },

    'kiosk.heldExpired': async (input, { caller }) => {
      await store.recordHeldExpired({ deviceId: caller.deviceId ?? null, ...input }, clock.now().toISOString());
      deps.log.warn('kiosk.held-expired', {
        count: input.count,
        ...(caller.deviceId ? { deviceId: caller.deviceId } : {}),
      });
      return { recorded: true };
    },

    'intake.submit': async (input, { caller }) => {
      requireLanguages(locales, [{ path: 'locale', code: input.locale }]);
      // A retry of a submission already stored: its first receipt, no second session, no second alert.
      const hash = input.submissionId ? submissionHash(input) : '';
      const prior = input.submissionId ? await priorReceipt(store, input.submissionId, hash) : null;
      if (prior) return prior;
      const received = clock.now();
      // An intake that waited on the kiosk is the visit of the time the patient finished: its date, their age that
      // day, the check-in code of that day. When it reached the hub is kept beside it (migration 016).
      const heldFor = caller.heldForMs ?? 0;
      const held = heldFor >= HELD_NOTICE_MS;
      const now = held ? new Date(received.getTime() - heldFor) : received;
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
      const [sharedQuestionnaire, reasonIndex] = await storedContent();
      const triageJson = JSON.stringify(encodeTriage(result, reasonIndex) ?? result);

      // One transaction (the store's): patient, session, measures, submission id and audit row, or nothing. A match
      // by name and birth date is never trusted silently: the session waits for a clinician to confirm, and the phone
      // typed here stays with the session (store/identity.ts). A code the station already gave the patient (held in
      // its outbox) stands unless today already has it.
      const saved = await store.submitIntake({
        patient: input.patient,
        proposedCheckInCode: input.checkInCode,
        submittedAt: now.toISOString(),
        localDate: localDate(now),
        receivedAt: held ? received.toISOString() : null,
        receivedOn: held ? localDate(received) : null,
        urgency: result.urgency,
        redFlagIds: result.redFlags.map((f) => f.id),
        painNow,
        topSuggestion: result.suggestions[0]?.conditionId ?? null,
        locale: input.locale,
        answersJson: JSON.stringify(answers),
        triageJson,
        questionnaireJson: sharedQuestionnaire ? null : questionnaireJson,
        contentVersion: result.contentVersion,
        engineVersion: result.engineVersion,
        visitKind: kind,
        measures: responses,
        submission: input.submissionId ? { id: input.submissionId, payloadSha256: hash } : undefined,
        audit: {
          actorType: 'kiosk',
          action: 'intake.submit',
          detail: {
            urgency: result.urgency,
            redFlags: result.redFlags.map((f) => f.id),
            visit: kind,
            ...(held ? { heldForMs: heldFor } : {}),
          },
        },
        // Every hub of the group hears it (staff-event-relay.ts), this one too, and only once it is committed.
        announce: ({ sessionId, checkInCode }): SharedStaffEvent[] =>
          result.urgency === 'routine'
            ? [{ type: 'queue.changed' }]
            : [{ type: 'queue.changed' }, { type: 'alert.urgent', sessionId, urgency: result.urgency, checkInCode }],
      });
      return { checkInCode: saved.checkInCode, seeFrontDesk: result.redFlags.length > 0 };
    },
  };
}
