/**
 * Patient search on the clinician screen in Chromium: inside a name, by phone and by check-in code; birth dates in the
 * screen's date format; a search that finds nobody clears the previous result and the patient shown beside it.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { clinicianContext, type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import { routineIntake } from '../support/clinician';
import { setUpFirstAdmin } from '../support/browser/staff-setup';
import { kioskSubmit } from '../support/browser/kiosk-helpers';

let shell: RunningShell;
let browser: Browser;
useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

async function submit(fullName: string, dateOfBirth: string, phone?: string): Promise<string> {
  const intake = { ...routineIntake, patient: { fullName, dateOfBirth, ...(phone ? { phone } : {}) } };
  return (await kioskSubmit(shell, intake)).checkInCode;
}

describe('patient search', () => {
  it('finds inside names, by phone and by code, and clears what it showed when nothing matches', async () => {
    await submit('Hannah Becker', '1980-05-01', '+49 170 1234567');
    const code = await submit('Zoë Núñez', '1990-04-12');
    const page: Page = await (await clinicianContext(browser)).newPage();
    await page.goto(shell.info.clinicianUrl);
    await setUpFirstAdmin(page, 'Amara Okafor');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Patients' }).click();
    const field = page.getByLabel('Name, phone or check-in code');
    const results = page.locator('table.results tbody tr');

    await field.fill('ecker');
    await page.getByRole('button', { name: 'Hannah Becker' }).waitFor();
    expect(await results.count()).toBe(1);
    // The birth date in the screen's format, as visit dates are (the browser's locale), not "1980-05-01".
    const born = await page.evaluate(() =>
      new Date('1980-05-01T00:00:00Z').toLocaleDateString([], {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        timeZone: 'UTC',
      }),
    );
    expect(born).not.toContain('1980-05-01');
    expect(await results.first().locator('td').nth(1).textContent()).toContain(born);
    // The one match is opened beside the list.
    await page.getByRole('heading', { name: 'Hannah Becker' }).waitFor();

    await field.fill('unez');
    await page.getByRole('button', { name: 'Zoë Núñez' }).waitFor();
    await page.getByRole('heading', { name: 'Zoë Núñez' }).waitFor();

    await field.fill('+49 (170) 123-4567');
    await page.getByRole('button', { name: 'Hannah Becker' }).waitFor();

    await field.fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Zoë Núñez' }).waitFor();
    expect(await results.count()).toBe(1);

    await field.fill('nobody here');
    await page.getByText('No patient matches.').waitFor();
    expect(await results.count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Zoë Núñez' }).count()).toBe(0);
    await page.getByText('Choose a patient to see their visits').waitFor();
  });
});
