/**
 * The clinician app on a clinic group's PostgreSQL (#18), in real Chromium over the web shell started with
 * STRIDE_DATABASE_URL: a kiosk intake reaches the queue and the patient search, and the Records screen says the
 * backups are the database server's, offering neither "Back up now" nor a restore, while retention stays. A throwaway
 * server (tests/support/postgres.ts) for this file; skips with the reason where PostgreSQL's binaries are absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { clinicianContext, launchBrowser, startShell, type RunningShell } from '../support/browser/harness';
import { setUpFirstAdmin } from '../support/browser/staff-setup';
import { loadVignettes, submissionFor } from '../support/core';
import {
  createTestDatabase,
  postgresUnavailableReason,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../support/postgres';

const unavailable = postgresUnavailableReason();
let server: ThrowawayPostgres | undefined;
let database: { url: string; drop(): Promise<void> } | undefined;
let shell: RunningShell | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (unavailable) return;
  server = await startThrowawayPostgres();
  database = await createTestDatabase(server.adminUrl);
  shell = await startShell({ env: { STRIDE_DATABASE_URL: database.url } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
  await database?.drop().catch(() => undefined);
  server?.stop();
});

describe.skipIf(unavailable !== null)(
  unavailable ? `the clinician app on PostgreSQL (skipped: ${unavailable})` : 'the clinician app on PostgreSQL',
  () => {
    it('queues a kiosk intake, finds the patient, and leaves backups to the database server', async () => {
      const { info } = shell!;
      const v = loadVignettes().find((x) => x.expectUrgency === 'routine')!;
      const res = await fetch(`${info.origin}/api/call/intake.submit`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${info.tokens.kiosk}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(submissionFor(v, new Date().toISOString().slice(0, 10), 'Núria Puig')),
      });
      expect(((await res.json()) as { ok: boolean }).ok).toBe(true);

      const page = await (await clinicianContext(browser!)).newPage();
      await page.goto(info.clinicianUrl);
      await setUpFirstAdmin(page, 'Amara Okafor');
      await page.getByRole('button', { name: 'Lock' }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('button', { name: 'Queue' }).click();
      await page.getByRole('row', { name: /Núria Puig/ }).waitFor();

      await nav.getByRole('button', { name: 'Patients' }).click();
      await page.getByLabel('Name').fill('nuria');
      await page.getByRole('button', { name: 'Núria Puig' }).waitFor();

      await nav.getByRole('button', { name: 'Records' }).click();
      const serverBackups = page.getByTestId('server-backups');
      await serverBackups.waitFor();
      await expect.poll(() => serverBackups.innerText()).toMatch(/backups are the database server's/);
      expect(await serverBackups.innerText()).toMatch(/pg_dump/);
      expect(await page.getByRole('button', { name: 'Back up now' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Restore…' }).count()).toBe(0);
      // Retention is the clinic's on either engine.
      await page.getByLabel('Keep records for (years)').waitFor();
      await page.screenshot({ path: '/tmp/stride-records-postgres.png', fullPage: true });
    });
  },
);
