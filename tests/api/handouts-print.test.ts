import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadVignettes, makeTestCore, submissionFor, type TestCore } from '../support/core';
import { closeHandoutWorker } from '../../src-main/core/handout/pdf-worker-client';

let t: TestCore;
afterEach(() => t?.dispose());
afterAll(() => closeHandoutWorker());

async function handoutOnFile(): Promise<{ id: number; path: string }> {
  expect((await t.call(t.staff, 'staff.setup', { name: 'Amara Okafor', pin: '246813' })).ok).toBe(true);
  const v = loadVignettes().find((x) => x.expectUrgency === 'routine')!;
  expect((await t.call(t.kiosk, 'intake.submit', submissionFor(v))).ok).toBe(true);
  const sessionId = (t.core.db.prepare('SELECT max(id) AS id FROM intake_sessions').get() as { id: number }).id;
  const s = await t.call(t.staff, 'handout.suggest', { sessionId });
  if (!s.ok) throw new Error(s.error.message);
  const g = await t.call(t.staff, 'handout.generate', { sessionId, plan: (s.value as { plan: unknown }).plan });
  if (!g.ok) throw new Error(g.error.message);
  const h = (g.value as { handout: { id: number; fileName: string } }).handout;
  return { id: h.id, path: join(t.dataDir, 'handouts', h.fileName) };
}

describe('printing a handout', () => {
  it('in the desktop app opens the recorded file in the system viewer, and audits it', async () => {
    const opened: string[] = [];
    t = await makeTestCore({ desktop: { openFile: async (p) => (opened.push(p), '') } });
    const h = await handoutOnFile();
    expect(await t.call(t.staff, 'handout.print', { handoutId: h.id })).toEqual({ ok: true, value: { opened: true } });
    expect(opened).toEqual([h.path]);
    expect(t.core.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'handout.print'").get()).toEqual({
      n: 1,
    });
  });

  it('refuses a file that was changed after it was recorded, without opening it', async () => {
    const opened: string[] = [];
    t = await makeTestCore({ desktop: { openFile: async (p) => (opened.push(p), '') } });
    const h = await handoutOnFile();
    writeFileSync(h.path, Buffer.concat([readFileSync(h.path), Buffer.from('%tampered')]));
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
