/**
 * A patient's outcomes as the clinician screen and the letter read them: the stored measure results (store/measures.ts)
 * turned into series and decisions by core/measures/outcomes.ts. A visit from before the measures were stored
 * (migration 011) still has its pain rating on the session: it joins the pain series, so no earlier visit drops out.
 */
import { inLocale } from '../../core/content/answer-text';
import type { Content } from '../../core/content/schema';
import { patientOutcomes, type MeasureRecord } from '../../core/measures/outcomes';
import { REFERENCE_LOCALE } from '../../core/vocabulary';
import type { ClinicStore } from '../../store/clinic-store';
import type { MeasureResult } from '../../store/measures';
import type { HistoryRow } from '../../store/search';
import type { OutcomesView } from '../types';

interface OutcomeOptions {
  /** Leave out visits attached by a name and birth-date match that no clinician has confirmed yet (the letter). */
  confirmedOnly?: boolean;
}

/** The view from what the store holds: measure results, the patient's sessions and the unconfirmed ones among them. */
function outcomesView(
  content: Content,
  measures: readonly MeasureResult[],
  history: readonly HistoryRow[],
  unconfirmed: ReadonlySet<number>,
): OutcomesView {
  const stored = measures.filter((r) => !unconfirmed.has(r.sessionId));
  const withPain = new Set(stored.filter((r) => r.measure === 'nprs').map((r) => r.sessionId));
  const sessions = history.filter((s) => !unconfirmed.has(s.id));
  const order = new Map(sessions.map((s, i) => [s.id, i]));
  const earlier: MeasureRecord[] = sessions
    .filter((s) => s.pain_now !== null && !withPain.has(s.id))
    .map((s) => ({
      sessionId: s.id,
      visitDate: s.local_date,
      measure: 'nprs',
      items: { now: s.pain_now },
      total: s.pain_now,
    }));
  const records = [...stored, ...earlier].sort(
    (a, b) => a.visitDate.localeCompare(b.visitDate) || (order.get(a.sessionId) ?? 0) - (order.get(b.sessionId) ?? 0),
  );
  const m = content.measures;
  const name = (text: Parameters<typeof inLocale>[0]) => inLocale(text, REFERENCE_LOCALE);
  return {
    ...patientOutcomes(m, records),
    names: { nprs: name(m.nprs.name), lefs: name(m.lefs.name), psfs: name(m.psfs.name), pgic: name(m.pgic.name) },
    pgicLabels: Object.fromEntries(m.pgic.options.map((o) => [o.id, name(o.label)])),
  };
}

/** Through the store, on either engine. `history`: the patient's sessions when the caller has read them already. */
export async function loadOutcomes(
  store: ClinicStore,
  content: Content,
  patientId: number,
  options: OutcomeOptions & { history?: readonly HistoryRow[] } = {},
): Promise<OutcomesView> {
  const [measures, history, unconfirmed] = await Promise.all([
    store.measureHistory(patientId),
    options.history ?? store.patientHistory(patientId),
    options.confirmedOnly ? store.unconfirmedSessionIds(patientId) : [],
  ]);
  return outcomesView(content, measures, history, new Set(unconfirmed));
}
