/** The record export draws names with the handouts' font fallback, and says which characters no bundled font has. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPdf } from '../support/handout';
import { loadVignettes, makeTestCore, submissionFor, type TestCore } from '../support/core';
import type { RecordExport } from '../../src-main/api/types';

const admin = { channel: 'staff' as const, key: 'admin' };
let t: TestCore;
beforeEach(async () => {
  t = await makeTestCore();
  expect((await t.call(admin, 'staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
});
afterEach(() => t.dispose());

async function exportFor(name: string): Promise<RecordExport> {
  const v = loadVignettes().find((x) => x.expectUrgency === 'routine')!;
  const sent = await t.call(t.kiosk, 'intake.submit', submissionFor(v, '2026-11-26', name));
  expect(sent.ok, JSON.stringify(sent)).toBe(true);
  const id = ((await t.sql.get('SELECT id FROM patients WHERE full_name = ?', name)) as { id: number }).id;
  const r = await t.call(admin, 'records.export', { patientId: id });
  expect(r.ok).toBe(true);
  return (r as { ok: true; value: RecordExport }).value;
}

describe('record export fonts', () => {
  it('a CJK name is in the PDF, not blank', async () => {
    const r = await exportFor('李雷 Wang');
    const pdf = await readPdf(Buffer.from(r.pdfBase64, 'base64'));
    expect(pdf.all).toContain('李雷');
    expect(r.missingGlyphs).toEqual([]);
  });

  it('a character no bundled font has is reported to the clinician', async () => {
    const r = await exportFor('Ana 𓀀 Ruiz');
    expect(r.missingGlyphs).toEqual(['𓀀']);
  });
});
