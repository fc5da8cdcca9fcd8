import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { storedHandoutPdf } from '../support/test-engine';
import { loadVignettes, makeTestCore, submissionFor, type TestCore } from '../support/core';
import { closeHandoutWorker } from '../../src-main/core/handout/pdf-worker-client';

let t: TestCore;
afterEach(() => t?.dispose());
afterAll(() => closeHandoutWorker());

async function handoutOnFile(): Promise<{ id: number }> {
  expect((await t.call(t.staff, 'staff.setup', { name: 'Amara Okafor', pin: '246813' })).ok).toBe(true);
  const v = loadVignettes().find((x) => x.expectUrgency === 'routine')!;
  expect((await t.call(t.kiosk, 'intake.submit', submissionFor(v))).ok).toBe(true);
  const sessionId = ((await t.sql.get('SELECT max(id) AS id FROM intake_sessions')) as { id: number }).id;
  const s = await t.call(t.staff, 'handout.suggest', { sessionId });
  if (!s.ok) throw new Error(s.error.message);
  const g = await t.call(t.staff, 'handout.generate', { sessionId, plan: (s.value as { plan: unknown }).plan });
  if (!g.ok) throw new Error(g.error.message);
  return { id: (g.value as { handout: { id: number } }).handout.id };
}

/** Changes the stored PDF after it was recorded: the file beside SQLite, or the row, past its guard, in PostgreSQL. */
async function tamper(handoutId: number): Promise<void> {
  if (t.engine === 'postgres') {
    await t.sql.run('ALTER TABLE handout_pdfs DISABLE TRIGGER USER');
    await t.sql.run(
      "UPDATE handout_pdfs SET pdf = pdf || '\\x2574616d7065726564'::bytea WHERE handout_id = ?",
      handoutId,
    );
    return;
  }
  const row = (await t.sql.get('SELECT file_name FROM handouts WHERE id = ?', handoutId)) as { file_name: string };
  const path = join(t.dataDir, 'handouts', row.file_name);
  writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from('%tampered')]));
}

describe('printing a handout', () => {
  it('in the desktop app opens the recorded PDF in the system viewer, and audits it', async () => {
    const opened: string[] = [];
    t = await makeTestCore({ desktop: { openFile: async (p) => (opened.push(p), '') } });
    const h = await handoutOnFile();
    expect(await t.call(t.staff, 'handout.print', { handoutId: h.id })).toEqual({ ok: true, value: { opened: true } });
    // The file itself beside SQLite, a short-lived copy of the stored bytes on PostgreSQL.
    expect(opened).toHaveLength(1);
    expect(readFileSync(opened[0]!).equals(await storedHandoutPdf(t.sql, h.id))).toBe(true);
    expect(await t.sql.get("SELECT count(*) AS n FROM audit_log WHERE action = 'handout.print'")).toEqual({
      n: 1,
    });
  });

  it('refuses a file that was changed after it was recorded, without opening it', async () => {
    const opened: string[] = [];
    t = await makeTestCore({ desktop: { openFile: async (p) => (opened.push(p), '') } });
    const h = await handoutOnFile();
    await tamper(h.id);
    expect(await t.call(t.staff, 'handout.print', { handoutId: h.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(opened).toEqual([]);
  });

  it('in the web shell says to print from the download instead', async () => {
    t = await makeTestCore();
    const h = await handoutOnFile();
    expect(await t.call(t.staff, 'handout.print', { handoutId: h.id })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });
});
