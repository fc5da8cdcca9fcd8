/**
 * A patient's outcomes as the clinician screen and the letter read them: the stored measure results (store/measures.ts)
 * turned into series and decisions by core/measures/outcomes.ts. A visit from before the measures were stored
 * (migration 011) still has its pain rating on the session: it joins the pain series, so no earlier visit drops out.
 */
import { inLocale } from '../../core/content/answer-text';
import type { Content } from '../../core/content/schema';
import { patientOutcomes, type MeasureRecord } from '../../core/measures/outcomes';
import { REFERENCE_LOCALE } from '../../core/vocabulary';
import type { Db } from '../../store/db';
import { measureHistory } from '../../store/measures';
import { patientSessions } from '../../store/search';
import { prepared } from '../../store/db';

/** Visits attached to this patient by a name and birth-date match that no clinician has confirmed yet. */
function unconfirmedSessions(db: Db, patientId: number): number[] {
  const rows = prepared(
    db,
    "SELECT id FROM intake_sessions WHERE patient_id = ? AND identity_status = 'to-confirm'",
  ).all(patientId) as { id: number }[];
  return rows.map((r) => r.id);
}
import type { OutcomesView } from '../types';

export function outcomesOf(
  db: Db,
  content: Content,
  patientId: number,
  options: { confirmedOnly?: boolean } = {},
): OutcomesView {
  const unconfirmed = new Set(options.confirmedOnly ? unconfirmedSessions(db, patientId) : []);
  const stored = measureHistory(db, patientId).filter((r) => !unconfirmed.has(r.sessionId));
  const withPain = new Set(stored.filter((r) => r.measure === 'nprs').map((r) => r.sessionId));
  const sessions = patientSessions(db, patientId).filter((s) => !unconfirmed.has(s.id));
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
