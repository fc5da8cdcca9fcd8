/** What the clinician screen says about an intake that waited on a kiosk: how long, and when it was answered. */
import { describe, expect, it } from 'vitest';
import { dateTime, time } from '../../src-renderer/clinician/format';
import { heldAlertText, heldExpiredText, heldNotice, waitedFor } from '../../src-renderer/clinician/held-notice';

const MIN = 60_000;

describe('held intakes on the clinician screen', () => {
  it('says how long it waited in minutes, hours and minutes, or days', () => {
    expect(waitedFor(20_000)).toBe('1 min');
    expect(waitedFor(45 * MIN)).toBe('45 min');
    expect(waitedFor(60 * MIN)).toBe('1 h');
    expect(waitedFor((14 * 60 + 22) * MIN)).toBe('14 h 22 min');
    expect(waitedFor(47 * 60 * MIN)).toBe('47 h');
    expect(waitedFor(3 * 24 * 60 * MIN + 5 * MIN)).toBe('3 days');
  });

  it('an intake that arrived at once has nothing to say', () => {
    expect(heldNotice('2026-03-10T09:00:00.000Z', null)).toBeNull();
  });

  it('a wait within the day gives the time it was answered; one across days gives the date too', () => {
    const sameDay = new Date(2026, 2, 10, 9, 0);
    const later = new Date(2026, 2, 10, 11, 30);
    expect(heldNotice(sameDay.toISOString(), later.toISOString())).toEqual({
      waited: '2 h 30 min',
      answered: time(sameDay.toISOString()),
      earlierDay: false,
    });
    const evening = new Date(2026, 2, 9, 17, 40);
    const morning = new Date(2026, 2, 10, 8, 2);
    const across = heldNotice(evening.toISOString(), morning.toISOString())!;
    expect(across).toEqual({ waited: '14 h 22 min', answered: dateTime(evening.toISOString()), earlierDay: true });
    expect(heldAlertText(across)).toBe(
      `Answered at the kiosk ${dateTime(evening.toISOString())}; it reached the queue 14 h 22 min later. ` +
        'The patient may have left; check with the front desk and contact them.',
    );
  });

  it('says how many intakes a kiosk deleted unsent, one or many, and when it last said so', () => {
    const at = '2026-12-01T09:15:00.000Z';
    expect(heldExpiredText({ count: 1, lastReportedAt: at })).toBe(
      `Deleted an intake it could not deliver within 30 days (last reported ${dateTime(at)}): those answers were ` +
        'lost. See the audit log.',
    );
    expect(heldExpiredText({ count: 4, lastReportedAt: at })).toMatch(/^Deleted 4 intakes it could not deliver/);
  });
});
