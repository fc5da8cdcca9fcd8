/**
 * The browser kiosk's outbox on a real hub, in real Chromium: a paired tablet whose hub goes away as the patient
 * presses Send tells them their answers are saved here (with a check-in code), and the intake reaches the queue
 * exactly once, with that code, after the hub restarts on the same data and port, whether the page stayed open or was
 * reloaded while the hub was down (as after a tablet reboot). The outbox is empty afterwards and holds no readable
 * answers while it waits; the next patient sees nothing of the first. An emergency answer sends at once and sends the
 * patient to the desk now, and staff get the alert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startHub, type Hub } from '../../src-main/hub/server';
import type { QueueItem } from '../../src-main/api/types';
import { makeTestCore, type TestCore } from '../support/core';
import { collectPageProblems, launchBrowserTrustingHub, repoRoot } from '../support/browser/harness';
import { answerScreen, checkIn, tap, type AnswerPlan } from '../support/browser/kiosk-driver';
import { seriousAxeViolations } from '../support/browser/kiosk-helpers';
import { heapHolds } from '../support/browser/page-heap';

let dir: string;
let t: TestCore;
let hub: Hub | null = null;
let port = 0;
let browser: Browser;
const PIN = '246813';
const HOUR = 3_600_000;

async function startTheHub(): Promise<void> {
  hub = await startHub({
    core: t.core,
    rendererDir: join(repoRoot, 'out', 'renderer'),
    dataDir: t.dataDir,
    listen: { host: '127.0.0.1', port },
    names: [],
    clock: t.clock,
  });
  port = hub.port;
}

/** The hub process goes away: its listener closes and the database is closed, as when the mini-PC is switched off. */
async function stopTheHub(): Promise<void> {
  await hub?.close();
  hub = null;
  t = await t.reopen();
}

async function staff<T>(method: string, payload: unknown): Promise<T> {
  const r = await t.call(t.staff, method, payload);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/** As the administrator; unlock state lives in the hub process, so it is unlocked again after a restart. */
async function admin<T>(method: string, payload: unknown): Promise<T> {
  await staff('staff.unlock', { clinicianId: 1, pin: PIN });
  return staff<T>(method, payload);
}

const queue = () => admin<QueueItem[]>('queue.list', {});

function sessionsNamed(name: string): { check_in_code: string; ids: number }[] {
  return t.core.db
    .prepare(
      `SELECT s.check_in_code, (SELECT count(*) FROM submissions u WHERE u.session_id = s.id) AS ids
       FROM intake_sessions s JOIN patients p ON p.id = s.patient_id WHERE p.full_name = ?`,
    )
    .all(name) as { check_in_code: string; ids: number }[];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stride-outbox-e2e-'));
  t = await makeTestCore({ dataDir: join(dir, 'data') });
  await startTheHub();
  await staff('staff.setup', { name: 'Ada Admin', pin: PIN });
  browser = await launchBrowserTrustingHub(hub!.certificates.certPem);
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
  t?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const origin = () => `https://127.0.0.1:${port}`;

/** A waiting-room tablet paired as a kiosk: its profile (cookie, IndexedDB) lives as long as the context. */
async function pairedTablet(): Promise<BrowserContext> {
  const { code } = await admin<{ code: string }>('devices.pair.start', { role: 'kiosk', name: 'Waiting room tablet' });
  const context = await browser.newContext({
    hasTouch: true,
    viewport: { width: 1080, height: 1350 },
    locale: 'en-GB',
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(`${origin()}/pair.html`);
  await page.fill('#code', code);
  await page.click('button[type=submit]');
  await page.waitForURL(`${origin()}/kiosk.html`);
  await page.close();
  return context;
}

async function openKioskPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin()}/kiosk.html`);
  await expect.poll(() => page.getByRole('button', { name: 'I agree, start' }).isEnabled()).toBe(true);
  return page;
}

const runner: AnswerPlan = {
  sex: 'female',
  pregnant: 'no',
  recent_birth: false,
  pain_regions: ['outer-hip-right'],
  pain_now: 4,
  pain_worst: 6,
  pain_character: ['dull'],
  onset: 'gradual',
  pain_duration: '3w_3m',
  aggravating: ['stairs'],
  runs: 'no',
  health_history: ['none'],
  warning_signs: ['none'],
};

async function answerUntilReview(page: Page, plan: AnswerPlan): Promise<void> {
  for (let i = 0; i < 20; i++) {
    if ((await page.locator('main').getAttribute('data-screen')) === 'review') return;
    await answerScreen(page, plan);
    await tap(page.getByRole('button', { name: 'Next', exact: true }));
  }
  throw new Error('never reached the review page');
}

/** The outbox's records as stored (a string: the e2e project compiles without DOM types). */
const OUTBOX_RECORDS = `new Promise((resolve, reject) => {
  const open = indexedDB.open('stride-outbox', 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const req = db.transaction('intakes').objectStore('intakes').getAll();
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      db.close();
      resolve(req.result.map((r) => Object.keys(r).sort().join(',') + ' ' + new TextDecoder('latin1').decode(r.data)));
    };
  };
})`;
const outbox = (page: Page) => page.evaluate(OUTBOX_RECORDS) as Promise<string[]>;

/** Checks in, answers everything, and presses Send with the hub down: the held thank-you screen. */
async function sendWhileHubIsDown(page: Page, name: string): Promise<string> {
  await checkIn(page, { name, dateOfBirth: '1984-03-09' });
  await answerUntilReview(page, runner);
  await stopTheHub();
  await tap(page.getByRole('button', { name: 'Send my answers' }));
  const held = page.getByTestId('held');
  await held.waitFor();
  expect(await held.textContent()).toContain('Your answers are saved on this kiosk and will reach the clinic shortly');
  expect(await held.textContent()).toContain('tell the front desk you have finished');
  const code = (await page.getByTestId('check-in-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[346789ACDEFGHJKMNPQRTUVWXY]{4}$/);
  return code;
}

describe('the kiosk outbox on a real hub', () => {
  it('held while the hub is down, delivered once when it is back; the next patient sees nothing', async () => {
    const tablet = await pairedTablet();
    const page = await openKioskPage(tablet);
    const problems = collectPageProblems(page);
    const name = 'Hana Kobayashi';
    const code = await sendWhileHubIsDown(page, name);
    const [record, ...more] = await outbox(page);
    expect(more).toEqual([]);
    // Sealed: the id it is bound to, a nonce and ciphertext; no readable answer.
    expect(record).toMatch(/^data,iv,submissionId /);
    expect(record).not.toContain('Kobayashi');
    expect(record).not.toContain('outer-hip');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await startTheHub();
    // Retried with backoff (2 s doubling): the intake arrives with the code the patient was shown.
    await expect
      .poll(async () => (await queue()).map((q) => q.checkInCode), { timeout: 40_000, interval: 500 })
      .toContain(code);
    await expect.poll(() => outbox(page), { timeout: 10_000 }).toEqual([]);
    // Still once after more retries could have run.
    await page.waitForTimeout(3_000);
    expect(sessionsNamed(name)).toEqual([{ check_in_code: code, ids: 1 }]);

    // The next patient: a fresh visit, nothing of the first anywhere on the page.
    await tap(page.getByRole('button', { name: 'Finish' }));
    await tap(page.getByRole('button', { name: 'I agree, start' }));
    expect(await page.getByLabel('Full name').inputValue()).toBe('');
    const html = await page.content();
    for (const trace of ['Kobayashi', code]) expect(html).not.toContain(trace);
    expect(await heapHolds(page, name)).toBe(false);
    // The refused calls while the hub was down are the expected console lines; nothing else.
    expect(problems.filter((p) => !/ERR_CONNECTION_REFUSED|Failed to load resource/.test(p))).toEqual([]);
    await tablet.close();
  }, 120_000);

  it('a kiosk page reloaded while an intake is held (or a tablet rebooted) still delivers it', async () => {
    const tablet = await pairedTablet();
    const page = await openKioskPage(tablet);
    const name = 'Oluwaseun Adeyemi';
    const code = await sendWhileHubIsDown(page, name);
    expect(await outbox(page)).toHaveLength(1);
    // Reloaded while the hub is still down: the browser's error page replaces the kiosk page and its timers.
    await page.reload().catch(() => undefined);
    expect(await page.locator('main[data-screen]').count()).toBe(0);

    await startTheHub();
    // The tablet comes back as a new page in the same profile (its IndexedDB): the error page is closed rather than
    // navigated, because Chromium may auto-reload an error page once the network is back and interrupt a goto there
    // (seen twice in CI).
    await page.close();
    const again = await tablet.newPage();
    await again.goto(`${origin()}/kiosk.html`);
    await expect
      .poll(() => sessionsNamed(name), { timeout: 15_000, interval: 250 })
      .toEqual([{ check_in_code: code, ids: 1 }]);
    await expect.poll(() => outbox(again)).toEqual([]);
    expect((await queue()).filter((q) => q.checkInCode === code)).toHaveLength(1);
    await again.getByRole('button', { name: 'I agree, start' }).waitFor();
    expect(await again.content()).not.toContain('Adeyemi');
    await tablet.close();
  }, 120_000);

  it('an intake held for hours is filed under when the patient answered, and the queue says it waited', async () => {
    const tablet = await pairedTablet();
    const page = await openKioskPage(tablet);
    const name = 'Ingrid Halvorsen';
    const code = await sendWhileHubIsDown(page, name);
    // The tablet's clock moves on three hours while the hub is away (its timers are left alone).
    await page.clock.setSystemTime(Date.now() + 3 * HOUR);
    await startTheHub();
    await expect.poll(() => sessionsNamed(name).length, { timeout: 40_000, interval: 500 }).toBe(1);
    const row = t.core.db
      .prepare(
        `SELECT s.submitted_at, s.received_at FROM intake_sessions s JOIN patients p ON p.id = s.patient_id
          WHERE p.full_name = ?`,
      )
      .get(name) as { submitted_at: string; received_at: string | null };
    expect(row.received_at).toBe(t.clock.now().toISOString());
    // The wait the tablet measured, to within the seconds the test itself took.
    const waited = Date.parse(row.received_at!) - Date.parse(row.submitted_at);
    expect(Math.abs(waited - 3 * HOUR)).toBeLessThan(2 * 60_000);
    const item = (await queue()).find((q) => q.checkInCode === code);
    expect(item).toMatchObject({ submittedAt: row.submitted_at, receivedAt: row.received_at });
    await tablet.close();
  }, 120_000);

  it('an intake held past 30 days is deleted unsent, and the hub is told how many and since when', async () => {
    const tablet = await pairedTablet();
    const page = await openKioskPage(tablet);
    const name = 'Retired Tablet';
    await sendWhileHubIsDown(page, name);
    const heldAt = Date.now();
    // The tablet is left 31 days while the hub is away: its clock moves on.
    await page.clock.setSystemTime(heldAt + 31 * 24 * HOUR);
    await startTheHub();
    const reported = () =>
      t.core.db
        .prepare("SELECT target_type, target_id, detail_json FROM audit_log WHERE action = 'kiosk.heldExpired'")
        .all() as { target_type: string; target_id: number; detail_json: string }[];
    await expect.poll(() => reported().length, { timeout: 40_000, interval: 500 }).toBe(1);
    const [row] = reported();
    expect(row!.target_type).toBe('device');
    const detail = JSON.parse(row!.detail_json) as { count: number; oldestHeldAt: string };
    expect(detail.count).toBe(1);
    expect(Math.abs(Date.parse(detail.oldestHeldAt) - heldAt)).toBeLessThan(60_000);
    // Deleted, never delivered; nothing left on the tablet to tell or to send.
    expect(sessionsNamed(name)).toEqual([]);
    expect(await outbox(page)).toEqual([]);
    expect(await page.evaluate("localStorage.getItem('stride.heldExpired')")).toBeNull();
    await tablet.close();
  }, 120_000);

  it('an emergency answer stops the questions, sends at once and sends the patient to the desk now', async () => {
    const tablet = await pairedTablet();
    const page = await openKioskPage(tablet);
    await checkIn(page, { name: 'Bernard Okoye', dateOfBirth: '1950-06-30' });
    const screens: string[] = [];
    for (let i = 0; i < 20 && (await page.locator('main').getAttribute('data-screen')) !== 'thanks'; i++) {
      screens.push((await page.locator('main').getAttribute('data-screen')) ?? '?');
      await answerScreen(page, {
        ...runner,
        sex: 'male',
        health_history: [],
        warning_signs: ['cant_bear_weight', 'fall'],
      });
      await tap(page.getByRole('button', { name: 'Next', exact: true }));
      await page.locator('main[aria-busy="true"]').waitFor({ state: 'detached' });
    }
    // The screen with the emergency answer was the last one asked (its unanswered question too); no review, no more.
    expect(screens.at(-1)).toBe('section-health');
    expect(screens).not.toContain('section-background');
    const now = page.locator('[data-testid="front-desk"][data-go="now"]');
    await now.waitFor();
    const text = (await now.textContent()) ?? '';
    expect(text).toContain('Please go to the front desk now.');
    expect(text).toContain('straight away');
    for (const word of ['fracture', 'emergency', 'diagnos', 'urgent']) expect(text.toLowerCase()).not.toContain(word);
    expect(await seriousAxeViolations(page)).toEqual([]);

    const code = (await page.getByTestId('check-in-code').textContent())?.trim() ?? '';
    const item = (await queue()).find((q) => q.checkInCode === code);
    expect(item).toMatchObject({ urgency: 'emergency', alertAcknowledged: false });
    await tablet.close();
  }, 120_000);
});
