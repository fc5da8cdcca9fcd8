/** The kiosk offers only the languages chosen in the clinic settings (Settings → Languages offered at the kiosk). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { kioskContext, launchBrowser, startShell, type RunningShell } from './harness';

let shell: RunningShell;
let browser: Browser;
beforeAll(async () => {
  shell = await startShell();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await shell?.stop();
});

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
    await page.getByRole('button', { name: 'Empezar en español' }).waitFor();
    expect(await page.getByRole('button', { name: 'Start in English' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'English', exact: true }).count()).toBe(0);

    offerLanguages(['en', 'es']);
    await page.reload();
    await page.getByRole('button', { name: 'Start in English' }).waitFor();
    expect(await page.getByRole('button', { name: 'Empezar en español' }).count()).toBe(1);
  });
});
