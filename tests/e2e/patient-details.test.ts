/**
 * Correcting a record's details on the clinician screen, in Chromium against the real web shell and database: from a
 * visit (a birth date typed wrong at the kiosk: the visit then says which age its suggestions used) and from the
 * patient's page (a misspelt name: the search list follows).
 */
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import { seriousAxeViolations, unlockedClinician, kioskSubmit } from '../support/browser/kiosk-helpers';
import { routineIntake } from '../support/clinician';
import { ageOn } from '../../src-main/core/age';
import { localDate } from '../../src-main/core/clock';

let shell: RunningShell;
let browser: Browser;
useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

describe("correcting a patient's details", () => {
  it('from a visit and from the patient page, with the age the visit used and the search list updated', async () => {
    const staff = await unlockedClinician(browser, shell);
    await kioskSubmit(shell, routineIntake); // Zoë Núñez, born 1990-04-12

    // From the visit: she was born in 1960, not 1990.
    await staff.locator('tr[data-session="1"]').getByRole('button', { name: 'Open' }).click();
    await staff.getByRole('button', { name: 'Correct details…' }).click();
    const form = staff.getByTestId('patient-details-form');
    expect(await form.getByLabel('Full name').inputValue()).toBe('Zoë Núñez');
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await form.getByLabel('Date of birth').fill('1960-04-12');
    await form.getByRole('button', { name: 'Save details' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => staff.locator('header.patient').textContent()).toContain('born 1960-04-12');
    const notice = staff.getByTestId('age-mismatch');
    await notice.waitFor();
    // The shell's clock is today's: the ages the kiosk's birth date and the corrected one give today.
    const today = localDate(new Date());
    const words = (await notice.textContent())!.replace(/\s+/g, ' ');
    expect(words).toContain(`worked out for age ${ageOn('1990-04-12', today)}, from the birth date typed at the kiosk`);
    expect(words).toContain(`corrected since, gives ${ageOn('1960-04-12', today)} on the day of the visit`);
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await staff.screenshot({ path: '/tmp/stride-visit-age-corrected.png' });

    // From the patient page: the name, and a bad phone refused beside its field.
    await staff.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Patients' }).click();
    await staff.getByLabel('Name, phone or check-in code').fill('unez');
    await staff.getByRole('heading', { name: 'Zoë Núñez' }).waitFor();
    await staff.getByRole('button', { name: 'Correct details…' }).click();
    await form.getByLabel('Full name').fill('Zoë Núñez-Lindqvist');
    await form.getByLabel('Phone (optional)').fill('call me');
    await form.getByRole('button', { name: 'Save details' }).click();
    await expect.poll(() => form.locator('.error-text').textContent()).toBeTruthy();
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
