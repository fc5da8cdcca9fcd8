/// <reference types="svelte" />
/**
 * The handout builder's state for one session: the plan draft and where it started from, the dosage typed into the
 * form, the library search, pregnancy overrides, advice, templates, messages, and the generate / download / print
 * flow. Edits use the core's own plan functions, so the screen applies exactly the rules the server checks again.
 * HandoutPanel.svelte only shows this and calls it; the API and the file hand-off come in as deps (tests give fakes).
 */
import type { MethodInput, MethodName, MethodResult } from '../../../src-main/api/contract';
import type { ExerciseLibrary } from '../../../src-main/core/handout/schema';
import {
  addExercise,
  moveExercise,
  nonEmptyReason,
  overrideExclusion,
  recordPregnancyScreen,
  removeAdvice,
  removeExercise,
  setClinicianAdvice,
  setDosage,
  setSide,
  setStage,
} from '../../../src-main/core/handout/plan';
import type { Plan, PlanAdvice, Side, Stage } from '../../../src-main/core/handout/plan';
import type { Exercise, I18nText } from '../../../src-main/core/handout/schema';
import { REFERENCE_LOCALE } from '../../../src-main/core/vocabulary';
import type {
  GeneratedHandout,
  HandoutSummary,
  SuggestedPlan,
  TemplateSummary,
} from '../../../src-main/api/methods/handouts';
import { ApiCallError } from '../../lib/api-error';
import { checkDraft, draftOf, type DosageCheck, type DosageDraft } from './dosage';
import { RULE_TEXT } from './rule-text';

export interface BuilderDeps {
  /** The clinician window's API call (session-api.ts: a `locked` answer locks the screen). */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  /** The message for an error the clinician should read. */
  explain(e: unknown): string;
  /** Hands a generated or downloaded-again PDF to the browser's download or Electron's save dialog. */
  deliver(handout: GeneratedHandout): void;
  /** Brings the first exercise with a dosage problem into view (the screen knows where it is). */
  revealInvalid?(): void;
  /** Milliseconds now, for the ids of the clinician's own advice. */
  now?(): number;
}

/** Where a refusal is shown: next to the control that caused it. */
export type RefusalAt = 'picker' | 'screen' | 'advice' | 'generate' | 'templates' | 'history';

/**
 * One builder per session for as long as the screen is unlocked, so switching tabs (which unmounts the panel) keeps
 * the plan, notes and advice being edited. Locking forgets them all.
 */
const builders = new Map<number, HandoutBuilder>();
export function builderFor(sessionId: number, deps: BuilderDeps): HandoutBuilder {
  let b = builders.get(sessionId);
  if (!b) {
    b = new HandoutBuilder(sessionId, deps);
    builders.set(sessionId, b);
  }
  return b;
}
export function forgetBuilders(): void {
  builders.clear();
}

export class HandoutBuilder {
  lib = $state.raw<ExerciseLibrary | null>(null);
  plan = $state.raw<Plan | null>(null);
  meta = $state.raw<Omit<SuggestedPlan, 'plan'> | null>(null);
  /** What is typed into each exercise's dosage fields, checked live; the plan takes it only when it is valid. */
  drafts = $state<Record<string, DosageDraft>>({});
  handouts = $state.raw<HandoutSummary[]>([]);
  templates = $state.raw<TemplateSummary[]>([]);
  /** The unlocked clinician's name, recorded with an override. */
  me = $state('');
  loadError = $state<string | null>(null);
  notice = $state<string | null>(null);
  error = $state<string | null>(null);
  /** The control the current error belongs to. */
  errorAt = $state<RefusalAt>('generate');
  /** The clinician's answer to the pregnancy exercise screen, before it is confirmed into the plan. */
  screenAnswer = $state<'none' | 'some' | null>(null);
  loading = $state(false);
  search = $state('');
  pickerOpen = $state(false);
  /** The exclusion whose override form is open. */
  overrideFor = $state<string | null>(null);
  overrideReason = $state('');
  overrideError = $state<string | null>(null);
  newAdvice = $state('');
  templateName = $state('');
  chosenTemplate = $state<number | null>(null);
  generating = $state(false);
  lastGenerated = $state.raw<HandoutSummary | null>(null);
  /** Where the current plan started from, for the header. */
  startedFrom = $state('');

  readonly locale: string = $derived(this.meta?.locale ?? REFERENCE_LOCALE);
  readonly checks: Record<string, DosageCheck> = $derived(
    Object.fromEntries(Object.entries(this.drafts).map(([id, d]) => [id, checkDraft(d)])),
  );
  readonly invalidCount: number = $derived(
    this.plan
      ? this.plan.exercises.filter((p) => this.checks[p.exerciseId] && !this.checks[p.exerciseId]!.ok).length
      : 0,
  );
  readonly inPlan: Set<string> = $derived(new Set(this.plan?.exercises.map((p) => p.exerciseId) ?? []));
  /** Library exercises not in the plan that match the search (English or Spanish name, category, position). */
  readonly matches: Exercise[] = $derived.by(() => {
    if (!this.lib) return [];
    const q = this.search.trim().toLowerCase();
    return this.lib.exercises.filter(
      (e) =>
        !this.inPlan.has(e.id) &&
        (!q ||
          Object.values(e.name).some((n) => n?.toLowerCase().includes(q)) ||
          e.category.includes(q) ||
          e.positions.some((p) => p.includes(q))),
    );
  });

  constructor(
    readonly sessionId: number,
    private readonly deps: BuilderDeps,
  ) {}

  /** An exercise of the loaded library (every id in a plan the core made is in it). */
  exercise(id: string): Exercise {
    const e = this.lib?.byId.get(id);
    if (!e) throw new Error(`"${id}" is not in the exercise library`);
    return e;
  }

  /** A text in the handout's language, English when it has none. */
  inLocale(t: I18nText): string {
    return t[this.locale] ?? t.en;
  }

  /** The error shown beside `at`, if the current one belongs there. */
  errorFor(at: RefusalAt): string | null {
    return this.errorAt === at ? this.error : null;
  }

  private refuse(at: RefusalAt, text: string): void {
    this.error = text;
    this.errorAt = at;
    this.notice = null;
  }

  /** Loads once: a builder that already has a plan (the clinician came back to the tab) keeps it. */
  async ensureLoaded(): Promise<void> {
    if (this.plan || this.loading) return;
    await this.load();
  }

  async load(): Promise<void> {
    const { call } = this.deps;
    this.loadError = null;
    this.loading = true;
    try {
      const [view, suggestion, list, tpl, status] = await Promise.all([
        call('handout.library', {}),
        call('handout.suggest', { sessionId: this.sessionId }),
        call('handout.list', { sessionId: this.sessionId }),
        call('handout.templates.list', {}),
        call('staff.status', {}),
      ]);
      this.lib = {
        ...view,
        byId: new Map(view.exercises.map((e) => [e.id, e])),
        conditionIds: new Set(view.conditionIds),
      };
      const { plan: suggested, ...rest } = suggestion;
      this.meta = rest;
      this.startedFrom =
        rest.conditionSource === 'assessment'
          ? 'your assessment'
          : rest.conditionSource === 'triage'
            ? 'the triage suggestions'
            : 'no conditions yet';
      this.resetDrafts(suggested);
      this.handouts = list;
      this.templates = tpl;
      this.me = status.unlocked?.name ?? '';
    } catch (e) {
      this.loadError = this.deps.explain(e);
    } finally {
      this.loading = false;
    }
  }

  /** A new plan from an edit: exercises new to it get a draft of their dosage, the others keep what was typed. */
  private setPlan(next: Plan): void {
    this.plan = next;
    for (const p of next.exercises) this.drafts[p.exerciseId] ??= draftOf(p.dosage, this.locale);
  }

  /** A plan from elsewhere (suggestion, template): every draft starts again from its dosage. */
  private resetDrafts(next: Plan): void {
    this.drafts = Object.fromEntries(next.exercises.map((p) => [p.exerciseId, draftOf(p.dosage, next.locale)]));
    this.plan = next;
  }

  private flash(text: string): void {
    this.notice = text;
    this.error = null;
  }

  /** Adds from the library; in pregnancy an unsafe exercise is listed as left out instead, and the screen says why. */
  add(id: string): void {
    const { plan, lib } = this;
    if (!plan || !lib) return;
    const next = addExercise(plan, lib, id);
    this.setPlan(next);
    this.search = '';
    if (next.exercises.length === plan.exercises.length) {
      const x = next.exclusions.find((e) => e.exerciseId === id);
      if (x)
        this.refuse(
          'picker',
          `${this.exercise(id).name.en} is left out (${RULE_TEXT[x.rule]}${
            plan.pregnancyWeeks !== null ? `, ${plan.pregnancyWeeks} weeks pregnant` : ''
          }). It is listed under “Left out”, where you can override it with a reason.`,
        );
      return;
    }
    this.flash(`Added ${this.exercise(id).name.en}.`);
  }

  remove(id: string): void {
    if (!this.plan) return;
    this.setPlan(removeExercise(this.plan, id));
    delete this.drafts[id];
  }

  move(id: string, by: number): void {
    if (!this.plan) return;
    const at = this.plan.exercises.findIndex((p) => p.exerciseId === id);
    this.setPlan(moveExercise(this.plan, id, at + by));
  }

  startOverride(id: string): void {
    this.overrideFor = id;
    this.overrideReason = '';
    this.overrideError = null;
  }

  cancelOverride(): void {
    this.overrideFor = null;
    this.overrideError = null;
  }

  /** Keeps a left-out exercise, with the reason typed into the override form (refused when there is none). */
  confirmOverride(id: string): void {
    if (!this.plan || !this.lib) return;
    if (!this.overrideReason.trim()) {
      this.overrideError = 'Write why this exercise is safe for this patient: the reason is kept with the handout.';
      return;
    }
    this.setPlan(
      overrideExclusion(this.plan, this.lib, id, {
        reason: nonEmptyReason(this.overrideReason),
        by: this.me || 'clinician',
      }),
    );
    this.overrideFor = null;
    this.overrideReason = '';
    this.overrideError = null;
    this.flash(`${this.exercise(id).name.en} kept by override.`);
  }

  /** Which side a one-sided exercise is done on (printed). */
  side(id: string, side: Side): void {
    if (this.plan && this.lib) this.setPlan(setSide(this.plan, this.lib, id, side));
  }

  /** The progression stage the patient starts at (printed with the criterion to move on). */
  stage(id: string, stage: Stage): void {
    if (this.plan && this.lib) this.setPlan(setStage(this.plan, this.lib, id, stage));
  }

  /** Confirms the pregnancy exercise screen (ACOG 804) with the answer chosen; a contraindication removes exercise. */
  confirmScreen(): void {
    if (!this.plan || !this.lib) return;
    if (this.screenAnswer === null) {
      this.refuse('screen', 'Choose whether any of these applies before confirming the screen.');
      return;
    }
    const contraindicated = this.screenAnswer === 'some';
    this.setPlan(recordPregnancyScreen(this.plan, this.lib, { contraindicated, by: this.me || 'clinician' }));
    this.flash(
      contraindicated
        ? 'No exercise for now: the handout asks the patient to check with the maternity team.'
        : 'Screen confirmed: the handout says “adapted for pregnancy”.',
    );
  }

  /** Starts a new version from a handout given earlier in this session (the rules run again on it). */
  async reopen(handoutId: number): Promise<void> {
    try {
      const r = await this.deps.call('handout.reopen', { handoutId });
      this.resetDrafts(r.plan);
      this.lastGenerated = null;
      const when = new Date(r.createdAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
      this.startedFrom = `the handout of ${when}`;
      this.flash(
        `Reopened the handout of ${when} as the start of a new version${
          r.dropped.length ? ` (no longer in the library: ${r.dropped.join(', ')})` : ''
        }.`,
      );
    } catch (e) {
      this.refuse('history', this.deps.explain(e));
    }
  }

  /** The advice as printed, in the handout's language. */
  editAdvice(a: PlanAdvice, text: string): void {
    if (!this.plan) return;
    const locale = this.locale;
    this.plan = {
      ...this.plan,
      advice: this.plan.advice.map((x) => (x.id === a.id ? { ...x, text: { ...x.text, [locale]: text } } : x)),
    };
  }

  removeAdvice(id: string): void {
    if (this.plan) this.plan = removeAdvice(this.plan, id);
  }

  /** The clinician's own advice from the "new advice" field, printed as written whatever the language. */
  addAdvice(): void {
    const text = this.newAdvice.trim();
    this.newAdvice = '';
    if (!this.plan || !text) return;
    const id = `clinician-${(this.deps.now?.() ?? Date.now()).toString(36)}`;
    this.setPlan(setClinicianAdvice(this.plan, id, { en: text, [this.locale]: text }));
  }

  /** A clinician-only note put on the handout after all. */
  addNote(note: PlanAdvice): void {
    if (this.plan) this.setPlan(setClinicianAdvice(this.plan, note.id, note.text));
  }

  /**
   * The plan with the dosage typed into the form, or null (and a message, and messages beside the fields) when
   * something is off.
   */
  private finalPlan(): Plan | null {
    if (!this.plan) return null;
    if (this.invalidCount) {
      const n = this.invalidCount;
      this.refuse('generate', `Check the dosage of ${n} exercise${n > 1 ? 's' : ''} (marked in red).`);
      this.deps.revealInvalid?.();
      return null;
    }
    if (this.plan.advice.some((a) => !a.text[this.locale]?.trim())) {
      this.refuse('advice', 'An advice item is empty: write it or remove it.');
      return null;
    }
    if (this.plan.pregnancy?.status === 'pregnant' && this.plan.pregnancy.screen === 'unconfirmed') {
      this.refuse('screen', 'Confirm the pregnancy exercise screen first.');
      return null;
    }
    let p = this.plan;
    for (const item of p.exercises) {
      const c = this.checks[item.exerciseId];
      if (c?.ok) p = setDosage(p, item.exerciseId, c.dosage);
    }
    return p;
  }

  /** Generate PDF: the core checks, saves and records it; here it is downloaded and the session's list refreshed. */
  async generate(): Promise<void> {
    const p = this.finalPlan();
    if (!p) return;
    this.generating = true;
    this.error = null;
    try {
      const g = await this.deps.call('handout.generate', { sessionId: this.sessionId, plan: p });
      this.plan = p;
      this.deps.deliver(g);
      this.lastGenerated = g.handout;
      this.handouts = await this.deps.call('handout.list', { sessionId: this.sessionId });
      this.notice = null;
    } catch (e) {
      // The server's field errors name the plan path, e.g. which exercise the pregnancy rules refused.
      this.refuse(
        'generate',
        e instanceof ApiCallError && e.body.fields?.length
          ? e.body.fields.map((f) => `${f.path}: ${f.message}`).join('; ')
          : this.deps.explain(e),
      );
    } finally {
      this.generating = false;
    }
  }

  /** Opens a saved handout in the system's PDF viewer (desktop app only). */
  async print(handoutId: number): Promise<void> {
    try {
      await this.deps.call('handout.print', { handoutId });
    } catch (e) {
      this.refuse('history', this.deps.explain(e));
    }
  }

  /** Downloads a saved handout again (the core refuses a file changed since it was recorded). */
  async downloadAgain(handoutId: number): Promise<void> {
    try {
      this.deps.deliver(await this.deps.call('handout.download', { handoutId }));
    } catch (e) {
      this.refuse('history', this.deps.explain(e));
    }
  }

  async saveTemplate(): Promise<void> {
    const p = this.finalPlan();
    if (!p) return;
    if (!this.templateName.trim()) {
      this.refuse('templates', 'Give the template a name.');
      return;
    }
    try {
      const t = await this.deps.call('handout.templates.save', { name: this.templateName, plan: p });
      this.templates = await this.deps.call('handout.templates.list', {});
      this.chosenTemplate = t.id;
      this.templateName = '';
      this.flash(`Saved template “${t.name}”.`);
    } catch (e) {
      this.refuse('templates', this.deps.explain(e));
    }
  }

  /** Replaces the plan with the chosen template, applied by the core to this session (pregnancy rules afresh). */
  async applyTemplate(): Promise<void> {
    const templateId = this.chosenTemplate;
    if (templateId === null) return;
    try {
      const r = await this.deps.call('handout.templates.apply', { templateId, sessionId: this.sessionId });
      this.resetDrafts(r.plan);
      this.startedFrom = `template “${this.templates.find((t) => t.id === templateId)?.name ?? ''}”`;
      this.flash(
        `Applied the template${r.dropped.length ? ` (no longer in the library: ${r.dropped.join(', ')})` : ''}.`,
      );
    } catch (e) {
      this.refuse('templates', this.deps.explain(e));
    }
  }
}
