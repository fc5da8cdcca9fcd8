import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { clinicianContext, kioskContext, type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';

let shell: RunningShell;
let browser: Browser;
useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

async function holdCorner(page: Page, ms: number): Promise<void> {
  await page.mouse.move(12, 12);
  await page.mouse.down();
  await page.waitForTimeout(ms);
  await page.mouse.up();
}

describe('the hidden staff gesture on the kiosk', () => {
  it(
    'a short touch does nothing; holding the corner for three seconds asks for the (still locked) staff ' + 'screen',
    async () => {
      const staff = await (await clinicianContext(browser)).newPage();
      await staff.goto(shell.info.clinicianUrl);
      await staff.getByLabel('Your name').waitFor();
      const kiosk = await (await kioskContext(browser)).newPage();
      await kiosk.goto(shell.info.kioskUrl);
      await kiosk.getByRole('button', { name: 'I agree, start' }).waitFor();

      await holdCorner(kiosk, 800);
      await kiosk.waitForTimeout(2600);
      expect(await staff.getByText('Staff were asked for at the kiosk').count()).toBe(0);

      await holdCorner(kiosk, 3300);
      await expect.poll(() => staff.getByText('Staff were asked for at the kiosk').count()).toBe(1);
      expect(await kiosk.getByText('Staff screen requested.').count()).toBe(1);
      // The staff screen stays as it was: still asking for setup/PIN, nothing unlocked by the gesture.
      expect(await staff.getByLabel('Your name').count()).toBe(1);

      const db = new Database(join(shell.info.dataDir, 'stride.db'), { readonly: true });
      expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'kiosk.summonStaff'").get()).toEqual({
        n: 1,
      });
      db.close();
    },
  );
});
