/**
 * Warning rules: the red flags reduced to what a kiosk may know. A kiosk must tell on its own whether the answers
 * raise a warning sign and how urgent it is (to tell the patient to go to the desk, and to stop asking when it is an
 * emergency), but it never sees condition names, red-flag names, reasons or staff actions. So each urgency becomes one
 * rule: "any trigger of any red flag at this urgency". Evaluated with the same compiled conditions as the triage
 * engine, so the kiosk and the hub cannot disagree on any trigger. A flag raised by a strong condition score
 * (`strongMatch`) is the hub's alone: the loader allows it on same-day flags only, and the hub's receipt still sends
 * the patient to the desk. Pure, zod-free, browser-safe.
 */
import { compileCond, type AnswerLookup } from '../content/cond';
import type { Cond, IntakeAnswers, RedFlag } from '../content/schema';
import { URGENCIES, moreUrgent, type Urgency } from '../vocabulary';

export interface WarningRule {
  urgency: Urgency;
  /** Holds when any red flag of this urgency would fire. */
  when: Cond;
}

/** One rule per urgency that has red flags, most urgent first; triggers kept as written (the file grows). */
export function warningRulesOf(redFlags: readonly Pick<RedFlag, 'urgency' | 'triggers'>[]): WarningRule[] {
  const rules: WarningRule[] = [];
  for (const urgency of URGENCIES) {
    const triggers = redFlags.filter((f) => f.urgency === urgency).flatMap((f) => f.triggers.map((t) => t.when));
    if (triggers.length > 0) rules.push({ urgency, when: triggers.length === 1 ? triggers[0]! : { any: triggers } });
  }
  return rules;
}

const compiled = new WeakMap<readonly WarningRule[], { urgency: Urgency; test: (get: AnswerLookup) => boolean }[]>();

/**
 * The most urgent warning the answers raise, or null when none does. `answers` must already hold the derived answers
 * (age) the hub adds, and only what the patient could see (api/derived.ts: withDerivedAnswers).
 */
export function warningUrgency(rules: readonly WarningRule[], answers: Readonly<IntakeAnswers>): Urgency | null {
  let tests = compiled.get(rules);
  if (!tests) {
    tests = rules.map((r) => ({ urgency: r.urgency, test: compileCond(r.when) }));
    compiled.set(rules, tests);
  }
  const get: AnswerLookup = (q) => (Object.prototype.hasOwnProperty.call(answers, q) ? answers[q] : undefined);
  let most: Urgency | null = null;
  for (const t of tests) if ((most === null || moreUrgent(t.urgency, most)) && t.test(get)) most = t.urgency;
  return most;
}
