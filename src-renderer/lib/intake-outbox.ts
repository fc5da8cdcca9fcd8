/**
 * The browser kiosk's outbox, wired: IndexedDB storage, the web shell's or hub's intake.submit as the sender, and
 * the warning rules of the form this page loaded for a held receipt's "go to the desk". Electron does not use this:
 * there the desktop main process keeps its own outbox.
 */
import type { IntakeSubmission } from '../../src-main/api/schemas';
import type { IntakeForm, SubmitReceipt } from '../../src-main/api/types';
import { withDerivedAnswers } from '../../src-main/api/derived';
import { localDate } from '../../src-main/core/clock';
import { warningUrgency } from '../../src-main/core/triage/warnings';
import { Outbox, type SendIntake } from './outbox';
import { indexedDbOutboxStore } from './outbox-idb';

export interface IntakeOutbox {
  submit(submission: IntakeSubmission): Promise<SubmitReceipt>;
  /** The form this page shows: its warning rules decide a held receipt's seeFrontDesk. */
  formLoaded(form: IntakeForm): void;
  /** Delivers what an earlier page left (a reload, a reboot), and again whenever the browser says it is online. */
  start(): void;
}

export function browserIntakeOutbox(send: SendIntake): IntakeOutbox {
  let form: IntakeForm | null = null;
  const outbox = new Outbox({
    store: indexedDbOutboxStore(),
    send,
    warns: (s) => {
      // No form means no kiosk screen could have been shown; be cautious all the same.
      if (!form) return true;
      const answers = withDerivedAnswers(form.questionnaire, s.answers, s.patient.dateOfBirth, localDate(new Date()));
      return warningUrgency(form.warningRules, answers) !== null;
    },
  });
  let started = false;
  return {
    submit: (s) => outbox.submit(s),
    formLoaded: (f) => (form = f),
    start: () => {
      if (started) return;
      started = true;
      window.addEventListener('online', () => void outbox.flush());
      void outbox.flush();
    },
  };
}
