/**
 * A browser station pairs with the hub in real Chromium: the pairing page under the app's CSP, a wrong code refused
 * with its message, the right one sets an HttpOnly cookie page script cannot read, and the kiosk page's calls then
 * go through as the kiosk device (and staff calls do not).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Hub } from '../../src-main/hub/server';
import { hubRequest } from '../support/hub-client';
import { collectPageProblems } from '../support/browser/harness';
import { startLoopbackHub, type LoopbackHub } from '../support/browser/loopback-hub';

let hub: Hub;
let browser: Browser;
let running: LoopbackHub | undefined;

/** A stub kiosk page: this test is about pairing, not the app. */
function stubRenderer(dir: string): string {
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(
    join(renderer, 'kiosk.html'),
    '<!doctype html><title>kiosk</title><link rel="icon" href="data:,"><h1>Kiosk</h1>',
  );
  return renderer;
}

beforeAll(async () => {
  running = await startLoopbackHub(stubRenderer);
  ({ hub, browser } = running);
});
afterAll(() => running?.close());

async function adminCode(): Promise<string> {
  const headers = {
    'Content-Type': 'application/json',
    Authorization: `Bearer ${hub.shell.tokens.staff}`,
    'X-Stride-Tab': 'tab-admin-0001',
  };
  const post = (m: string, body: unknown) =>
    hubRequest({
      port: hub.port,
      ca: hub.certificates.caCertPem,
      method: 'POST',
      path: `/api/call/${m}`,
      headers,
      body: JSON.stringify(body),
    }).then((r) => r.json<{ ok: boolean; value: { code: string } }>());
  await post('staff.setup', { name: 'Ada Admin', pin: '246813' });
  const r = await post('devices.pair.start', { role: 'kiosk', name: 'Waiting room tablet' });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value.code;
}

describe('pairing a browser station', () => {
  it('pairs with a typed code; the credential is an HttpOnly cookie; the kiosk page then works', async () => {
    const code = await adminCode();
    const context = await browser.newContext({ hasTouch: true, locale: 'en-GB' });
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    const origin = `https://127.0.0.1:${hub.port}`;
    await page.goto(`${origin}/pair.html`);

    await page.fill('#code', 'ZZZZ-ZZZZ');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#message')).toContain('not right');

    await page.fill('#code', code.toLowerCase());
    await page.click('button[type=submit]');
    await page.waitForURL(`${origin}/kiosk.html`);

    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({
      name: '__Host-stride-device',
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/',
    });
    expect(await page.evaluate(() => document.cookie)).not.toContain(cookie?.value ?? '?');

    const call = (method: string) =>
      page.evaluate(
        async (m) =>
          (
            await fetch(`/api/call/${m}`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: '{}',
            })
          ).json(),
        method,
      );
    expect(await call('intake.form')).toMatchObject({ ok: true });
    expect(await call('queue.list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The wrong code's 403 is the one expected console line; no CSP violation, no script error.
    expect(problems.filter((p) => !/status of 403/.test(p))).toEqual([]);
    await context.close();
  });
});
