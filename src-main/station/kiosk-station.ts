/**
 * The dispatcher of a desktop kiosk station: the remote dispatch, except that an `intake.submit` the hub cannot take
 * now (unreachable, a gateway error, `unavailable`) is kept in the outbox and the patient still gets a receipt,
 * `{ checkInCode, seeFrontDesk, held: true }`, and the form and kiosk settings come from the last answer kept when the
 * hub is away, so the next patient can begin. Every intake gets its submission id and check-in code here, before the
 * first attempt, so the hub stores it once however often it is sent, and keeps the code the patient was shown when
 * that code is free that day.
 */
import { randomUUID } from 'node:crypto';
import { newCheckInCode } from '../api/check-in-code';
import type { Dispatch } from '../api/dispatch';
import type { ApiResult } from '../api/errors';
import { intakeSubmissionSchema } from '../api/schemas';
import type { IntakeForm, SubmitReceipt } from '../api/types';
import { withDerivedAnswers } from '../api/derived';
import { localDate } from '../core/clock';
import { warningUrgency } from '../core/triage/warnings';
import type { HeldSubmission, Outbox, OutboxCourier } from './outbox';

export interface KioskStationOptions {
  remote: Dispatch;
  outbox: Outbox;
  courier: Pick<OutboxCourier, 'kick' | 'resume'>;
  now?: () => number;
}

/** The intake form as the kiosk loads it (`intake.form {}`), kept in the outbox file for when the hub is away. */
const FORM_KEY = 'intake.form {}';

/**
 * Whether a held intake's patient should go to the desk now: the form's warning rules (the red flags without names)
 * over the answers with the age derived as the hub does. Without a form to read them from, yes: telling someone with
 * a warning sign to sit and wait is the worse error.
 */
function seeFrontDeskWhileHeld(form: IntakeForm | undefined, submission: HeldSubmission, now: number): boolean {
  if (!form?.warningRules) return true;
  const answers = withDerivedAnswers(
    form.questionnaire,
    submission.answers,
    submission.patient.dateOfBirth,
    localDate(new Date(now)),
  );
  return warningUrgency(form.warningRules, answers) !== null;
}

function heldReceipt(submission: HeldSubmission, seeFrontDesk: boolean): ApiResult<SubmitReceipt> {
  return { ok: true, value: { checkInCode: submission.checkInCode, seeFrontDesk, held: true } };
}

/** What the kiosk asks before a patient starts; the last answer is kept for when the hub is away. */
const SCREEN_METHODS = new Set(['intake.form', 'kiosk.settings']);

export function createKioskStationDispatch(options: KioskStationOptions): Dispatch {
  const { remote, outbox, courier } = options;
  const now = options.now ?? Date.now;
  return async (caller, method, payload) => {
    if (SCREEN_METHODS.has(method) && caller.channel === 'kiosk') {
      const key = `${method} ${JSON.stringify(payload ?? {})}`;
      const result = await remote(caller, method, payload);
      if (result.ok) outbox.remember(key, result.value);
      else if (result.error.code === 'unavailable') {
        const kept = outbox.cached(key);
        if (kept !== undefined) return { ok: true, value: kept };
      }
      return result;
    }
    if (method !== 'intake.submit' || caller.channel !== 'kiosk') return remote(caller, method, payload);
    const checked = intakeSubmissionSchema.safeParse(payload);
    // Invalid: the remote dispatch answers with the same field errors as a standalone machine would.
    if (!checked.success) return remote(caller, method, payload);
    const submissionId = checked.data.submissionId ?? randomUUID();
    const form = outbox.cached(FORM_KEY) as IntakeForm | undefined;
    const already = outbox.find(submissionId);
    if (already) return heldReceipt(already.submission, seeFrontDeskWhileHeld(form, already.submission, now()));
    const submission: HeldSubmission = {
      ...(payload as HeldSubmission),
      submissionId,
      checkInCode: checked.data.checkInCode ?? newCheckInCode(() => false),
    };
    const result = await remote(caller, method, submission);
    if (result.ok) {
      // The hub is taking intakes: anything still waiting goes now.
      void courier.resume();
      return result;
    }
    if (result.error.code !== 'unavailable') return result;
    outbox.hold(submission, now());
    void courier.kick();
    return heldReceipt(submission, seeFrontDeskWhileHeld(form, submission, now()));
  };
}
