/**
 * Intakes that waited on a kiosk for the hub, as staff see them in real Chromium on the web shell: the queue gives
 * when the patient answered and how long it waited, the session says so, and an urgent one's alert warns that the
 * patient may have left. Sent through the shell's HTTP API with the outboxes' header.
 */
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import { kioskSubmit, seriousAxeViolations, unlockedClinician } from '../support/browser/kiosk-helpers';
import { routineIntake, urgentIntake } from '../support/clinician';

let shell: RunningShell;
let browser: Browser;
useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

const HOUR = 3_600_000;

describe('held intakes on the clinician screen', () => {
  it('the queue, the session and an urgent alert say when it was answered and how long it waited', async () => {
    const staff = await unlockedClinician(browser, shell);
    await kioskSubmit(shell, routineIntake);
    await kioskSubmit(shell, urgentIntake, 26 * HOUR + 20 * 60_000);

    const alert = staff.locator('.alert[data-session="2"]');
    await alert.waitFor();
    await expect
      .poll(() => alert.getByTestId('held-alert').textContent())
      .toContain('reached the queue 26 h 20 min later');
    expect(await alert.textContent()).toContain(
      'The patient may have left; check with the front desk and contact them.',
    );

    const late = staff.locator('tr[data-session="2"]');
    const onTime = staff.locator('tr[data-session="1"]');
    expect(await late.getByTestId('held-intake').count()).toBe(1);
    expect(await late.textContent()).toContain('waited 26 h 20 min on the kiosk');
    expect(await onTime.getByTestId('held-intake').count()).toBe(0);
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await staff.screenshot({ path: '/tmp/stride-held-queue.png', fullPage: true });

    await alert.getByRole('button', { name: 'Acknowledge and open' }).click();
    const meta = staff.locator('header.patient .meta');
    await expect.poll(() => meta.getByTestId('held-intake').textContent()).toContain('waited 26 h 20 min on the kiosk');
    expect(await seriousAxeViolations(staff)).toEqual([]);
    await staff.screenshot({ path: '/tmp/stride-held-detail.png' });
    await staff.context().close();
  });
});
