/**
 * The kiosk's warning rules against the hub's triage: on every vignette the most urgent warning the kiosk reads from
 * the answers is the urgency the triage engine gives (routine = no warning), with age derived from the date of birth
 * the same way. The rules carry no red-flag names, reasons or actions.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src-main/core/content/load';
import { triage } from '../../src-main/core/triage/engine';
import { warningRulesOf, warningUrgency } from '../../src-main/core/triage/warnings';
import { withDerivedAnswers } from '../../src-main/api/derived';
import { loadVignettes, repoRoot, submissionFor } from '../support/core';

const content = loadContent(join(repoRoot, 'resources', 'content'));
const rules = warningRulesOf(content.redFlags);
/**
 * The hub's triage as the kiosk can know it: without the flags a strong condition score raises (the kiosk never sees
 * conditions; the hub's receipt still sends that patient to the desk). The loader keeps those flags off emergencies.
 */
const asKioskKnows = { ...content, redFlags: content.redFlags.map(({ strongMatch: _, ...f }) => f) };
const vignettes = loadVignettes();

describe('warning rules on the kiosk', () => {
  it('match the triage urgency on every vignette, and say nothing when no red flag fires', () => {
    expect(vignettes.length).toBeGreaterThan(0);
    const drift = vignettes.flatMap((v) => {
      const hub = triage(asKioskKnows, v.answers);
      const kiosk = warningUrgency(rules, v.answers);
      const expected = hub.redFlags.length > 0 ? hub.urgency : null;
      return kiosk === expected ? [] : [`${v.id}: kiosk ${kiosk}, hub ${expected}`];
    });
    expect(drift).toEqual([]);
    // The vignettes reach every level, so the comparison above is not only about "no warning".
    const levels = new Set(vignettes.map((v) => warningUrgency(rules, v.answers)));
    expect([...levels].sort()).toEqual(['emergency', 'same-day', null].sort());
  });

  it('derive age from the date of birth as the hub does before triage', () => {
    for (const v of vignettes) {
      const s = submissionFor(v);
      const derived = withDerivedAnswers(content.questionnaire, s.answers, s.patient.dateOfBirth, '2026-11-26');
      expect(derived['age'], v.id).toBe(v.answers['age']);
      const hub = triage(asKioskKnows, derived);
      expect(warningUrgency(rules, derived), v.id).toBe(hub.redFlags.length > 0 ? hub.urgency : null);
    }
  });

  it('never leave an emergency to a score the kiosk cannot see', () => {
    const scored = content.redFlags.filter((f) => f.strongMatch);
    expect(scored.length).toBeGreaterThan(0);
    for (const f of scored) expect(f.urgency, f.id).not.toBe('emergency');
  });

  it('hold one rule per urgency, most urgent first, with every trigger of the content', () => {
    const levels = [...new Set(content.redFlags.map((f) => f.urgency))];
    expect(rules.map((r) => r.urgency)).toEqual(
      ['emergency', 'same-day', 'routine'].filter((u) => levels.includes(u as never)),
    );
    const triggers = content.redFlags.reduce((n, f) => n + f.triggers.length, 0);
    const counted = rules.reduce((n, r) => n + ('any' in r.when ? r.when.any.length : 1), 0);
    expect(counted).toBe(triggers);
  });

  it('carry no red-flag ids, names, reasons or staff actions', () => {
    const text = JSON.stringify(rules);
    for (const f of content.redFlags) {
      expect(text).not.toContain(`"${f.id}"`);
      expect(text).not.toContain(f.name.en);
      expect(text).not.toContain(f.action);
      for (const t of f.triggers) expect(text).not.toContain(t.reason);
    }
  });
});
