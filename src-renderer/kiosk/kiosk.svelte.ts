/**
 * The kiosk between patients: the questionnaire and the kiosk settings (nothing about patients), and the one visit
 * under way. The kiosk holds no other reference to a visit: when it ends it is replaced by a fresh one, so the
 * previous patient's answers are unreachable from here (tests/renderer/visit.test.ts checks it is collectable).
 */
import type { IntakeForm, SubmitReceipt } from '../../src-main/api/types';
import type { KioskSettings } from '../../src-main/api/methods/intake';
import type { IntakeSubmission } from '../../src-main/api/schemas';
import { KioskVisit, type VisitContext } from './visit.svelte';
import { REFERENCE_LANGUAGE } from '../lib/i18n';

/** What the kiosk needs before a patient can start (nothing about patients). */
export interface StartData {
  form: IntakeForm;
  settings: KioskSettings;
}

/** Used if the settings cannot be read (an older preload that does not pass the method on). */
export const DEFAULT_KIOSK_SETTINGS: KioskSettings = {
  idleSeconds: 60,
  countdownSeconds: 20,
  clinicName: 'Stride',
  languages: [REFERENCE_LANGUAGE],
};

export const RETRY_LOAD_MS = 5000;

export interface KioskDeps {
  load(): Promise<StartData>;
  submit(submission: IntakeSubmission): Promise<SubmitReceipt>;
  /** After a visit has ended and the next one is made: the place to reset what lives outside the state (the page). */
  onVisitEnd?(): void;
}

export class Kiosk {
  // Raw: both are replaced whole when they load, never changed in place, so they need no deep proxy.
  form = $state.raw<IntakeForm | null>(null);
  settings = $state.raw<KioskSettings>(DEFAULT_KIOSK_SETTINGS);
  /** Start data could not be loaded; the kiosk keeps trying. */
  failed = $state(false);

  readonly #deps: KioskDeps;
  #visit: KioskVisit;

  constructor(deps: KioskDeps) {
    this.#deps = deps;
    // Raw: a visit carries its own state; replacing it is the only change the kiosk makes to it.
    this.#visit = $state.raw(this.#freshVisit());
  }

  get visit(): KioskVisit {
    return this.#visit;
  }

  /** Loads the start data (or waits for a request already made), retrying until it arrives. */
  async load(pending?: Promise<StartData>): Promise<void> {
    this.failed = false;
    try {
      const start = await (pending ?? this.#deps.load());
      this.settings = start.settings;
      this.form = start.form;
    } catch {
      this.failed = true;
      setTimeout(() => void this.load(), RETRY_LOAD_MS);
    }
  }

  #freshVisit(): KioskVisit {
    const deps = this.#deps;
    // A context reading the kiosk's state through getters, so a visit follows settings that arrive after it began.
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- getters in an object literal have their own `this`
    const kiosk = this;
    const ctx: VisitContext = {
      get form() {
        return kiosk.form;
      },
      get settings() {
        return kiosk.settings;
      },
      fallbackLanguage: REFERENCE_LANGUAGE,
      submit: (submission) => deps.submit(submission),
      ended: (visit) => {
        if (visit !== kiosk.#visit) return;
        kiosk.#visit = kiosk.#freshVisit();
        deps.onVisitEnd?.();
      },
    };
    return new KioskVisit(ctx);
  }
}
