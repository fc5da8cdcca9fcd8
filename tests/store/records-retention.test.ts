import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadVignettes, makeTestCore, submissionFor, TestClock, type TestCore } from '../support/core';
import { retentionCutoff } from '../../src-main/store/retention';
import type { Caller } from '../../src-main/api/dispatch';

const T0 = new Date('2026-11-26T09:00:00.000Z');
const admin: Caller = { channel: 'staff', key: 'test:admin' };
let t: TestCore;

beforeEach(async () => {
  t = await makeTestCore({ clock: new TestClock(new Date(T0)) });
  expect((await t.call(admin, 'staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
});
afterEach(() => t.dispose());

// Through the store and raw reads, so the same assertions run on both engines (project api-postgres).
const count = async (table: string) => (await t.sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
const store = () => t.sql.store();
/** The tables' guards, with whether each is enabled (PostgreSQL can disable one without dropping it). */
const triggers = async () =>
  t.engine === 'postgres'
    ? (
        await t.sql.all<{ name: string; enabled: string }>(
          'SELECT tgname AS name, tgenabled AS enabled FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname',
        )
      ).map((r) => `${r.name}:${r.enabled}`)
    : (await t.sql.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")).map(
        (r) => r.name,
      );

async function submitAs(name: string): Promise<number> {
  const v = loadVignettes().find((x) => x.expectUrgency === 'routine')!;
  const r = await t.call(t.kiosk, 'intake.submit', submissionFor(v, '2026-11-26', name));
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return (await t.sql.get<{ id: number }>('SELECT max(id) AS id FROM intake_sessions'))!.id;
}

/** An assessment note on a session, as the clinician area writes it (append-only table). */
async function addAssessment(sessionId: number): Promise<void> {
  const s = (await t.sql.get<{ patient_id: number }>(
    'SELECT patient_id FROM intake_sessions WHERE id = ?',
    sessionId,
  ))!;
  await t.sql.run(
    'INSERT INTO assessments (session_id, patient_id, version, previous_id, author_id, created_at, note_json) ' +
      "VALUES (?, ?, 1, NULL, 1, ?, '{}')",
    sessionId,
    s.patient_id,
    T0.toISOString(),
  );
}

describe('retention settings', () => {
  it('default to 8 years for records and 30 days for drafts, and admins can change them', async () => {
    expect(await (await store()).readRetention()).toEqual({ recordsYears: 8, draftDays: 30 });
    expect(await t.call(admin, 'records.retention', { recordsYears: 10 })).toMatchObject({
      ok: true,
      value: { recordsYears: 10, draftDays: 30 },
    });
    expect(await t.call(admin, 'records.retention', { recordsYears: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect((await (await store()).readRetention()).recordsYears).toBe(10);
  });

  it('the cutoff is the same instant, N calendar years earlier', () => {
    expect(retentionCutoff(new Date('2034-11-26T09:00:00.000Z'), 8).toISOString()).toBe(T0.toISOString());
  });
});

describe('purge', () => {
  it(
    'at the boundary: a record exactly 8 years old is kept, one a millisecond older is purged with what hangs off ' +
      'it',
    async () => {
      const old = await submitAs('Olga Old');
      await addAssessment(old);
      t.clock.advance(1);
      const newer = await submitAs('Nina Newer');
      await addAssessment(newer);
      const triggersBefore = await triggers();

      // now = T0 + 8 years + 1 ms: the cutoff is T0 + 1 ms, so only the first record is outside the window.
      const atBoundary = new Date('2034-11-26T09:00:00.001Z');
      const none = await (await store()).purgeExpired(new Date('2034-11-26T09:00:00.000Z'), null);
      expect(none).toMatchObject({ sessions: 0, patients: 0 });
      const r = await (await store()).purgeExpired(atBoundary, null);
      expect(r).toMatchObject({ cutoff: '2034-11-26T09:00:00.001Z'.replace('2034', '2026'), sessions: 1, patients: 1 });
      // The old intake's pain rating is a measure row (migration 011): it goes with its session.
      expect(r.related).toEqual({ assessments: 1, measure_responses: 1 });
      expect(await count('measure_responses')).toBe(1);

      expect(await t.sql.all('SELECT id FROM intake_sessions')).toEqual([{ id: newer }]);
      expect(
        (await t.sql.all<{ full_name: string }>('SELECT full_name FROM patients')).map((p) => p.full_name),
      ).toEqual(['Nina Newer']);
      expect(await count('assessments')).toBe(1);
      // The append-only guards are back in place after the purge.
      expect(await triggers()).toEqual(triggersBefore);
      await expect(t.sql.run('DELETE FROM assessments')).rejects.toThrow(/append-only/);
      // PostgreSQL enforces foreign keys itself; SQLite is asked.
      if (t.engine === 'sqlite') expect(t.core.db.pragma('foreign_key_check')).toEqual([]);
    },
  );

  it('is audited with counts only, never names', async () => {
    await submitAs('Zoë Secretname');
    t.clock.advance(9 * 366 * 86_400_000);
    expect((await t.call(admin, 'staff.unlock', { clinicianId: 1, pin: '246813' })).ok).toBe(true);
    const r = await t.call(admin, 'records.purge', {});
    expect(r).toMatchObject({ ok: true, value: { sessions: 1, patients: 1 } });
    const audit = await t.sql.all<{ actor_type: string; actor_id: number; detail_json: string }>(
      "SELECT actor_type, actor_id, detail_json FROM audit_log WHERE action = 'records.purge'",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: 'clinician', actor_id: 1 });
    expect(JSON.parse(audit[0]!.detail_json)).toMatchObject({ sessions: 1, patients: 1 });
    expect(audit[0]!.detail_json).not.toMatch(/Secretname|Zoë/);
  });

  it('keeps a patient who still has a record inside the window, even if first seen long ago', async () => {
    await submitAs('Rita Returning');
    t.clock.advance(2 * 86_400_000);
    await submitAs('Rita Returning');
    // Cutoff T0 + 1 day: the first visit has expired, the second has not.
    const r = await (await store()).purgeExpired(new Date('2034-11-27T09:00:00.000Z'), null);
    expect(r.sessions).toBe(1);
    expect(r.patients).toBe(0);
    expect(await count('patients')).toBe(1);
  });
});

describe('purge and handout files', () => {
  it('deletes the handout PDFs of purged records (they carry the patient name) and keeps the others', async () => {
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const generate = async (sessionId: number): Promise<{ id: number; file: string }> => {
      expect((await t.call(admin, 'staff.unlock', { clinicianId: 1, pin: '246813' })).ok).toBe(true);
      const s = await t.call(admin, 'handout.suggest', { sessionId });
      if (!s.ok) throw new Error(s.error.message);
      const g = await t.call(admin, 'handout.generate', { sessionId, plan: (s.value as { plan: unknown }).plan });
      if (!g.ok) throw new Error(g.error.message);
      const handout = (g.value as { handout: { id: number; fileName: string } }).handout;
      return { id: handout.id, file: join(t.dataDir, 'handouts', handout.fileName) };
    };
    const old = await generate(await submitAs('Olga Old'));
    t.clock.advance(366 * 24 * 3600_000);
    const newer = await generate(await submitAs('Nina Newer'));
    expect((await (await store()).handoutPdf(old.id))?.file.ok).toBe(true);
    // A file beside SQLite; a row of handout_pdfs on PostgreSQL.
    if (t.engine === 'sqlite') expect(existsSync(old.file) && existsSync(newer.file)).toBe(true);

    t.clock.advance(8 * 365.25 * 24 * 3600_000 - 300 * 24 * 3600_000);
    expect((await t.call(admin, 'staff.unlock', { clinicianId: 1, pin: '246813' })).ok).toBe(true);
    const r = await t.call(admin, 'records.purge', {});
    expect(r).toMatchObject({ ok: true, value: { sessions: 1 } });
    expect(await (await store()).handoutPdf(old.id)).toBeUndefined();
    expect((await (await store()).handoutPdf(newer.id))?.file.ok).toBe(true);
    if (t.engine === 'sqlite') {
      expect(existsSync(old.file)).toBe(false);
      expect(existsSync(newer.file)).toBe(true);
    } else expect(await count('handout_pdfs')).toBe(1);
  });
});
