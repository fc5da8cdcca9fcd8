/**
 * The readable side of a records request: a plain A4 summary of everything in the JSON bundle (patient, each intake
 * with its answers in words, the triage result as recorded, and rows of other record tables). Patient text is drawn
 * as text by pdfkit, never interpreted.
 */
import { join } from 'node:path';
import { answerRows } from '../content/answer-text';
import { formatMessage, type Message, type Values } from '../locales/format';
import { answerText, questionsById, recordWords, type PatientRecord, type YesNo } from './record';
import type { Font } from 'fontkit';

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
  // Loaded on first use: a record export is rare, and pdfkit and fontkit cost a cold start about 200 ms.
  const { default: PDFDocument } = await import('pdfkit');
  const { cjkFont, handoutFonts, splitRuns } = await import('../handout/fonts');
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: 'Patient record', Producer: 'Stride' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', join(fontDir, 'StrideSans-Regular.ttf'));
  doc.registerFont('bold', join(fontDir, 'StrideSans-Bold.ttf'));
  const main = handoutFonts(fontDir).regular;
  let fallback: Font | null | undefined;

  /**
   * Text in the document's fonts, with the handouts' fallback for what Stride Sans cannot draw (a CJK name), so no
   * part of a name prints as blank. `continued` joins the next piece on the same line.
   */
  const write = (text: string, font: 'body' | 'bold', continued = false) => {
    const runs = splitRuns(text, main);
    if (runs.every((r) => !r.fallback)) return doc.font(font).text(text, { continued });
    if (fallback === undefined) {
      fallback = cjkFont();
      if (fallback) doc.registerFont('fallback', fallback as unknown as Buffer);
    }
    runs.forEach((r, i) =>
      doc
        .font(r.fallback && fallback ? 'fallback' : font)
        .text(r.text, { continued: continued || i < runs.length - 1 }),
    );
    return doc;
  };

  const heading = (text: string, size = 13) => {
    doc.moveDown(0.6).fontSize(size);
    write(text, 'bold');
    return doc.moveDown(0.2);
  };
  // A question that ends in its own mark ("How old are you?") takes no second one.
  const line = (label: string, value: string) => {
    doc.fontSize(10);
    write(/[?:：？]$/.test(label.trim()) ? `${label.trim()} ` : `${label}: `, 'bold', true);
    write(value, 'body');
  };

  doc.fontSize(18);
  write(t('title', { clinic: record.clinicName }), 'bold');
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
    doc.moveDown(0.3).fontSize(11);
    write(t('answers'), 'bold');
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
      doc.fontSize(9);
      write(JSON.stringify(row, null, 1), 'body');
      doc.moveDown(0.3);
    }
  }
  doc.end();
  return done;
}

/**
 * Characters of the record's own text (the patient's name and phone, typed answers, other record rows) that neither
 * Stride Sans nor the fallback font can draw: the clinician is told, since they would print as nothing.
 */
export async function recordMissingGlyphs(record: PatientRecord, fontDir: string): Promise<string[]> {
  const { handoutFonts, missingGlyphs } = await import('../handout/fonts');
  const texts = [record.patient.fullName, record.patient.phone ?? ''];
  for (const s of record.sessions) for (const v of Object.values(s.answers)) if (typeof v === 'string') texts.push(v);
  for (const rows of Object.values(record.related)) texts.push(JSON.stringify(rows));
  return missingGlyphs(texts.join(' '), handoutFonts(fontDir));
}
