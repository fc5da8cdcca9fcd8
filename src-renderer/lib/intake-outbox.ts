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
import { ExpiredReports, type ExpiredReport } from './expired-report';
import type { ApiResult } from '../../src-main/api/errors';
import { indexedDbOutboxStore } from './outbox-idb';

export interface IntakeOutbox {
  submit(submission: IntakeSubmission): Promise<SubmitReceipt>;
  /** The form this page shows: its warning rules decide a held receipt's seeFrontDesk. */
  formLoaded(form: IntakeForm): void;
  /** Delivers what an earlier page left (a reload, a reboot), and again whenever the browser says it is online. */
  start(): void;
}

const EXPIRED_KEY = 'stride.heldExpired';

export function browserIntakeOutbox(
  send: SendIntake,
  report: (expired: ExpiredReport) => Promise<ApiResult<unknown>>,
): IntakeOutbox {
  let form: IntakeForm | null = null;
  const expiredReports = new ExpiredReports(
    {
      get: () => localStorage.getItem(EXPIRED_KEY),
      set: (v) => localStorage.setItem(EXPIRED_KEY, v),
      remove: () => localStorage.removeItem(EXPIRED_KEY),
    },
    report,
  );
  const outbox = new Outbox({
    store: indexedDbOutboxStore(),
    send,
    onExpired: (count, oldestHeldAt) => {
      expiredReports.add(count, oldestHeldAt);
      void expiredReports.tell();
    },
    warns: (s) => {
      // No form means no kiosk screen could have been shown; be cautious all the same.
      if (!form) return true;
      const answers = withDerivedAnswers(form.questionnaire, s.answers, s.patient.dateOfBirth, localDate(new Date()));
      return warningUrgency(form.warningRules, answers) !== null;
    },
  });
  let started = false;
  return {
    submit: async (s) => {
      const receipt = await outbox.submit(s);
      // The hub took it: a good moment to tell it of any intakes deleted unsent before.
      if (!receipt.held) void expiredReports.tell();
      return receipt;
    },
    formLoaded: (f) => (form = f),
    start: () => {
      if (started) return;
      started = true;
      const deliver = () => void outbox.flush().then(() => expiredReports.tell());
      window.addEventListener('online', deliver);
      deliver();
    },
  };
}
