/** The kiosk offers only the languages chosen in the clinic settings (Settings → Languages offered at the kiosk). */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { kioskContext, type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';

let shell: RunningShell;
let browser: Browser;
useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

function offerLanguages(languages: string[]): void {
  const db = new Database(join(shell.info.dataDir, 'stride.db'));
  db.prepare(
    "INSERT INTO settings (key, value_json) VALUES ('app', ?) ON CONFLICT (key) DO UPDATE SET value_json = " +
      'excluded.value_json',
  ).run(JSON.stringify({ languages }));
  db.close();
}

describe('kiosk languages', () => {
  it(
    "offers a choice only between the languages the clinic offers, and starts in the first of them (in the app's " +
      'order)',
    async () => {
      offerLanguages(['es']);
      const page = await (await kioskContext(browser)).newPage();
      await page.goto(shell.info.kioskUrl);
      // Agreeing is possible once the questionnaire and the settings (loaded together) have arrived.
      await expect.poll(() => page.getByRole('button', { name: 'Acepto, empezar' }).isEnabled()).toBe(true);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bienvenido');
      expect(await page.getByRole('button', { name: 'English', exact: true }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'I agree, start' }).count()).toBe(0);

      offerLanguages(['en', 'es']);
      await page.reload();
      await expect.poll(() => page.getByRole('button', { name: 'I agree, start' }).isEnabled()).toBe(true);
      await page.getByRole('button', { name: 'Español', exact: true }).tap();
      expect(await page.getByRole('button', { name: 'Español', exact: true }).getAttribute('aria-pressed')).toBe(
        'true',
      );
      await page.getByRole('button', { name: 'Acepto, empezar' }).tap();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sus datos');
    },
  );

  it(
    'a language chosen on the welcome screen by someone who walked away returns to the first offered after the idle ' +
      'time',
    async () => {
      offerLanguages(['en', 'es']);
      const page = await (await kioskContext(browser)).newPage();
      await page.clock.install();
      await page.goto(shell.info.kioskUrl);
      await expect.poll(() => page.getByRole('button', { name: 'I agree, start' }).isEnabled()).toBe(true);
      await page.getByRole('button', { name: 'Español', exact: true }).tap();
      await page.clock.runFor(30_000);
      // Still reading: a touch restarts the wait.
      await page.getByRole('heading', { level: 1 }).tap();
      await page.clock.runFor(45_000);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bienvenido');
      await page.clock.runFor(20_000);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome');
      expect(await page.getByRole('button', { name: 'English', exact: true }).getAttribute('aria-pressed')).toBe(
        'true',
      );
    },
  );

  it(
    'offers French from its locale file alone: French words and an AZERTY keyboard with the French accents on ' +
      'screen',
    async () => {
      offerLanguages(['en', 'es', 'fr']);
      const page = await (await kioskContext(browser)).newPage();
      await page.goto(shell.info.kioskUrl);
      await expect.poll(() => page.getByRole('button', { name: 'I agree, start' }).isEnabled()).toBe(true);
      await page.getByRole('button', { name: 'Français', exact: true }).tap();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bienvenue');
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      await page.getByRole('button', { name: "J'accepte, commencer" }).tap();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Vos coordonnées');
      await page.getByLabel('Nom et prénom').tap();
      const keyboard = page.getByTestId('keyboard');
      const firstRow = await keyboard
        .locator('.row')
        .nth(1)
        .locator('[data-key]')
        .evaluateAll((keys) => keys.map((k) => k.getAttribute('data-key')));
      expect(firstRow.slice(0, 6)).toEqual(['a', 'z', 'e', 'r', 't', 'y']);
      for (const accent of ['é', 'è', 'à', 'ç', 'ù'])
        expect(await keyboard.locator(`[data-key="${accent}"]`).count(), accent).toBe(1);
      expect(await page.getByRole('button', { name: 'Español', exact: true }).count()).toBe(1);
    },
  );
});
