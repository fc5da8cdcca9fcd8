// Renders a patient handout PDF with pdfkit: header, exercises with illustration, steps and dosage box, what was left
// out and why, home-care advice, the "stop and call us" box, a weekly tick sheet and page numbers.
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { z } from 'zod';
import type { Font } from 'fontkit';
import { cjkFont, handoutFonts, splitRuns } from './fonts';
import { HandoutInputSchema } from './input';
import type { HandoutExercise, HandoutInput } from './input';
import { handoutLabels } from './labels';
import type { HandoutLabels } from './labels';

export type { HandoutInput } from './input';

const C = {
  ink: '#1f2d3a',
  muted: '#52606d',
  brand: '#1d5f8c',
  brandSoft: '#eaf3f9',
  rule: '#d5dde4',
  stop: '#b42318',
  stopSoft: '#fef3f2',
  note: '#fff7e6',
};
const MARGIN = 54;
/** Step text size: large enough to read at arm's length while exercising. */
const STEP_SIZE = 11.5;
const FOOTER = 36;

type Doc = PDFKit.PDFDocument;
type TextOpts = PDFKit.Mixins.TextOptions;

const heights = new Map<string, number>();

/** Draws text, switching to the CJK fallback only for the characters the main font lacks. */
class Writer {
  private fallback: Font | null | undefined;
  constructor(
    readonly doc: Doc,
    private readonly main: Font,
  ) {}

  private needsFallback(text: string): boolean {
    for (const ch of text) if (!/\s/.test(ch) && !this.main.hasGlyphForCodePoint(ch.codePointAt(0)!)) return true;
    return false;
  }

  text(text: string, font: 'R' | 'B', size: number, color: string, x: number, y: number, opts: TextOpts = {}): void {
    const { doc } = this;
    doc.fillColor(color).fontSize(size);
    if (!this.needsFallback(text)) {
      doc.font(font).text(text, x, y, opts);
      return;
    }
    if (this.fallback === undefined) {
      this.fallback = cjkFont();
      if (this.fallback) doc.registerFont('CJK', this.fallback as unknown as Buffer);
    }
    const runs = splitRuns(text, this.main);
    runs.forEach((r, i) => {
      doc.font(r.fallback && this.fallback ? 'CJK' : font);
      const o = { ...opts, continued: i < runs.length - 1 };
      if (i === 0) doc.text(r.text, x, y, o);
      else doc.text(r.text, o);
    });
  }

  /** Wrapped height; memoised for the process because measuring repeats pdfkit's whole line wrapping. */
  height(text: string, font: 'R' | 'B', size: number, width: number, opts: TextOpts = {}): number {
    const key = `${font}|${size}|${width}|${opts.lineGap ?? ''}|${text}`;
    let h = heights.get(key);
    if (h === undefined) {
      h = this.doc
        .font(font)
        .fontSize(size)
        .heightOfString(text, { width, ...opts });
      if (heights.size > 20_000) heights.clear();
      heights.set(key, h);
    }
    return h;
  }
}

/**
 * svg-to-pdfkit re-parses and re-styles an SVG on every call, which costs more than the rest of the page. The drawing
 * operators it produces for a given SVG and size never change, so they are recorded once per process (on a scratch
 * document) and replayed into each handout. Only self-contained operators are replayed: anything that refers to page
 * resources (transparency states, images, fonts, patterns) makes us draw that SVG directly instead.
 */
const recorded = new Map<string, string | null>();
function recordSvg(svg: string, width: number, height: number): string | null {
  const key = `${width}x${height}:${svg}`;
  if (recorded.has(key)) return recorded.get(key)!;
  const scratch = new PDFDocument({
    size: [width, height],
    margin: 0,
    compress: false,
    font: null as unknown as string,
  });
  const ops: string[] = [];
  (scratch as unknown as { addContent: (s: string) => Doc }).addContent = (op: string) => {
    ops.push(op);
    return scratch;
  };
  SVGtoPDF(scratch, svg, 0, 0, { width, height, assumePt: true, preserveAspectRatio: 'xMinYMin meet' });
  scratch.end();
  // svg-to-pdfkit resets opacity with an ExtGState (a page resource) even when nothing is transparent; with no
  // opacity in the SVG those operators are no-ops and can be dropped.
  const kept = /opacity/i.test(svg) ? ops : ops.filter((op) => !/^\/Gs\d+ gs$/.test(op));
  const needsResources = kept.some(
    (op) => /(^|\s)(gs|Do|Tf|sh)$|\/\S+ (scn|SCN)$/.test(op) && !/^\/Device(RGB|Gray|CMYK) (cs|CS)$/.test(op),
  );
  const value = needsResources ? null : kept.join('\n');
  recorded.set(key, value);
  return value;
}

function drawSvg(doc: Doc, svg: string, x: number, y: number, width: number, height: number): void {
  const ops = recordSvg(svg, width, height);
  if (ops === null) {
    SVGtoPDF(doc, svg, x, y, { width, height, assumePt: true, preserveAspectRatio: 'xMinYMin meet' });
    return;
  }
  doc.save();
  doc.transform(1, 0, 0, 1, x, y);
  doc.addContent(ops);
  doc.restore();
}

function svgSize(svg: string): { w: number; h: number } {
  const m = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  return m ? { w: Number(m[1]), h: Number(m[2]) } : { w: 220, h: 160 };
}

function dosageLines(d: HandoutExercise['dosage'], L: HandoutLabels): string[] {
  const lines: string[] = [];
  // "3 sets of 12"; a single set is just "3 repetitions"; a set count alone (timed work) says nothing useful.
  const amount = d.reps
    ? d.sets && d.sets > 1
      ? L.setsOfReps(d.sets, d.reps)
      : L.reps(d.reps)
    : d.sets && d.sets > 1
      ? L.sets(d.sets)
      : '';
  if (amount) lines.push(amount);
  if (d.holdSeconds) lines.push(L.hold(d.holdSeconds));
  if (d.durationMinutes) lines.push(L.minutes(d.durationMinutes));
  lines.push(L.timesPerDay(d.timesPerDay), L.daysPerWeek(d.daysPerWeek));
  return lines;
}

interface Ctx {
  doc: Doc;
  w: Writer;
  L: HandoutLabels;
  left: number;
  width: number;
  bottom: number;
}

function ensureSpace(ctx: Ctx, needed: number): void {
  if (ctx.doc.y + needed > ctx.bottom) {
    ctx.doc.addPage();
    ctx.doc.y = MARGIN;
  }
}

function heading(ctx: Ctx, text: string, size = 17): void {
  ensureSpace(ctx, size + 60);
  ctx.w.text(text, 'B', size, C.ink, ctx.left, ctx.doc.y, { width: ctx.width });
  ctx.doc.y += 6;
}

function bullets(ctx: Ctx, items: string[], size: number, color = C.ink, x = ctx.left, width = ctx.width): void {
  for (const item of items) {
    const h = ctx.w.height(item, 'R', size, width - 16, { lineGap: 2 });
    ensureSpace(ctx, h + 6);
    const y = ctx.doc.y;
    ctx.doc.circle(x + 4, y + size * 0.6, 2.2).fill(color);
    ctx.w.text(item, 'R', size, color, x + 16, y, { width: width - 16, lineGap: 2 });
    ctx.doc.y = y + h + 6;
  }
}

function header(ctx: Ctx, input: HandoutInput): void {
  const { doc, w, L, left, width } = ctx;
  let logoW = 0;
  if (input.clinic.logoPng) {
    logoW = 130;
    doc.image(Buffer.from(input.clinic.logoPng), left + width - logoW, MARGIN - 8, {
      fit: [logoW, 48],
      align: 'right',
    });
  }
  w.text(input.clinic.name, 'B', 13, C.brand, left, MARGIN, { width: width - logoW - 10 });
  if (input.clinic.phone)
    w.text(input.clinic.phone, 'R', 10.5, C.muted, left, doc.y + 1, { width: width - logoW - 10 });
  doc.y = Math.max(doc.y, MARGIN + 44) + 8;
  w.text(L.title, 'B', 25, C.ink, left, doc.y, { width });
  doc.y += 10;

  const cols = [
    [L.patient, input.patientName],
    [L.date, L.longDate(input.date)],
    [L.clinician, input.clinicianName],
  ] as const;
  const colW = width / 3;
  const top = doc.y;
  let rowH = 0;
  cols.forEach(([label, value], i) => {
    const x = left + i * colW;
    w.text(label.toUpperCase(), 'B', 8.5, C.muted, x, top, { width: colW - 10, characterSpacing: 0.6 });
    w.text(value, 'B', 12.5, C.ink, x, top + 13, { width: colW - 10 });
    rowH = Math.max(rowH, doc.y - top);
  });
  doc.y = top + rowH + 10;
  if (input.pregnancyWeeks != null) {
    const text = L.pregnancy(input.pregnancyWeeks);
    const tw = doc.font('B').fontSize(11).widthOfString(text) + 20;
    doc.roundedRect(left, doc.y, tw, 22, 11).fill(C.brandSoft);
    w.text(text, 'B', 11, C.brand, left + 10, doc.y + 5.5, { lineBreak: false });
    doc.y += 30;
  }
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(1)
    .strokeColor(C.rule)
    .stroke();
  doc.y += 14;
}

function stopBox(ctx: Ctx, input: HandoutInput): void {
  if (!input.warningSigns.length) return;
  const { doc, w, L, left, width } = ctx;
  const pad = 14;
  const inner = width - 2 * pad;
  const size = 11.5;
  const itemsH = input.warningSigns.reduce((s, t) => s + w.height(t, 'B', size, inner - 16, { lineGap: 1.5 }) + 4, 0);
  const titleH = w.height(L.stopAndCall, 'B', 14, inner);
  const introH = w.height(L.stopIntro, 'R', 10.5, inner);
  const h = pad + titleH + 8 + itemsH + 4 + introH + pad;
  ensureSpace(ctx, h + 12);
  const top = doc.y;
  doc.roundedRect(left, top, width, h, 8).lineWidth(2).fillAndStroke(C.stopSoft, C.stop);
  w.text(L.stopAndCall, 'B', 14, C.stop, left + pad, top + pad, { width: inner });
  let y = top + pad + titleH + 8;
  for (const s of input.warningSigns) {
    const ih = w.height(s, 'B', size, inner - 16, { lineGap: 1.5 });
    doc.circle(left + pad + 4, y + size * 0.6, 2.4).fill(C.stop);
    w.text(s, 'B', size, C.ink, left + pad + 16, y, { width: inner - 16, lineGap: 1.5 });
    y += ih + 4;
  }
  w.text(L.stopIntro, 'R', 10.5, C.muted, left + pad, y + 4, { width: inner });
  doc.y = top + h + 18;
}

function exerciseBlock(ctx: Ctx, ex: HandoutExercise, n: number): void {
  const { doc, w, L, left, width } = ctx;
  const { w: sw, h: sh } = svgSize(ex.svg);
  const boxW = 170;
  const artMaxW = width - boxW - 18;
  const artW = Math.min(artMaxW, sw > 300 ? 270 : 190);
  const artH = (artW * sh) / sw;
  const lines = dosageLines(ex.dosage, L);
  const notes = ex.dosage.notes;
  const boxH = 30 + lines.length * 17 + (notes ? w.height(notes, 'R', 9.5, boxW - 20) + 6 : 0) + 8;
  const rowH = Math.max(artH, boxH);
  const stepsH = ex.steps.reduce((s, t) => s + w.height(t, 'R', STEP_SIZE, width - 24, { lineGap: 1.5 }) + 5, 0);
  const nameH = w.height(ex.name, 'B', 16, width - 36);
  const purposeH = ex.purpose ? w.height(ex.purpose, 'R', 11, width - 36) : 0;
  const noteH = ex.note ? w.height(ex.note, 'B', 11, width - 20) + 14 : 0;
  ensureSpace(ctx, nameH + purposeH + 10 + rowH + 10 + stepsH + noteH + 6);

  // Number badge and name
  const top = doc.y;
  doc.circle(left + 12, top + 11, 12).fill(C.brand);
  w.text(String(n), 'B', 12.5, '#ffffff', left, top + 4.5, { width: 24, align: 'center' });
  w.text(ex.name, 'B', 16, C.ink, left + 34, top + 1, { width: width - 36 });
  if (ex.purpose) w.text(ex.purpose, 'R', 11, C.muted, left + 34, doc.y + 1, { width: width - 36 });
  let y = doc.y + 10;

  // Illustration and dosage box side by side
  // Drop the SVG's own width/height so svg-to-pdfkit scales the viewBox into the box we give it.
  const svg = ex.svg
    .replace(/<svg([^>]*?)\s(width|height)="[^"]*"/g, '<svg$1')
    .replace(/<svg([^>]*?)\s(width|height)="[^"]*"/g, '<svg$1');
  drawSvg(doc, svg, left, y, artW, artH);
  const bx = left + width - boxW;
  doc.roundedRect(bx, y, boxW, boxH, 7).lineWidth(1.4).fillAndStroke(C.brandSoft, C.brand);
  w.text(L.howMuch.toUpperCase(), 'B', 8.5, C.brand, bx + 10, y + 10, { width: boxW - 20, characterSpacing: 0.6 });
  let ly = y + 26;
  lines.forEach((line, i) => {
    w.text(line, i === 0 ? 'B' : 'R', i === 0 ? 13 : 11.5, C.ink, bx + 10, ly, { width: boxW - 20, lineBreak: false });
    ly += 17;
  });
  if (notes) w.text(notes, 'R', 9.5, C.muted, bx + 10, ly + 4, { width: boxW - 20 });
  y += rowH + 10;

  // Numbered steps
  ex.steps.forEach((step, i) => {
    const h = w.height(step, 'R', STEP_SIZE, width - 24, { lineGap: 1.5 });
    w.text(`${i + 1}.`, 'B', STEP_SIZE, C.brand, left, y, { width: 20 });
    w.text(step, 'R', STEP_SIZE, C.ink, left + 24, y, { width: width - 24, lineGap: 1.5 });
    y += h + 5;
  });
  if (ex.note) {
    const h = w.height(ex.note, 'B', 11, width - 20);
    doc.roundedRect(left, y + 2, width, h + 10, 5).fill(C.note);
    w.text(ex.note, 'B', 11, C.ink, left + 10, y + 7, { width: width - 20 });
    y += h + 14;
  }
  doc.y = y + 6;
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(0.8)
    .strokeColor(C.rule)
    .stroke();
  doc.y += 14;
}

function exclusions(ctx: Ctx, input: HandoutInput): void {
  if (!input.exclusions.length) return;
  const { doc, w, L, left, width } = ctx;
  heading(ctx, L.leftOut, 15);
  w.text(L.leftOutIntro, 'R', 11, C.muted, left, doc.y, { width });
  doc.y += 6;
  for (const x of input.exclusions) {
    const extra = [
      x.alternativeName ? L.instead(x.alternativeName) : null,
      x.overrideReason ? L.keptByClinician(x.overrideReason) : null,
    ]
      .filter(Boolean)
      .join('  ·  ');
    const h = w.height(x.name, 'B', 12, width - 16) + w.height(x.reason, 'R', 11, width - 16) + (extra ? 16 : 0) + 10;
    ensureSpace(ctx, h);
    const y = doc.y;
    doc.circle(left + 4, y + 7, 2.4).fill(C.muted);
    w.text(x.name, 'B', 12, C.ink, left + 16, y, { width: width - 16 });
    w.text(x.reason, 'R', 11, C.muted, left + 16, doc.y + 1, { width: width - 16 });
    if (extra) w.text(extra, 'B', 11, C.brand, left + 16, doc.y + 2, { width: width - 16 });
    doc.y += 10;
  }
  doc.y += 8;
}

function tickSheet(ctx: Ctx, input: HandoutInput): void {
  const { doc, w, L, left, width } = ctx;
  const rowH = 28;
  const dayW = 40;
  const nameW = width - 7 * dayW;
  const tableH = rowH * (input.exercises.length + 1);
  ensureSpace(ctx, 70 + tableH);
  heading(ctx, L.tickSheet, 17);
  w.text(L.tickIntro, 'R', 11, C.muted, left, doc.y, { width });
  doc.y += 8;
  w.text(`${L.week}: ____________________`, 'R', 11.5, C.ink, left, doc.y, { width });
  doc.y += 10;
  const top = doc.y;
  doc.rect(left, top, width, rowH).fill(C.brandSoft);
  w.text(L.exercise, 'B', 10.5, C.brand, left + 8, top + 9, { width: nameW - 16, lineBreak: false });
  L.days.forEach((d, i) =>
    w.text(d, 'B', 10.5, C.brand, left + nameW + i * dayW, top + 9, { width: dayW, align: 'center', lineBreak: false }),
  );
  input.exercises.forEach((ex, r) => {
    const y = top + rowH * (r + 1);
    w.text(`${r + 1}. ${ex.name}`, 'R', 10.5, C.ink, left + 8, y + 9, {
      width: nameW - 16,
      height: rowH - 10,
      ellipsis: true,
      lineBreak: false,
    });
    for (let i = 0; i < 7; i++)
      doc
        .roundedRect(left + nameW + i * dayW + dayW / 2 - 8, y + rowH / 2 - 8, 16, 16, 3)
        .lineWidth(1.2)
        .strokeColor(C.muted)
        .stroke();
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.6)
      .strokeColor(C.rule)
      .stroke();
  });
  doc.rect(left, top, width, tableH).lineWidth(0.8).strokeColor(C.rule).stroke();
  doc.y = top + tableH + 16;
}

function footers(ctx: Ctx, input: HandoutInput): void {
  const { doc, w, L, left, width } = ctx;
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not start a new page
    const y = doc.page.height - FOOTER;
    w.text(`${input.clinic.name} · ${input.patientName}`, 'R', 9, C.muted, left, y, {
      width: width * 0.7,
      lineBreak: false,
    });
    w.text(L.page(i + 1, range.count), 'R', 9, C.muted, left + width * 0.7, y, {
      width: width * 0.3,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = saved;
  }
}

/** Renders the handout; resolves with the PDF bytes. Validates the input first (clear error naming the field). */
export async function renderHandoutPdf(raw: HandoutInput): Promise<Buffer> {
  const parsed = HandoutInputSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid handout input:\n${z.prettifyError(parsed.error)}`);
  const input = parsed.data;
  const L = handoutLabels(input.language);
  const fonts = handoutFonts();
  const doc = new PDFDocument({
    size: input.paper,
    margins: { top: MARGIN, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    font: null as unknown as string, // skip pdfkit's default Helvetica: every glyph comes from the embedded font
    lang: input.language.code,
    info: {
      Title: L.documentTitle(input.patientName),
      Author: `${input.clinicianName}, ${input.clinic.name}`,
      Subject: L.title,
      Creator: 'Stride',
    },
  });
  doc.registerFont('R', fonts.regular as unknown as Buffer);
  doc.registerFont('B', fonts.bold as unknown as Buffer);
  doc.font('R');
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const ctx: Ctx = { doc, w: new Writer(doc, fonts.regular), L, left, width, bottom: doc.page.height - MARGIN - 14 };

  header(ctx, input);
  if (input.pregnancyWeeks != null) stopBox(ctx, input); // safety first for pregnancy plans
  if (input.exercises.length) {
    ensureSpace(ctx, 300); // keep the heading with the first exercise
    heading(ctx, L.yourExercises);
    ctx.w.text(L.intro, 'R', 11.5, C.muted, left, doc.y, { width, lineGap: 1.5 });
    doc.y += 14;
    input.exercises.forEach((ex, i) => exerciseBlock(ctx, ex, i + 1));
  }
  exclusions(ctx, input);
  if (input.advice.length) {
    heading(ctx, L.advice);
    bullets(ctx, input.advice, 11.5);
    doc.y += 10;
  }
  if (input.pregnancyWeeks == null) stopBox(ctx, input);
  if (input.exercises.length) tickSheet(ctx, input);
  footers(ctx, input);
  doc.end();
  return done;
}
