/** "Export record": each choice is one file, of its own kind, with a name the desktop save path accepts. */
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportFile } from '../../src-renderer/clinician/record-export';
import { recordsMethods } from '../../src-main/api/methods/records';
import type { RecordExport } from '../../src-main/api/types';

const exported = {
  bundle: { format: 'stride.patient-record/1', patient: { id: 7 } },
  fhir: { resourceType: 'Bundle', entry: [] },
  pdfBase64: Buffer.from('%PDF-1.7').toString('base64'),
  missingGlyphs: [],
} as unknown as RecordExport;
const bytesOf = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

describe('record export choices', () => {
  it('gives one file per choice: the letter as PDF bytes, the record and FHIR as JSON text', () => {
    const files = EXPORT_FORMATS.map((f) => exportFile(f.id, exported, 7, '2026-12-02', bytesOf));
    expect(files.map((f) => f.type)).toEqual(['application/pdf', 'application/json', 'application/fhir+json']);
    expect(Buffer.from(files[0]!.data as Uint8Array).toString()).toBe('%PDF-1.7');
    expect(JSON.parse(files[1]!.data as string)).toEqual(exported.bundle);
    expect(JSON.parse(files[2]!.data as string)).toEqual(exported.fhir);
    expect(new Set(files.map((f) => f.fileName)).size).toBe(3);
  });

  it('names files by patient id and day, in a form files.save accepts', () => {
    const save = recordsMethods['files.save'].input;
    for (const f of EXPORT_FORMATS) {
      const { fileName } = exportFile(f.id, exported, 7, '2026-12-02', bytesOf);
      expect(fileName).toMatch(/^stride-record-patient-7-2026-12-02/);
      expect(save.safeParse({ fileName, base64: '' }).success, fileName).toBe(true);
    }
  });
});
