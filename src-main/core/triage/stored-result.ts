/**
 * A triage result as a session stores it: condition and flag ids, scores and which reasons fired, each reason as an
 * index into its content version's reason catalogue (stored once per version). The reason texts are the same for every
 * session of a version, so a session carries about 200 bytes instead of 1.5 KB; decoding with the version's catalogue
 * gives back exactly the result the engine produced (the catalogue holds every reason of the content, keyed by what
 * the reason says; migration 013 checks each converted old session decodes to its old JSON byte for byte).
 *
 * Pure and deterministic; the store keeps the catalogues (store/reason-catalogues.ts).
 */
import type { Content, Urgency } from '../content/schema';
import type { Reason, Side, Suggestion, TriageResult } from './engine';
import { compileTriage } from './engine';
import { moreUrgent } from '../vocabulary';

/** One catalogue entry: what a reason says, which question it is about, and its weight (null for flags and risks). */
export type CatalogueReason = [questionId: string, text: string, weight: number | null];

const SIDES = { l: 'left', r: 'right', b: 'both' } as const satisfies Record<string, Side>;
type SideCode = keyof typeof SIDES;
const SIDE_CODES = { left: 'l', right: 'r', both: 'b' } as const satisfies Record<Side, SideCode>;

/** A reason that fired: its catalogue index, with the body-map side when it has one. */
export type StoredReason = number | [index: number, side: SideCode];

export interface StoredTriage {
  /** Format of this encoding; a legacy row (the whole result as JSON) has no `f`. */
  f: 1;
  /** Suggestions, best first: condition, score, 's'trong or 'p'ossible, reasons, reasons against. */
  s: [conditionId: string, score: number, strength: 's' | 'p', reasons: StoredReason[], against: StoredReason[]][];
  /** Risk factors: id, reasons. */
  k: [id: string, reasons: StoredReason[]][];
  /** Red flags, most urgent first: id, urgency, reasons. */
  r: [id: string, urgency: Urgency, reasons: StoredReason[]][];
}

/** Every reason the content can give, once each, in content order: the catalogue a new content version starts with. */
export function contentReasons(content: Content): CatalogueReason[] {
  const compiled = compileTriage(content);
  const items = [
    ...compiled.conditions.flatMap((c) => c.items),
    ...compiled.redFlags.flatMap((f) => f.items),
    ...compiled.riskFactors.flatMap((r) => r.items),
  ];
  return items.map(({ reason }) => [reason.questionId, reason.text, reason.weight ?? null]);
}

/** What identifies a reason: its question, text and weight (a plain join: this runs for every reason of a submit). */
export const reasonKey = ([questionId, text, weight]: CatalogueReason): string =>
  `${questionId}\u0000${text}\u0000${weight ?? ''}`;

const keyOf = (r: Reason): string => `${r.questionId}\u0000${r.text}\u0000${r.weight ?? ''}`;

/**
 * The stored form of a result, or null when a reason is not in the catalogue (the caller then keeps the whole
 * result, which still reads back as it was).
 */
export function encodeTriage(result: TriageResult, indexOf: ReadonlyMap<string, number>): StoredTriage | null {
  let missing = false;
  const ref = (r: Reason): StoredReason => {
    const index = indexOf.get(keyOf(r));
    if (index === undefined) {
      missing = true;
      return -1;
    }
    return r.side ? [index, SIDE_CODES[r.side]] : index;
  };
  const stored: StoredTriage = {
    f: 1,
    s: result.suggestions.map((s) => [
      s.conditionId,
      s.score,
      s.strength === 'strong' ? 's' : 'p',
      s.reasons.map(ref),
      s.against.map(ref),
    ]),
    k: result.riskFactors.map((k) => [k.id, k.reasons.map(ref)]),
    r: result.redFlags.map((f) => [f.id, f.urgency, f.reasons.map(ref)]),
  };
  return missing ? null : stored;
}

export function isStoredTriage(value: unknown): value is StoredTriage {
  return typeof value === 'object' && value !== null && (value as { f?: unknown }).f === 1;
}

/**
 * The result the engine produced, from its stored form and its version's catalogue. Throws on an index the catalogue
 * lacks (a damaged row): never a reason that was not shown.
 */
export function decodeTriage(
  stored: StoredTriage,
  catalogue: readonly CatalogueReason[],
  versions: { contentVersion: string; engineVersion: string },
): TriageResult {
  const reason = (ref: StoredReason): Reason => {
    const [index, side] = typeof ref === 'number' ? [ref, undefined] : ref;
    const entry = catalogue[index];
    if (!entry) throw new Error(`Reason ${index} is not in the catalogue of content ${versions.contentVersion}.`);
    const [questionId, text, weight] = entry;
    const r: Reason = { questionId, text };
    if (weight !== null) r.weight = weight;
    if (side) r.side = SIDES[side];
    return r;
  };
  const suggestions: Suggestion[] = stored.s.map(([conditionId, score, strength, reasons, against]) => ({
    conditionId,
    score,
    strength: strength === 's' ? 'strong' : 'possible',
    reasons: reasons.map(reason),
    against: against.map(reason),
  }));
  const redFlags = stored.r.map(([id, urgency, reasons]) => ({ id, urgency, reasons: reasons.map(reason) }));
  // As the engine derives them (engine.ts): no strong suggestion, and the most urgent flag's urgency.
  let urgency: Urgency = 'routine';
  for (const f of redFlags) if (moreUrgent(f.urgency, urgency)) urgency = f.urgency;
  return {
    engineVersion: versions.engineVersion,
    contentVersion: versions.contentVersion,
    suggestions,
    noStrongMatch: !suggestions.some((s) => s.strength === 'strong'),
    riskFactors: stored.k.map(([id, reasons]) => ({ id, reasons: reasons.map(reason) })),
    redFlags,
    urgency,
  };
}
