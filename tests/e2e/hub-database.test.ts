/**
 * Settings → This computer on the desktop hub, in real Chromium: the administrator chooses "A PostgreSQL server",
 * is told to leave the password out, tests a server that is not there and reads its one sentence, saves the
 * connection string for the next start (machine.json holds it, nothing else changes now) and finds it there again.
 * The hub here is the real server over a core given the desktop app's machine.json; PostgreSQL itself is not needed
 * (the reachable case is tests/postgres/machine-database.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_REFUSED } from '../../src-main/api/database-setting';
import { MACHINE_FILE, machineDatabaseFile, readMachineSetting } from '../../src-main/station/machine-mode';
import { collectPageProblems } from '../support/browser/harness';
import { startLoopbackHub, type LoopbackHub } from '../support/browser/loopback-hub';
import { setUpFirstAdmin } from '../support/browser/staff-setup';

let running: LoopbackHub | undefined;
let machineFile = '';

beforeAll(async () => {
  running = await startLoopbackHub(undefined, (dir) => {
    machineFile = join(dir, MACHINE_FILE);
    writeFileSync(machineFile, JSON.stringify({ mode: 'hub', network: false, port: 8443 }));
    return {
      openFile: () => Promise.resolve(''),
      machine: {
        status: () => ({
          mode: 'hub',
          hub: running
            ? { origins: [running.hub.origin], caFingerprint: running.hub.certificates.caFingerprint, network: false }
            : null,
          station: null,
          canChange: true,
        }),
        openSetup: () => undefined,
        database: machineDatabaseFile(machineFile),
      },
    };
  });
});
afterAll(() => running?.close());

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
    });
  });
}

describe('the desktop hub’s database setting', () => {
  it('the admin tests and saves a connection string for the next start, never with its password', async () => {
    const { browser, hub } = running!;
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await page.goto(hub.localClinicianUrl);
    await setUpFirstAdmin(page, 'Dr Amara Okafor');
    await page.getByRole('button', { name: 'Settings' }).click();
    const card = page.getByTestId('hub-database');
    await card.getByText('Now in this computer’s own database (SQLite).').waitFor();
    expect(await card.getByLabel('This computer (SQLite)').isChecked()).toBe(true);

    await card.getByLabel(/A PostgreSQL server/).check();
    const field = card.getByLabel('Connection string');
    await field.fill('postgres://stride:Hush-42@db.clinic.lan/stride');
    await card.getByRole('button', { name: 'Save for the next start' }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toBe(PASSWORD_REFUSED);
    expect(readMachineSetting(machineFile)).toEqual({ mode: 'hub', network: false, port: 8443 });

    const url = `postgres://stride@127.0.0.1:${await closedPort()}/stride`;
    await field.fill(url);
    await card.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => card.getByRole('alert').textContent())
      .toMatch(/^Stride cannot reach the database at postgres:\/\/stride@127\.0\.0\.1:\d+\/stride \(.+\)\. Check/);
    await card.screenshot({ path: '/tmp/desksettings-test-connection.png' });

    await card.getByRole('button', { name: 'Save for the next start' }).click();
    await expect.poll(() => card.getByRole('status').textContent()).toMatch(/^Saved\. Stride opens it the next time/);
    await card.getByText('From the next start: a PostgreSQL server.').waitFor();
    expect(readMachineSetting(machineFile)).toEqual({ mode: 'hub', network: false, port: 8443, database: url });
    expect(readFileSync(machineFile, 'utf8')).not.toContain('Hush-42');
    await page.locator('.this-computer').screenshot({ path: '/tmp/desksettings-hub-database.png' });

    // Read back: the screen opened again shows what was saved.
    await page.getByRole('button', { name: 'Clinicians' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => card.getByLabel('Connection string').inputValue()).toBe(url);
    expect(await card.getByLabel(/A PostgreSQL server/).isChecked()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
