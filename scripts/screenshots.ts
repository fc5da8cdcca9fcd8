/**
 * `npm run screenshots`: takes the README's screenshots from the running app (web shell + Debian chromium) with a
 * fresh database seeded through the kiosk API, into docs/screenshots/. Needs `npm run build` first.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { clinicianContext, kioskContext, launchBrowser, repoRoot, startShell } from '../tests/support/browser/harness';
import { loadVignettes, submissionFor } from '../tests/support/core';
import {
  answerScreen,
  checkIn,
  measurePlan,
  pickDateOfBirth,
  typeOnScreen,
} from '../tests/support/browser/kiosk-driver';
import { setUpFirstAdmin } from '../tests/support/browser/staff-setup';
import { RETURN_FOLLOW_UP } from '../tests/support/clinician';

const outDir = join(repoRoot, 'docs', 'screenshots');
mkdirSync(outDir, { recursive: true });

const PATIENTS: [vignetteId: string, name: string, locale: 'en' | 'es'][] = [
  ['gtps-man-47-left-runner', 'Daniel Okoro', 'en'],
  ['pelvic-girdle-pregnant-24w-both', 'Lucía Fernández', 'es'],
  ['femoral-neck-stress-woman-22-right', 'Zoë Núñez', 'en'],
  ['deep-gluteal-woman-38-right', 'Łukasz Kowalski', 'en'],
];

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(outDir, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

async function main(): Promise<void> {
  const shell = await startShell();
  const browser = await launchBrowser();
  try {
    const kiosk = await (await kioskContext(browser)).newPage();
    await kiosk.goto(shell.info.kioskUrl);
    await kiosk.getByRole('button', { name: 'I agree, start' }).waitFor();
    await shot(kiosk, 'kiosk-welcome');
    await kiosk.getByRole('button', { name: 'I agree, start' }).tap();
    await kiosk.getByLabel('Full name').tap();
    await typeOnScreen(kiosk, 'Zoë Lindqvist');
    await shot(kiosk, 'kiosk-identity-keyboard');
    await pickDateOfBirth(kiosk, '1988-07-03');
    await kiosk.getByRole('button', { name: 'Next', exact: true }).tap();
    const kioskScreens: [string, Record<string, unknown>][] = [
      ['kiosk-about', { sex: 'female', pregnant: 'no', recent_birth: false }],
      ['kiosk-body-map', { pain_regions: ['outer-hip-right'] }],
      [
        'kiosk-pain',
        { pain_now: 4, pain_worst: 7, pain_character: ['dull'], onset: 'gradual', pain_duration: '3w_3m' },
      ],
      ['kiosk-activity', { aggravating: ['lying_side', 'running'], runs: 'more' }],
      ['kiosk-health', { health_history: ['none'], warning_signs: ['none'] }],
      ['kiosk-background', {}],
      // The measures (issue #14), answered by the driver's first-visit defaults: LEFS, a PSFS activity, its rating.
      ['kiosk-lefs', {}],
      ['kiosk-psfs-name', {}],
      ['kiosk-psfs-rate', {}],
    ];
    for (const [name, plan] of kioskScreens) {
      await answerScreen(kiosk, plan as Parameters<typeof answerScreen>[1]);
      await shot(kiosk, name);
      await kiosk.getByRole('button', { name: 'Next', exact: true }).tap();
    }
    await shot(kiosk, 'kiosk-review');
    await kiosk.getByRole('button', { name: 'Send my answers' }).tap();
    await kiosk.getByTestId('check-in-code').waitFor();
    await shot(kiosk, 'kiosk-thank-you');

    // The same patient comes back: the short follow-up, with PGIC and exercise days (issue #14).
    await kiosk.getByRole('button', { name: 'Finish' }).tap();
    await checkIn(kiosk, { name: 'Zoë Lindqvist', dateOfBirth: '1988-07-03' }, 'en', 'return');
    const followUp = {
      ...RETURN_FOLLOW_UP,
      ...measurePlan({
        lefs: 3,
        activities: [{ activity: 'Running', rating: 7 }],
        pgic: 'much_improved',
        exerciseDays: 5,
      }),
    };
    const returnShots: Record<string, string> = {
      'measure-pgic': 'kiosk-return-pgic',
      'measure-adherence': 'kiosk-return-exercise-days',
    };
    for (let i = 0; i < 20; i++) {
      const screen = (await kiosk.locator('main').getAttribute('data-screen')) ?? '';
      if (screen === 'review') break;
      await answerScreen(kiosk, followUp as Parameters<typeof answerScreen>[1]);
      const name = returnShots[screen];
      if (name) await shot(kiosk, name);
      await kiosk.getByRole('button', { name: 'Next', exact: true }).tap();
      await kiosk.locator('main[aria-busy="true"]').waitFor({ state: 'detached' });
    }
    await kiosk.getByRole('button', { name: 'Send my answers' }).tap();
    await kiosk.getByTestId('check-in-code').waitFor();

    const staff = await (await clinicianContext(browser)).newPage();
    await staff.goto(shell.info.clinicianUrl);
    await shot(staff, 'clinician-setup');
    await setUpFirstAdmin(staff, 'Amara Okafor');
    await staff.getByRole('heading', { name: "Today's queue" }).waitFor();

    const vignettes = loadVignettes();
    for (const [id, name, locale] of PATIENTS) {
      const v = vignettes.find((x) => x.id === id);
      if (!v) throw new Error(`no vignette ${id}`);
      const res = await fetch(`${shell.info.origin}/api/call/intake.submit`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${shell.info.tokens.kiosk}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...submissionFor(v, new Date().toISOString().slice(0, 10), name), locale }),
      });
      if (!((await res.json()) as { ok: boolean }).ok) throw new Error(`could not submit ${id}`);
    }
    await staff.getByRole('row', { name: /Łukasz Kowalski/ }).waitFor();
    await shot(staff, 'clinician-queue');

    await staff.getByRole('button', { name: 'Acknowledge', exact: true }).first().click();
    await staff
      .getByRole('row', { name: /Zoë Núñez/ })
      .getByRole('button', { name: 'Open' })
      .click();
    await staff.getByRole('heading', { name: 'Zoë Núñez' }).waitFor();
    await shot(staff, 'clinician-session-red-flag');

    await staff.getByRole('button', { name: '← Queue' }).click();
    await staff
      .getByRole('row', { name: /Daniel Okoro/ })
      .getByRole('button', { name: 'Open' })
      .click();
    await staff.getByRole('heading', { name: 'Daniel Okoro' }).waitFor();
    await shot(staff, 'clinician-session');
    await staff.getByRole('tab', { name: 'Assessment notes' }).click();
    await staff.getByRole('button', { name: 'Record assessment' }).click();
    await staff.getByLabel('True leg length, left, cm').fill('91.5');
    await staff.getByLabel('True leg length, right, cm').fill('90.4');
    await shot(staff, 'clinician-assessment');
    await staff.getByRole('tab', { name: 'Home exercises' }).click();
    await staff.getByRole('button', { name: 'Generate PDF' }).waitFor();
    await shot(staff, 'clinician-handout');

    await staff.getByRole('button', { name: '← Queue' }).click();
    await staff
      .getByRole('row', { name: /Lucía Fernández/ })
      .getByRole('button', { name: 'Open' })
      .click();
    await staff.getByRole('tab', { name: 'Home exercises' }).click();
    await staff.getByRole('button', { name: 'Generate PDF' }).waitFor();
    await shot(staff, 'clinician-handout-pregnant');

    // The returning patient: confirm who it is, then their outcomes across the two visits.
    await staff.getByRole('button', { name: '← Queue' }).click();
    const returning = staff.locator('tr', { has: staff.getByTestId('identity-to-confirm') });
    await returning.getByRole('button', { name: 'Open' }).click();
    const check = staff.getByTestId('identity-check');
    await check.waitFor();
    await shot(staff, 'clinician-identity-check');
    await check.getByRole('button', { name: 'Same person', exact: true }).click();
    await check.waitFor({ state: 'detached' });
    await staff.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Patients' }).click();
    await staff.getByLabel('Name, phone or check-in code').fill('lindqvist');
    await staff.getByRole('heading', { name: 'Outcomes across visits' }).waitFor();
    await staff.waitForTimeout(500);
    await staff.screenshot({ path: join(outDir, 'clinician-outcomes.png'), fullPage: true });
    console.log('docs/screenshots/clinician-outcomes.png');

    for (const [nav, name] of [
      ['Patients', 'clinician-patients'],
      ['Clinicians', 'clinician-admin-clinicians'],
      ['Settings', 'clinician-admin-settings'],
      ['Audit log', 'clinician-admin-audit'],
      ['Records', 'clinician-admin-records'],
    ] as const) {
      await staff.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: nav }).click();
      await shot(staff, name);
    }
  } finally {
    await browser.close();
    await shell.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
