/**
 * Handouts: suggest a plan from the session (assessment impression, else triage), check a clinician's plan (core),
 * render the PDF off the main thread, and have the store keep it with its record and audit row (a file beside SQLite,
 * the shared database on PostgreSQL, so every hub of a group serves it).
 */
import { join } from 'node:path';
import { localDate } from '../../core/clock';
import { checkPlan } from '../../core/handout/check';
import type { PlanProblem } from '../../core/handout/check';
import { buildHandoutInput } from '../../core/handout/input';
import { renderHandoutInWorker } from '../../core/handout/pdf-worker-client';
import type { ExerciseLibrary } from '../../core/handout/library';
import { planPatientOf, pregnancyCaution, type PlanPatient } from '../../core/handout/patient';
import { clinicianNotes, parsePlan, suggestPlan } from '../../core/handout/plan';
import type { Plan } from '../../core/handout/plan';
import type { ConditionId } from '../../core/handout/schema';
import { handoutLanguageOf } from '../../core/handout/labels';
import { sessionLanguage } from '../languages';
import { planFromTemplate, templateOf, type TemplatePlan } from '../../core/handout/template';
import { handoutFiles } from '../../store/handout-files';
import type { HandoutRow, TemplateRow } from '../../store/handouts';
import type { SessionRow } from '../../store/sessions';
import type { TriageResult } from '../../core/triage/engine';
import { ageRecheck } from '../../core/triage/age-recheck';
import type { IntakeAnswers } from '../../core/content/schema';
import { mostUrgent } from '../../core/vocabulary';
import { ApiError } from '../errors';
import type { CallContext } from '../dispatch';
import { signedInClinician } from './actor';
import type { HandoutSummary, TemplateSummary, handoutMethods } from '../methods/handouts';
import type { HandlersFor, ServiceDeps } from './deps';

/**
 * Before an assessment, only the top triage suggestion feeds the plan: exercises for a runner-up the clinician has not
 * confirmed could be wrong for the patient.
 */
const TRIAGE_CONDITIONS = 1;

/** The clinician is told where the plan's conditions came from. */
const SOURCE_NOTE = {
  assessment: null,
  triage: 'No assessment recorded yet: the plan starts from the top triage suggestion only.',
  none: 'No assessment and no triage suggestion: add exercises yourself.',
} as const;

function invalid(problems: PlanProblem[]): never {
  throw new ApiError('invalid_input', problems.map((f) => `${f.path}: ${f.message}`).join('; '), problems);
}

function summary(row: HandoutRow): HandoutSummary {
  return {
    id: row.id,
    sessionId: row.session_id,
    createdAt: row.created_at,
    authorName: row.author_name,
    locale: row.locale,
    fileName: row.file_name,
    sha256: row.file_sha256,
    bytes: row.file_bytes,
    libraryVersion: row.library_version,
    exerciseCount: row.exercise_count,
    overrideCount: row.override_count,
  };
}

function templateSummary(row: TemplateRow): TemplateSummary {
  const t = JSON.parse(row.plan_json) as TemplatePlan;
  return {
    id: row.id,
    name: row.name,
    authorName: row.author_name,
    updatedAt: row.updated_at,
    exerciseIds: t.exercises.map((e) => e.exerciseId),
  };
}

export function handoutHandlers(deps: ServiceDeps): HandoutHandlersResult {
  const { store, dataDir, resourcesDir, clock, content, locales } = deps;
  const lib = (): ExerciseLibrary => content.library;
  // Stored ids of conditions the content no longer has (an older assessment) are left out of a new plan.
  const knownConditions = new Set(content.conditions.map((c) => c.id));
  const conditionIds = (ids: readonly string[]): ConditionId[] => ids.filter((id) => knownConditions.has(id));
  /** This hub's folder: the PDFs themselves on SQLite; on PostgreSQL only the copies opened in the viewer. */
  const files = handoutFiles(dataDir);
  const nowIso = () => clock.now().toISOString();
  /** Every read and change of a session's handouts is audited against the session, by the unlocked clinician. */
  const audit = (ctx: CallContext, action: string, sessionId: number, detail: Record<string, unknown>) =>
    store.appendAudit(
      {
        actorType: 'clinician',
        actorId: signedInClinician(ctx).id,
        action,
        targetType: 'session',
        targetId: sessionId,
        detail,
      },
      nowIso(),
    );

  /** A recorded handout and its PDF, refused when the PDF is missing or no longer the one that was recorded. */
  const verifiedPdf = async (handoutId: number): Promise<{ row: HandoutRow; bytes: Buffer; path: string | null }> => {
    const found = await store.handoutPdf(handoutId);
    if (!found) throw new ApiError('not_found', 'That handout does not exist.');
    const { row, file, path } = found;
    if (!file.ok && file.problem === 'missing')
      throw new ApiError(
        'not_found',
        store.engine === 'sqlite'
          ? 'The handout file is missing from the handouts folder.'
          : 'The handout PDF is missing from the database.',
      );
    if (!file.ok) throw new ApiError('conflict', 'The handout file was changed after it was made; generate it again.');
    return { row, bytes: file.bytes, path };
  };

  const sessionOf = async (
    sessionId: number,
  ): Promise<{
    session: SessionRow;
    patient: { id: number; full_name: string; date_of_birth: string };
    triage: TriageResult;
    weeks: number | null;
    planPatient: PlanPatient;
    answers: IntakeAnswers;
  }> => {
    const record = await store.sessionRecord(sessionId);
    if (!record) throw new ApiError('not_found', 'That intake does not exist.');
    const { session, patient, triage } = record;
    const answers = JSON.parse(session.answers_json) as IntakeAnswers;
    const planPatient = planPatientOf(answers);
    const weeks = planPatient.pregnancy.kind === 'pregnant' ? planPatient.pregnancy.weeks : null;
    return { session, patient, triage, weeks, planPatient, answers };
  };
  const localeOf = (s: SessionRow): string => sessionLanguage(locales, s.locale).code;
  /** The conditions a plan starts from: the latest assessment impression, else the top triage suggestion. */
  const conditionsOf = async (
    session: SessionRow,
    triage: TriageResult,
  ): Promise<[ConditionId[], 'assessment' | 'triage' | 'none']> => {
    const impression = conditionIds((await store.latestImpression(session.id)) ?? []);
    if (impression.length) return [impression, 'assessment'];
    const fromTriage = conditionIds(triage.suggestions.slice(0, TRIAGE_CONDITIONS).map((s) => s.conditionId));
    return fromTriage.length ? [fromTriage, 'triage'] : [[], 'none'];
  };

  return {
    'handout.library': () => {
      const l = lib();
      return {
        version: l.version,
        contentHash: l.contentHash,
        exercises: [...l.exercises],
        advice: l.advice,
        conditionIds: [...l.conditionIds],
        planTexts: l.planTexts,
      };
    },

    'handout.suggest': async (input, ctx) => {
      const { session, patient, triage, planPatient, answers } = await sessionOf(input.sessionId);
      const [chosen, source] = await conditionsOf(session, triage);
      // A birth date corrected since the visit: the warning signs for the real age count too (age-recheck.ts).
      const again = ageRecheck(content, answers, patient.date_of_birth, session.submitted_at);
      const flagged = [...triage.redFlags, ...(again?.triage.redFlags ?? [])];
      const plan = suggestPlan({
        library: lib(),
        conditionIds: chosen,
        patient: planPatient,
        locale: localeOf(session),
      });
      const cautions = [
        SOURCE_NOTE[source],
        pregnancyCaution(planPatient.pregnancy),
        again &&
          `The birth date was corrected after this visit: the red flags include those for age ${again.recordAge}.`,
      ].filter((c): c is string => typeof c === 'string');
      await audit(ctx, 'handout.suggest', session.id, { source });
      return {
        plan,
        conditionSource: source,
        cautions,
        patientName: patient.full_name,
        locale: localeOf(session),
        clinicianNotes: clinicianNotes(lib(), chosen),
        redFlagIds: [...new Set(flagged.map((f) => f.id))],
        urgency: again ? mostUrgent([triage.urgency, again.triage.urgency]) : triage.urgency,
      };
    },

    'handout.generate': async (input, ctx) => {
      // parse: the session, and the plan checked against it
      const { session, patient, triage, weeks, planPatient } = await sessionOf(input.sessionId);
      const clinician = signedInClinician(ctx);
      const locale = localeOf(session);
      const l = lib();
      const checked = checkPlan(input.plan as Plan, l, {
        weeks,
        pregnancy: planPatient.pregnancy,
        conditionIds: (await conditionsOf(session, triage))[0],
        locale,
        clinicianName: clinician.name,
      });
      if (!checked.ok) invalid(checked.problems);
      const plan = checked.plan;
      // core: the PDF, off the main thread
      const settings = deps.settings.get();
      const now = clock.now();
      const pdf = await renderHandoutInWorker(
        buildHandoutInput({
          plan,
          library: l,
          clinic: {
            name: settings.clinicName,
            ...(settings.clinicPhone ? { phone: settings.clinicPhone } : {}),
            ...(settings.clinicLogoPng
              ? { logoPng: new Uint8Array(Buffer.from(settings.clinicLogoPng, 'base64')) }
              : {}),
          },
          patientName: patient.full_name,
          clinicianName: clinician.name,
          date: localDate(now),
          paper: settings.paperSize,
          language: handoutLanguageOf(sessionLanguage(locales, locale)),
          illustrationsDir: join(resourcesDir, 'illustrations'),
        }),
      );
      // store: the PDF, its record and the audit row together
      const overrideCount = plan.exclusions.filter((x) => x.override).length;
      const row = await store.saveHandout({
        handout: {
          sessionId: session.id,
          patientId: patient.id,
          authorId: clinician.id,
          createdAt: now.toISOString(),
          locale,
          planJson: JSON.stringify(plan),
          libraryVersion: l.version,
          libraryHash: l.contentHash,
          exerciseCount: plan.exercises.length,
          overrideCount,
        },
        pdf,
        audit: {
          actorType: 'clinician',
          actorId: clinician.id,
          action: 'handout.generate',
          detail: { exercises: plan.exercises.length, overrides: overrideCount },
        },
      });
      return { handout: summary(row), pdfBase64: Buffer.from(pdf).toString('base64') };
    },

    'handout.list': async (input) => {
      if (!(await store.sessionRecord(input.sessionId))) throw new ApiError('not_found', 'That intake does not exist.');
      return (await store.listHandouts(input.sessionId)).map(summary);
    },

    'handout.download': async (input, ctx) => {
      const { row, bytes } = await verifiedPdf(input.handoutId);
      await audit(ctx, 'handout.download', row.session_id, { handoutId: row.id });
      return { handout: summary(row), pdfBase64: bytes.toString('base64') };
    },

    'handout.reopen': async (input, ctx) => {
      const row = await store.getHandout(input.handoutId);
      if (!row) throw new ApiError('not_found', 'That handout does not exist.');
      const { session, triage, weeks, planPatient } = await sessionOf(row.session_id);
      const earlier = parsePlan(JSON.parse(row.plan_json));
      // The same path as a template: exercises gone from the library are named, the rules run afresh on this session;
      // what the clinician decided for this patient (sides, stages, overrides, the pregnancy screen) stays.
      const applied = planFromTemplate(
        { conditionIds: earlier.conditionIds, exercises: earlier.exercises, advice: earlier.advice },
        lib(),
        {
          locale: localeOf(session),
          weeks,
          pregnancy: planPatient.pregnancy,
          conditionIds: (await conditionsOf(session, triage))[0],
        },
        { exclusions: earlier.exclusions.filter((x) => x.override), pregnancy: earlier.pregnancy },
      );
      await audit(ctx, 'handout.reopen', session.id, { handoutId: row.id });
      return { plan: applied.plan, createdAt: row.created_at, dropped: applied.dropped };
    },

    'handout.print': async (input, ctx) => {
      if (!deps.desktop)
        throw new ApiError(
          'unavailable',
          'Printing from Stride needs the desktop app: download the PDF and print it from your PDF viewer.',
        );
      const { row, bytes, path } = await verifiedPdf(input.handoutId);
      await audit(ctx, 'handout.print', row.session_id, { handoutId: row.id });
      // A PDF kept in the database is opened from a short-lived copy on this computer (handout-files.ts printCopy).
      const openable = path ?? (store.engine === 'postgres' ? files.printCopy(row.file_name, bytes) : null);
      if (!openable) throw new ApiError('not_found', 'The handout file is missing from the handouts folder.');
      const problem = await deps.desktop.openFile(openable);
      if (problem) throw new ApiError('unavailable', 'The PDF viewer could not be opened on this computer.');
      return { opened: true };
    },

    'handout.templates.list': async () => (await store.listTemplates()).map(templateSummary),

    'handout.templates.save': async (input, ctx) => {
      const made = templateOf(input.plan as Plan, lib());
      if (!made.ok) invalid(made.problems);
      const saved = await store.saveTemplate({
        name: input.name,
        planJson: JSON.stringify(made.template),
        authorId: signedInClinician(ctx).id,
        at: nowIso(),
      });
      return templateSummary(saved);
    },

    'handout.templates.apply': async (input, ctx) => {
      const row = await store.getTemplate(input.templateId);
      if (!row) throw new ApiError('not_found', 'That template does not exist.');
      const { session, triage, weeks, planPatient } = await sessionOf(input.sessionId);
      const applied = planFromTemplate(JSON.parse(row.plan_json) as TemplatePlan, lib(), {
        locale: localeOf(session),
        weeks,
        pregnancy: planPatient.pregnancy,
        conditionIds: (await conditionsOf(session, triage))[0],
      });
      await audit(ctx, 'handout.template.apply', session.id, { templateId: row.id });
      return applied;
    },
  };
}

type HandoutHandlersResult = HandlersFor<typeof handoutMethods>;
