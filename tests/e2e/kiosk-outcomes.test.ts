/**
 * Outcomes across visits, as a patient and a clinician use them: a first visit with the LEFS and the PSFS reaches the
 * database with its totals; the same patient comes back ("I've been here before"), answers the short follow-up, and
 * the session waits as "returning: confirm identity" (the phone typed again never overwrites the record) until a
 * clinician confirms it. Real web shell, real database, real Chromium.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { type RunningShell } from '../support/browser/harness';
import { useShellAndBrowser } from '../support/browser/setup';
import { checkIn, completeQuestionnaire, measurePlan } from '../support/browser/kiosk-driver';
import { openKiosk, unlockedClinician } from '../support/browser/kiosk-helpers';
import { typicalRunner as runner } from '../support/browser/runner-plan';
import { RETURN_FOLLOW_UP } from '../support/clinician';

let shell: RunningShell;
let browser: Browser;
useShellAndBrowser((s, b) => ((shell = s), (browser = b)));

const PATIENT = { name: 'Ines Duarte', dateOfBirth: '1979-05-14' };

function query<T>(sql: string): T[] {
  const db = new Database(join(shell.info.dataDir, 'stride.db'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

interface MeasureRow {
  session_id: number;
  measure: string;
  total: number | null;
  items_json: string;
}
const measureRows = () =>
  query<MeasureRow>(
    'SELECT session_id, measure, total, items_json FROM measure_responses ORDER BY session_id, measure',
  );

describe('outcome measures at the kiosk', () => {
  it('a first visit with LEFS and PSFS reaches the database with correct totals', async () => {
    const page = await openKiosk(browser, shell);
    await checkIn(page, { ...PATIENT, phone: '0123 456' });
    // LEFS: every item "moderate difficulty" (2) but the two running items, "extreme difficulty" (0): 18 × 2 = 36.
    await completeQuestionnaire(page, {
      ...runner,
      sex: 'female',
      pregnant: 'no',
      recent_birth: false,
      ...measurePlan({
        lefs: 2,
        lefsItems: { run_even: 0, run_uneven: 0 },
        activities: [
          { activity: 'Running', rating: 3 },
          { activity: 'Stairs', rating: 6 },
        ],
      }),
    });
    await expect.poll(() => page.getByTestId('check-in-code').textContent()).toMatch(/^[A-Z0-9]{4}$/);
    const rows = measureRows();
    expect(rows.map((r) => [r.measure, r.total])).toEqual([
      ['lefs', 36],
      ['nprs', runner['pain_now']],
      ['psfs', 4.5],
    ]);
    expect(JSON.parse(rows.find((r) => r.measure === 'psfs')!.items_json)).toEqual([
      { activity: 'Running', rating: 3 },
      { activity: 'Stairs', rating: 6 },
    ]);
    await page.context().close();
  });

  it('a return visit stores the follow-up, flagged "returning: confirm identity"; a clinician confirms', async () => {
    const staff = await unlockedClinician(browser, shell);
    const page = await openKiosk(browser, shell);
    await checkIn(page, { ...PATIENT, phone: '0999 888' }, 'en', 'return');
    // The short follow-up: no body map, no onset; the PSFS named again from memory, then LEFS, PGIC, exercise days.
    await completeQuestionnaire(page, {
      ...RETURN_FOLLOW_UP,
      ...measurePlan({
        lefs: 3,
        activities: [{ activity: 'Running', rating: 7 }],
        pgic: 'much_improved',
        exerciseDays: 5,
      }),
    });
    await expect.poll(() => page.getByTestId('check-in-code').textContent()).toMatch(/^[A-Z0-9]{4}$/);

    const [first, second] = query<{
      id: number;
      patient_id: number;
      visit_kind: string;
      kiosk_phone: string | null;
      identity_status: string | null;
      answers_json: string;
    }>(
      'SELECT id, patient_id, visit_kind, kiosk_phone, identity_status, answers_json FROM intake_sessions ORDER BY id',
    );
    expect(second).toMatchObject({
      patient_id: first!.patient_id,
      visit_kind: 'return',
      kiosk_phone: '0999 888',
      identity_status: 'to-confirm',
    });
    expect(Object.keys(JSON.parse(second!.answers_json) as object)).not.toContain('pain_regions');
    expect(query<{ phone: string }>('SELECT phone FROM patients')).toEqual([{ phone: '0123 456' }]);
    expect(
      measureRows()
        .filter((r) => r.session_id === second!.id)
        .map((r) => [r.measure, r.total]),
    ).toEqual([
      ['adherence', 5],
      ['lefs', 60],
      ['nprs', 2],
      ['pgic', 2],
      ['psfs', 7],
    ]);

    // The clinician sees the flag in the queue and in the session, and confirms.
    const flagged = staff.locator(`tr[data-session="${second!.id}"]`);
    await expect.poll(() => flagged.getByTestId('identity-to-confirm').count()).toBe(1);
    await flagged.getByRole('button', { name: 'Open' }).click();
    const check = staff.getByTestId('identity-check');
    await check.waitFor();
    await check.getByRole('button', { name: 'Same person', exact: true }).click();
    await check.waitFor({ state: 'detached' });
    expect(
      query<{ identity_status: string }>(`SELECT identity_status FROM intake_sessions WHERE id = ${second!.id}`),
    ).toEqual([{ identity_status: 'confirmed' }]);
    expect(query<{ phone: string }>('SELECT phone FROM patients')).toEqual([{ phone: '0123 456' }]);
    expect(query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'identity.confirm'")).toEqual([
      { n: 1 },
    ]);
    await page.context().close();
    await staff.context().close();
  });
});
