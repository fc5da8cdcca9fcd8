/** Shared steps for the kiosk e2e files: a fresh page, the answers database, axe, a clinician ready for alerts. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { clinicianContext, kioskContext, type RunningShell } from './harness';
import { setUpFirstAdmin } from './staff-setup';
import { sessionTriage } from '../../../src-main/store/reason-catalogues';
import type { TriageResult } from '../../../src-main/core/triage/engine';

/**
 * An intake sent as the kiosk sends it, over the web shell's kiosk channel, and its reply (refused: the test fails with
 * the reason). `heldForMs`: as a kiosk outbox says when it delivers an intake that waited.
 */
export async function kioskSubmit(
  shell: RunningShell,
  intake: unknown,
  heldForMs?: number,
): Promise<{ checkInCode: string; seeFrontDesk: boolean }> {
  const res = await fetch(`${shell.info.origin}/api/call/intake.submit`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${shell.info.tokens.kiosk}`,
      'Content-Type': 'application/json',
      ...(heldForMs === undefined ? {} : { 'X-Stride-Held-For': String(heldForMs) }),
    },
    body: JSON.stringify(intake),
  });
  const body = (await res.json()) as { ok: boolean; value?: { checkInCode: string; seeFrontDesk: boolean } };
  expect(body.ok, JSON.stringify(body).slice(0, 500)).toBe(true);
  return body.value!;
}

export async function openKiosk(browser: Browser, shell: RunningShell): Promise<Page> {
  const page = await (await kioskContext(browser)).newPage();
  await page.goto(shell.info.kioskUrl);
  // Agreeing is possible once the questionnaire and the settings (loaded together) have arrived.
  await expect.poll(() => page.getByRole('button', { name: 'I agree, start' }).isEnabled()).toBe(true);
  return page;
}

export interface SavedSession {
  check_in_code: string;
  /** As the clinician reads it (the row names its reasons by index into its content version's catalogue). */
  triage: TriageResult;
  answers_json: string;
  full_name: string;
  date_of_birth: string;
  locale: string;
  urgency: string;
  /** Rows in the once-only submissions table for this session (1 when the station sent an id). */
  submission_ids: number;
}

export function savedSessions(shell: RunningShell): SavedSession[] {
  const db = new Database(join(shell.info.dataDir, 'stride.db'), { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT s.check_in_code, s.triage_json, s.content_version, s.engine_version, s.answers_json, s.locale,
                s.urgency, p.full_name, p.date_of_birth,
                (SELECT count(*) FROM submissions u WHERE u.session_id = s.id) AS submission_ids
         FROM intake_sessions s JOIN patients p ON p.id = s.patient_id ORDER BY s.id`,
      )
      .all() as (Omit<SavedSession, 'triage'> & {
      triage_json: string;
      content_version: string;
      engine_version: string;
    })[];
    return rows.map(({ triage_json, content_version, engine_version, ...row }) => ({
      ...row,
      triage: sessionTriage(db, { triage_json, content_version, engine_version }),
    }));
  } finally {
    db.close();
  }
}

/** Who each session belongs to, in order: for the identity steps of the clinician screen. */
export function sessionOwners(
  shell: RunningShell,
): { id: number; patient_id: number; identity_status: string | null }[] {
  const db = new Database(join(shell.info.dataDir, 'stride.db'), { readonly: true });
  try {
    return db.prepare('SELECT id, patient_id, identity_status FROM intake_sessions ORDER BY id').all() as {
      id: number;
      patient_id: number;
      identity_status: string | null;
    }[];
  } finally {
    db.close();
  }
}

/** Serious or critical axe findings on the page as it is now (WCAG 2.0-2.2 A and AA rules). */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: page as never })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
}

/** A clinician who has set up and unlocked the staff screen, so pushed alerts show. */
export async function unlockedClinician(browser: Browser, shell: RunningShell): Promise<Page> {
  const staff = await (await clinicianContext(browser)).newPage();
  await staff.goto(shell.info.clinicianUrl);
  await setUpFirstAdmin(staff, 'Dr Amara Okafor');
  await staff.getByRole('button', { name: 'Lock' }).waitFor();
  return staff;
}
