/**
 * A clinician builds a home-exercise handout in the web shell: adjusts dosage, adds and removes, generates, downloads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  clinicianContext,
  collectPageProblems,
  launchBrowser,
  repoRoot,
  startShell,
  type RunningShell,
} from '../support/browser/harness';
import { loadVignettes, submissionFor } from '../support/core';
import { loadContent } from '../../src-main/core/content/load';

const library = loadContent(join(repoRoot, 'resources', 'content')).library;
const TAB = 'e2e-handout-tab-01';

let shell: RunningShell;
let browser: Browser;

async function api(channel: 'kiosk' | 'staff', method: string, payload: unknown): Promise<unknown> {
  const res = await fetch(`${shell.info.origin}/api/call/${method}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${shell.info.tokens[channel]}`,
      'X-Stride-Tab': TAB,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(payload),
  });
  const body = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.value;
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes) }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const c = await (await doc.getPage(i)).getTextContent();
    text += c.items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
  }
  await doc.destroy();
  return text.replace(/\s+/g, ' ');
}

beforeAll(async () => {
  shell = await startShell();
  browser = await launchBrowser();
  // The clinician and the patient arrive through the API; the screen under test is the handout builder.
  await api('staff', 'staff.setup', { name: 'Dr Zoë Núñez', pin: '246813' });
  const v = loadVignettes().find((x) => x.id === 'gtps-man-47-left-runner')!;
  await api('kiosk', 'intake.submit', submissionFor(v, new Date().toISOString().slice(0, 10), 'Łukasz Nowak'));
  const p = loadVignettes().find((x) => x.id === 'pelvic-girdle-pregnant-24w-both')!;
  const s = submissionFor(p, new Date().toISOString().slice(0, 10), 'Ana Ruiz');
  await api('kiosk', 'intake.submit', { ...s, locale: 'es', answers: { ...s.answers, pregnancy_weeks: 28 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
});

async function openHandoutTab(page: Page, patientName: string): Promise<void> {
  // Same tab id as the API calls above: this browser tab is the unlocked staff window.
  await page.addInitScript({ content: `sessionStorage.setItem('stride.tab', ${JSON.stringify(TAB)});` });
  await page.goto(shell.info.clinicianUrl);
  await page.locator('tr[data-session]', { hasText: patientName }).getByRole('button', { name: 'Open' }).click();
  await page.getByRole('tab', { name: 'Home exercises' }).click();
  await page.locator('li[data-exercise]').first().waitFor();
}

describe('handout builder in Chromium', () => {
  it('adjusts dosage, adds and removes exercises, generates the PDF and the download is that PDF', async () => {
    const context = await clinicianContext(browser);
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await openHandoutTab(page, 'Łukasz Nowak');
    await page.screenshot({ path: '/tmp/stride-handout-panel.png', fullPage: true });

    const items = page.locator('li[data-exercise]');
    const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-exercise')!));
    expect(ids.length).toBeGreaterThan(1);
    // Illustrations load (inlined or served from 'self': the CSP allows both).
    const loaded = await page
      .locator('li[data-exercise] img')
      .first()
      .evaluate((el) => {
        const img = el as unknown as { complete: boolean; naturalWidth: number };
        return img.complete && img.naturalWidth > 0;
      });
    expect(loaded).toBe(true);

    // A dosage out of range is explained beside the field and blocks generating.
    const first = items.first();
    await first.locator('[data-field="sets"]').fill('40');
    await expect.poll(() => first.locator('.error-text').first().textContent()).toContain('1–10');
    await page.getByRole('button', { name: 'Generate PDF' }).click();
    await expect.poll(() => page.getByRole('alert').last().textContent()).toMatch(/Check the dosage/);
    await page.screenshot({ path: '/tmp/stride-handout-invalid.png', fullPage: false });

    await first.locator('[data-field="sets"]').fill('4');
    await first.locator('[data-field="reps"]').fill('17');
    await first.locator('[data-field="daysPerWeek"]').fill('3');

    // Remove the last exercise; move the new last one up; add a clamshell (or side plank) from the library.
    const removed = ids.at(-1)!;
    await page.getByRole('button', { name: `Remove ${library.byId.get(removed)!.name.en}` }).click();
    await page.getByRole('button', { name: '+ Add from library' }).click();
    const toAdd = ['clamshell', 'side-plank', 'fire-hydrant'].find((id) => !ids.includes(id))!;
    await page.getByLabel('Search exercises').fill(library.byId.get(toAdd)!.name.en.slice(0, 5));
    await page.locator(`li[data-library="${toAdd}"] button`).click();
    await expect.poll(() => page.locator(`li[data-exercise="${toAdd}"]`).count()).toBe(1);
    await page.getByRole('button', { name: `Move ${library.byId.get(toAdd)!.name.en} up` }).click();

    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Generate PDF' }).click();
    const download = await downloadPromise;
    const path = await download.path();
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/^handout-s\d+-.*\.pdf$/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(download.suggestedFilename());

    const text = await pdfText(bytes);
    const firstName = library.byId.get(ids[0]!)!.name.en;
    expect(text).toContain(firstName);
    expect(text).toContain(library.byId.get(toAdd)!.name.en);
    expect(text).toContain('4 sets of 17');
    expect(text).toContain('3 days a week');
    expect(text).not.toContain(library.byId.get(removed)!.steps[0]!.en.replace(/\s+/g, ' '));
    expect(text).toContain('Łukasz Nowak');

    // The downloaded bytes are the file the core saved and recorded.
    const db = new Database(join(shell.info.dataDir, 'stride.db'), { readonly: true });
    const row = db.prepare('SELECT file_name, plan_json FROM handouts WHERE id = 1').get() as {
      file_name: string;
      plan_json: string;
    };
    db.close();
    expect(row.file_name).toBe(download.suggestedFilename());
    expect(readFileSync(join(shell.info.dataDir, 'handouts', row.file_name)).equals(bytes)).toBe(true);
    const order = (JSON.parse(row.plan_json) as { exercises: { exerciseId: string }[] }).exercises.map(
      (e) => e.exerciseId,
    );
    expect(order).not.toContain(removed);
    expect(order.indexOf(toAdd)).toBe(order.length - 2);

    // It is listed among the session's handouts.
    await expect.poll(() => page.locator('tr[data-handout]').count()).toBe(1);
    await page.locator('section.handout').screenshot({ path: '/tmp/stride-handout-after.png' });
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it(
    'a 28-week pregnant patient: the box explains what was left out, an override needs a reason, the PDF is in ' +
      'Spanish',
    async () => {
      const context = await clinicianContext(browser);
      const page = await context.newPage();
      const problems = collectPageProblems(page);
      await openHandoutTab(page, 'Ana Ruiz');
      const box = page.getByTestId('pregnancy-box');
      await expect.poll(() => box.textContent()).toContain('28 weeks');
      await expect.poll(() => page.locator('.head').textContent()).toContain('Spanish');

      // Adding a bridge at 28 weeks: it is not added, it is listed as left out, with the rule.
      await page.getByRole('button', { name: '+ Add from library' }).click();
      await page.getByLabel('Search exercises').fill('bridge');
      await expect.poll(() => page.locator('li[data-library="bridge"]').textContent()).toContain('left out');
      await page.locator('li[data-library="bridge"] button').click();
      await expect
        .poll(() => page.locator('li[data-excluded="bridge"]').textContent())
        .toContain('lies flat on the back');
      expect(await page.locator('li[data-exercise="bridge"]').count()).toBe(0);

      // Override without a reason: refused with an explanation; with a reason: kept, and shown as an override.
      await page.locator('li[data-excluded="bridge"]').getByRole('button', { name: 'Override…' }).click();
      await page.getByRole('button', { name: 'Keep it anyway' }).click();
      await expect.poll(() => page.locator('li[data-excluded="bridge"] .error-text').textContent()).toContain('reason');
      await page.screenshot({ path: '/tmp/stride-handout-pregnant-override.png', fullPage: false });
      await page.locator('li[data-excluded="bridge"] input').fill('Propped on a wedge, checked in clinic');
      await page.getByRole('button', { name: 'Keep it anyway' }).click();
      await expect
        .poll(() => page.locator('li[data-excluded="bridge"] .overridden').textContent())
        .toContain('Propped on a wedge');
      await expect.poll(() => page.locator('li[data-exercise="bridge"]').count()).toBe(1);
      await page.locator('section.handout').screenshot({ path: '/tmp/stride-handout-pregnant.png' });

      // Generate is refused until the pregnancy exercise screen is confirmed, and says so beside the screen.
      await page.getByRole('button', { name: 'Generate PDF' }).click();
      const screen = page.getByTestId('pregnancy-screen');
      await expect
        .poll(() => screen.getByRole('alert').textContent())
        .toContain('Confirm the pregnancy exercise screen');
      await screen.getByLabel('None of these').check();
      await screen.getByRole('button', { name: 'Confirm screen' }).click();
      await expect.poll(() => screen.getAttribute('data-screen')).toBe('clear');

      const downloadPromise = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Generate PDF' }).click();
      const bytes = readFileSync(await (await downloadPromise).path());
      const text = await pdfText(bytes);
      expect(text).toContain('Puente');
      expect(text).toContain('Adaptado al embarazo (28 semanas)'); // the badge, only after the screen
      expect(text).toContain('Mantenido por su fisioterapeuta: Propped on a wedge, checked in clinic');
      for (const w of library.advice.pregnancyWarningSigns) expect(text).toContain(w.text.es!.replace(/\s+/g, ' '));
      expect(text).not.toContain('Your home exercise plan');
      expect(problems).toEqual([]);
      await context.close();
    },
    90_000,
  );

  it('saves the plan as a clinic template and applies it to another patient', async () => {
    const context = await clinicianContext(browser);
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await openHandoutTab(page, 'Łukasz Nowak');
    const ids = await page
      .locator('li[data-exercise]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-exercise')!));
    await page.getByLabel('Template name').fill('Runner – lateral hip');
    await page.getByRole('button', { name: 'Save as template' }).click();
    await expect.poll(() => page.getByRole('status').last().textContent()).toContain('Saved template');

    // Another patient (pregnant, Spanish): the template is applied with the pregnancy rules applied afresh.
    await page.getByRole('button', { name: '← Queue' }).click();
    await page.locator('tr[data-session]', { hasText: 'Ana Ruiz' }).getByRole('button', { name: 'Open' }).click();
    await page.getByRole('tab', { name: 'Home exercises' }).click();
    await page.locator('li[data-exercise]').first().waitFor();
    await page
      .getByLabel('Template', { exact: true })
      .selectOption({ label: `Runner – lateral hip (${ids.length} exercises)` });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByRole('status').last().textContent()).toContain('Applied the template');
    const applied = await page
      .locator('li[data-exercise]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-exercise')!));
    for (const id of ids) {
      const e = library.byId.get(id)!;
      // Her pelvic girdle pain joins the template's conditions: no asymmetric, straddle or one-leg position either.
      const unsafe =
        e.positions.includes('supine') ||
        e.positions.includes('prone') ||
        e.impact === 'high' ||
        e.balance === 'high' ||
        (e.stance ?? []).length > 0;
      if (!unsafe) expect(applied, id).toContain(id);
      else expect(applied, id).not.toContain(id);
    }
    await page.locator('section.handout').screenshot({ path: '/tmp/stride-handout-template.png' });
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('keeps the plan, notes and advice across tab switches; refusals sit beside their control', async () => {
    const context = await clinicianContext(browser);
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await openHandoutTab(page, 'Łukasz Nowak');
    const first = page.locator('li[data-exercise]').first();
    const firstId = await first.getAttribute('data-exercise');
    await first.locator('input[data-field="notes"]').fill('Slowly, in front of a mirror');
    await page.getByLabel('New advice').fill('Bring your running shoes next time');
    await page.getByRole('button', { name: 'Add advice' }).click();
    const removed = await page.locator('li[data-exercise]').nth(1).getAttribute('data-exercise');
    await page
      .locator('li[data-exercise]')
      .nth(1)
      .getByRole('button', { name: /^Remove/ })
      .click();

    // A refusal appears next to the control that caused it: saving a template with no name.
    await page.getByRole('button', { name: 'Save as template' }).click();
    await expect.poll(() => page.getByTestId('templates-error').textContent()).toContain('name');
    expect(await page.getByTestId('generate-error').count()).toBe(0);

    await page.getByRole('tab', { name: 'Assessment notes' }).click();
    await page.getByRole('tab', { name: 'Home exercises' }).click();
    await page.locator('li[data-exercise]').first().waitFor();
    expect(await page.locator('li[data-exercise]').first().getAttribute('data-exercise')).toBe(firstId);
    expect(await page.locator(`li[data-exercise="${removed}"]`).count()).toBe(0);
    expect(await page.locator('li[data-exercise]').first().locator('input[data-field="notes"]').inputValue()).toBe(
      'Slowly, in front of a mirror',
    );
    const adviceValues = () =>
      page
        .locator('section.handout textarea, section.handout input[aria-label^="Advice"]')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    await expect.poll(adviceValues).toContain('Bring your running shoes next time');

    // One-sided exercises take a side; before an assessment the plan says it starts from the top suggestion only.
    const sided = page.locator('li[data-exercise] select[data-field="side"]').first();
    await sided.selectOption('left');
    await expect.poll(() => page.getByTestId('handout-cautions').textContent()).toContain('top triage suggestion');
    await page.locator('section.handout').screenshot({ path: '/tmp/stride-handout-kept.png' });

    // Generate, then reopen that handout as the start of a new version.
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Generate PDF' }).click();
    const text = await pdfText(readFileSync(await (await downloadPromise).path()));
    expect(text).toContain('Left side only');
    expect(text).toContain('Bring your running shoes next time');
    await page
      .locator('li[data-exercise]')
      .first()
      .getByRole('button', { name: /^Remove/ })
      .click();
    await page.locator('tr[data-handout]').first().getByRole('button', { name: 'Start new version from this' }).click();
    await expect.poll(() => page.getByRole('status').last().textContent()).toContain('Reopened the handout');
    expect(await page.locator('li[data-exercise]').first().getAttribute('data-exercise')).toBe(firstId);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('names the red flags in the strip', async () => {
    const v = loadVignettes().find((x) => x.id === 'femoral-neck-stress-woman-22-right')!;
    await api('kiosk', 'intake.submit', submissionFor(v, new Date().toISOString().slice(0, 10), 'Mia Flag'));
    const context = await clinicianContext(browser);
    const page = await context.newPage();
    await openHandoutTab(page, 'Mia Flag');
    const strip = page.getByTestId('handout-red-flags');
    const content = JSON.parse(readFileSync(join(repoRoot, 'resources', 'content', 'red-flags.json'), 'utf8')) as {
      redFlags: { id: string; name: { en: string } }[];
    };
    for (const id of v.expectRedFlags) {
      const flag = content.redFlags.find((f) => f.id === id)!;
      await expect.poll(() => strip.textContent()).toContain(flag.name.en);
      expect(await strip.textContent()).not.toContain(`${id},`);
    }
    await context.close();
  }, 90_000);
});
