/**
 * The warning rules the kiosk is served with the form (intake.form), and the hub's side of an emergency: the rules
 * give the urgency the hub stores for every vignette, and an intake cut short by an emergency answer is accepted
 * with its questions unanswered, while the same gaps without an emergency are refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { warningUrgency } from '../../src-main/core/triage/warnings';
import { withDerivedAnswers } from '../../src-main/api/derived';
import type { IntakeForm } from '../../src-main/api/types';
import { localDate } from '../../src-main/core/clock';
import { join } from 'node:path';
import { loadContent } from '../../src-main/core/content/load';
import { urgencyOrder, type Urgency } from '../../src-main/core/vocabulary';
import { loadVignettes, makeTestCore, repoRoot, submissionFor, type TestCore } from '../support/core';

const scoredFlags = new Set(
  loadContent(join(repoRoot, 'resources', 'content'))
    .redFlags.filter((f) => f.strongMatch)
    .map((f) => f.id),
);

let t: TestCore;
beforeEach(async () => {
  t = await makeTestCore();
});
afterEach(() => t.dispose());

async function form(): Promise<IntakeForm> {
  const r = await t.call(t.kiosk, 'intake.form', {});
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as IntakeForm;
}

/** What the hub stored, and whether a flag the kiosk cannot know (a strong triage score, `strongMatch`) raised it. */
async function stored(checkInCode: string): Promise<{ urgency: string; fromScores: boolean }> {
  const row = await t.sql.get<{ urgency: string; red_flag_ids: string }>(
    'SELECT urgency, red_flag_ids FROM intake_sessions WHERE check_in_code = ?',
    checkInCode,
  );
  const ids = JSON.parse(row?.red_flag_ids ?? '[]') as string[];
  return { urgency: row?.urgency ?? 'missing', fromScores: ids.some((id) => scoredFlags.has(id)) };
}

describe('warning rules served with the form', () => {
  it('give, on the kiosk, the urgency the hub stores for every vignette (age derived the same way)', async () => {
    const { questionnaire, warningRules } = await form();
    const today = localDate(t.clock.now());
    for (const v of loadVignettes()) {
      const s = submissionFor(v, today);
      const r = await t.call(t.kiosk, 'intake.submit', s);
      if (!r.ok) throw new Error(`${v.id}: ${JSON.stringify(r.error)}`);
      const receipt = r.value as { checkInCode: string; seeFrontDesk: boolean };
      const kiosk = warningUrgency(
        warningRules,
        withDerivedAnswers(questionnaire, s.answers, s.patient.dateOfBirth, today),
      );
      const hub = await stored(receipt.checkInCode);
      // The kiosk's rules hold every flag but those raised by triage scores, which only the hub computes: there the
      // kiosk may say less, never more, and the receipt still sends the patient to the desk.
      if (hub.fromScores)
        expect(urgencyOrder(kiosk ?? 'routine'), v.id).toBeGreaterThanOrEqual(urgencyOrder(hub.urgency as Urgency));
      else {
        expect(kiosk ?? 'routine', v.id).toBe(hub.urgency);
        expect(kiosk !== null, v.id).toBe(receipt.seeFrontDesk);
      }
      if (hub.fromScores) expect(receipt.seeFrontDesk, v.id).toBe(true);
    }
  });
});

describe('an intake cut short by an emergency answer', () => {
  const patient = { fullName: 'Noor Haddad', dateOfBirth: '1958-04-02' };

  it('is stored with the questions it never reached unanswered, as an emergency', async () => {
    const r = await t.call(t.kiosk, 'intake.submit', {
      locale: 'en',
      patient,
      answers: { sex: 'male', warning_signs: ['cant_bear_weight', 'fall'] },
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect((await stored((r.value as { checkInCode: string }).checkInCode)).urgency).toBe('emergency');
  });

  it('is refused when the answers raise no emergency (a same-day warning asks the rest)', async () => {
    const { warningRules } = await form();
    const answers = { sex: 'male', warning_signs: ['calf'] };
    expect(warningUrgency(warningRules, answers)).toBe('same-day');
    const r = await t.call(t.kiosk, 'intake.submit', { locale: 'en', patient, answers });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!r.ok) expect(r.error.fields?.map((f) => f.path)).toContain('answers.pain_regions');
  });

  it('still has every given answer checked', async () => {
    const r = await t.call(t.kiosk, 'intake.submit', {
      locale: 'en',
      patient,
      answers: { sex: 'male', pain_now: 42, warning_signs: ['cant_bear_weight'] },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!r.ok) expect(r.error.fields?.map((f) => f.path)).toEqual(['answers.pain_now']);
  });
});
