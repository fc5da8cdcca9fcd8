/**
 * The clinician screen in Chromium over the web shell: unlock, live queue, urgent alert, explained session, versioned
 * assessment, search, administration, lockout and auto-lock. Intakes arrive through the kiosk token over HTTP.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { clinicianContext, type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import { routineIntake, urgentIntake } from '../support/clinician';
import { setUpFirstAdmin } from '../support/browser/staff-setup';
import { sessionTriage } from '../../src-main/store/reason-catalogues';
import type { TriageResult } from '../../src-main/core/triage/engine';

let shell: RunningShell;
let browser: Browser;

useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

async function submit(intake: unknown): Promise<string> {
  const res = await fetch(`${shell.info.origin}/api/call/intake.submit`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${shell.info.tokens.kiosk}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(intake),
  });
  const body = (await res.json()) as { ok: boolean; value?: { checkInCode: string } };
  expect(body.ok, JSON.stringify(body)).toBe(true);
  return body.value!.checkInCode;
}

function readDb<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(join(shell.info.dataDir, 'stride.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

/** A stored session's triage result as the clinician reads it (its reasons are named by index in the row). */
function decodedTriage(row: { triage_json: string; content_version: string; engine_version: string }): TriageResult {
  const db = new Database(join(shell.info.dataDir, 'stride.db'), { readonly: true });
  try {
    return sessionTriage(db, row);
  } finally {
    db.close();
  }
}

async function typePin(page: Page, pin: string) {
  for (const d of pin) await page.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Unlock' }).click();
}

async function unlockAs(page: Page, name: string, pin: string) {
  await page.getByLabel('Clinician').selectOption({ label: name });
  await typePin(page, pin);
  await page.getByRole('button', { name: 'Lock' }).waitFor();
}

async function newStaffPage(): Promise<Page> {
  const page = await (await clinicianContext(browser)).newPage();
  await page.goto(shell.info.clinicianUrl);
  return page;
}

const ADMIN = 'Dr Amara Okafor (admin)';

describe('clinician screen', () => {
  let page: Page;

  it(
    'sets up the first administrator, then shows new intakes live and an urgent alert that must be ' + 'acknowledged',
    async () => {
      page = await newStaffPage();
      await setUpFirstAdmin(page, 'Dr Amara Okafor');
      await page.getByRole('heading', { name: "Today's queue" }).waitFor();
      expect(await page.getByText('No intakes yet today').count()).toBe(1);

      // A patient submits at the kiosk while the queue is open: it appears without any reload.
      await submit(routineIntake);
      await expect.poll(() => page.getByRole('row', { name: /Zoë Núñez/ }).count()).toBe(1);

      const code = await submit(urgentIntake);
      const banner = page.getByRole('alert').filter({ hasText: code });
      await banner.waitFor();
      expect(await banner.textContent()).toMatch(/Emergency/);
      // Urgent first, then by arrival.
      const names = await page.locator('table.queue tbody tr .name').allTextContents();
      expect(names).toEqual(['Arthur Bell', 'Zoë Núñez']);

      await banner.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').filter({ hasText: code }).count()).toBe(0);
      const acks = readDb<{ actor_id: number; target_id: number }>(
        "SELECT actor_id, target_id FROM audit_log WHERE action = 'alert.acknowledge'",
      );
      expect(acks).toHaveLength(1);
      expect(acks[0]?.actor_id).toBe(1);
    },
  );

  it(
    'opens a session: answers with the labels the patient saw, the tapped regions, and the reasons behind each ' +
      'suggestion',
    async () => {
      await page
        .getByRole('row', { name: /Zoë Núñez/ })
        .getByRole('button', { name: 'Open' })
        .click();
      await page.getByRole('heading', { name: 'Zoë Núñez' }).waitFor();
      const [row] = readDb<{ triage_json: string; content_version: string; engine_version: string; status: string }>(
        'SELECT s.triage_json, s.content_version, s.engine_version, s.status FROM intake_sessions s ' +
          "JOIN patients p ON p.id = s.patient_id WHERE p.full_name = 'Zoë Núñez'",
      );
      const triage = decodedTriage(row!);
      const top = triage.suggestions[0]!;
      const card = page.locator(`[data-condition="${top.conditionId}"]`);
      for (const r of top.reasons) expect(await card.textContent()).toContain(r.text);
      expect(await page.getByText('Not a diagnosis.').count()).toBe(1);
      expect(await page.locator('[data-answer="pain_now"]').textContent()).toBe('4 / 10');
      expect(await page.locator('[data-answer="aggravating"]').textContent()).not.toMatch(/lying_side/);
      expect(await page.getByTestId('pain-regions').textContent()).toContain('Outer hip (right)');
      expect(await page.locator('path.spot.on[data-region="outer-hip-right"]').count()).toBe(2);
      expect(row!.status).toBe('in-review');
      expect(await page.getByText(/Content [0-9a-f]+ · engine/).count()).toBe(1);
    },
  );

  it(
    'records an assessment (rejecting -3 cm beside the field) with per-side tests and range of motion, amends it ' +
      'with a reason, and shows what changed; both versions stay readable',
    async () => {
      await page.getByRole('tab', { name: 'Assessment notes' }).click();
      await page.getByRole('button', { name: 'Record assessment' }).click();
      await page.getByLabel('True leg length, left, cm').fill('91.5');
      await page.getByLabel('True leg length, right, cm').fill('-3');
      await page.getByRole('button', { name: 'Save version 1' }).click();
      await page.getByText('A leg length under 50 cm is not plausible').waitFor();
      expect(readDb('SELECT id FROM assessments')).toHaveLength(0);

      await page.getByLabel('True leg length, right, cm').fill('90.2');
      expect(await page.getByTestId('true-diff').textContent()).toBe('1.3 cm, left longer');
      await page.locator('[data-shoe="left"] [data-zone="lateral-heel"]').click();
      const trendelenburg = page.locator('[data-test="trendelenburg"]');
      await trendelenburg.locator('[data-side="right"]').getByRole('radio', { name: 'Positive' }).click();
      await page.getByLabel('Trendelenburg (single-leg stance, 30 s), right: where it hurt').fill('Outer hip');
      await trendelenburg.locator('[data-side="left"]').getByRole('radio', { name: 'Negative' }).click();
      // What a positive result suggests comes from the content.
      expect(await trendelenburg.textContent()).toContain('gluteal tendinopathy');
      await page.getByLabel('Hip internal rotation (hip at 90°), right, degrees').fill('12');
      await page.getByLabel('Greater trochanteric pain syndrome (trochanteric bursitis)').check();
      await page.getByLabel('Plan').fill('Abductor loading; review in two weeks.');
      await page.getByRole('button', { name: 'Save version 1' }).click();
      await page.getByRole('tab', { name: /Version 1/ }).waitFor();
      expect(await page.locator('li[data-test="trendelenburg"] .result').textContent()).toBe(
        'L negative · R positive (Outer hip)',
      );
      expect(await page.locator('tr[data-movement="internal-rotation"]').textContent()).toContain('12°');

      await page.getByRole('button', { name: 'Amend (new version 2)' }).click();
      expect(await page.getByLabel('Plan').inputValue()).toBe('Abductor loading; review in two weeks.');
      await page.getByLabel('Plan').fill('Refer for imaging if no change in four weeks.');
      // An amendment is not saved without its reason.
      await page.getByRole('button', { name: 'Save version 2' }).click();
      await page.getByText('Say why you are amending the assessment.').waitFor();
      expect(readDb('SELECT id FROM assessments')).toHaveLength(1);
      await page.getByLabel('Reason for the amendment (required)').fill('Plan agreed with the patient');
      await page.getByRole('button', { name: 'Save version 2' }).click();
      await page.getByRole('tab', { name: /Version 2/ }).waitFor();
      expect(await page.getByTestId('assessment-plan').textContent()).toBe(
        'Refer for imaging if no change in four weeks.',
      );
      const amendment = page.getByTestId('amendment');
      expect(await amendment.textContent()).toContain('Plan agreed with the patient');
      expect(await amendment.locator('tbody tr').allTextContents()).toEqual([
        'PlanAbductor loading; review in two weeks.Refer for imaging if no change in four weeks.',
      ]);
      await page.getByRole('tab', { name: /Version 1/ }).click();
      expect(await page.getByTestId('assessment-plan').textContent()).toBe('Abductor loading; review in two weeks.');
      expect(await page.getByText('Version 1 was amended later').count()).toBe(1);
      expect(await page.getByTestId('amendment').count()).toBe(0);

      const rows = readDb<{ version: number; previous_id: number | null; author_id: number; amend_reason: string }>(
        'SELECT version, previous_id, author_id, amend_reason FROM assessments ORDER BY version',
      );
      expect(rows).toEqual([
        { version: 1, previous_id: null, author_id: 1, amend_reason: null },
        { version: 2, previous_id: 1, author_id: 1, amend_reason: 'Plan agreed with the patient' },
      ]);
    },
  );

  it("shows an older intake's whole-thigh and whole-knee answers on every face of that thigh and knee", async () => {
    await submit({
      ...routineIntake,
      patient: { fullName: 'Edith Marsh', dateOfBirth: '1984-09-30' },
      answers: { ...routineIntake.answers, pain_regions: ['thigh-left', 'knee-right'] },
    });
    await page.getByRole('button', { name: '← Queue' }).click();
    await page
      .getByRole('row', { name: /Edith Marsh/ })
      .getByRole('button', { name: 'Open' })
      .click();
    await page.getByRole('heading', { name: 'Edith Marsh' }).waitFor();
    const on = await page.locator('path.spot.on').evaluateAll((els) => els.map((e) => e.getAttribute('data-region')));
    expect(new Set(on)).toEqual(
      new Set([
        'thigh-front-left',
        'thigh-inner-left',
        'thigh-outer-left',
        'thigh-back-left',
        'knee-front-right',
        'knee-outer-right',
      ]),
    );
    expect(await page.getByTestId('pain-regions').textContent()).toBe('Thigh (left), Knee (right)');
  });

  it('marks a session seen from the queue', async () => {
    await page.getByRole('button', { name: '← Queue' }).click();
    await page
      .getByRole('row', { name: /Zoë Núñez/ })
      .getByRole('button', { name: 'Mark seen' })
      .click();
    await expect.poll(() => page.getByRole('row', { name: /Zoë Núñez/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'All today' }).click();
    expect(
      await page
        .getByRole('row', { name: /Zoë Núñez/ })
        .getByText('Seen')
        .count(),
    ).toBe(1);
  });

  it('finds "Núñez" by typing "nunez"', async () => {
    await page.getByRole('button', { name: 'Patients' }).click();
    await page.getByLabel('Name').fill('nunez');
    await page.getByRole('button', { name: 'Zoë Núñez' }).waitFor();
    // The history (and its outcome charts) is fetched after the hit is shown.
    await expect.poll(() => page.getByTestId('outcome-chart-nprs').count()).toBe(1);
  });

  it('an administrator adds a clinician, who can then unlock but not reach administration', async () => {
    await page.getByRole('button', { name: 'Clinicians' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Sam Rivera');
    await page.getByLabel('PIN (4–8 digits)').fill('1357');
    await page.getByRole('button', { name: 'Add clinician' }).click();
    await page.locator('[data-clinician="Sam Rivera"]').waitFor();
    await page.getByRole('button', { name: 'Lock' }).click();
    await unlockAs(page, 'Sam Rivera', '1357');
    expect(await page.getByRole('button', { name: 'Clinicians' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Audit log' }).count()).toBe(0);
    const added = readDb<{ actor_id: number }>("SELECT actor_id FROM audit_log WHERE action = 'clinician.add'");
    expect(added).toEqual([{ actor_id: 1 }]);
    await page.getByRole('button', { name: 'Lock' }).click();
  });

  it('shows the wait clearly after five wrong PINs', async () => {
    await page.getByLabel('Clinician').selectOption({ label: 'Sam Rivera' });
    for (let i = 0; i < 4; i++) {
      await typePin(page, '0000');
      await page.getByText('That PIN is not right.').waitFor();
    }
    await typePin(page, '0000');
    await page.getByTestId('lockout-wait').waitFor();
    expect(await page.getByTestId('lockout-wait').textContent()).toMatch(/^0:(2\d|30)$/);
    expect(await page.getByRole('button', { name: '5', exact: true }).isDisabled()).toBe(true);
  });

  it(
    'an urgent arrival missed while no window was open is raised on unlock, and acknowledging it clears it ' +
      'everywhere',
    async () => {
      const code = await submit({ ...urgentIntake, patient: { fullName: 'Edith Marsh', dateOfBirth: '1939-05-05' } });
      const first = await newStaffPage();
      await unlockAs(first, ADMIN, '246813');
      const banner = first.getByRole('alert').filter({ hasText: code });
      await banner.waitFor();
      const second = await newStaffPage();
      await unlockAs(second, ADMIN, '246813');
      await second.getByRole('alert').filter({ hasText: code }).waitFor();
      await banner.getByRole('button', { name: 'Acknowledge', exact: true }).click();
      await expect.poll(() => second.getByRole('alert').filter({ hasText: code }).count()).toBe(0);
      await first.context().close();
      await second.context().close();
    },
  );

  it(
    'locks itself after the idle time set in Settings (browser clock moved forward), and the server locks ' + 'too',
    async () => {
      const idle = await (await clinicianContext(browser)).newPage();
      await idle.clock.install();
      await idle.goto(shell.info.clinicianUrl);
      await unlockAs(idle, ADMIN, '246813');
      // The setting applies without a restart.
      await idle.getByRole('button', { name: 'Settings' }).click();
      await idle.getByLabel('Clinician auto-lock after idle (minutes, 1–60)').fill('1');
      await idle.getByRole('button', { name: 'Save settings' }).click();
      await idle.getByText('Settings saved').waitFor();
      await idle.getByRole('button', { name: 'Queue' }).click();
      const locksBefore = readDb<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'staff.lock'")[0]!
        .n;
      await idle.clock.fastForward('00:50');
      expect(await idle.getByRole('button', { name: 'Lock' }).count()).toBe(1);
      await idle.clock.fastForward('00:15');
      await idle.getByText('Locked after inactivity').waitFor();
      expect(await idle.getByText('Arthur Bell').count()).toBe(0);
      await expect
        .poll(() => readDb<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'staff.lock'")[0]!.n)
        .toBe(locksBefore + 1);
      await idle.context().close();
    },
  );
});
