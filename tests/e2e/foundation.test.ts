import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { clinicianContext, collectPageProblems, kioskContext, type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import { checkIn, completeQuestionnaire, type AnswerPlan } from '../support/browser/kiosk-driver';
import { typicalRunner } from '../support/browser/runner-plan';
import { setUpFirstAdmin } from '../support/browser/staff-setup';
import { sessionTriage } from '../../src-main/store/reason-catalogues';

const runnerWithOuterHipPain: AnswerPlan = {
  ...typicalRunner,
  sex: 'female',
  pregnant: 'no',
  recent_birth: false,
  aggravating: ['lying_side', 'stairs', 'running'],
  weekly_km: 40,
  surfaces: ['camber'],
};

let shell: RunningShell;
let browser: Browser;

useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

describe('foundation slice over the web shell in Chromium', () => {
  it(
    'a patient completes the intake by tapping, and a clinician sets up, unlocks, sees it, opens it and ' + 'locks',
    async () => {
      const kiosk = await (await kioskContext(browser)).newPage();
      const kioskProblems = collectPageProblems(kiosk);
      await kiosk.goto(shell.info.kioskUrl);
      // Welcome -> consent -> identity (name with the on-screen keyboard, date of birth on the touch picker).
      await checkIn(kiosk, { name: 'Zoë Núñez', dateOfBirth: '1990-04-12' });
      await completeQuestionnaire(kiosk, runnerWithOuterHipPain);
      await expect.poll(() => kiosk.getByTestId('check-in-code').textContent()).toMatch(/^[A-Z0-9]{4}$/);
      const code = (await kiosk.getByTestId('check-in-code').textContent()) ?? '';

      // It reached the database with its triage result, in one piece.
      const db = new Database(join(shell.info.dataDir, 'stride.db'), { readonly: true });
      const row = db
        .prepare(
          'SELECT s.check_in_code, s.triage_json, s.content_version, s.engine_version, s.answers_json, p.full_name ' +
            'FROM intake_sessions s JOIN patients p ON p.id = s.patient_id',
        )
        .get() as
        | {
            check_in_code: string;
            triage_json: string;
            content_version: string;
            engine_version: string;
            answers_json: string;
            full_name: string;
          }
        | undefined;
      const triage = row ? sessionTriage(db, row) : null;
      const audit = db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'intake.submit'").get() as {
        n: number;
      };
      db.close();
      expect(row?.full_name).toBe('Zoë Núñez');
      expect(row?.check_in_code).toBe(code);
      expect(triage?.suggestions.slice(0, 3).map((s) => s.conditionId)).toContain('gtps');
      expect(JSON.parse(row?.answers_json ?? '{}')).toMatchObject({ age: expect.any(Number), pain_now: 4 });
      expect(audit.n).toBe(1);

      // Finishing wipes the screen for the next patient.
      await kiosk.getByRole('button', { name: 'Finish' }).tap();
      await kiosk.getByRole('button', { name: 'I agree, start' }).tap();
      await expect.poll(() => kiosk.getByLabel('Full name').inputValue()).toBe('');

      const staff = await (await clinicianContext(browser)).newPage();
      const staffProblems = collectPageProblems(staff);
      await staff.goto(shell.info.clinicianUrl);
      await setUpFirstAdmin(staff, 'Dr Amara Okafor');
      await expect.poll(() => staff.getByRole('row', { name: /Zoë Núñez/ }).count()).toBe(1);

      await staff
        .getByRole('row', { name: /Zoë Núñez/ })
        .getByRole('button', { name: 'Open' })
        .click();
      await expect.poll(() => staff.getByRole('heading', { name: 'Zoë Núñez' }).count()).toBe(1);

      // On a tablet at the desk (768 px wide, every admin tab shown) Lock stays on the screen and can be pressed.
      await staff.setViewportSize({ width: 768, height: 1024 });
      const lockBox = await staff.getByRole('button', { name: 'Lock' }).boundingBox();
      expect(lockBox && lockBox.x + lockBox.width).toBeLessThanOrEqual(768);
      await staff.getByRole('button', { name: 'Lock' }).click();
      await expect.poll(() => staff.getByRole('heading', { name: 'Unlock' }).count()).toBe(1);
      expect(await staff.getByText('Zoë Núñez').count()).toBe(0);

      // The wrong PIN is refused, the right one opens the queue again.
      for (const digit of '1111') await staff.getByRole('button', { name: digit, exact: true }).click();
      await staff.getByRole('button', { name: 'Unlock' }).click();
      await expect.poll(() => staff.getByText('That PIN is not right.').count()).toBe(1);
      for (const digit of '246813') await staff.getByRole('button', { name: digit, exact: true }).click();
      await staff.getByRole('button', { name: 'Unlock' }).click();
      await expect.poll(() => staff.getByRole('row', { name: /Zoë Núñez/ }).count()).toBe(1);

      // Under the strict CSP nothing was blocked and nothing threw
      // (the expected 'forbidden' PIN answer is not an error).
      expect(kioskProblems).toEqual([]);
      expect(staffProblems).toEqual([]);
    },
  );

  it('the kiosk token cannot reach any clinician method, and unknown tokens reach nothing', async () => {
    const callAs = async (token: string, method: string, body: unknown = {}) => {
      const res = await fetch(`${shell.info.origin}/api/call/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string } } };
    };
    for (const method of ['staff.status', 'staff.setup', 'staff.unlock', 'queue.list', 'session.open']) {
      const r = await callAs(shell.info.tokens.kiosk, method);
      expect(r.body.ok, method).toBe(false);
      expect(r.body.error?.code, method).toBe('forbidden');
    }
    const stranger = await callAs('not-a-token', 'intake.form');
    expect(stranger.status).toBe(401);
    const staffQueue = await callAs(shell.info.tokens.staff, 'queue.list');
    expect(staffQueue.body.error?.code).toBe('locked');
  });
});
