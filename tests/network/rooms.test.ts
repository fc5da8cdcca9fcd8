/**
 * A clinic on a real (namespaced) network, in real Chromium: the hub on one host, a waiting-room tablet (Chromium as
 * a kiosk) on a second and the physiotherapist in room 3 (Chromium as a clinician) on a third. Both browsers pair
 * with codes the admin made; the patient sends an intake with a warning sign and the alert appears in room 3; the
 * admin in room 3 revokes the tablet and its next call is refused. Chromium runs inside each host's namespace through
 * `ip netns exec` (Playwright's pipe is inherited, so no debugging port crosses namespaces). Skips, saying why, where
 * namespaces cannot be made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, createPublicKey } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { prepareHubData } from '../support/hub-data';
import { repoRoot } from '../support/clinician';
import { startHubProcess } from '../support/hub-process';
import { createTestNetwork, exitOf, netnsUnavailable, type TestHost, type TestNetwork } from '../support/netns';
import { CHROMIUM_ARGS, clinicianContext, collectPageProblems, kioskContext } from '../support/browser/harness';
import { checkIn, completeQuestionnaire } from '../support/browser/kiosk-driver';
import { typicalRunner } from '../support/browser/runner-plan';
import { ADMIN_PIN } from '../support/browser/staff-setup';

const renderer = join(repoRoot, 'out', 'renderer');
const unavailable =
  netnsUnavailable() ??
  (existsSync(join(renderer, 'kiosk.html'))
    ? null
    : 'the renderer is not built (npm run build runs first in npm test)');
if (unavailable) console.warn(`tests/network/rooms skipped: ${unavailable}`);

const PORT = 8443;
let net: TestNetwork | undefined;
let dir: string;
const browsers: Browser[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-rooms-'));
  if (!unavailable) net = createTestNetwork({ stations: 2, repoRoot });
});
afterAll(async () => {
  for (const b of browsers) await b.close().catch(() => undefined);
  net?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** Chromium on one test host: a wrapper runs it in that host's namespace; it trusts only the hub's certificate. */
async function chromiumOn(host: TestHost, serverCertPem: string): Promise<Browser> {
  const wrapper = join(dir, `chromium-${host.ns}.sh`);
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${host.ns} /usr/bin/chromium "$@"\n`);
  chmodSync(wrapper, 0o755);
  const spki = createHash('sha256')
    .update(createPublicKey(serverCertPem).export({ type: 'spki', format: 'der' }))
    .digest('base64');
  const browser = await chromium.launch({
    executablePath: wrapper,
    headless: true,
    args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${spki}`],
    timeout: 30_000,
  });
  browsers.push(browser);
  return browser;
}

async function pair(page: Page, origin: string, code: string, lands: string): Promise<void> {
  // An unpaired browser off the hub machine is sent from the front door to the pairing page.
  await page.goto(`${origin}/`);
  await page.waitForURL(`${origin}/pair.html`);
  await page.fill('#code', code);
  await page.click('button[type=submit]');
  await page.waitForURL(`${origin}${lands}`);
}

describe.skipIf(unavailable !== null)('a clinic in three rooms', () => {
  it('tablet and room PC pair; a red flag in the waiting room alerts room 3; a revoked tablet is refused', async () => {
    const network = net!;
    const dataDir = join(dir, 'hub-data');
    const [kioskCode = '', staffCode = ''] = (
      await prepareHubData(dataDir, [
        { role: 'kiosk', name: 'Waiting room tablet' },
        { role: 'staff', name: 'Room 3' },
      ])
    ).codes;
    const { child, started } = startHubProcess(network, [
      '--data-dir',
      dataDir,
      '--renderer-dir',
      renderer,
      '--listen',
      `0.0.0.0:${PORT}`,
    ]);
    try {
      await started;
      const serverCert = readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8');
      const [waitingRoom, room3] = network.stations as [TestHost, TestHost];

      // Room 3: pair as staff, unlock with the admin's PIN.
      const staffBrowser = await chromiumOn(room3, serverCert);
      const staff = await (await clinicianContext(staffBrowser)).newPage();
      const staffProblems = collectPageProblems(staff);
      // Each room reaches the hub on its own link, so by its own address (all of them are in the certificate).
      await pair(staff, `https://${room3.hubAddress}:${PORT}`, staffCode, '/clinician.html');
      for (const digit of ADMIN_PIN) await staff.getByRole('button', { name: digit, exact: true }).click();
      await staff.getByRole('button', { name: 'Unlock' }).click();
      await staff.getByRole('button', { name: 'Lock' }).waitFor();

      // The waiting room: pair as a kiosk, then a patient who cannot bear weight after a fall.
      const kioskBrowser = await chromiumOn(waitingRoom, serverCert);
      const kiosk = await (await kioskContext(kioskBrowser)).newPage();
      await pair(kiosk, `https://${waitingRoom.hubAddress}:${PORT}`, kioskCode, '/kiosk.html');
      await expect.poll(() => kiosk.getByRole('button', { name: 'I agree, start' }).isEnabled()).toBe(true);
      await checkIn(kiosk, { name: 'Arthur Bell', dateOfBirth: '1948-02-02' });
      await completeQuestionnaire(kiosk, {
        ...typicalRunner,
        sex: 'male',
        onset: 'fall',
        warning_signs: ['cant_bear_weight', 'fall'],
      });
      await kiosk.locator('main[data-screen="thanks"]').waitFor();
      const code = (await kiosk.getByTestId('check-in-code').textContent())?.trim() ?? '';
      expect(code).toMatch(/^[346789ACDEFGHJKMNPQRTUVWXY]{4}$/);

      // Room 3 hears it: the alert names the arrival by its check-in code.
      const alert = staff.getByRole('alert').filter({ hasText: code });
      await alert.waitFor({ timeout: 15_000 });
      expect(await alert.textContent()).toMatch(/emergency/i);

      // The admin in room 3 revokes the tablet; its next call is refused.
      await staff.getByRole('button', { name: 'Devices' }).click();
      const row = staff.locator('tr[data-device="Waiting room tablet"]');
      await row.getByRole('button', { name: 'Revoke…' }).click();
      await row.getByRole('button', { name: 'Revoke now' }).click();
      await expect.poll(() => row.textContent()).toContain('Revoked');
      const status = await kiosk.evaluate(async () => {
        const init = { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } };
        return (await fetch('/api/call/intake.form', init)).status;
      });
      expect(status).toBe(401);
      expect(staffProblems).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await exitOf(child, 10_000);
    }
  }, 180_000);
});
