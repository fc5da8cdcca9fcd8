/**
 * Explainable triage: answers + content -> ranked condition suggestions with the answers behind them,
 * risk factors, red flags and overall urgency. Decision support for a clinician, never shown to the patient.
 *
 * All scoring rules are data (resources/content); this module only adds up weighted evidence. Pure, deterministic,
 * browser-safe. Expects answers already accepted by checkAnswers().
 */
import type { AnswerLookup } from '../content/cond';
import { compileCond, condQuestions } from '../content/cond';
import type { Cond, Content, IntakeAnswers, Urgency } from '../content/schema';
import { moreUrgent, urgencyOrder } from '../vocabulary';

export type { Urgency } from '../content/schema';

/** Bump when scoring logic (not content) changes; stored with every result. */
export const ENGINE_VERSION = '1.0.0';

/** A score at or above this is shown as a possible cause. */
export const POSSIBLE_AT = 3;
/** A score at or above this is a strong match; below it for every condition means "no strong match". */
export const STRONG_AT = 6;
export const MAX_SUGGESTIONS = 5;

export interface Reason {
  /** The (first) question whose answer produced this reason. */
  questionId: string;
  /** English, clinician-facing. */
  text: string;
  /** Points this reason added (negative when it argues against). Absent for red flags and risk factors. */
  weight?: number;
  /** For body-map evidence: which side(s) the matching regions were on. */
  side?: Side;
}

export type Side = 'left' | 'right' | 'both';

export interface Suggestion {
  conditionId: string;
  score: number;
  strength: 'strong' | 'possible';
  reasons: Reason[];
  against: Reason[];
}

export interface TriageResult {
  engineVersion: string;
  contentVersion: string;
  /** At most five, best first. */
  suggestions: Suggestion[];
  /** True when no condition reached a strong match (the list may still hold possible ones). */
  noStrongMatch: boolean;
  riskFactors: { id: string; reasons: Reason[] }[];
  redFlags: { id: string; urgency: Urgency; reasons: Reason[] }[];
  /** The most urgent red flag's urgency; routine when none fired. */
  urgency: Urgency;
}

type Test = (get: AnswerLookup) => boolean;
interface CompiledItem {
  test: Test;
  reason: Reason;
  /** Body-map regions a plain `pain_regions includesAny` test looks for, to report the side. */
  regions?: string[];
}
export interface CompiledTriage {
  conditions: { id: string; order: number; eligible: Test | undefined; items: CompiledItem[] }[];
  redFlags: { id: string; urgency: Urgency; items: CompiledItem[]; strongMatch: readonly string[] }[];
  riskFactors: { id: string; items: CompiledItem[] }[];
}

const cache = new WeakMap<Content, CompiledTriage>();

function item(when: Cond, text: string, weight?: number): CompiledItem {
  const reason: Reason = { questionId: condQuestions(when)[0] ?? '', text };
  if (weight !== undefined) reason.weight = weight;
  const out: CompiledItem = { test: compileCond(when), reason };
  if ('question' in when && when.question === 'pain_regions' && 'includesAny' in when) out.regions = when.includesAny;
  return out;
}

function sideOf(regions: readonly string[], answer: unknown): Side | undefined {
  if (!Array.isArray(answer)) return undefined;
  let left = false;
  let right = false;
  for (const r of regions) {
    if (!answer.includes(r)) continue;
    if (r.endsWith('-left')) left = true;
    else if (r.endsWith('-right')) right = true;
  }
  return left && right ? 'both' : left ? 'left' : right ? 'right' : undefined;
}

/** Compiles every rule in the content to closures once; later calls for the same Content reuse them. */
export function compileTriage(content: Content): CompiledTriage {
  let c = cache.get(content);
  if (c) return c;
  c = {
    conditions: content.conditions.map((cond, order) => ({
      id: cond.id,
      order,
      eligible: cond.eligibleIf ? compileCond(cond.eligibleIf) : undefined,
      items: cond.evidence.map((e) => item(e.when, e.reason, e.weight)),
    })),
    redFlags: content.redFlags.map((f) => ({
      id: f.id,
      urgency: f.urgency,
      items: f.triggers.map((t) => item(t.when, t.reason)),
      strongMatch: f.strongMatch ?? [],
    })),
    riskFactors: content.riskFactors.map((r) => ({ id: r.id, items: r.triggers.map((t) => item(t.when, t.reason)) })),
  };
  cache.set(content, c);
  return c;
}

/** A fresh reason for the result (results must not share objects with the compiled rules). */
function explain(it: CompiledItem, get: AnswerLookup): Reason {
  const r: Reason = { ...it.reason };
  if (it.regions) {
    const side = sideOf(it.regions, get('pain_regions'));
    if (side) r.side = side;
  }
  return r;
}

export function triage(content: Content, answers: IntakeAnswers): TriageResult {
  const compiled = compileTriage(content);
  const get: AnswerLookup = (q) => (Object.prototype.hasOwnProperty.call(answers, q) ? answers[q] : undefined);

  const scored: (Suggestion & { order: number })[] = [];
  for (const cond of compiled.conditions) {
    if (cond.eligible && !cond.eligible(get)) continue;
    let score = 0;
    const reasons: Reason[] = [];
    const against: Reason[] = [];
    for (const it of cond.items) {
      if (!it.test(get)) continue;
      const w = it.reason.weight ?? 0;
      score += w;
      (w > 0 ? reasons : against).push(explain(it, get));
    }
    if (score < POSSIBLE_AT) continue;
    reasons.sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0));
    against.sort((a, b) => (a.weight ?? 0) - (b.weight ?? 0));
    scored.push({
      conditionId: cond.id,
      score: Math.round(score * 100) / 100,
      strength: score >= STRONG_AT ? 'strong' : 'possible',
      reasons,
      against,
      order: cond.order,
    });
  }
  // Ties keep content order so the ranking never depends on anything but the data.
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  const suggestions: Suggestion[] = scored
    .slice(0, MAX_SUGGESTIONS)
    .map(({ conditionId, score, strength, reasons, against }) => ({ conditionId, score, strength, reasons, against }));

  const redFlags: TriageResult['redFlags'] = [];
  let urgency: Urgency = 'routine';
  for (const f of compiled.redFlags) {
    const reasons = f.items.filter((it) => it.test(get)).map((it) => explain(it, get));
    // A strong match named by the flag fires it too, with the evidence that made the match strong as its reasons.
    for (const cid of f.strongMatch) {
      const strong = scored.find((s) => s.conditionId === cid && s.strength === 'strong');
      if (strong) reasons.push(...strong.reasons.map((r) => ({ ...r })));
    }
    if (reasons.length === 0) continue;
    redFlags.push({ id: f.id, urgency: f.urgency, reasons });
    if (moreUrgent(f.urgency, urgency)) urgency = f.urgency;
  }
  // Most urgent first, content order within a level.
  redFlags.sort((a, b) => urgencyOrder(a.urgency) - urgencyOrder(b.urgency));

  const riskFactors: TriageResult['riskFactors'] = [];
  for (const r of compiled.riskFactors) {
    const reasons = r.items.filter((it) => it.test(get)).map((it) => explain(it, get));
    if (reasons.length > 0) riskFactors.push({ id: r.id, reasons });
  }

  return {
    engineVersion: ENGINE_VERSION,
    contentVersion: content.version,
    suggestions,
    noStrongMatch: !suggestions.some((s) => s.strength === 'strong'),
    riskFactors,
    redFlags,
    urgency,
  };
}
