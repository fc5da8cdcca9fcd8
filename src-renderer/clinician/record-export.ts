/**
 * What "Export record" can hand over, and the file each choice becomes. One export call returns all three; the
 * clinician chooses which file leaves Stride (the desktop app audits each file saved, the export itself is audited).
 */
import type { RecordExport } from '../../src-main/api/types';

export const EXPORT_FORMATS = [
  {
    id: 'letter',
    label: 'Clinical letter (PDF)',
    hint: 'For a GP or an insurer: visits, complaint, findings, plan and outcomes, in words.',
  },
  {
    id: 'bundle',
    label: 'Full record (JSON)',
    hint: 'Everything Stride holds about this patient, for a records request.',
  },
  { id: 'fhir', label: 'HL7 FHIR R4 (JSON)', hint: 'For another clinical system.' },
] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number]['id'];

export interface ExportFile {
  fileName: string;
  data: string | Uint8Array;
  type: string;
}

/** The file for one choice, named by patient id and day (never by name: file names end up in logs and folders). */
export function exportFile(
  format: ExportFormat,
  r: RecordExport,
  patientId: number,
  today: string,
  bytesOf: (base64: string) => Uint8Array,
): ExportFile {
  const stem = `stride-record-patient-${patientId}-${today}`;
  switch (format) {
    case 'letter':
      return { fileName: `${stem}-letter.pdf`, data: bytesOf(r.pdfBase64), type: 'application/pdf' };
    case 'bundle':
      return { fileName: `${stem}.json`, data: JSON.stringify(r.bundle, null, 2), type: 'application/json' };
    case 'fhir':
      return { fileName: `${stem}.fhir.json`, data: JSON.stringify(r.fhir, null, 2), type: 'application/fhir+json' };
  }
}
