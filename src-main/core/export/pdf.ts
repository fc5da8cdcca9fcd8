/**
 * The clinical letter as an A4 PDF: the clinic at the top, the date and the patient, then the letter's blocks, the
 * sign-off and the clinician's name, and a page number on every page. Text is drawn as text by pdfkit, never
 * interpreted, in Stride Sans with the handouts' fallback (core/handout/fonts.ts) for what it cannot draw.
 */
import { join } from 'node:path';
import type { Font } from 'fontkit';
import { letterText, type ClinicalLetter } from './letter';

const INK = '#1d2a2a';
const MUTED = '#5b6b6b';
const BRAND = '#0b6e6e';
const MARGIN = 56;

export async function letterPdf(letter: ClinicalLetter, fontDir: string): Promise<Buffer> {
  // Loaded on first use: a record export is rare, and pdfkit and fontkit cost a cold start about 200 ms.
  const { default: PDFDocument } = await import('pdfkit');
  const { cjkFont, handoutFonts, splitRuns } = await import('../handout/fonts');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: letter.title, Producer: 'Stride' },
  });
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
   * Text in the letter's fonts, with the handouts' fallback for what Stride Sans cannot draw (a CJK name), so no part
   * of a name prints as blank. `continued` joins the next piece on the same line.
   */
  const write = (text: string, font: 'body' | 'bold', options: PDFKit.Mixins.TextOptions = {}) => {
    const runs = splitRuns(text, main);
    if (runs.every((r) => !r.fallback)) return doc.font(font).text(text, options);
    if (fallback === undefined) {
      fallback = cjkFont();
      if (fallback) doc.registerFont('fallback', fallback as unknown as Buffer);
    }
    runs.forEach((r, i) =>
      doc
        .font(r.fallback && fallback ? 'fallback' : font)
        .text(r.text, { ...options, continued: !!options.continued || i < runs.length - 1 }),
    );
    return doc;
  };

  doc.fillColor(BRAND).fontSize(16);
  write(letter.clinic, 'bold');
  doc.fillColor(MUTED).fontSize(11);
  write(letter.title, 'body');
  doc
    .moveTo(MARGIN, doc.y + 6)
    .lineTo(doc.page.width - MARGIN, doc.y + 6)
    .strokeColor(BRAND)
    .lineWidth(1)
    .stroke();
  doc.moveDown(1.2).fillColor(INK).fontSize(10.5);
  letter.header.forEach((line, i) => write(line, i === 1 ? 'bold' : 'body'));

  const width = doc.page.width - 2 * MARGIN;
  /** Items and answers sit indented, wrapped lines included. */
  const indented = (draw: () => void) => {
    doc.x = MARGIN + 12;
    draw();
    doc.x = MARGIN;
  };
  /** A heading never ends a page: with less room than a heading and two lines left, it starts the next one. */
  const keepWithNext = () => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 64) doc.addPage();
  };

  for (const b of letter.blocks) {
    switch (b.kind) {
      case 'heading':
        keepWithNext();
        doc.moveDown(0.9).fontSize(12.5).fillColor(BRAND);
        write(b.text, 'bold');
        doc.fillColor(INK).moveDown(0.25);
        break;
      case 'subheading':
        keepWithNext();
        doc.moveDown(0.4).fontSize(10.5);
        write(b.text, 'bold');
        doc.moveDown(0.1);
        break;
      case 'text':
        doc.fontSize(10.5);
        write(b.text, 'body');
        doc.moveDown(0.15);
        break;
      case 'item':
        doc.fontSize(10.5);
        indented(() => write(`•  ${b.text}`, 'body', { width: width - 12 }));
        doc.moveDown(0.1);
        break;
      case 'answer': {
        // A question or instruction ending in its own mark ("How old are you?", "Choose all that fit.") takes no colon.
        const label = /[?:.!：？。]$/.test(b.question.trim()) ? `${b.question.trim()} ` : `${b.question}: `;
        doc.fontSize(10);
        indented(() => {
          write(label, 'body', { continued: true, width: width - 12 });
          write(b.answer, 'bold');
        });
        doc.moveDown(0.1);
        break;
      }
    }
  }

  doc.moveDown(1.5).fontSize(10.5).fillColor(INK);
  write(letter.signOff, 'body');
  doc.moveDown(1.2);
  write(letter.signature, 'bold');

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the bottom margin must not start a new page
    doc
      .font('body')
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(letter.pageLabel(i - range.start + 1, range.count), MARGIN, doc.page.height - MARGIN, {
        width: doc.page.width - 2 * MARGIN,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

/**
 * Characters of the letter (the patient's name and phone, typed answers, the clinician's words) that neither Stride
 * Sans nor the fallback font can draw: the clinician is told, since they would print as nothing.
 */
export async function letterMissingGlyphs(letter: ClinicalLetter, fontDir: string): Promise<string[]> {
  const { handoutFonts, missingGlyphs } = await import('../handout/fonts');
  return missingGlyphs(letterText(letter), handoutFonts(fontDir));
}
