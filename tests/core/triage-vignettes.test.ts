import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src-main/core/content/load';
import type { IntakeAnswers } from '../../src-main/core/content/schema';
import { checkAnswers } from '../../src-main/core/content/visibility';
import { triage } from '../../src-main/core/triage/engine';

interface Vignette {
  id: string;
  description: string;
  answers: IntakeAnswers;
  expectTop3: string[];
  expectRedFlags: string[];
  expectUrgency?: string;
  expectNoStrongMatch?: boolean;
  /** The published case description or guideline example the vignette is built from (every vignette from 40 on). */
  source?: string;
  /** Red flags this vignette comes close to but must not raise (a near-miss). */
  nearMissFor?: string[];
}

/** Vignettes numbered from here on were written for clinical safety II and cite what they are built from. */
const FIRST_CITED = 40;

const content = loadContent(join(__dirname, '..', '..', 'resources', 'content'));
const DIR = join(__dirname, '..', 'fixtures', 'vignettes');
const vignettes: [string, Vignette][] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Vignette]);

/** Everything wrong with one vignette's result, in words a content author can act on. */
function failures(v: Vignette): string[] {
  const out = checkAnswers(content.questionnaire, v.answers).map((p) => `invalid answer ${p.path}: ${p.message}`);
  if (out.length > 0) return out;
  const r = triage(content, v.answers);
  const ranked = r.suggestions.map((s) => `${s.conditionId} (${s.score}, ${s.strength})`).join(', ') || 'none';
  const top3 = r.suggestions.slice(0, 3).map((s) => s.conditionId);
  for (const c of v.expectTop3)
    if (!top3.includes(c)) out.push(`expected ${c} in the top three; ranking was: ${ranked}`);
  const fired = r.redFlags.map((f) => f.id);
  for (const f of v.expectRedFlags)
    if (!fired.includes(f)) out.push(`red flag ${f} did not fire (fired: ${fired.join(', ') || 'none'})`);
  for (const f of fired) if (!v.expectRedFlags.includes(f)) out.push(`unexpected red flag ${f}`);
  for (const f of v.nearMissFor ?? []) if (fired.includes(f)) out.push(`near-miss for ${f}, but it fired`);
  if (v.expectUrgency && r.urgency !== v.expectUrgency) out.push(`urgency ${r.urgency}, expected ${v.expectUrgency}`);
  if (v.expectNoStrongMatch !== undefined && r.noStrongMatch !== v.expectNoStrongMatch)
    out.push(`noStrongMatch ${r.noStrongMatch}, expected ${v.expectNoStrongMatch}; ranking was: ${ranked}`);
  return out;
}

describe('clinical vignettes', () => {
  it('there are at least 80 and they cover every condition, red flag, pregnancy status and side', () => {
    expect(vignettes.length).toBeGreaterThanOrEqual(80);
    const all = vignettes.map(([, v]) => v);
    const expectedConditions = new Set(all.flatMap((v) => v.expectTop3));
    const missingConditions = content.conditions.map((c) => c.id).filter((id) => !expectedConditions.has(id));
    expect(missingConditions, 'conditions without a vignette').toEqual([]);
    const expectedFlags = new Set(all.flatMap((v) => v.expectRedFlags));
    expect(
      content.redFlags.map((f) => f.id).filter((id) => !expectedFlags.has(id)),
      'red flags without a vignette',
    ).toEqual([]);
    expect(all.some((v) => v.answers.pregnant === 'yes')).toBe(true);
    expect(all.some((v) => v.answers.pregnant === 'no')).toBe(true);
    expect(all.some((v) => v.answers.recent_birth === true)).toBe(true);
    const sides = (v: Vignette) => {
      const regions = (v.answers.pain_regions as string[]) ?? [];
      const l = regions.some((r) => r.endsWith('-left'));
      const r = regions.some((x) => x.endsWith('-right'));
      return l && r ? 'both' : l ? 'left' : r ? 'right' : 'none';
    };
    // "none": only the midline (pubic symphysis) was tapped.
    expect(new Set(all.map(sides))).toEqual(new Set(['left', 'right', 'both', 'none']));
  });

  it('every red flag has a near-miss vignette, and every vignette from 40 on cites what it is built from', () => {
    const all = vignettes.map(([, v]) => v);
    const nearMisses = new Set(all.flatMap((v) => v.nearMissFor ?? []));
    expect(
      content.redFlags.map((f) => f.id).filter((id) => !nearMisses.has(id)),
      'red flags without a near-miss',
    ).toEqual([]);
    const flagIds = new Set(content.redFlags.map((f) => f.id));
    expect(
      [...nearMisses].filter((id) => !flagIds.has(id)),
      'near-misses naming no red flag',
    ).toEqual([]);
    const uncited = vignettes.filter(([file, v]) => Number.parseInt(file, 10) >= FIRST_CITED && !v.source?.trim());
    expect(uncited.map(([file]) => file)).toEqual([]);
    expect(vignettes.filter(([file]) => Number.parseInt(file, 10) >= FIRST_CITED).length).toBeGreaterThanOrEqual(40);
  });

  it.each(vignettes)('%s', (_file, v) => {
    expect(failures(v), `${v.id}: ${v.description}`).toEqual([]);
  });

  it('every suggestion explains itself with reasons naming real questions', () => {
    const questionIds = new Set(content.questionnaire.sections.flatMap((s) => s.questions.map((q) => q.id)));
    for (const [, v] of vignettes) {
      const r = triage(content, v.answers);
      for (const s of r.suggestions) {
        expect(s.reasons.length).toBeGreaterThan(0);
        expect(s.score).toBeCloseTo(
          [...s.reasons, ...s.against].reduce((sum, x) => sum + (x.weight ?? 0), 0),
          6,
        );
        for (const reason of [...s.reasons, ...s.against]) expect(questionIds.has(reason.questionId)).toBe(true);
      }
      for (const f of r.redFlags) expect(f.reasons.length).toBeGreaterThan(0);
    }
  });
});
