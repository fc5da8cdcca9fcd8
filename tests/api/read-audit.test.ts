/** Reads that reveal patient data are audited, once per burst of reloads or keystrokes; the chain can be checked. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHarness, withAdmin, type Harness } from '../support/clinician';
import { READ_AUDIT_WINDOW_MS } from '../../src-main/api/read-audit';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
  await withAdmin(h);
});
afterEach(() => h.close());

const rows = async (action: string) =>
  (await h.sql.all('SELECT actor_id, detail_json FROM audit_log WHERE action = ? ORDER BY id', action)) as {
    actor_id: number;
    detail_json: string | null;
  }[];

describe('read audit', () => {
  it("today's queue and a past day are recorded by who looked, once per burst of reloads", async () => {
    for (let i = 0; i < 5; i++) await h.call(h.staff(), 'queue.list', {});
    await h.call(h.staff(), 'queue.list', { date: '2026-11-20' });
    expect((await rows('queue.read')).map((r) => JSON.parse(r.detail_json!) as { date: string })).toEqual([
      { date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as unknown as string, entries: 0 },
      { date: '2026-11-20', entries: 0 },
    ]);
    h.clock.advance(READ_AUDIT_WINDOW_MS + 1000);
    // (The screen locked itself meanwhile.)
    await h.call(h.staff(), 'staff.unlock', { clinicianId: 1, pin: '246813' });
    await h.call(h.staff(), 'queue.list', {});
    expect(await rows('queue.read')).toHaveLength(3);
    expect((await rows('queue.read')).every((r) => r.actor_id === 1)).toBe(true);
  });

  it('a search typed letter by letter is one audit row', async () => {
    for (const name of ['z', 'zo', 'zoe', 'zoe n', 'zoe nu']) {
      await h.call(h.staff(), 'patient.search', { name });
      h.clock.advance(300);
    }
    expect(await rows('patient.search')).toHaveLength(1);
  });

  it('reading the audit log and the staff list are recorded', async () => {
    await h.call(h.staff(), 'admin.audit.list', {});
    await h.call(h.staff(), 'admin.audit.list', { beforeId: 2 });
    await h.call(h.staff(), 'admin.audit.list', { from: '2026-11-01' });
    await h.call(h.staff(), 'admin.clinicians.list', {});
    expect(await rows('audit.read')).toHaveLength(2);
    expect(await rows('clinicians.read')).toHaveLength(1);
  });

  it('the admin check of the chain reports intact, then the first broken link', async () => {
    expect(await h.call(h.staff(), 'admin.audit.verify', {})).toMatchObject({ ok: true, sentence: /intact/ });
    // Past the append-only guard, as someone with the database's owner role could.
    await h.sql.run(
      h.engine === 'postgres' ? 'ALTER TABLE audit_log DISABLE TRIGGER USER' : 'DROP TRIGGER audit_log_never_updated',
    );
    await h.sql.run("UPDATE audit_log SET action = 'nothing' WHERE id = 1");
    expect(await h.call(h.staff(), 'admin.audit.verify', {})).toMatchObject({
      ok: false,
      brokenAtId: 1,
      sentence: /broken at entry 1/,
    });
  });
});
