/**
 * The readable side of a records request: a plain A4 summary of everything in the JSON bundle (patient, each intake
 * with its answers in words, the triage result as recorded, and rows of other record tables). Patient text is drawn
 * as text by pdfkit, never interpreted.
 */
import PDFDocument from 'pdfkit';
import { join } from 'node:path';
import { answerRows } from '../content/answer-text';
import { answerText, questionsById, recordWords, type PatientRecord, type YesNo } from './record';

export interface RecordPdfOptions {
  /** Folder holding StrideSans-Regular.ttf and StrideSans-Bold.ttf (accents and non-Latin names). */
  fontDir: string;
  /** Yes and no in a session's language. */
  yesNo: (locale: string) => YesNo;
}

export function recordPdf(record: PatientRecord, { fontDir, yesNo }: RecordPdfOptions): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: 'Patient record', Producer: 'Stride' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', join(fontDir, 'StrideSans-Regular.ttf'));
  doc.registerFont('bold', join(fontDir, 'StrideSans-Bold.ttf'));

  const heading = (text: string, size = 13) => doc.moveDown(0.6).font('bold').fontSize(size).text(text).moveDown(0.2);
  const line = (label: string, value: string) =>
    doc.font('bold').fontSize(10).text(`${label}: `, { continued: true }).font('body').text(value);

  doc.font('bold').fontSize(18).text(`${record.clinicName}: patient record`);
  doc
    .font('body')
    .fontSize(9)
    .fillColor('#555')
    .text(`Exported ${record.exportedAt} (UTC). Stride record format ${record.format}.`)
    .fillColor('black');

  heading('Patient');
  line('Name', record.patient.fullName);
  line('Date of birth', record.patient.dateOfBirth);
  line('Phone', record.patient.phone ?? '—');
  line('First seen', record.patient.createdAt);

  for (const s of record.sessions) {
    heading(`Intake ${s.id} — ${s.submittedAt}`);
    line('Status', s.status);
    line('Check-in code', s.checkInCode);
    line('Language', s.locale);
    line('Urgency', s.triage.urgency);
    line('Warning signs', s.triage.redFlags.map((f) => f.id).join(', ') || 'none');
    line(
      'Suggestions (for the clinician, not a diagnosis)',
      s.triage.suggestions.map((x) => `${x.conditionId} (${x.strength})`).join(', ') || 'none',
    );
    line('Content / engine version', `${s.contentVersion} / ${s.engineVersion}`);
    doc.moveDown(0.3).font('bold').fontSize(11).text('Answers');
    const rows = s.questionnaire ? answerRows(s.questionnaire, s.answers, s.locale, recordWords(yesNo(s.locale))) : [];
    for (const r of rows) line(r.question, r.answer);
    // A records request leaves nothing out: answers the questionnaire does not show (none kept, an id it lacks) follow.
    const shown = new Set(rows.map((r) => r.questionId));
    const questions = questionsById(s.questionnaire);
    for (const [id, value] of Object.entries(s.answers)) {
      if (shown.has(id)) continue;
      const q = questions.get(id);
      line(q ? (q.label[s.locale] ?? q.label.en) : id, answerText(q, value, s.locale, yesNo(s.locale)));
    }
  }

  for (const [table, rows] of Object.entries(record.related)) {
    if (rows.length === 0) continue;
    heading(`${table} (${rows.length})`);
    for (const row of rows) {
      doc
        .font('body')
        .fontSize(9)
        .text(JSON.stringify(row, null, 1));
      doc.moveDown(0.3);
    }
  }
  doc.end();
  return done;
}
