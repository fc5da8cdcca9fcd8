import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { storedHandoutPdf } from '../support/test-engine';
import { loadVignettes, makeTestCore, submissionFor, type TestCore } from '../support/core';
import { closeHandoutWorker } from '../../src-main/core/handout/pdf-worker-client';
import { readPdf } from '../support/handout';

/** A real 8x8 PNG made here (IHDR, IDAT, IEND with CRCs), so the test owns its fixture. */
function tinyPng(): string {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(8, 0);
  ihdr.writeUInt32BE(8, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.concat(
    Array.from({ length: 8 }, () => Buffer.from([0, ...Array.from({ length: 8 }, () => [11, 110, 110]).flat()])),
  );
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]).toString('base64');
}

let t: TestCore;
afterEach(() => t?.dispose());
afterAll(() => closeHandoutWorker());

describe('clinic logo and phone on handouts', () => {
  it('an admin sets them in settings and the next handout prints both', async () => {
    t = await makeTestCore();
    expect((await t.call(t.staff, 'staff.setup', { name: 'Amara Okafor', pin: '246813' })).ok).toBe(true);
    const current = await t.call(t.staff, 'admin.settings.get', {});
    if (!current.ok) throw new Error(current.error.message);
    const settings = { ...(current.value as object), clinicPhone: '020 7946 0000', clinicLogoPng: tinyPng() };
    expect((await t.call(t.staff, 'admin.settings.update', { settings })).ok).toBe(true);

    const v = loadVignettes().find((x) => x.expectUrgency === 'routine')!;
    expect((await t.call(t.kiosk, 'intake.submit', submissionFor(v))).ok).toBe(true);
    const sessionId = ((await t.sql.get('SELECT max(id) AS id FROM intake_sessions')) as { id: number }).id;
    const s = await t.call(t.staff, 'handout.suggest', { sessionId });
    if (!s.ok) throw new Error(s.error.message);
    const g = await t.call(t.staff, 'handout.generate', { sessionId, plan: (s.value as { plan: unknown }).plan });
    if (!g.ok) throw new Error(g.error.message);
    const file = await storedHandoutPdf(t.sql, (g.value as { handout: { id: number } }).handout.id);
    expect(file.toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
    expect((await readPdf(file)).all).toContain('020 7946 0000');
  });

  it('refuses a logo that is not a PNG, naming the setting, and keeps the old settings', async () => {
    t = await makeTestCore();
    expect((await t.call(t.staff, 'staff.setup', { name: 'Amara Okafor', pin: '246813' })).ok).toBe(true);
    const current = await t.call(t.staff, 'admin.settings.get', {});
    if (!current.ok) throw new Error(current.error.message);
    const r = await t.call(t.staff, 'admin.settings.update', {
      settings: { ...(current.value as object), clinicLogoPng: Buffer.from('<svg/>').toString('base64') },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!r.ok) expect(r.error.fields?.map((f) => f.path)).toContain('settings.clinicLogoPng');
    const after = await t.call(t.staff, 'admin.settings.get', {});
    expect(after).toMatchObject({ ok: true, value: { clinicLogoPng: null } });
  });
});
