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
import { loadVignettes, makeTestCore, submissionFor, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(() => {
  t = makeTestCore();
});
afterEach(() => t.dispose());

async function form(): Promise<IntakeForm> {
  const r = await t.call(t.kiosk, 'intake.form', {});
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as IntakeForm;
}

function storedUrgency(checkInCode: string): string {
  const row = t.core.db.prepare('SELECT urgency FROM intake_sessions WHERE check_in_code = ?').get(checkInCode) as
    { urgency: string } | undefined;
  return row?.urgency ?? 'missing';
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
      expect(kiosk ?? 'routine', v.id).toBe(storedUrgency(receipt.checkInCode));
      expect(kiosk !== null, v.id).toBe(receipt.seeFrontDesk);
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
    if (r.ok) expect(storedUrgency((r.value as { checkInCode: string }).checkInCode)).toBe('emergency');
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
