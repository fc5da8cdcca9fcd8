/**
 * Correcting a record's details on the clinician screen, in Chromium against the real web shell and database: from a
 * visit (a teenager's birth date typed as an adult's: the visit is triaged again for the real age, and the warning
 * sign the wrong age hid is shown) and from the patient's page (a misspelt name: the search list follows).
 */
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import { seriousAxeViolations, unlockedClinician, kioskSubmit } from '../support/browser/kiosk-helpers';
import { routineIntake } from '../support/clinician';
import { ageOn } from '../../src-main/core/age';
import { localDate } from '../../src-main/core/clock';
import { PHONE_HINT } from '../../src-main/core/vocabulary';

let shell: RunningShell;
let browser: Browser;
useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

describe("correcting a patient's details", () => {
  it('from a visit, triaged again for the corrected age, and from the patient page, with the search list', async () => {
    const staff = await unlockedClinician(browser, shell);
    await kioskSubmit(shell, routineIntake); // Zoë Núñez, born 1990-04-12

    // From the visit: she is a teenager whose birth year was typed wrong, so an age-dependent warning sign was missed.
    await staff.locator('tr[data-session="1"]').getByRole('button', { name: 'Open' }).click();
    await staff.getByRole('button', { name: 'Correct details…' }).click();
    const form = staff.getByTestId('patient-details-form');
    expect(await form.getByLabel('Full name').inputValue()).toBe('Zoë Núñez');
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await form.getByLabel('Date of birth').fill('2012-09-01');
    await form.getByRole('button', { name: 'Save details' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => staff.locator('header.patient').textContent()).toContain('born 2012-09-01');
    const notice = staff.getByTestId('age-recheck');
    await notice.waitFor();
    // The shell's clock is today's: the ages the kiosk's birth date and the corrected one give today.
    const today = localDate(new Date());
    const [kioskAge, realAge] = [ageOn('1990-04-12', today), ageOn('2012-09-01', today)];
    expect(await notice.getByRole('heading').textContent()).toBe(
      `Birth date corrected: age ${realAge} at this visit, not ${kioskAge}`,
    );
    expect(await notice.locator('[data-flag-added="slipped-epiphysis"]').textContent()).toContain('New warning sign');
    // The stored triage still shows what the clinic saw: no such red flag in the list below.
    expect(await staff.locator('li[data-flag="slipped-epiphysis"]').count()).toBe(0);
    await notice.getByText(`Suggestions for age ${realAge}`).click();
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await staff.screenshot({ path: '/tmp/stride-visit-age-corrected.png' });
    // The handout builder names that warning sign before any home exercise.
    await staff.getByRole('tab', { name: 'Home exercises' }).click();
    const handoutFlags = staff.getByTestId('handout-red-flags');
    await expect.poll(() => handoutFlags.textContent()).toContain('slipped epiphysis');
    await staff.screenshot({ path: '/tmp/stride-handout-age-corrected.png' });

    // From the patient page: the name, and a bad phone refused beside its field.
    await staff.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Patients' }).click();
    await staff.getByLabel('Name, phone or check-in code').fill('unez');
    await staff.getByRole('heading', { name: 'Zoë Núñez' }).waitFor();
    await staff.getByRole('button', { name: 'Correct details…' }).click();
    await form.getByLabel('Full name').fill('Zoë Núñez-Lindqvist');
    await form.getByLabel('Phone (optional)').fill('call me');
    await form.getByRole('button', { name: 'Save details' }).click();
    await expect.poll(() => form.locator('.error-text').textContent()).toBe(PHONE_HINT);
    expect(await staff.getByRole('heading', { name: 'Zoë Núñez', exact: true }).count()).toBe(1); // nothing saved
    await staff.screenshot({ path: '/tmp/stride-patient-details-form.png' });
    await form.getByLabel('Phone (optional)').fill('+44 7700 900123');
    await form.getByRole('button', { name: 'Save details' }).click();
    await staff.getByRole('status').filter({ hasText: 'Saved: name and phone corrected.' }).waitFor();
    await staff.getByRole('heading', { name: 'Zoë Núñez-Lindqvist' }).waitFor();
    await staff.getByRole('button', { name: 'Zoë Núñez-Lindqvist' }).waitFor(); // the search list
    expect(await staff.locator('.history header').textContent()).toContain('+44 7700 900123');
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await staff.screenshot({ path: '/tmp/stride-patient-corrected.png' });
    await staff.context().close();
  });
});
