/**
 * Handouts: suggest a plan from the session (assessment impression, else triage), check a clinician's plan (core),
 * render the PDF off the main thread, keep the file (store/handout-files) and record it with an audit row.
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
import { appendAudit } from '../../store/audit';
import { handoutFiles } from '../../store/handout-files';
import {
  getHandout,
  getTemplate,
  insertHandout,
  latestImpression,
  listHandouts,
  listTemplates,
  upsertTemplate,
  type HandoutRow,
  type TemplateRow,
} from '../../store/handouts';
import { getPatient } from '../../store/patients';
import { getSession, type SessionRow } from '../../store/sessions';
import { readSettings } from '../../store/settings';
import { sessionTriage } from '../../store/reason-catalogues';
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
  const { db, dataDir, resourcesDir, clock, content, locales } = deps;
  const lib = (): ExerciseLibrary => content.library;
  // Stored ids of conditions the content no longer has (an older assessment) are left out of a new plan.
  const knownConditions = new Set(content.conditions.map((c) => c.id));
  const conditionIds = (ids: readonly string[]): ConditionId[] => ids.filter((id) => knownConditions.has(id));
  const files = handoutFiles(dataDir);
  const nowIso = () => clock.now().toISOString();
  /** Every read and change of a session's handouts is audited against the session, by the unlocked clinician. */
  const audit = (ctx: CallContext, action: string, sessionId: number, detail: Record<string, unknown>, at = nowIso()) =>
    appendAudit(
      db,
      {
        actorType: 'clinician',
        actorId: signedInClinician(ctx).id,
        action,
        targetType: 'session',
        targetId: sessionId,
        detail,
      },
      at,
    );

  /** A recorded handout and its file, refused when the file is missing or no longer the one that was recorded. */
  const verifiedFile = (handoutId: number): { row: HandoutRow; bytes: Buffer } => {
    const row = getHandout(db, handoutId);
    if (!row) throw new ApiError('not_found', 'That handout does not exist.');
    const file = files.read(row.file_name, row.file_sha256);
    if (!file.ok && file.problem === 'missing')
      throw new ApiError('not_found', 'The handout file is missing from the handouts folder.');
    if (!file.ok) throw new ApiError('conflict', 'The handout file was changed after it was made; generate it again.');
    return { row, bytes: file.bytes };
  };

  const sessionOf = (
    sessionId: number,
  ): {
    session: SessionRow;
    patient: { id: number; full_name: string };
    weeks: number | null;
    planPatient: PlanPatient;
  } => {
    const session = getSession(db, sessionId);
    if (!session) throw new ApiError('not_found', 'That intake does not exist.');
    const patient = getPatient(db, session.patient_id);
    if (!patient) throw new ApiError('not_found', 'That patient does not exist.');
    const answers = JSON.parse(session.answers_json) as Record<string, unknown>;
    const planPatient = planPatientOf(answers);
    const weeks = planPatient.pregnancy.kind === 'pregnant' ? planPatient.pregnancy.weeks : null;
    return { session, patient, weeks, planPatient };
  };
  const localeOf = (s: SessionRow): string => sessionLanguage(locales, s.locale).code;
  /** The conditions a plan starts from: the latest assessment impression, else the top triage suggestion. */
  const conditionsOf = (session: SessionRow): [ConditionId[], 'assessment' | 'triage' | 'none'] => {
    const impression = conditionIds(latestImpression(db, session.id) ?? []);
    if (impression.length) return [impression, 'assessment'];
    const triage = sessionTriage(db, session);
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

    'handout.suggest': (input, ctx) => {
      const { session, patient, planPatient } = sessionOf(input.sessionId);
      const triage = sessionTriage(db, session);
      const [chosen, source] = conditionsOf(session);
      const plan = suggestPlan({
        library: lib(),
        conditionIds: chosen,
        patient: planPatient,
        locale: localeOf(session),
      });
      const cautions = [SOURCE_NOTE[source], pregnancyCaution(planPatient.pregnancy)].filter(
        (c): c is string => c !== null,
      );
      audit(ctx, 'handout.suggest', session.id, { source });
      return {
        plan,
        conditionSource: source,
        cautions,
        patientName: patient.full_name,
        locale: localeOf(session),
        clinicianNotes: clinicianNotes(lib(), chosen),
        redFlagIds: triage.redFlags.map((f) => f.id),
        urgency: triage.urgency,
      };
    },

    'handout.generate': async (input, ctx) => {
      // parse: the session, and the plan checked against it
      const { session, patient, weeks, planPatient } = sessionOf(input.sessionId);
      const clinician = signedInClinician(ctx);
      const locale = localeOf(session);
      const l = lib();
      const checked = checkPlan(input.plan as Plan, l, {
        weeks,
        pregnancy: planPatient.pregnancy,
        conditionIds: conditionsOf(session)[0],
        locale,
        clinicianName: clinician.name,
      });
      if (!checked.ok) invalid(checked.problems);
      const plan = checked.plan;
      // core: the PDF, off the main thread
      const settings = readSettings(db);
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
      // store: the file, then its record and the audit row together
      const file = files.save(session.id, now, pdf);
      const overrideCount = plan.exclusions.filter((x) => x.override).length;
      let id: number;
      try {
        id = db.transaction(() => {
          const newId = insertHandout(db, {
            sessionId: session.id,
            patientId: patient.id,
            authorId: clinician.id,
            createdAt: now.toISOString(),
            locale,
            planJson: JSON.stringify(plan),
            fileName: file.fileName,
            fileSha256: file.sha256,
            fileBytes: file.bytes,
            libraryVersion: l.version,
            libraryHash: l.contentHash,
            exerciseCount: plan.exercises.length,
            overrideCount,
          });
          audit(
            ctx,
            'handout.generate',
            session.id,
            { handoutId: newId, sha256: file.sha256, exercises: plan.exercises.length, overrides: overrideCount },
            now.toISOString(),
          );
          return newId;
        })();
      } catch (e) {
        files.remove(file.fileName); // no file without its record
        throw e;
      }
      return { handout: summary(getHandout(db, id)!), pdfBase64: Buffer.from(pdf).toString('base64') };
    },

    'handout.list': (input) => {
      if (!getSession(db, input.sessionId)) throw new ApiError('not_found', 'That intake does not exist.');
      return listHandouts(db, input.sessionId).map(summary);
    },

    'handout.download': (input, ctx) => {
      const { row, bytes } = verifiedFile(input.handoutId);
      audit(ctx, 'handout.download', row.session_id, { handoutId: row.id });
      return { handout: summary(row), pdfBase64: bytes.toString('base64') };
    },

    'handout.reopen': (input, ctx) => {
      const row = getHandout(db, input.handoutId);
      if (!row) throw new ApiError('not_found', 'That handout does not exist.');
      const { session, weeks, planPatient } = sessionOf(row.session_id);
      const earlier = parsePlan(JSON.parse(row.plan_json));
      // The same path as a template: exercises gone from the library are named, the rules run afresh on this session;
      // what the clinician decided for this patient (sides, stages, overrides, the pregnancy screen) stays.
      const applied = planFromTemplate(
        { conditionIds: earlier.conditionIds, exercises: earlier.exercises, advice: earlier.advice },
        lib(),
        { locale: localeOf(session), weeks, pregnancy: planPatient.pregnancy, conditionIds: conditionsOf(session)[0] },
        { exclusions: earlier.exclusions.filter((x) => x.override), pregnancy: earlier.pregnancy },
      );
      audit(ctx, 'handout.reopen', session.id, { handoutId: row.id });
      return { plan: applied.plan, createdAt: row.created_at, dropped: applied.dropped };
    },

    'handout.print': async (input, ctx) => {
      if (!deps.desktop)
        throw new ApiError(
          'unavailable',
          'Printing from Stride needs the desktop app: download the PDF and print it from your PDF viewer.',
        );
      const { row } = verifiedFile(input.handoutId);
      audit(ctx, 'handout.print', row.session_id, { handoutId: row.id });
      const path = files.pathOf(row.file_name);
      if (!path) throw new ApiError('not_found', 'The handout file is missing from the handouts folder.');
      const problem = await deps.desktop.openFile(path);
      if (problem) throw new ApiError('unavailable', 'The PDF viewer could not be opened on this computer.');
      return { opened: true };
    },

    'handout.templates.list': () => listTemplates(db).map(templateSummary),

    'handout.templates.save': (input, ctx) => {
      const made = templateOf(input.plan as Plan, lib());
      if (!made.ok) invalid(made.problems);
      const actorId = signedInClinician(ctx).id;
      const at = nowIso();
      const id = db.transaction(() => {
        const saved = upsertTemplate(db, {
          name: input.name,
          planJson: JSON.stringify(made.template),
          authorId: actorId,
          at,
        });
        appendAudit(
          db,
          {
            actorType: 'clinician',
            actorId,
            action: saved.replaced ? 'handout.template.replace' : 'handout.template.save',
            targetType: 'handout_template',
            targetId: saved.id,
          },
          at,
        );
        return saved.id;
      })();
      return templateSummary(getTemplate(db, id)!);
    },

    'handout.templates.apply': (input, ctx) => {
      const row = getTemplate(db, input.templateId);
      if (!row) throw new ApiError('not_found', 'That template does not exist.');
      const { session, weeks, planPatient } = sessionOf(input.sessionId);
      const applied = planFromTemplate(JSON.parse(row.plan_json) as TemplatePlan, lib(), {
        locale: localeOf(session),
        weeks,
        pregnancy: planPatient.pregnancy,
        conditionIds: conditionsOf(session)[0],
      });
      audit(ctx, 'handout.template.apply', session.id, { templateId: row.id });
      return applied;
    },
  };
}

type HandoutHandlersResult = HandlersFor<typeof handoutMethods>;
