/** The kiosk offers only the languages chosen in the clinic settings (Settings → Languages offered at the kiosk). */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { kioskContext, type RunningShell } from './harness';
import { useShellAndBrowser } from './setup';

let shell: RunningShell;
let browser: Browser;
useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

function offerLanguages(languages: string[]): void {
  const db = new Database(join(shell.info.dataDir, 'stride.db'));
  db.prepare(
    "INSERT INTO settings (key, value_json) VALUES ('app', ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json",
  ).run(JSON.stringify({ languages }));
  db.close();
}

describe('kiosk languages', () => {
  it('shows a start button and a switch only for each language the clinic offers', async () => {
    offerLanguages(['es']);
    const page = await (await kioskContext(browser)).newPage();
    await page.goto(shell.info.kioskUrl);
    // The start buttons are enabled once the questionnaire and the settings (loaded together) have arrived.
    await expect.poll(() => page.getByRole('button', { name: 'Empezar en español' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Start in English' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'English', exact: true }).count()).toBe(0);

    offerLanguages(['en', 'es']);
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Start in English' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Empezar en español' }).count()).toBe(1);
  });
});
