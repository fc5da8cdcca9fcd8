/**
 * One patient's visit to the kiosk, from welcome to thank-you: the screen on show, what the patient entered, the
 * checks that send them back to a mistake, and the timers that end the visit when they walk away.
 *
 * A visit is made fresh for every patient (Kiosk in kiosk.svelte.ts): when it ends (thank-you timeout, idle wipe,
 * start over, decline) the kiosk drops this object and makes a new one, so nothing of the previous patient is
 * reachable from the app's state. The screens are markup over this object; everything that touches the DOM (focus,
 * scrolling, the on-screen keyboard) stays in them.
 */
import type { IntakeForm, SubmitReceipt } from '../../src-main/api/types';
import type { KioskSettings } from '../../src-main/api/methods/intake';
import type { IntakeSubmission } from '../../src-main/api/schemas';
import type { KioskLanguage } from '../../src-main/api/types';
import type { AnswerValue, IntakeAnswers, Question, Questionnaire, Section } from '../../src-main/core/content/schema';
import {
  measureSteps,
  questionnaireFor,
  type MeasureStep,
  type VisitKind,
} from '../../src-main/core/measures/visit-plan';
import { visibleSections } from '../../src-main/core/content/visibility';
import { ageOn } from '../../src-main/core/age';
import { localDate } from '../../src-main/core/clock';
import { DERIVED_AGE_QUESTION, withDerivedAnswers } from '../../src-main/api/derived';
import { warningUrgency } from '../../src-main/core/triage/warnings';
import type { Urgency } from '../../src-main/core/vocabulary';
import { ApiCallError } from '../lib/api-error';
import { IdleGuard } from '../lib/idle-guard';
import { REQUIRED_KEY, checkIdentity, checkScreen, problemsFromServer, type Problems } from '../lib/kiosk-answers';
import { possibleSections } from '../lib/step-count';
import {
  checkMeasureScreen,
  emptyEntries,
  measureAnswersOf,
  measureStepOfServerPath,
  namedActivities,
  type MeasureEntries,
} from '../lib/measure-answers';

// The welcome screen carries the language choice and the privacy notice, so agreeing is the one tap that starts.
export type Step =
  | { kind: 'welcome' }
  | { kind: 'declined' }
  | { kind: 'identity' }
  | { kind: 'section'; index: number }
  | { kind: 'measure'; step: MeasureStep }
  | { kind: 'review' }
  | { kind: 'thanks' };

/** A language the kiosk offers: its names, its Intl tag, its on-screen keyboard and its messages. */
export type Language = KioskLanguage;

/** What a visit needs from the kiosk around it. `form` and `settings` may change while the welcome screen shows. */
export interface VisitContext {
  /** The questionnaire; null until it has loaded (the welcome screen shows before it arrives). */
  readonly form: IntakeForm | null;
  readonly settings: KioskSettings;
  /** The language shown when the clinic's languages have not arrived (the bundled reference language). */
  readonly fallbackLanguage: Language;
  submit(submission: IntakeSubmission): Promise<SubmitReceipt>;
  /** The visit is over: called once, and the kiosk makes the next visit. */
  ended(visit: KioskVisit): void;
}

export interface VisibleSection {
  section: Section;
  questions: Question[];
}

/** What became of a tap on Next or Send: the screen uses it to point at a problem. */
export type Outcome = 'moved' | 'problems' | 'unavailable' | 'busy';

export const THANKS_SECONDS = 30;
export const DECLINED_SECONDS = 15;

const EMPTY_QUESTIONNAIRE = { version: '', sections: [] };

/** A random submission id made on this station (getRandomValues works outside secure contexts too). */
function newSubmissionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Problems left once unanswered questions no longer count (after an emergency answer). */
function withoutUnanswered(problems: Problems): Problems {
  return Object.fromEntries(Object.entries(problems).filter(([, p]) => p.key !== REQUIRED_KEY));
}

export class KioskVisit {
  readonly #ctx: VisitContext;
  /** The clinic's calendar day when the visit began: dates of birth are checked and ages derived against it. */
  readonly today = localDate(new Date());

  // What the patient enters; the screens bind to these.
  fullName = $state('');
  dateOfBirth = $state('');
  phone = $state('');
  answers = $state<Record<string, AnswerValue | undefined>>({});
  /** The LEFS, PSFS, PGIC and exercise-days answers (lib/measure-answers.ts). */
  measures = $state<MeasureEntries>(emptyEntries(undefined));
  largeText = $state(false);
  confirmingStartOver = $state(false);

  #step = $state<Step>({ kind: 'welcome' });
  /** "I've been here before" on the welcome screen makes it a return visit: the short follow-up. */
  #kind = $state<VisitKind>('first');
  #fromReview = $state(false);
  #picked = $state<string | null>(null);
  /** What was last sent and the id it went with (see submit). */
  #attempt: { id: string; content: string } | null = null;
  #problems = $state<Problems>({});
  #banner = $state<'fix' | 'unavailable' | null>(null);
  #sending = $state(false);
  #receipt = $state<SubmitReceipt | null>(null);
  /** The warning the sent answers raised, kept with the receipt for the thank-you screen. */
  #sentWarning = $state<Urgency | null>(null);
  #idleLeft = $state<number | null>(null);
  #autoResetLeft = $state<number | null>(null);
  #ended = false;

  #guard: IdleGuard | null = null;
  #countdown: ReturnType<typeof setInterval> | null = null;
  #welcomeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(ctx: VisitContext) {
    this.#ctx = ctx;
  }

  // ----- what the screens show -----

  get step(): Step {
    return this.#step;
  }
  /** Came here with Change from the review page: Next returns there. */
  get fromReview(): boolean {
    return this.#fromReview;
  }
  get problems(): Problems {
    return this.#problems;
  }
  get banner(): 'fix' | 'unavailable' | null {
    return this.#banner;
  }
  get sending(): boolean {
    return this.#sending;
  }
  get receipt(): SubmitReceipt | null {
    return this.#receipt;
  }
  /** How urgent a warning the sent answers raised on this kiosk (null: none): what the thank-you screen says. */
  get sentWarning(): Urgency | null {
    return this.#sentWarning;
  }
  /** Seconds left on "Are you still there?", or null when it is not asked. */
  get idleLeft(): number | null {
    return this.#idleLeft;
  }
  /** Seconds until thank-you or declined returns to welcome by itself. */
  get autoResetLeft(): number | null {
    return this.#autoResetLeft;
  }
  get ended(): boolean {
    return this.#ended;
  }
  get form(): IntakeForm | null {
    return this.#ctx.form;
  }
  get clinicName(): string {
    return this.#ctx.settings.clinicName;
  }
  get visitKind(): VisitKind {
    return this.#kind;
  }

  /** The questions this visit asks: the whole questionnaire, or a return visit's follow-up (core/measures). */
  readonly questionnaire: Questionnaire = $derived.by(() => {
    const form = this.#ctx.form;
    return form ? questionnaireFor(this.#kind, form.questionnaire, form.measures) : EMPTY_QUESTIONNAIRE;
  });
  /**
   * The measure screens after the questions. The PSFS rating screen is left out once the patient has left the
   * naming screen with no activity named; before that it counts, so the step count cannot grow.
   */
  readonly measureSteps: readonly MeasureStep[] = $derived.by(() => {
    const all = measureSteps(this.#kind);
    const step = this.#step;
    const at = step.kind === 'measure' ? all.indexOf(step.step) : step.kind === 'review' ? all.length : -1;
    const namedLeft = at > all.indexOf('psfs-name');
    return namedLeft && namedActivities(this.measures).length === 0 ? all.filter((s) => s !== 'psfs-rate') : all;
  });

  /** The languages the clinic offers, in its order, as the core serves them; the fallback language if none came. */
  readonly offered: readonly Language[] = $derived.by(() =>
    this.#ctx.settings.languages.length ? this.#ctx.settings.languages : [this.#ctx.fallbackLanguage],
  );
  readonly firstLanguage: string = $derived.by(() => this.offered[0]?.code ?? this.#ctx.fallbackLanguage.code);
  /** Each visit starts in the clinic's first offered language, until the patient picks another that is offered. */
  readonly lang: string = $derived.by(() => {
    const picked = this.#picked;
    return picked && this.offered.some((l) => l.code === picked) ? picked : this.firstLanguage;
  });
  /** The language on show, with its Intl tag and keyboard. */
  readonly language: Language = $derived.by(
    () => this.offered.find((l) => l.code === this.lang) ?? this.#ctx.fallbackLanguage,
  );

  /** Age is derived from the date of birth (the server recomputes it): never asked, never shown. */
  readonly answersWithAge: Readonly<Record<string, AnswerValue | undefined>> = $derived.by(() => {
    const age = this.dateOfBirth ? ageOn(this.dateOfBirth, this.today) : undefined;
    return age === undefined || Number.isNaN(age) ? this.answers : { ...this.answers, [DERIVED_AGE_QUESTION]: age };
  });
  /** The questionnaire screens the patient's answers so far lead to, one section each. */
  readonly sections: readonly VisibleSection[] = $derived.by(() =>
    visibleSections(this.questionnaire, this.answersWithAge)
      .map((s) => ({ ...s, questions: s.questions.filter((q) => q.id !== DERIVED_AGE_QUESTION) }))
      .filter((s) => s.questions.length > 0),
  );
  /**
   * The most urgent warning sign in the answers on show (null: none), read with the form's warning rules and the
   * derived age exactly as the hub's triage will read them. The kiosk never learns which red flag it is.
   */
  readonly warning: Urgency | null = $derived.by(() => {
    const form = this.#ctx.form;
    if (!form) return null;
    const visible = this.visibleAnswers();
    const answers = this.dateOfBirth
      ? withDerivedAnswers(this.questionnaire, visible, this.dateOfBirth, this.today)
      : visible;
    return warningUrgency(form.warningRules, answers);
  });

  readonly currentSection: VisibleSection | undefined = $derived(
    this.#step.kind === 'section' ? this.sections[this.#step.index] : undefined,
  );
  /**
   * Identity, each questionnaire screen the patient may still see, review. Answers on the screen on show do not
   * change it (lib/step-count.ts), so "Step 2 of 9" stays put while they answer; moving on can only lower it.
   */
  readonly totalSteps: number = $derived.by(() => {
    const questionnaire = this.questionnaire;
    const step = this.#step;
    const ids = questionnaire.sections.map((s) => s.id);
    const upTo =
      step.kind === 'review' || step.kind === 'measure'
        ? ids.length
        : step.kind === 'section'
          ? ids.indexOf(this.sections[step.index]?.section.id ?? '')
          : 0;
    const possible = possibleSections({
      questionnaire,
      answers: this.answersWithAge,
      settledSections: new Set(ids.slice(0, Math.max(upTo, 0))),
      settledQuestions: new Set(
        step.kind === 'section' || step.kind === 'measure' || step.kind === 'review' ? [DERIVED_AGE_QUESTION] : [],
      ),
      hiddenQuestions: new Set([DERIVED_AGE_QUESTION]),
    });
    return possible.length + this.measureSteps.length + 2;
  });
  /** 1-based place of the screen on show in totalSteps; 0 for screens outside the count (welcome, thanks, declined). */
  readonly stepNumber: number = $derived.by(() => {
    const step = this.#step;
    return step.kind === 'identity'
      ? 1
      : step.kind === 'section'
        ? step.index + 2
        : step.kind === 'measure'
          ? this.sections.length + 2 + this.measureSteps.indexOf(step.step)
          : step.kind === 'review'
            ? this.totalSteps
            : 0;
  });

  // ----- what the patient does -----

  setLanguage(id: string): void {
    this.#picked = id;
    if (this.#step.kind === 'welcome') this.#restartWelcomeWait();
  }

  toggleLargeText(): void {
    this.largeText = !this.largeText;
  }

  /** "I agree, start" (a first visit) or "I've been here before": possible once the questionnaire has loaded. */
  start(kind: VisitKind = 'first'): void {
    const form = this.#ctx.form;
    if (!form || this.#step.kind !== 'welcome') return;
    this.#kind = kind;
    this.measures = emptyEntries(form.measures);
    this.#go({ kind: 'identity' });
  }

  decline(): void {
    if (this.#step.kind === 'welcome') this.#go({ kind: 'declined' });
  }

  next(): Outcome {
    this.#banner = null;
    const step = this.#step;
    if (step.kind === 'identity') {
      this.#problems = checkIdentity(
        { fullName: this.fullName, dateOfBirth: this.dateOfBirth, phone: this.phone },
        this.today,
      );
      if (this.#hasProblems()) return 'problems';
      this.#go(this.#fromReview ? { kind: 'review' } : { kind: 'section', index: 0 });
    } else if (step.kind === 'section') {
      const current = this.sections[step.index];
      const problems = current ? checkScreen(current.questions, this.answers) : {};
      // An emergency answer: nothing more is asked, not even on this screen; an answer given wrongly still counts.
      const emergency = this.warning === 'emergency';
      this.#problems = emergency ? withoutUnanswered(problems) : problems;
      if (this.#hasProblems()) return 'problems';
      if (emergency) {
        // Sent at once, so staff are alerted and the patient is sent to the desk; should sending fail, the review
        // page (where this goes first) holds the answers and its Send button.
        this.#go({ kind: 'review' });
        void this.submit();
        return 'moved';
      }
      const last = step.index >= this.sections.length - 1;
      this.#go(
        this.#fromReview
          ? { kind: 'review' }
          : last
            ? this.#afterQuestions()
            : { kind: 'section', index: step.index + 1 },
      );
    } else if (step.kind === 'measure') {
      const form = this.#ctx.form;
      this.#problems = form ? checkMeasureScreen(step.step, this.measures, form.measures) : {};
      if (this.#hasProblems()) return 'problems';
      // Decided after this screen's answers: no activity named leaves out the rating screen.
      const steps = this.measureSteps.filter((s) => s !== 'psfs-rate' || namedActivities(this.measures).length > 0);
      const following = steps[steps.indexOf(step.step) + 1];
      this.#go(this.#fromReview || !following ? { kind: 'review' } : { kind: 'measure', step: following });
    }
    return 'moved';
  }

  /** After the last question: the first measure screen, or review when the visit asks none. */
  #afterQuestions(): Step {
    const first = this.measureSteps[0];
    return first ? { kind: 'measure', step: first } : { kind: 'review' };
  }

  #lastBeforeReview(): Step {
    const last = this.measureSteps[this.measureSteps.length - 1];
    return last ? { kind: 'measure', step: last } : { kind: 'section', index: this.sections.length - 1 };
  }

  back(): void {
    this.#banner = null;
    this.#problems = {};
    const step = this.#step;
    if (step.kind === 'identity') this.#go({ kind: 'welcome' });
    else if (step.kind === 'section')
      this.#go(step.index === 0 ? { kind: 'identity' } : { kind: 'section', index: step.index - 1 });
    else if (step.kind === 'measure') {
      const i = this.measureSteps.indexOf(step.step);
      const before = this.measureSteps[i - 1];
      this.#go(before ? { kind: 'measure', step: before } : { kind: 'section', index: this.sections.length - 1 });
    } else if (step.kind === 'review') this.#go(this.#lastBeforeReview());
  }

  /** Change, from the review page: the screen that asked, whose Next then returns to review. */
  edit(
    target: { kind: 'identity' } | { kind: 'section'; index: number } | { kind: 'measure'; step: MeasureStep },
  ): void {
    if (this.#step.kind !== 'review') return;
    this.#fromReview = true;
    this.#banner = null;
    this.#go(target);
  }

  /** Only what the patient can see counts: answers left behind in a branch they closed are dropped. */
  visibleAnswers(): IntakeAnswers {
    const shown = new Set(this.sections.flatMap((s) => s.questions.map((q) => q.id)));
    const snapshot = $state.snapshot(this.answers) as Record<string, AnswerValue | undefined>;
    return Object.fromEntries(
      Object.entries(snapshot).filter((e): e is [string, AnswerValue] => shown.has(e[0]) && e[1] !== undefined),
    );
  }

  async submit(): Promise<Outcome> {
    if (this.#sending || this.#step.kind !== 'review') return 'busy';
    this.#sending = true;
    this.#banner = null;
    const phone = this.phone.trim();
    const submission = {
      locale: this.lang,
      patient: { fullName: this.fullName.trim(), dateOfBirth: this.dateOfBirth, ...(phone ? { phone } : {}) },
      answers: this.visibleAnswers(),
      // A first visit says nothing (as kiosks before return visits did); a return visit says so.
      ...(this.#kind === 'return' ? { visit: 'return' as const } : {}),
      measures: measureAnswersOf($state.snapshot(this.measures) as MeasureEntries, this.#kind),
    };
    const warning = this.warning;
    // The same content keeps its id, so "try again" after a lost reply is stored once; changed answers are a new one.
    const content = JSON.stringify(submission);
    if (this.#attempt?.content !== content) this.#attempt = { id: newSubmissionId(), content };
    try {
      const receipt = await this.#ctx.submit({ ...submission, submissionId: this.#attempt.id });
      // Wiped while the answers were on their way (idle, start over): the next patient must not see this receipt.
      if (this.#ended) return 'moved';
      this.#receipt = receipt;
      this.#sentWarning = warning;
      this.#go({ kind: 'thanks' });
      return 'moved';
    } catch (e) {
      if (this.#ended) return 'moved';
      if (e instanceof ApiCallError && e.code === 'invalid_input' && e.body.fields?.length) {
        this.#problems = problemsFromServer(e.body.fields);
        const ids = Object.keys(this.#problems);
        const index = this.sections.findIndex((s) => s.questions.some((q) => ids.includes(q.id)));
        const onIdentity = ids.some((id) => id === 'fullName' || id === 'dateOfBirth' || id === 'phone');
        const measureStep = e.body.fields.map((f) => measureStepOfServerPath(f.path)).find((m) => m !== null);
        this.#fromReview = true;
        this.#go(
          onIdentity || (index < 0 && !measureStep)
            ? { kind: 'identity' }
            : index >= 0 || !measureStep
              ? { kind: 'section', index }
              : { kind: 'measure', step: measureStep },
        );
        this.#banner = 'fix';
        return 'problems';
      }
      // Network down or the store is busy: keep every answer on screen and offer to try again.
      this.#banner = 'unavailable';
      return 'unavailable';
    } finally {
      this.#sending = false;
    }
  }

  /** A touch or key anywhere: the idle wait starts again (the welcome screen's language wait too). */
  activity(): void {
    this.#guard?.activity();
    if (this.#step.kind === 'welcome') this.#restartWelcomeWait();
  }

  /** "I'm still here" on the idle prompt. */
  stillHere(): void {
    this.#guard?.stillHere();
  }

  /**
   * The visit is over (finished, declined, start over, walked away). Everything is emptied first, then the kiosk
   * drops this object. Emptying matters even so: the browser may keep detached nodes (and through their handlers
   * this object) alive a while longer, and they must then hold nothing of the patient.
   */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#guard?.stop();
    this.#guard = null;
    this.#stopAutoReset();
    this.#stopWelcomeWait();
    this.fullName = '';
    this.dateOfBirth = '';
    this.phone = '';
    this.answers = {};
    this.measures = emptyEntries(undefined);
    this.#problems = {};
    this.#receipt = null;
    this.#sentWarning = null;
    this.#banner = null;
    this.#idleLeft = null;
    this.confirmingStartOver = false;
    this.#ctx.ended(this);
  }

  // ----- moving between screens, and the timers that go with them -----

  #hasProblems(): boolean {
    if (Object.keys(this.#problems).length === 0) return false;
    this.#banner = 'fix';
    return true;
  }

  #go(next: Step): void {
    if (this.#ended) return;
    this.#step = next;
    if (next.kind !== 'review' && next.kind !== 'section' && next.kind !== 'measure' && next.kind !== 'identity')
      this.#fromReview = false;
    // The welcome screen holds nothing to protect; thanks and declined clear themselves.
    if (next.kind === 'welcome' || next.kind === 'thanks' || next.kind === 'declined') this.#guard?.stop();
    else this.#idleGuard().start();
    if (next.kind === 'welcome') this.#restartWelcomeWait();
    else this.#stopWelcomeWait();
    if (next.kind === 'thanks') this.#autoReset(THANKS_SECONDS);
    else if (next.kind === 'declined') this.#autoReset(DECLINED_SECONDS);
  }

  /** Made when the patient starts, from the settings of that moment (they load while the welcome screen shows). */
  #idleGuard(): IdleGuard {
    this.#guard ??= new IdleGuard({
      idleMs: this.#ctx.settings.idleSeconds * 1000,
      countdownSeconds: this.#ctx.settings.countdownSeconds,
      onPrompt: (s) => (this.#idleLeft = s),
      onTick: (s) => (this.#idleLeft = s),
      onExpire: () => this.end(),
      onResume: () => (this.#idleLeft = null),
    });
    return this.#guard;
  }

  #autoReset(seconds: number): void {
    this.#stopAutoReset();
    this.#autoResetLeft = seconds;
    this.#countdown = setInterval(() => {
      this.#autoResetLeft = (this.#autoResetLeft ?? 1) - 1;
      if (this.#autoResetLeft <= 0) this.end();
    }, 1000);
  }

  #stopAutoReset(): void {
    if (this.#countdown) clearInterval(this.#countdown);
    this.#countdown = null;
  }

  /**
   * A language picked on the welcome screen by someone who then walked away returns to the clinic's first language
   * after the idle time, so the next patient is greeted in it. Any touch or key on the welcome screen restarts the
   * wait.
   */
  #restartWelcomeWait(): void {
    this.#stopWelcomeWait();
    if (this.lang === this.firstLanguage) return;
    this.#welcomeTimer = setTimeout(() => {
      this.#welcomeTimer = null;
      this.#picked = null;
    }, this.#ctx.settings.idleSeconds * 1000);
  }

  #stopWelcomeWait(): void {
    if (this.#welcomeTimer) clearTimeout(this.#welcomeTimer);
    this.#welcomeTimer = null;
  }
}
