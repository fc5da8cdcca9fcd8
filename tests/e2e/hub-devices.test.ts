/**
 * The Devices screen on a real hub, in real Chromium: an administrator sees the CA fingerprint and makes a pairing
 * code, a waiting-room tablet (another browser, in French) opens the address in the pairing QR code, which fills the
 * code in, pairs and opens the kiosk; the administrator sees it in the list and revokes it, and the tablet's next call
 * is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Hub } from '../../src-main/hub/server';
import { collectPageProblems } from '../support/browser/harness';
import { startLoopbackHub, type LoopbackHub } from '../support/browser/loopback-hub';
import { setUpFirstAdmin } from '../support/browser/staff-setup';
import { seriousAxeViolations } from '../support/browser/kiosk-helpers';

let dir: string;
let hub: Hub;
let browser: Browser;
let running: LoopbackHub | undefined;

beforeAll(async () => {
  running = await startLoopbackHub();
  ({ dir, hub, browser } = running);
});
afterAll(() => running?.close());

describe('the Devices screen', () => {
  it('pairs a tablet with a code the admin made, lists it, and revokes it at once', async () => {
    const adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
    adminContext.setDefaultTimeout(10_000);
    const admin = await adminContext.newPage();
    const adminProblems = collectPageProblems(admin);
    await admin.goto(hub.localClinicianUrl);
    await setUpFirstAdmin(admin, 'Dr Amara Okafor');
    await admin.getByRole('button', { name: 'Devices' }).click();
    await admin.getByTestId('no-devices').waitFor();
    expect(await admin.getByTestId('ca-fingerprint').textContent()).toBe(hub.certificates.caFingerprint);
    await admin.getByLabel('Name').fill('Waiting room tablet');
    await admin.getByLabel('Role').selectOption('kiosk');
    await admin.getByRole('button', { name: 'Make a pairing code' }).click();
    const code = (await admin.getByTestId('pairing-code').locator('.code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const qrText = await admin
      .getByRole('img', { name: /QR code to pair Waiting room tablet/ })
      .getAttribute('data-text');
    // The hub's preferred address (here its loopback name), as the Devices screen shows it.
    const origin = hub.origin;
    expect(qrText).toBe(`${origin}/pair.html#code=${code}`);
    await admin.screenshot({ path: join(dir, 'devices-code.png') });

    const tabletContext = await browser.newContext({ hasTouch: true, locale: 'fr-FR' });
    tabletContext.setDefaultTimeout(10_000);
    const tablet = await tabletContext.newPage();
    const tabletProblems = collectPageProblems(tablet);
    // What scanning the QR code opens; the page speaks the tablet's language and has the code filled in.
    await tablet.goto(qrText ?? '');
    await tablet.getByRole('heading', { name: 'Associer cet appareil à Stride' }).waitFor();
    expect(await tablet.inputValue('#code')).toBe(code);
    expect(new URL(tablet.url()).hash).toBe('');
    await tablet.getByRole('button', { name: 'Associer' }).click();
    await tablet.waitForURL(`${origin}/kiosk.html`);
    await tablet.locator('h1').first().waitFor();
    expect(tabletProblems).toEqual([]);

    // The list loads when the screen opens: open it again to see the tablet that just paired.
    await admin.getByRole('button', { name: 'Clinicians' }).click();
    await admin.getByRole('button', { name: 'Devices' }).click();
    const row = admin.locator('tr[data-device="Waiting room tablet"]');
    await expect.poll(() => row.textContent()).toContain('Kiosk');
    expect(await row.textContent()).not.toContain('never');
    expect(await row.getByTestId('device-held-expired').count()).toBe(0);

    // The tablet reports intakes its outbox deleted unsent (as lib/expired-report.ts does): the admin sees them.
    const reported = await tablet.evaluate(async () => {
      const body = JSON.stringify({ count: 2, oldestHeldAt: '2026-10-30T17:40:00.000Z' });
      const headers = { 'Content-Type': 'application/json' };
      return (await fetch('/api/call/kiosk.heldExpired', { method: 'POST', headers, body })).json();
    });
    expect(reported).toEqual({ ok: true, value: { recorded: true } });
    await admin.getByRole('button', { name: 'Clinicians' }).click();
    await admin.getByRole('button', { name: 'Devices' }).click();
    await expect.poll(() => row.getByTestId('device-held-expired').textContent()).toContain('Deleted 2 intakes');
    expect(await seriousAxeViolations(admin)).toEqual([]);
    await admin.screenshot({ path: '/tmp/stride-devices-held-expired.png' });
    // The administrator marks them as noted: the line goes, the audit log keeps the reports and the note.
    await row.getByRole('button', { name: /^Mark as noted/ }).click();
    await expect.poll(() => admin.getByRole('status').textContent()).toContain('Noted for Waiting room tablet');
    await expect.poll(() => row.getByTestId('device-held-expired').count()).toBe(0);
    await admin.screenshot({ path: '/tmp/stride-devices-held-noted.png' });

    await row.getByRole('button', { name: 'Revoke…' }).click();
    await row.getByRole('button', { name: 'Revoke now' }).click();
    await expect.poll(() => row.textContent()).toContain('Revoked');

    const status = await tablet.evaluate(
      async () => (await fetch('/api/call/intake.form', { method: 'POST', body: '{}' })).status,
    );
    expect(status).toBe(401);
    expect(adminProblems).toEqual([]);
    await tabletContext.close();
    await adminContext.close();
  });
});
