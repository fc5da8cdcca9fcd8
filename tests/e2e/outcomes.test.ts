/**
 * The outcomes panel in Chromium: a first visit and a return visit three weeks later (sent through the kiosk's HTTP
 * api as a tablet would; the first one moved back in time in the database), one chart per measure with the visits'
 * own dates, and every change said in words.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { clinicianContext, type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import { repoRoot, routineIntake } from '../support/clinician';
import { setUpFirstAdmin } from '../support/browser/staff-setup';
import { kioskSubmit } from '../support/browser/kiosk-helpers';
import { loadContent } from '../../src-main/core/content/load';

let shell: RunningShell;
let browser: Browser;
useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

const { measures } = loadContent(join(repoRoot, 'resources', 'content'));
const lefsAll = (v: number) => Object.fromEntries(measures.lefs.items.map((i) => [i.id, v]));

const submit = async (intake: unknown) => void (await kioskSubmit(shell, intake));

describe('outcomes panel', () => {
  it('charts each measure over two visits on their dates, saying which changes are clinically important', async () => {
    await submit({
      ...routineIntake,
      measures: {
        lefs: lefsAll(2),
        psfs: [
          { activity: 'Climbing stairs', rating: 3 },
          { activity: 'Running', rating: 2 },
        ],
      },
    });
    // The first visit was three weeks ago.
    const db = new Database(join(shell.info.dataDir, 'stride.db'));
    const past = new Date(Date.now() - 21 * 86_400_000);
    db.prepare('UPDATE intake_sessions SET submitted_at = ?, local_date = ? WHERE id = 1').run(
      past.toISOString(),
      past.toISOString().slice(0, 10),
    );
    db.close();
    await submit({
      locale: 'en',
      patient: routineIntake.patient,
      visit: 'return',
      answers: {
        sex: 'female',
        pregnant: 'no',
        recent_birth: false,
        pain_now: 4,
        pain_worst: 5,
        warning_signs: ['none'],
      },
      measures: {
        lefs: lefsAll(3),
        psfs: [
          { activity: 'Stairs', rating: 6 },
          { activity: 'Running', rating: 5 },
        ],
        pgic: 'much_improved',
        exerciseDays: 5,
      },
    });

    const page: Page = await (await clinicianContext(browser)).newPage();
    await page.goto(shell.info.clinicianUrl);
    await setUpFirstAdmin(page, 'Amara Okafor');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Patients' }).click();
    await page.getByLabel('Name, phone or check-in code').fill('nunez');
    await page.getByRole('heading', { name: 'Outcomes across visits' }).waitFor();
    for (const m of ['nprs', 'lefs', 'psfs']) await page.getByTestId(`outcome-chart-${m}`).waitFor();

    const rows = (m: string) => page.locator(`[data-measure="${m}"] .changes li`).allTextContents();
    const lefs = await rows('lefs');
    expect(lefs).toHaveLength(2);
    expect(lefs[0]).toMatch(/40\s*first visit/);
    expect(lefs[1]).toMatch(/60\s*\+20 since the first visit \(MCID 9\)\s*clinically important improvement/);
    // Pain 4 then 4: no change, said so.
    expect((await rows('nprs'))[1]).toMatch(/±0 since the first visit \(MCID 2\)\s*not clinically important/);
    expect((await rows('psfs'))[1]).toMatch(/5\.5\s*\+3 since the first visit.*clinically important improvement/);
    expect((await rows('pgic'))[0]).toMatch(
      /Much better.*clinically important improvement|clinically important improvement/,
    );

    // Each point sits on its own visit's date: two different dates, in the screen's format.
    const dates = await page.locator('[data-measure="lefs"] .changes .date').allTextContents();
    expect(new Set(dates).size).toBe(2);
    const expected = await page.evaluate(
      (isos) =>
        isos.map((iso) =>
          new Date(`${iso}T00:00:00Z`).toLocaleDateString([], {
            year: 'numeric',
            month: 'short',
            day: 'numeric',
            timeZone: 'UTC',
          }),
        ),
      [past.toISOString().slice(0, 10), new Date().toISOString().slice(0, 10)],
    );
    expect(dates).toEqual(expected);
    expect(await page.getByTestId('outcome-chart-lefs').getAttribute('aria-label')).toContain(
      'clinically important improvement',
    );
  });
});
