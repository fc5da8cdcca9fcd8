/**
 * What the clinician screen says about an intake that waited on a kiosk for the hub (core/held-intake.ts): how long
 * it waited and when the patient answered, so nobody looks in the waiting room for someone who finished yesterday;
 * and, on the Devices screen, how many a kiosk had to delete unsent.
 */
import { localDate } from '../../src-main/core/clock';
import { dateTime, time } from './format';

export interface HeldNotice {
  /** "3 h 20 min", "2 days". */
  waited: string;
  /** When the patient finished: a time when it was the day the intake arrived, else a date and time. */
  answered: string;
  /** The patient answered on an earlier day than the intake arrived. */
  earlierDay: boolean;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function waitedFor(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / MINUTE))} min`;
  if (ms < 48 * HOUR) {
    const minutes = Math.round(ms / MINUTE);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  return `${Math.floor(ms / (24 * HOUR))} days`;
}

/** Null for an intake that arrived at once (no `receivedAt`). */
export function heldNotice(submittedAt: string, receivedAt: string | null): HeldNotice | null {
  if (!receivedAt) return null;
  const finished = new Date(submittedAt);
  const received = new Date(receivedAt);
  const earlierDay = localDate(finished) !== localDate(received);
  return {
    waited: waitedFor(Math.max(0, received.getTime() - finished.getTime())),
    answered: earlierDay ? dateTime(submittedAt) : time(submittedAt),
    earlierDay,
  };
}

/** The line an urgent alert adds for an intake that waited: the patient may no longer be in the waiting room. */
export function heldAlertText(held: HeldNotice): string {
  const reach = held.earlierDay ? 'check with the front desk and contact them' : 'check with the front desk';
  const when = `Answered at the kiosk ${held.answered}; it reached the queue ${held.waited} later`;
  return `${when}. The patient may have left; ${reach}.`;
}

/** A kiosk's intakes deleted unsent (kiosk.heldExpired), on the Devices screen: patients' answers never received. */
export function heldExpiredText(h: { count: number; lastReportedAt: string }): string {
  const what = h.count === 1 ? 'an intake' : `${h.count} intakes`;
  const when = `last reported ${dateTime(h.lastReportedAt)}`;
  return `Deleted ${what} it could not deliver within 30 days (${when}): those answers were lost. See the audit log.`;
}
