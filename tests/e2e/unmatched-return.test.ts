/**
 * A patient who says "I've been here before" but whose name or birth date matches no record (a typo at the kiosk):
 * the kiosk makes a new record, and the clinician screen says so, in the queue and on the session. The session offers
 * the other patients born that day and a search; the clinician moves the visit to the patient's own record. Real web
 * shell, real database, real Chromium.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import { seriousAxeViolations, sessionOwners, unlockedClinician, kioskSubmit } from '../support/browser/kiosk-helpers';
import { returnVisitIntake, routineIntake } from '../support/clinician';

let shell: RunningShell;
let browser: Browser;
useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

const returnVisit = (fullName: string, phone?: string) =>
  returnVisitIntake({ fullName, dateOfBirth: routineIntake.patient.dateOfBirth, ...(phone ? { phone } : {}) });

function patientPhone(id: number): string | null {
  const db = new Database(join(shell.info.dataDir, 'stride.db'), { readonly: true });
  try {
    return (db.prepare('SELECT phone FROM patients WHERE id = ?').get(id) as { phone: string | null }).phone;
  } finally {
    db.close();
  }
}

const sessions = () => sessionOwners(shell);

describe('a returning patient the kiosk found no record for', () => {
  it('is flagged, offered the record born that day under another spelling, and the visit moves there', async () => {
    const staff = await unlockedClinician(browser, shell);
    await kioskSubmit(shell, routineIntake); // Zoë Núñez's first visit
    // She comes back, types her name differently and gives the phone she has now.
    await kioskSubmit(shell, returnVisit('Zoe Nunes', '07700 900321'));
    await kioskSubmit(shell, returnVisit('Zoë Núñez')); // and a matched return, for the contrast

    const unmatched = staff.locator('tr[data-session="2"]');
    await expect.poll(() => unmatched.getByTestId('unmatched-return').count()).toBe(1);
    expect(await staff.locator('tr[data-session="3"]').getByTestId('unmatched-return').count()).toBe(0);
    expect(await staff.locator('tr[data-session="3"]').getByTestId('identity-to-confirm').count()).toBe(1);

    const openSession2 = async () => {
      await unmatched.getByRole('button', { name: 'Open' }).click();
      const notice = staff.getByTestId('unmatched-return-notice');
      await notice.waitFor();
      return notice;
    };
    let notice = await openSession2();
    expect(await notice.textContent()).toContain('no record matched');
    // The other patient born that day is offered, with her own spelling and the phone on her record (none yet).
    const offered = notice.locator('tr[data-born-that-day="1"]');
    expect(await offered.textContent()).toContain('Zoë Núñez');
    expect(await offered.locator('td').nth(2).textContent()).toBe('none');
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await staff.screenshot({ path: '/tmp/stride-unmatched-session.png' });

    // The search opens on that birth date and finds both records.
    await notice.getByRole('button', { name: /^Search patients born/ }).click();
    const results = staff.getByRole('main').locator('table');
    await expect.poll(() => results.textContent()).toContain('Zoë Núñez');
    expect(await results.textContent()).toContain('Zoe Nunes');
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await staff.screenshot({ path: '/tmp/stride-unmatched-search.png' });

    // Back to the visit: it is hers, and moves to her record.
    await staff.getByRole('button', { name: /^Queue/ }).click();
    notice = await openSession2();
    // She confirms the phone: the clinician ticks it before moving the visit.
    await notice.getByRole('checkbox', { name: /^Also save the phone typed at the kiosk, 07700 900321/ }).check();
    await staff.screenshot({ path: '/tmp/stride-unmatched-phone.png' });
    await notice.locator('tr[data-born-that-day="1"]').getByRole('button', { name: 'This is them: record #1' }).click();
    await notice.waitFor({ state: 'detached' });
    await expect.poll(() => staff.locator('header.patient h1').textContent()).toBe('Zoë Núñez');
    expect(sessions()[1]).toEqual({ id: 2, patient_id: 1, identity_status: 'confirmed' });
    expect(patientPhone(1)).toBe('07700 900321');
    await staff.context().close();
  });
});
