/**
 * Handouts: suggest a plan from the session (assessment impression, else triage), check a clinician's plan against
 * the library and the pregnancy rules, render the PDF off the main thread, keep the file and record it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localDate } from '../../core/clock';
import { buildHandoutInput } from '../../core/handout/input';
import { renderHandoutInWorker } from '../../core/handout/pdf-worker';
import type { ExerciseLibrary } from '../../core/handout/library';
import { applyPregnancyRules, clinicianNotes, pregnancyExclusionRule, suggestPlan } from '../../core/handout/plan';
import type { Plan, PlanAdvice, PlanExercise } from '../../core/handout/plan';
import type { ConditionId } from '../../core/handout/schema';
import { handoutLanguageOf } from '../../core/handout/labels';
import { PREGNANCY_WEEKS } from '../../core/vocabulary';
import { sessionLanguage } from '../languages';
import { appendAudit } from '../../store/audit';
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
import type { TriageResult } from '../../core/triage/engine';
import { ApiError, type FieldError } from '../errors';
import type { CallContext } from '../dispatch';
import type { ClinicianSummary } from '../types';
import type { HandoutSummary, TemplateSummary, handoutMethods } from '../methods/handouts';
import type { HandlersFor, ServiceDeps } from './deps';

/** How many triage suggestions feed the plan when there is no assessment impression. */
const TRIAGE_CONDITIONS = 3;

/** Pregnancy weeks from the intake answers: only when the patient said yes and gave a plausible week. */
export function pregnancyWeeksOf(answers: Record<string, unknown>): number | null {
  if (answers['pregnant'] !== 'yes') return null;
  const w = answers['pregnancy_weeks'];
  if (typeof w !== 'number' || !Number.isFinite(w)) return null;
  const weeks = Math.round(w);
  return weeks >= PREGNANCY_WEEKS.min && weeks <= PREGNANCY_WEEKS.max ? weeks : null;
}


/** What a template keeps of a plan: the exercises, dosage and non-pregnancy advice; nothing about the patient. */
interface TemplatePlan {
  conditionIds: ConditionId[];
  exercises: PlanExercise[];
  advice: PlanAdvice[];
}

function invalid(fields: FieldError[]): never {
  throw new ApiError('invalid_input', fields.map((f) => `${f.path}: ${f.message}`).join('; '), fields);
}

/**
 * The server's own check of a plan the screen sent: known exercises, the session's pregnancy week, every exercise
 * the pregnancy rules leave out present only with a recorded override, warning signs never dropped.
 */
export function checkPlan(plan: Plan, library: ExerciseLibrary, ctx: { weeks: number | null; locale: string; clinician: ClinicianSummary }): Plan {
  const problems: FieldError[] = [];
  const known = (id: string, path: string) => {
    if (!library.byId.has(id)) problems.push({ path, message: `unknown exercise "${id}"` });
  };
  const seen = new Set<string>();
  plan.exercises.forEach((p, i) => {
    known(p.exerciseId, `plan.exercises.${i}.exerciseId`);
    if (seen.has(p.exerciseId)) problems.push({ path: `plan.exercises.${i}.exerciseId`, message: `"${p.exerciseId}" is in the plan twice` });
    seen.add(p.exerciseId);
  });
  plan.exclusions.forEach((x, i) => {
    known(x.exerciseId, `plan.exclusions.${i}.exerciseId`);
    if (x.alternativeId) known(x.alternativeId, `plan.exclusions.${i}.alternativeId`);
  });
  if (plan.exercises.length === 0) problems.push({ path: 'plan.exercises', message: 'add at least one exercise' });
  if (plan.pregnancyWeeks !== ctx.weeks) {
    problems.push({
      path: 'plan.pregnancyWeeks',
      message: ctx.weeks === null ? 'this patient is not recorded as pregnant' : `this patient is ${ctx.weeks} weeks pregnant: suggest the plan again`,
    });
  }
  if (problems.length) invalid(problems);

  if (ctx.weeks !== null) {
    plan.exercises.forEach((p, i) => {
      const rule = pregnancyExclusionRule(library.byId.get(p.exerciseId)!, ctx.weeks!);
      if (rule && !plan.exclusions.some((x) => x.exerciseId === p.exerciseId && x.override)) {
        problems.push({
          path: `plan.exercises.${i}.exerciseId`,
          message: `"${p.exerciseId}" is left out at ${ctx.weeks} weeks of pregnancy (${rule}); keep it only with an override and a reason`,
        });
      }
    });
    if (problems.length) invalid(problems);
  }
  // The screen cannot drop the warning signs: the library's always come first.
  const required = ctx.weeks !== null ? [...library.advice.pregnancyWarningSigns, ...library.advice.generalWarningSigns] : library.advice.generalWarningSigns;
  const warningSigns = [...required, ...plan.warningSigns].filter((w, i, all) => all.findIndex((o) => o.id === w.id) === i);
  // Whoever is unlocked now is the one who stands behind an override they send.
  const exclusions = plan.exclusions.map((x) => (x.override ? { ...x, override: { ...x.override, by: ctx.clinician.name } } : x));
  return { ...plan, locale: ctx.locale, warningSigns, exclusions };
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
  return { id: row.id, name: row.name, authorName: row.author_name, updatedAt: row.updated_at, exerciseIds: t.exercises.map((e) => e.exerciseId) };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function handoutHandlers(deps: ServiceDeps): HandoutHandlersResult {
  const { db, dataDir, resourcesDir, clock, content, locales } = deps;
  const lib = (): ExerciseLibrary => content.library;
  // Stored ids of conditions the content no longer has (an older assessment) are left out of a new plan.
  const knownConditions = new Set(content.conditions.map((c) => c.id));
  const conditionIds = (ids: readonly string[]): ConditionId[] => ids.filter((id) => knownConditions.has(id));
  const handoutsDir = join(dataDir, 'handouts');
  const nowIso = () => clock.now().toISOString();
  const me = (ctx: CallContext) => ctx.clinician!;

  /** A recorded handout's file, refused when it is missing or no longer the file that was recorded. */
  const verifiedFile = (handoutId: number) => {
    const row = getHandout(db, handoutId);
    if (!row) throw new ApiError('not_found', 'That handout does not exist.');
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(handoutsDir, row.file_name));
    } catch {
      throw new ApiError('not_found', 'The handout file is missing from the handouts folder.');
    }
    if (sha256(bytes) !== row.file_sha256) throw new ApiError('conflict', 'The handout file was changed after it was made; generate it again.');
    return { row, bytes };
  };

  const sessionOf = (sessionId: number): { session: SessionRow; patient: { id: number; full_name: string }; weeks: number | null } => {
    const session = getSession(db, sessionId);
    if (!session) throw new ApiError('not_found', 'That intake does not exist.');
    const patient = getPatient(db, session.patient_id);
    if (!patient) throw new ApiError('not_found', 'That patient does not exist.');
    const answers = JSON.parse(session.answers_json) as Record<string, unknown>;
    return { session, patient, weeks: pregnancyWeeksOf(answers) };
  };
  const localeOf = (s: SessionRow): string => sessionLanguage(locales, s.locale).code;

  return {
    'handout.library': () => {
      const l = lib();
      return { version: l.version, contentHash: l.contentHash, exercises: [...l.exercises], advice: l.advice, conditionIds: [...l.conditionIds], planTexts: l.planTexts };
    },

    'handout.suggest': (input, ctx) => {
      const { session, patient, weeks } = sessionOf(input.sessionId);
      const impression = conditionIds(latestImpression(db, session.id) ?? []);
      const triage = JSON.parse(session.triage_json) as TriageResult;
      const fromTriage = conditionIds(triage.suggestions.slice(0, TRIAGE_CONDITIONS).map((s) => s.conditionId));
      const [chosen, source] = impression.length ? [impression, 'assessment' as const] : fromTriage.length ? [fromTriage, 'triage' as const] : [[], 'none' as const];
      const plan = suggestPlan({ library: lib(), conditionIds: chosen, pregnancyWeeks: weeks, locale: localeOf(session) });
      appendAudit(db, { actorType: 'clinician', actorId: me(ctx).id, action: 'handout.suggest', targetType: 'session', targetId: session.id, detail: { source } }, nowIso());
      return {
        plan,
        conditionSource: source,
        patientName: patient.full_name,
        locale: localeOf(session),
        clinicianNotes: clinicianNotes(lib(), chosen),
        redFlagIds: triage.redFlags.map((f) => f.id),
        urgency: triage.urgency,
      };
    },

    'handout.generate': async (input, ctx) => {
      const { session, patient, weeks } = sessionOf(input.sessionId);
      const clinician = me(ctx);
      const locale = localeOf(session);
      const plan = checkPlan(input.plan as Plan, lib(), { weeks, locale, clinician });
      const settings = readSettings(db);
      const now = clock.now();
      const handoutInput = buildHandoutInput({
        plan,
        library: lib(),
        clinic: {
          name: settings.clinicName,
          ...(settings.clinicPhone ? { phone: settings.clinicPhone } : {}),
          ...(settings.clinicLogoPng ? { logoPng: new Uint8Array(Buffer.from(settings.clinicLogoPng, 'base64')) } : {}),
        },
        patientName: patient.full_name,
        clinicianName: clinician.name,
        date: localDate(now),
        paper: settings.paperSize,
        language: handoutLanguageOf(sessionLanguage(locales, locale)),
        illustrationsDir: join(resourcesDir, 'illustrations'),
      });
      const pdf = await renderHandoutInWorker(handoutInput);
      const hash = sha256(pdf);
      // No patient name in the file name: the folder may be browsed by anyone at the clinic's computer.
      const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      const fileName = `handout-s${session.id}-${stamp}-${randomBytes(3).toString('hex')}.pdf`;
      mkdirSync(handoutsDir, { recursive: true });
      const path = join(handoutsDir, fileName);
      const tmp = `${path}.part`;
      writeFileSync(tmp, pdf, { flush: true });
      renameSync(tmp, path);
      const l = lib();
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
            fileName,
            fileSha256: hash,
            fileBytes: pdf.length,
            libraryVersion: l.version,
            libraryHash: l.contentHash,
            exerciseCount: plan.exercises.length,
            overrideCount,
          });
          appendAudit(
            db,
            { actorType: 'clinician', actorId: clinician.id, action: 'handout.generate', targetType: 'session', targetId: session.id, detail: { handoutId: newId, sha256: hash, exercises: plan.exercises.length, overrides: overrideCount } },
            now.toISOString(),
          );
          return newId;
        })();
      } catch (e) {
        rmSync(path, { force: true }); // no file without its record
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
      appendAudit(db, { actorType: 'clinician', actorId: me(ctx).id, action: 'handout.download', targetType: 'session', targetId: row.session_id, detail: { handoutId: row.id } }, nowIso());
      return { handout: summary(row), pdfBase64: bytes.toString('base64') };
    },

    'handout.print': async (input, ctx) => {
      if (!deps.desktop) throw new ApiError('unavailable', 'Printing from Stride needs the desktop app: download the PDF and print it from your PDF viewer.');
      const { row } = verifiedFile(input.handoutId);
      appendAudit(db, { actorType: 'clinician', actorId: me(ctx).id, action: 'handout.print', targetType: 'session', targetId: row.session_id, detail: { handoutId: row.id } }, nowIso());
      const problem = await deps.desktop.openFile(join(handoutsDir, row.file_name));
      if (problem) throw new ApiError('unavailable', 'The PDF viewer could not be opened on this computer.');
      return { opened: true };
    },

    'handout.templates.list': () => listTemplates(db).map(templateSummary),

    'handout.templates.save': (input, ctx) => {
      const plan = input.plan as Plan;
      const fields: FieldError[] = [];
      plan.exercises.forEach((p, i) => {
        if (!lib().byId.has(p.exerciseId)) fields.push({ path: `plan.exercises.${i}.exerciseId`, message: `unknown exercise "${p.exerciseId}"` });
      });
      if (plan.exercises.length === 0) fields.push({ path: 'plan.exercises', message: 'a template needs at least one exercise' });
      if (fields.length) invalid(fields);
      // Overrides and pregnancy advice belong to one patient; a template applies the rules afresh to the next.
      const template: TemplatePlan = {
        conditionIds: plan.conditionIds,
        exercises: plan.exercises.filter((p) => p.origin !== 'override'),
        advice: plan.advice.filter((a) => a.source !== 'pregnancy'),
      };
      const at = nowIso();
      const id = db.transaction(() => {
        const saved = upsertTemplate(db, { name: input.name, planJson: JSON.stringify(template), authorId: me(ctx).id, at });
        appendAudit(db, { actorType: 'clinician', actorId: me(ctx).id, action: saved.replaced ? 'handout.template.replace' : 'handout.template.save', targetType: 'handout_template', targetId: saved.id }, at);
        return saved.id;
      })();
      return templateSummary(getTemplate(db, id)!);
    },

    'handout.templates.apply': (input, ctx) => {
      const row = getTemplate(db, input.templateId);
      if (!row) throw new ApiError('not_found', 'That template does not exist.');
      const { session, weeks } = sessionOf(input.sessionId);
      const t = JSON.parse(row.plan_json) as TemplatePlan;
      const l = lib();
      const dropped = t.exercises.filter((e) => !l.byId.has(e.exerciseId)).map((e) => e.exerciseId);
      let plan: Plan = {
        locale: localeOf(session),
        conditionIds: t.conditionIds,
        pregnancyWeeks: null,
        exercises: t.exercises.filter((e) => l.byId.has(e.exerciseId)),
        advice: t.advice,
        warningSigns: [...l.advice.generalWarningSigns],
        exclusions: [],
        libraryHash: l.contentHash,
      };
      if (weeks !== null) plan = applyPregnancyRules(plan, weeks, l);
      appendAudit(db, { actorType: 'clinician', actorId: me(ctx).id, action: 'handout.template.apply', targetType: 'session', targetId: session.id, detail: { templateId: row.id } }, nowIso());
      return { plan, dropped };
    },
  };
}

type HandoutHandlersResult = HandlersFor<typeof handoutMethods>;
