// HandoutInput: everything the PDF needs, resolved to the patient's language and plain data, so it can be sent to a
// worker thread (structured clone) and rendered without the library.
import { defaultResourcesDir } from '../resources-dir';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ExerciseLibrary } from './library';
import { printedContraindications, SideSchema, StageSchema } from './plan';
import type { Plan, PlanExercise } from './plan';
import { localeCodeSchema } from '../content/schema';
import { PREGNANCY_WEEKS } from '../vocabulary';
import { handoutLabels, type HandoutLanguage } from './labels';
import { DOSAGE_LIMITS, SignRouteSchema } from './schema';
import type { Exercise, I18nText } from './schema';

export const ILLUSTRATIONS_DIR = join(defaultResourcesDir(), 'illustrations');

const int = (k: keyof typeof DOSAGE_LIMITS) => z.number().int().min(DOSAGE_LIMITS[k][0]).max(DOSAGE_LIMITS[k][1]);
const Text = z.string().trim().min(1);

const messageSchema = z.union([z.string(), z.object({ other: z.string() }).catchall(z.string())]);

export const HandoutInputSchema = z.object({
  /** The patient's language: its code, Intl tag and the handout's fixed wording. */
  language: z.object({
    code: localeCodeSchema,
    intl: z.string().min(2),
    messages: z.record(z.string(), messageSchema),
  }),
  paper: z.enum(['A4', 'Letter']),
  clinic: z.object({
    name: Text,
    phone: z.string().optional(),
    logoPng: z
      .custom<Uint8Array>((v) => v instanceof Uint8Array, 'logoPng must be PNG bytes (Buffer or Uint8Array)')
      .optional(),
  }),
  patientName: Text,
  clinicianName: Text,
  /** Calendar date of the visit, YYYY-MM-DD. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The "adapted for pregnancy" badge: only once the clinician confirmed the pregnancy exercise screen. */
  pregnancyWeeks: z.number().int().min(PREGNANCY_WEEKS.min).max(PREGNANCY_WEEKS.max).nullable(),
  /** Pregnancy not known for sure: the handout says the plan follows the careful rules. */
  pregnancyUncertain: z.boolean().optional(),
  exercises: z
    .array(
      z.object({
        name: Text,
        purpose: z.string(),
        steps: z.array(Text).min(1),
        dosage: z.object({
          sets: int('sets').optional(),
          reps: int('reps').optional(),
          holdSeconds: int('holdSeconds').optional(),
          durationMinutes: int('durationMinutes').optional(),
          timesPerDay: int('timesPerDay'),
          daysPerWeek: int('daysPerWeek'),
          notes: z.string().optional(),
        }),
        note: z.string().optional(),
        side: SideSchema.optional(),
        /** Cautions for the patient, printed under the steps. */
        cautions: z.array(Text).optional(),
        /** The stage picked, and what moving on means: the criterion and the next step. */
        progression: z
          .object({ stage: StageSchema, how: z.string().optional(), moveOn: Text, next: Text })
          .partial({ moveOn: true, next: true })
          .optional(),
        /** The illustration's SVG source (paths, lines, circles only). */
        svg: z.string().startsWith('<svg'),
      }),
    )
    .max(20),
  exclusions: z.array(
    z.object({
      name: Text,
      reason: Text,
      alternativeName: z.string().optional(),
      overrideReason: z.string().optional(),
    }),
  ),
  advice: z.array(Text),
  /** Advice for exercising safely in pregnancy, printed with the stop box when the first exercise cannot follow it. */
  pregnancyAdvice: z.array(Text),
  warningSigns: z.array(z.object({ text: Text, route: SignRouteSchema })),
});
export type HandoutInput = z.infer<typeof HandoutInputSchema>;
export type HandoutExercise = HandoutInput['exercises'][number];

const svgCache = new Map<string, string>();
function readSvg(path: string): string {
  let s = svgCache.get(path);
  if (s === undefined) {
    s = readFileSync(path, 'utf8');
    svgCache.set(path, s);
  }
  return s;
}

const fileExists = new Map<string, boolean>();
function hasFile(path: string): boolean {
  let e = fileExists.get(path);
  if (e === undefined) fileExists.set(path, (e = existsSync(path)));
  return e;
}

export interface BuildHandoutInputArgs {
  plan: Plan;
  library: ExerciseLibrary;
  clinic: { name: string; phone?: string; logoPng?: Uint8Array };
  patientName: string;
  clinicianName: string;
  date: string;
  paper?: 'A4' | 'Letter';
  /** The language to print in; its code is normally the plan's locale. */
  language: HandoutLanguage;
  illustrationsDir?: string;
}

/** The stage printed for a plan exercise: how it differs from the drawing, and the criterion and step to move on. */
function progressionOf(
  p: PlanExercise,
  e: Exercise,
  tr: (t: I18nText) => string,
  asShown: string,
): HandoutExercise['progression'] {
  const pr = e.progression;
  if (!pr) return undefined;
  const stage = p.stage ?? 'prescribed';
  if (stage === 'easier' && pr.easier)
    return { stage, how: tr(pr.easier.how), moveOn: tr(pr.easier.moveOn), next: asShown };
  if (stage === 'harder' && pr.harder) return { stage, how: tr(pr.harder.how) };
  if (stage === 'prescribed' && pr.harder && pr.moveOn)
    return { stage, moveOn: tr(pr.moveOn), next: tr(pr.harder.how) };
  return undefined;
}

/** Resolves a plan against the library into the language-specific, serialisable input of renderHandoutPdf. */
export function buildHandoutInput(args: BuildHandoutInputArgs): HandoutInput {
  const locale = args.language.code;
  const tr = (t: I18nText) => t[locale] ?? t.en;
  const dir = args.illustrationsDir ?? ILLUSTRATIONS_DIR;
  const ex = (id: string) => {
    const e = args.library.byId.get(id);
    if (!e) throw new Error(`Plan refers to unknown exercise "${id}"`);
    return e;
  };
  const asShown = handoutLabels(args.language).nextStepAsShown;
  // A plan's signs carry their route (the check sets it); older plans take the library's, the first listed winning.
  const signRoute = new Map(
    [...args.library.advice.pregnancyWarningSigns, ...args.library.advice.generalWarningSigns]
      .reverse()
      .map((w) => [w.id, w.route]),
  );
  const screened = args.plan.pregnancy?.status === 'pregnant' && args.plan.pregnancy.screen === 'clear';
  const input: HandoutInput = {
    language: args.language,
    paper: args.paper ?? 'A4',
    clinic: args.clinic,
    patientName: args.patientName,
    clinicianName: args.clinicianName,
    date: args.date,
    pregnancyWeeks: screened ? args.plan.pregnancyWeeks : null,
    ...(args.plan.pregnancy?.status === 'uncertain' ? { pregnancyUncertain: true } : {}),
    exercises: args.plan.exercises.map((p) => {
      const e = ex(p.exerciseId);
      const { notes, ...numbers } = p.dosage;
      // A pregnancy plan shows a pregnant figure where one is drawn.
      const pregnantSvg = e.illustration.replace(/\.svg$/, '-pregnant.svg');
      const svgFile =
        args.plan.pregnancy?.status === 'pregnant' && hasFile(join(dir, pregnantSvg)) ? pregnantSvg : e.illustration;
      const cautions = printedContraindications(e, args.plan.conditionIds).map((c) => tr(c.text));
      const progression = progressionOf(p, e, tr, asShown);
      return {
        ...(e.oneSided && p.side ? { side: p.side } : {}),
        ...(cautions.length ? { cautions } : {}),
        ...(progression ? { progression } : {}),
        name: tr(e.name),
        purpose: tr(e.purpose),
        steps: e.steps.map(tr),
        dosage: { ...numbers, ...(notes ? { notes: tr(notes) } : {}) },
        ...(p.note ? { note: tr(p.note) } : {}),
        svg: readSvg(join(dir, svgFile)),
      };
    }),
    exclusions: args.plan.exclusions.map((x) => ({
      name: tr(ex(x.exerciseId).name),
      reason: tr(x.reason),
      ...(x.alternativeId ? { alternativeName: tr(ex(x.alternativeId).name) } : {}),
      ...(x.override ? { overrideReason: x.override.reason } : {}),
    })),
    advice: args.plan.advice.filter((a) => a.source !== 'pregnancy').map((a) => tr(a.text)),
    pregnancyAdvice: args.plan.advice.filter((a) => a.source === 'pregnancy').map((a) => tr(a.text)),
    warningSigns: args.plan.warningSigns.map((w) => ({
      text: tr(w.text),
      route: w.route ?? signRoute.get(w.id) ?? 'clinic',
    })),
  };
  return HandoutInputSchema.parse(input);
}
