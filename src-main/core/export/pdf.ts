/**
 * The readable side of a records request: a plain A4 summary of everything in the JSON bundle (patient, each intake
 * with its answers in words, the triage result as recorded, and rows of other record tables). Patient text is drawn
 * as text by pdfkit, never interpreted.
 */
import { join } from 'node:path';
import { answerRows } from '../content/answer-text';
import { formatMessage, type Message, type Values } from '../locales/format';
import { answerText, questionsById, recordWords, type PatientRecord, type YesNo } from './record';

/** The language the document is written in: its Intl tag and the `record` messages of its locale file. */
export interface RecordLanguage {
  intl: string;
  messages: Record<string, Message>;
}

export interface RecordPdfOptions {
  /** Folder holding StrideSans-Regular.ttf and StrideSans-Bold.ttf (accents and non-Latin names). */
  fontDir: string;
  /** The document's headings and labels (the patient's language: a records request is for the patient). */
  language: RecordLanguage;
  /** A session's language by name, in the document's language where the locale list has it. */
  languageName: (locale: string) => string;
  /** Yes and no in a session's language. */
  yesNo: (locale: string) => YesNo;
}

export async function recordPdf(
  record: PatientRecord,
  { fontDir, language, languageName, yesNo }: RecordPdfOptions,
): Promise<Buffer> {
  const t = (key: string, values: Values = {}) => formatMessage(language.messages[key] ?? key, values, language.intl);
  // Loaded on first use: a record export is rare, and pdfkit costs a cold start about 200 ms.
  const { default: PDFDocument } = await import('pdfkit');
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
  // A question that ends in its own mark ("How old are you?") takes no second one.
  const line = (label: string, value: string) =>
    doc
      .font('bold')
      .fontSize(10)
      .text(/[?:：？]$/.test(label.trim()) ? `${label.trim()} ` : `${label}: `, { continued: true })
      .font('body')
      .text(value);

  doc
    .font('bold')
    .fontSize(18)
    .text(t('title', { clinic: record.clinicName }));
  doc
    .font('body')
    .fontSize(9)
    .fillColor('#555')
    .text(t('exported', { at: record.exportedAt, format: record.format }))
    .fillColor('black');

  heading(t('patient'));
  line(t('name'), record.patient.fullName);
  line(t('dateOfBirth'), record.patient.dateOfBirth);
  line(t('phone'), record.patient.phone ?? '—');
  line(t('firstSeen'), record.patient.createdAt);

  for (const s of record.sessions) {
    heading(t('intake', { id: String(s.id), at: s.submittedAt }));
    line(t('status'), s.status);
    line(t('checkInCode'), s.checkInCode);
    line(t('language'), languageName(s.locale));
    line(t('urgency'), s.triage.urgency);
    line(t('warningSigns'), s.triage.redFlags.map((f) => f.id).join(', ') || t('none'));
    line(t('suggestions'), s.triage.suggestions.map((x) => `${x.conditionId} (${x.strength})`).join(', ') || t('none'));
    line(t('versions'), `${s.contentVersion} / ${s.engineVersion}`);
    doc.moveDown(0.3).font('bold').fontSize(11).text(t('answers'));
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
