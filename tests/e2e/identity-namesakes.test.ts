/**
 * Two people with the same name and date of birth, as a clinician tells them apart on the clinician screen: the second
 * visit is moved to a new record ("a different person"); when that person comes back without typing their phone,
 * the kiosk's match is the oldest record, and the identity check lists the other record so the clinician moves the
 * visit there. Real web shell, real database, real Chromium.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import {
  kioskSubmit as submitIntake,
  seriousAxeViolations,
  sessionOwners,
  unlockedClinician,
} from '../support/browser/kiosk-helpers';
import { routineIntake } from '../support/clinician';

let shell: RunningShell;
let browser: Browser;
useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

const sessions = () => sessionOwners(shell);

/** An intake as the kiosk sends it, through the web shell's kiosk channel. */
async function kioskSubmit(phone?: string): Promise<void> {
  await submitIntake(shell, { ...routineIntake, patient: { ...routineIntake.patient, ...(phone ? { phone } : {}) } });
}

async function openSession(staff: Page, sessionId: number) {
  const row = staff.locator(`tr[data-session="${sessionId}"]`);
  await expect.poll(() => row.getByTestId('identity-to-confirm').count()).toBe(1);
  await row.getByRole('button', { name: 'Open' }).click();
  const check = staff.getByTestId('identity-check');
  await check.waitFor();
  return check;
}

describe('namesakes on the clinician screen', () => {
  it('lists the other record with the same name and birth date, and moves the visit there', async () => {
    const staff = await unlockedClinician(browser, shell);
    await kioskSubmit('+44 20 1111 1111');
    await kioskSubmit('+44 20 2222 2222');
    const toldApart = await openSession(staff, 2);
    // The first time, nobody else shares the name and birth date: no list.
    expect(await toldApart.getByRole('table').count()).toBe(0);
    await toldApart.getByRole('button', { name: 'A different person: new record' }).click();
    await toldApart.waitFor({ state: 'detached' });
    const second = sessions()[1]!.patient_id;
    expect(second).not.toBe(1);

    await kioskSubmit();
    expect(sessions()[2]).toMatchObject({ patient_id: 1, identity_status: 'to-confirm' });
    await staff.getByRole('button', { name: /^Queue/ }).click();
    const check = await openSession(staff, 3);
    const offered = check.locator(`tr[data-namesake="${second}"]`);
    await expect.poll(() => offered.textContent()).toContain('+44 20 2222 2222');
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await offered.getByRole('button', { name: `This person: record #${second}` }).click();
    await check.waitFor({ state: 'detached' });
    expect(sessions()[2]).toMatchObject({ patient_id: second, identity_status: 'confirmed' });
    await staff.context().close();
  });
});
