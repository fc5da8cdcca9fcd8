/** Home-exercise handouts: plan suggestion, PDF generation and records, clinic templates. Clinician access only. */
import { z } from 'zod';
import { method } from './define';
import { idSchema, personText } from '../schemas';
import { PlanSchema } from '../../core/handout/plan';
import type { Plan, PlanAdvice } from '../../core/handout/plan';
import type { AdviceFile, Exercise } from '../../core/handout/schema';
import type { ExerciseLibrary } from '../../core/handout/schema';

/** The library as the clinician screen needs it to search, add and edit (the core's plan functions run there too). */
export interface HandoutLibraryView {
  version: string;
  contentHash: string;
  exercises: Exercise[];
  advice: AdviceFile;
  conditionIds: string[];
  planTexts: ExerciseLibrary['planTexts'];
}

export interface SuggestedPlan {
  plan: Plan;
  /** Where the conditions came from: the clinician's latest assessment impression, else the triage suggestions. */
  conditionSource: 'assessment' | 'triage' | 'none';
  /** What the clinician should know about how the plan was made (top suggestion only, cautious pregnancy rules). */
  cautions: string[];
  patientName: string;
  locale: Plan['locale'];
  /** Clinician-only notes for these conditions (e.g. medication): shown, never printed unless added. */
  clinicianNotes: PlanAdvice[];
  /** Red flags from the intake: home exercises wait until they are dealt with. */
  redFlagIds: string[];
  urgency: 'emergency' | 'same-day' | 'routine';
}

export interface HandoutSummary {
  id: number;
  sessionId: number;
  createdAt: string;
  authorName: string;
  locale: string;
  fileName: string;
  sha256: string;
  bytes: number;
  libraryVersion: string;
  exerciseCount: number;
  overrideCount: number;
}

export interface GeneratedHandout {
  handout: HandoutSummary;
  /** The PDF itself, so the web shell can offer it as a download. */
  pdfBase64: string;
}

export interface TemplateSummary {
  id: number;
  name: string;
  authorName: string;
  updatedAt: string;
  exerciseIds: string[];
}

export interface AppliedTemplate {
  plan: Plan;
  /** Exercises of the template no longer in the library. */
  dropped: string[];
}

export interface ReopenedHandout {
  /** The earlier plan with today's rules applied again to this session: the start of a new version. */
  plan: Plan;
  /** When the reopened handout was made. */
  createdAt: string;
  /** Exercises of that plan no longer in the library. */
  dropped: string[];
}

const templateNameSchema = personText(80).pipe(z.string().min(1, 'Give the template a name.'));

export const handoutMethods = {
  'handout.library': method<HandoutLibraryView>()('clinician', z.object({}).strict()),
  'handout.suggest': method<SuggestedPlan>()('clinician', z.object({ sessionId: idSchema }).strict()),
  'handout.generate': method<GeneratedHandout>()(
    'clinician',
    z.object({ sessionId: idSchema, plan: PlanSchema }).strict(),
  ),
  'handout.list': method<HandoutSummary[]>()('clinician', z.object({ sessionId: idSchema }).strict()),
  'handout.download': method<GeneratedHandout>()('clinician', z.object({ handoutId: idSchema }).strict()),
  'handout.reopen': method<ReopenedHandout>()('clinician', z.object({ handoutId: idSchema }).strict()),
  'handout.print': method<{ opened: true }>()('clinician', z.object({ handoutId: idSchema }).strict()),
  'handout.templates.list': method<TemplateSummary[]>()('clinician', z.object({}).strict()),
  'handout.templates.save': method<TemplateSummary>()(
    'clinician',
    z.object({ name: templateNameSchema, plan: PlanSchema }).strict(),
  ),
  'handout.templates.apply': method<AppliedTemplate>()(
    'clinician',
    z.object({ templateId: idSchema, sessionId: idSchema }).strict(),
  ),
} as const;
