/**
 * A patient who says "I've been here before" but whose name or birth date matches no record (a typo at the kiosk):
 * the kiosk makes a new record, and the clinician screen says so, in the queue and on the session, with a search for
 * patients born that day, where the earlier record is found. Real web shell, real database, real Chromium.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import { seriousAxeViolations, unlockedClinician } from '../support/browser/kiosk-helpers';
import { routineIntake } from '../support/clinician';
import { repoRoot } from '../support/core';
import { loadContent } from '../../src-main/core/content/load';

let shell: RunningShell;
let browser: Browser;
useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

const { measures } = loadContent(join(repoRoot, 'resources', 'content'));
const lefs = Object.fromEntries(measures.lefs.items.map((i) => [i.id, 3]));

const returnVisit = (fullName: string) => ({
  locale: 'en' as const,
  patient: { fullName, dateOfBirth: routineIntake.patient.dateOfBirth },
  visit: 'return' as const,
  answers: { sex: 'female', pregnant: 'no', recent_birth: false, pain_now: 2, pain_worst: 4, warning_signs: ['none'] },
  measures: { lefs, psfs: [{ activity: 'Stairs', rating: 6 }], pgic: 'much_improved', exerciseDays: 5 },
});

async function kioskSubmit(intake: unknown): Promise<void> {
  const res = await fetch(`${shell.info.origin}/api/call/intake.submit`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${shell.info.tokens.kiosk}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(intake),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe('a returning patient the kiosk found no record for', () => {
  it('is flagged in the queue and the session, and the search finds the record under its other spelling', async () => {
    const staff = await unlockedClinician(browser, shell);
    await kioskSubmit(routineIntake); // Zoë Núñez's first visit
    await kioskSubmit(returnVisit('Zoe Nunes')); // she comes back and types her name differently
    await kioskSubmit(returnVisit('Zoë Núñez')); // and a matched return, for the contrast

    const unmatched = staff.locator('tr[data-session="2"]');
    await expect.poll(() => unmatched.getByTestId('unmatched-return').count()).toBe(1);
    expect(await staff.locator('tr[data-session="3"]').getByTestId('unmatched-return').count()).toBe(0);
    expect(await staff.locator('tr[data-session="3"]').getByTestId('identity-to-confirm').count()).toBe(1);

    await unmatched.getByRole('button', { name: 'Open' }).click();
    const notice = staff.getByTestId('unmatched-return-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('no record matched');
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await staff.screenshot({ path: '/tmp/stride-unmatched-session.png' });

    await notice.getByRole('button', { name: /^Find patients born/ }).click();
    const results = staff.getByRole('main').locator('table');
    await expect.poll(() => results.textContent()).toContain('Zoë Núñez');
    expect(await results.textContent()).toContain('Zoe Nunes');
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await staff.screenshot({ path: '/tmp/stride-unmatched-search.png' });
    await staff.context().close();
  });
});
